from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from attendance.models import Absence, AttendanceSettings, Session, Weekday
from families.models import Room
from preschool.validators import InputLimits


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class UuidChoiceField(forms.ModelChoiceField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("to_field_name", "uuid")
        super().__init__(*args, **kwargs)


class SignInForm(InputLimits, forms.Form):
    """One tap on the register: which session, and who dropped the child off."""

    session = UuidChoiceField(queryset=Session.objects.none(), error_messages={
        "required": _("Choose a session."),
        "invalid_choice": _("Choose one of the setting's sessions.")})
    dropped_off_by = forms.CharField(max_length=150, label=_("Dropped off by"),
                                     error_messages={
        "required": _("Say who dropped the child off."),
        "max_length": _("That name is too long (150 characters at most).")})

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.for_setting(setting).active()


class CorrectionForm(InputLimits, forms.Form):
    signed_in = forms.TimeField(label=_("Time in"), required=False, widget=time_input())
    signed_out = forms.TimeField(label=_("Time out"), required=False, widget=time_input())
    dropped_off_by = forms.CharField(label=_("Dropped off by"), max_length=150, required=False)
    collected_by = forms.CharField(label=_("Collected by"), max_length=150, required=False)
    void = forms.BooleanField(
        label=_("The child was not here: this sign-in was a mistake"), required=False)
    reason = forms.CharField(label=_("Why this correction"), max_length=300, error_messages={
        "required": _("Say why the record is being corrected.")})


class StaffSignInForm(InputLimits, forms.Form):
    room = UuidChoiceField(queryset=Room.objects.none(), label=_("Room"),
                           empty_label=_("Choose the room you are working in"), error_messages={
        "required": _("Choose the room you are working in."),
        "invalid_choice": _("Choose one of this setting's rooms.")})

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(setting=setting).order_by("name")


class QualificationForm(InputLimits, forms.Form):
    has_level_6 = forms.BooleanField(
        label=_("Holds a level 6 qualification (QTS, EYTS, EYPS or another approved level 6)"),
        required=False)
    qualification = forms.CharField(label=_("Which qualification"), max_length=150,
                                    required=False)


class AbsenceForm(InputLimits, forms.Form):
    first_day = forms.DateField(label=_("First day away"), widget=date_input(),
                                error_messages={
        "required": _("Give the first day away."), "invalid": _("Enter a date.")})
    last_day = forms.DateField(
        label=_("Last day away"), required=False, widget=date_input(),
        help_text=_("Leave empty for a single day."),
        error_messages={"invalid": _("Enter a date.")})
    reason = forms.ChoiceField(label=_("Reason"),
                               choices=[("", _("Choose a reason")), *Absence.Reason.choices],
                               error_messages={"required": _("Choose a reason.")})
    details = forms.CharField(
        label=_("Anything we should know"), max_length=300, required=False,
        help_text=_("For an illness, what it is, so we can tell other families if it is "
                    "catching."))

    def clean_first_day(self):
        first_day = self.cleaned_data["first_day"]
        if first_day < timezone.localdate():
            raise forms.ValidationError(_("An absence can only be reported for today or a day "
                                          "to come."), code="past")
        return first_day

    def clean(self):
        data = super().clean()
        first, last = data.get("first_day"), data.get("last_day")
        if first and last and last < first:
            self.add_error("last_day", forms.ValidationError(
                _("The last day away cannot be before the first."), code="before_first"))
        return data


class RegularSessionForm(InputLimits, forms.Form):
    weekday = forms.TypedChoiceField(label=_("Day"), coerce=int, choices=Weekday.choices[:5])
    session = UuidChoiceField(queryset=Session.objects.none(), label=_("Session"),
                              error_messages={
        "required": _("Choose a session."),
        "invalid_choice": _("Choose one of the setting's sessions.")})

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = Session.objects.for_setting(setting).active()


class AttendanceSettingsForm(InputLimits, forms.ModelForm):
    class Meta:
        model = AttendanceSettings
        fields = ["arrival_grace_minutes", "late_alert_minutes", "non_collection_procedure"]
        widgets = {"non_collection_procedure": forms.Textarea(attrs={"rows": 8})}


class SessionForm(InputLimits, forms.Form):
    name = forms.CharField(label=_("Name"), max_length=60, error_messages={
        "required": _("Give the session a name, for example Morning.")})
    starts_at = forms.TimeField(label=_("Starts at"), widget=time_input())
    ends_at = forms.TimeField(label=_("Ends at"), widget=time_input())

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data[
                "starts_at"]:
            self.add_error("ends_at", forms.ValidationError(
                _("A session must end after it starts."), code="ends_before_start"))
        return data


class HistoryForm(InputLimits, forms.Form):
    """A date range (at most ``MAX_DAYS``), and optionally one room."""

    MAX_DAYS = 366

    date_from = forms.DateField(label=_("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("To"), required=False, widget=date_input())
    room = UuidChoiceField(queryset=Room.objects.none(), label=_("Room"), required=False,
                           empty_label=_("All rooms"),
                           widget=forms.Select(attrs={"class": "form-select"}))

    def __init__(self, *args, setting=None, **kwargs):
        super().__init__(*args, **kwargs)
        if setting is None:
            del self.fields["room"]
        else:
            self.fields["room"].queryset = Room.objects.filter(setting=setting).order_by("name")

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        data["date_to"] = data.get("date_to") or today
        data["date_from"] = data.get("date_from") or data["date_to"] - timedelta(days=6)
        if data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start of the range is after its end."),
                                        code="reversed")
        if (data["date_to"] - data["date_from"]).days >= self.MAX_DAYS:
            raise forms.ValidationError(_("Choose a range of at most a year."), code="too_long")
        return data
