from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from attendance.register import hands_over
from collection.services import PASSWORD_DAYS_AHEAD, PASSWORD_MIN_LENGTH
from families.models import ChildAdult
from preschool.lib.uploads import HEIF_SUPPORTED, MAX_UPLOAD_BYTES
from preschool.validators import InputLimits


class UnrenderedTextInput(forms.TextInput):
    """A text box that never writes its value back into the page: what staff typed at the
    door (a collection password) is not sent back to the browser, even with an error."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, None, attrs)


class AdultChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.relationship})"


class CollectorForm(InputLimits, forms.Form):
    child_adult = AdultChoiceField(
        queryset=ChildAdult.objects.none(), required=False, to_field_name="uuid",
        label=_("Someone already on the child's record"), empty_label=_("Someone else"),
        help_text=_("Choose them to add their photo; their name and phone are taken from the "
                    "record unless you type others."),
        error_messages={"invalid_choice": _("Choose one of the adults on the child's record.")})
    name = forms.CharField(label=_("Full name"), max_length=150, required=False)
    relationship = forms.CharField(
        label=_("Who they are to the child"), max_length=60, required=False,
        help_text=_("For example: grandmother, childminder, family friend."))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    photo_upload = forms.FileField(
        label=_("Photo"), required=False,
        help_text=format_lazy(
            _("So staff can recognise them at the door. JPEG, PNG or HEIC, up to {size} MB; we "
              "remove the hidden information a camera stores in a photo.")
            if HEIF_SUPPORTED else
            _("So staff can recognise them at the door. JPEG or PNG, up to {size} MB; we "
              "remove the hidden information a camera stores in a photo."),
            size=MAX_UPLOAD_BYTES // 2**20),
        widget=forms.FileInput(attrs={
            "accept": "image/jpeg,image/png" + (",image/heic,image/heif"
                                                if HEIF_SUPPORTED else "")}))

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        # Only people who may be handed the child: never an adult under a restriction, nor an
        # organisation on the record (a local authority with parental responsibility).
        people = [a.pk for a in child.adults.all() if hands_over(a)]
        self.fields["child_adult"].queryset = child.adults.filter(pk__in=people).order_by(
            "name")

    def clean(self):
        data = super().clean()
        adult = data.get("child_adult")
        if adult is None and not (data.get("name") or "").strip():
            self.add_error("name", _("Give the collector's full name."))
        if adult is None and not (data.get("relationship") or "").strip():
            self.add_error("relationship", _("Say who they are to the child."))
        return data


# The words of the "Show" button static/collection/reveal.js adds to a password box.
REVEAL_LABELS = {"data-reveal-show": _("Show"), "data-reveal-hide": _("Hide")}


class PasswordForm(InputLimits, forms.Form):
    """The day, the adult, and the password (typed twice: it is never shown again)."""

    for_date = forms.DateField(
        label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"required": _("Choose the day."), "invalid": _("Enter a date.")})
    collector_name = forms.CharField(
        label=_("Full name of the adult collecting"), max_length=150,
        error_messages={"required": _("Give the name of the adult who will collect.")})
    relationship = forms.CharField(label=_("Who they are to the child"), max_length=60,
                                   required=False)
    password = forms.CharField(
        label=_("Collection password"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off",
                                          "data-reveal": _("the collection password"),
                                          **REVEAL_LABELS}),
        help_text=format_lazy(
            _("At least {length} characters: a short phrase is easiest to say, such as "
              "\"yellow kite at noon\". Capitals and spaces do not matter. Tell it only to the "
              "adult collecting; nobody here can see it, not even the staff."),
            length=PASSWORD_MIN_LENGTH),
        error_messages={"required": _("Choose a password.")})
    password_again = forms.CharField(
        label=_("The password again"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off",
                                          "data-reveal": _("the password typed again"),
                                          **REVEAL_LABELS}),
        error_messages={"required": _("Type the password a second time.")})

    def clean_for_date(self):
        day = self.cleaned_data["for_date"]
        today = timezone.localdate()
        if day < today:
            raise forms.ValidationError(_("Choose today or a day to come."))
        if day > today + timedelta(days=PASSWORD_DAYS_AHEAD):
            raise forms.ValidationError(_("Choose a day within the next %(days)s days."),
                                        params={"days": PASSWORD_DAYS_AHEAD})
        return day

    def clean(self):
        data = super().clean()
        if (data.get("password") and data.get("password_again")
                and data["password"] != data["password_again"]):
            self.add_error("password_again", _("The two passwords are not the same."))
        return data


class PasswordCheckForm(InputLimits, forms.Form):
    attempt = forms.CharField(
        label=_("Password the adult gives"), max_length=200, strip=False,
        widget=UnrenderedTextInput(attrs={"autocomplete": "off", "autocapitalize": "off",
                                          "spellcheck": "false"}),
        error_messages={"required": _("Type the password the adult says.")})


class SignOutForm(InputLimits, forms.Form):
    collector = forms.CharField(max_length=80, error_messages={
        "required": _("Choose who is collecting.")})
    late_reason = forms.CharField(label=_("Reason for the late collection"), max_length=1000,
                                  required=False, widget=forms.Textarea(attrs={"rows": 2}))
