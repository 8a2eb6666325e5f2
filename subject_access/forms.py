from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preschool.models import User
from preschool.validators import InputLimits, require_plain_text
from subject_access.constants import MAX_EXTENSION_MONTHS
from subject_access.models import SubjectAccessRequest

SELF = "self"


class PlainTextForm(InputLimits, forms.Form):
    """Text fields take plain text only (preschool/validators.py)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_plain_text(self)


def _no_blank(value: str, message) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.known_as} {obj.last_name}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})"


class AskForm(PlainTextForm):
    """A family member asks for a copy of the data held about them or their child."""

    about = forms.ChoiceField(
        label=_("Whose data would you like a copy of?"), widget=forms.RadioSelect,
        error_messages={"required": _("Choose whose data you are asking for."),
                        "invalid_choice": _("Choose yourself, or a child you have parental "
                                            "responsibility for.")})
    details = forms.CharField(
        label=_("Anything in particular? (optional)"), max_length=3000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example a period of time, or a kind of record. Leave it empty for "
                    "everything."))

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(c.uuid): c for c in children}
        self.fields["about"].choices = [
            (SELF, _("Me: what the setting holds about me")),
            *[(key, f"{c.known_as} {c.last_name}") for key, c in self.children.items()]]

    def clean(self):
        data = super().clean()
        data["child"] = self.children.get(data.get("about") or "")
        return data


class LogRequestForm(PlainTextForm):
    """A member of staff writes down a request made in person, by phone, email or letter."""

    received_how = forms.ChoiceField(
        label=_("How did it reach you?"),
        choices=[c for c in SubjectAccessRequest.How.choices
                 if c[0] != SubjectAccessRequest.How.ONLINE])
    received_at = forms.DateTimeField(
        label=_("When was it received?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("The month to answer runs from this moment."))
    child = ChildChoiceField(queryset=None, required=False, to_field_name="uuid",
                             label=_("About a child"), empty_label=_("Not about a child"))
    subject_user = PersonChoiceField(queryset=None, required=False, to_field_name="uuid",
                                     label=_("Or about an adult"),
                                     empty_label=_("Not about an adult"))
    requester = PersonChoiceField(
        queryset=None, required=False, to_field_name="uuid", label=_("Who asked"),
        empty_label=_("Someone without an account (type their name below)"))
    requester_name = forms.CharField(label=_("Their name"), max_length=150, required=False)
    requester_contact = forms.CharField(label=_("Their email, phone or address"),
                                        max_length=300, required=False)
    relationship = forms.CharField(label=_("Who they are to the child"), max_length=80,
                                   required=False)
    details = forms.CharField(label=_("What they asked for"), max_length=3000, required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        from families.models import Child

        people = User.objects.filter(memberships__setting=setting,
                                     memberships__ended_at__isnull=True).order_by("full_name")
        self.fields["child"].queryset = Child.objects.for_setting(setting)
        self.fields["subject_user"].queryset = people
        self.fields["requester"].queryset = people
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0,
                                                                                microsecond=0))

    def clean_received_at(self):
        received_at = self.cleaned_data["received_at"]
        if received_at > timezone.now():
            raise ValidationError(_("This is in the future; give the date it was received."))
        return received_at

    def clean(self):
        data = super().clean()
        if bool(data.get("child")) == bool(data.get("subject_user")):
            self.add_error("child", _("Choose whose data is asked for: a child, or an adult."))
        if not data.get("requester") and not (data.get("requester_name") or "").strip():
            self.add_error("requester_name", _("Choose the person who asked, or type their "
                                               "name."))
        return data


class ExtendForm(PlainTextForm):
    months = forms.TypedChoiceField(
        label=_("Extend by"), coerce=int,
        choices=[(n, _("one month") if n == 1 else _("two months"))
                 for n in range(1, MAX_EXTENSION_MONTHS + 1)])
    reason = forms.CharField(
        label=_("Why more time is needed"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The person who asked is told this now (it must be within the first "
                    "month)."))

    def clean_reason(self):
        return _no_blank(self.cleaned_data["reason"],
                         _("Say why the request needs more time: the requester is told."))


class ReasonForm(PlainTextForm):
    reason = forms.CharField(label=_("Reason"), max_length=3000,
                             widget=forms.Textarea(attrs={"rows": 3}))

    def clean_reason(self):
        return _no_blank(self.cleaned_data["reason"], _("Write the reason first."))


class HandOverForm(PlainTextForm):
    how = forms.CharField(label=_("How was the copy handed over?"), max_length=200,
                          help_text=_("For example: in person, on an encrypted memory stick, "
                                      "with identity checked."))

    def clean_how(self):
        return _no_blank(self.cleaned_data["how"], _("Say how the copy was handed over."))


class ListFilterForm(InputLimits, forms.Form):
    status = forms.ChoiceField(
        required=False, label=_("Show"),
        choices=[("open", _("Open")), ("answered", _("Answered")), ("all", _("All"))])
