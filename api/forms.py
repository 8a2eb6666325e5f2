"""The form that makes a personal access token."""

from typing import cast

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from api.scopes import READ_SCOPES, SCOPES
from api.services import DEFAULT_EXPIRY_DAYS, EXPIRY_DAYS
from preschool.models import Membership
from preschool.validators import InputLimits


def _expiry_label(days: int):
    """The choice's label, translated when the form is shown (not when this module loads)."""
    if days == 365:
        return _("1 year")
    return lazy(lambda: ngettext("%(days)d day", "%(days)d days", days) % {"days": days}, str)()


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name


class ApiTokenForm(InputLimits, forms.Form):
    """A name, the scopes (the person's read scopes ticked), an expiry; for a manager of the
    setting's staff also whose token it is (a member of staff of the setting)."""

    name = forms.CharField(
        label=_("Name"), max_length=100,
        help_text=_("What the token is for, such as “Register tablet” or “Ofsted report "
                    "script”."))
    person = PersonChoiceField(queryset=Membership.objects.none(), label=_("Whose token"),
                               required=False, empty_label=None,
                               help_text=_("The token acts with this person's rights."))
    scopes = forms.MultipleChoiceField(
        label=_("What it may do"), widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one scope.")})
    days = forms.TypedChoiceField(
        label=_("Expires after"), coerce=int, initial=DEFAULT_EXPIRY_DAYS,
        choices=[(days, _expiry_label(days)) for days in EXPIRY_DAYS],
        help_text=_("Every token expires: make a new one when it does."))

    def __init__(self, *args, membership, allowed_scopes: list[str], staff=None, **kwargs):
        super().__init__(*args, **kwargs)
        scopes = cast(forms.MultipleChoiceField, self.fields["scopes"])
        scopes.choices = [(name, f"{name}: {SCOPES[name]}")
                          for name in SCOPES if name in allowed_scopes]
        scopes.initial = [name for name in READ_SCOPES if name in allowed_scopes]
        if staff is None:
            del self.fields["person"]
        else:
            person = cast(PersonChoiceField, self.fields["person"])
            person.queryset = staff
            person.initial = membership.pk
        self.membership = membership

    def chosen_membership(self):
        return self.cleaned_data.get("person") or self.membership
