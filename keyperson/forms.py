from django import forms
from django.core.exceptions import ValidationError
from django.utils import dateformat, timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from keyperson.models import (
    Event,
    HomeVisit,
    MeetingRequest,
    SettlingComment,
    SettlingInPlan,
    SettlingVisit,
    StaffProfile,
)
from keyperson.permissions import staff_choices
from preschool.lib.uploads import HEIF_SUPPORTED, MAX_UPLOAD_BYTES
from preschool.validators import InputLimits, child_record_date, not_in_future

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.user.full_name} ({obj.job_title or obj.get_role_display()})"


class AssignmentForm(InputLimits, forms.Form):
    """Choose a child's key person or back-up among the setting's current staff."""

    staff = StaffChoiceField(
        queryset=None, to_field_name="uuid", label=_("Member of staff"),
        error_messages={"invalid_choice": _("Choose a practitioner or manager who works at this "
                                            "setting now."),
                        "required": _("Choose a member of staff.")})

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["staff"].queryset = staff_choices(setting)


class StaffProfileForm(InputLimits, forms.ModelForm):
    photo_upload = forms.FileField(
        label=_("Your photo"), required=False,
        help_text=format_lazy(
            _("JPEG, PNG or HEIC, up to {size} MB. We remove the information a camera hides "
              "in a photo (such as where it was taken) and make it smaller.")
            if HEIF_SUPPORTED else
            _("JPEG or PNG, up to {size} MB. We remove the information a camera hides "
              "in a photo (such as where it was taken) and make it smaller."),
            size=MAX_UPLOAD_BYTES // 2**20),
        widget=forms.FileInput(attrs={
            "accept": "image/jpeg,image/png" + (",image/heic,image/heif"
                                                if HEIF_SUPPORTED else "")}))
    remove_photo = forms.BooleanField(label=_("Remove my photo"), required=False)

    class Meta:
        model = StaffProfile
        fields = ["about"]
        widgets = {"about": forms.Textarea(attrs={"rows": 4})}


class SettlingInPlanForm(InputLimits, forms.ModelForm):
    class Meta:
        model = SettlingInPlan
        fields = ["plan"]
        widgets = {"plan": forms.Textarea(attrs={"rows": 8})}


class _VisitForm(InputLimits, forms.ModelForm):
    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        self.child = child

    def clean_visited_on(self):
        visited_on = self.cleaned_data["visited_on"]
        not_in_future(visited_on, gettext("This date is in the future; record a visit once "
                                          "it has happened."))
        child_record_date(self.child, visited_on)
        return visited_on


class SettlingVisitForm(_VisitForm):
    class Meta:
        model = SettlingVisit
        fields = ["visited_on", "who_came", "how_it_went", "comforters", "next_steps",
                  "staff_notes"]
        widgets = {"visited_on": date_input(),
                   "how_it_went": forms.Textarea(attrs={"rows": 4}),
                   "next_steps": forms.Textarea(attrs={"rows": 3}),
                   "staff_notes": forms.Textarea(attrs={"rows": 2})}


class HomeVisitForm(_VisitForm):
    class Meta:
        model = HomeVisit
        fields = ["visited_on", "visited_by", "notes", "next_steps", "staff_notes"]
        widgets = {"visited_on": date_input(),
                   "notes": forms.Textarea(attrs={"rows": 5}),
                   "next_steps": forms.Textarea(attrs={"rows": 3}),
                   "staff_notes": forms.Textarea(attrs={"rows": 2})}


class SettlingCommentForm(InputLimits, forms.ModelForm):
    class Meta:
        model = SettlingComment
        fields = ["body"]
        labels = {"body": _("Add a comment")}
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}


def _future(value, message=None):
    if value is not None and value <= timezone.now():
        raise ValidationError(
            message or _("This time has already passed; choose a time in the future."))
    return value


class MeetingRequestForm(InputLimits, forms.ModelForm):
    class Meta:
        model = MeetingRequest
        fields = ["topic", "details", "option_1", "option_2", "option_3"]
        widgets = {"details": forms.Textarea(attrs={"rows": 3}),
                   "option_1": datetime_input(), "option_2": datetime_input(),
                   "option_3": datetime_input()}
        help_texts = {
            "option_1": _("Any day and time that suits you, including before or after "
                          "sessions."),
            "option_3": _("Optional."),
        }
        labels = {"option_1": _("A time that would suit you"),
                  "option_2": _("Another time that would suit you"),
                  "option_3": _("A third time (optional)")}

    def clean_option_1(self):
        return _future(self.cleaned_data["option_1"])

    def clean_option_2(self):
        return _future(self.cleaned_data["option_2"])

    def clean_option_3(self):
        return _future(self.cleaned_data.get("option_3"))

    def clean(self):
        data = super().clean()
        options = [data.get(f) for f in ("option_1", "option_2", "option_3")
                   if data.get(f) is not None]
        if len(options) != len(set(options)):
            raise ValidationError(_("Offer different times, so the key person has a choice."))
        return data


class MeetingAnswerForm(InputLimits, forms.Form):
    choice = forms.ChoiceField(label=_("Which time?"), widget=forms.RadioSelect)
    proposed_at = forms.DateTimeField(label=_("Your suggested time"), required=False,
                                      widget=datetime_input())
    reply = forms.CharField(label=_("A message for the family (optional)"), required=False,
                            max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(i), dateformat.format(timezone.localtime(option), r"l j E Y, H:i"))
                   for i, option in enumerate(meeting.options, start=1)]
        choices.append(("other", _("None of these: suggest another time")))
        self.fields["choice"].choices = choices

    def clean(self):
        data = super().clean()
        if data.get("choice") == "other":
            if data.get("proposed_at") is None:
                self.add_error("proposed_at", _("Choose the time you would like to suggest."))
            else:
                try:
                    _future(data["proposed_at"], _("The time you suggested has already passed; "
                                                 "choose a time in the future."))
                except ValidationError as exc:
                    self.add_error("proposed_at", exc)
        return data


SLOT_LENGTHS = [(5, _("5 minutes")), (10, _("10 minutes")), (15, _("15 minutes")),
                (20, _("20 minutes")), (30, _("30 minutes")), (45, _("45 minutes")),
                (60, _("1 hour"))]


class EventForm(InputLimits, forms.ModelForm):
    slot_minutes = forms.TypedChoiceField(choices=SLOT_LENGTHS, coerce=int, initial=10,
                                          label=_("Length of each slot"))

    class Meta:
        model = Event
        fields = ["kind", "title", "date", "starts_at", "ends_at", "slot_minutes"]
        widgets = {"kind": forms.RadioSelect, "date": date_input(),
                   "starts_at": time_input(), "ends_at": time_input()}
        labels = {"kind": _("What kind of event?")}

    def clean_date(self):
        date = self.cleaned_data["date"]
        if date < timezone.localdate():
            raise ValidationError(_("This date has passed; choose today or a later date."))
        return date

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end time must be after the start time."))
        return data
