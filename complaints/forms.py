from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from complaints.models import Concern, Note, Outcome
from preschool.models import Membership, Role, User
from preschool.validators import InputLimits, require_plain_text

KIND_HELP = {
    Concern.Kind.QUERY: _("A question about your child or how we do things."),
    Concern.Kind.COMPLIMENT: _("Something that went well, or someone you would like to thank."),
    Concern.Kind.COMPLAINT: _("Something you are unhappy about and would like us to put right. "
                              "We will tell you the outcome in writing within 28 days."),
    Concern.Kind.SUGGESTION: _("An idea to make things better. You may send it anonymously."),
}


class ChildChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.known_as} {obj.last_name}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.full_name} ({obj.email})"


class PlainTextForm(InputLimits, forms.Form):
    """A form whose text fields take plain text only: HTML or script is refused with a clear
    message and nothing is saved (preschool/validators.py). It would be shown escaped
    anyway; refusing it tells the person, instead of keeping tags they did not mean."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_plain_text(self)


def _no_blank(value: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError(message)
    return value


class RaiseConcernForm(PlainTextForm):
    """A parent or carer writes to the setting."""

    kind = forms.ChoiceField(
        label=_("What would you like to tell us?"), choices=Concern.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what kind of message this is.")})
    child = ChildChoiceField(queryset=None, required=False, to_field_name="uuid",
                             label=_("Is it about one of your children?"),
                             empty_label=_("No, not about one child"),
                             error_messages={"invalid_choice": _("Choose one of your own children, "
                                                               "or none.")})
    subject = forms.CharField(label=_("In a few words"), max_length=150)
    details = forms.CharField(label=_("Tell us more"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 6}),
                              error_messages={"required": _("Tell us what happened, or what you "
                                                          "would like to say.")})
    anonymous = forms.BooleanField(
        label=_("Send this suggestion anonymously"), required=False,
        help_text=_("We will not know who sent it, so we cannot reply to you. Only for "
                  "suggestions."))

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].queryset = children

    def clean_subject(self):
        return _no_blank(self.cleaned_data["subject"], _("Say in a few words what this is about."))

    def clean_details(self):
        return _no_blank(self.cleaned_data["details"],
                         _("Tell us what happened, or what you would like to say."))

    def clean(self):
        data = super().clean()
        if data.get("anonymous"):
            if data.get("kind") and data["kind"] != Concern.Kind.SUGGESTION:
                self.add_error("anonymous", _("Only suggestions can be sent anonymously: we need "
                                            "to know who you are to answer you."))
            elif data.get("child"):
                self.add_error("child", _("An anonymous suggestion cannot name a child, as that "
                                        "would say who you are."))
        return data


class LogConcernForm(PlainTextForm):
    """A member of staff writes down a concern made in person, by phone, email or letter."""

    kind = forms.ChoiceField(label=_("What kind of message?"), choices=Concern.Kind.choices,
                             widget=forms.RadioSelect)
    channel = forms.ChoiceField(
        label=_("How did it reach you?"),
        choices=[c for c in Concern.Channel.choices if c[0] != Concern.Channel.PORTAL])
    received_at = forms.DateTimeField(
        label=_("When was it received?"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("For a complaint, the 28 days run from this moment."))
    complainant = PersonChoiceField(
        queryset=None, required=False, to_field_name="uuid", label=_("Parent or carer"),
        empty_label=_("Someone without an account (type their name below)"),
        error_messages={"invalid_choice": _("Choose a parent or carer of this setting.")})
    complainant_name = forms.CharField(label=_("Their name"), max_length=150, required=False)
    complainant_email = forms.EmailField(label=_("Their email"), required=False,
                                         help_text=_("The outcome is sent here."))
    complainant_phone = forms.CharField(label=_("Their phone"), max_length=30, required=False)
    child = ChildChoiceField(queryset=None, required=False, to_field_name="uuid",
                             label=_("About a child?"), empty_label=_("No, not about one child"))
    subject = forms.CharField(label=_("In a few words"), max_length=150)
    details = forms.CharField(label=_("What they told you"), max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 6}))

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        from families.models import Child

        self.fields["child"].queryset = Child.objects.for_setting(setting).current()
        self.fields["complainant"].queryset = User.objects.filter(
            memberships__setting=setting, memberships__role=Role.PARENT,
            memberships__ended_at__isnull=True).order_by("full_name")
        if not self.is_bound:
            self.initial.setdefault("received_at", timezone.localtime().replace(second=0,
                                                                                microsecond=0))

    def clean_subject(self):
        return _no_blank(self.cleaned_data["subject"], _("Say in a few words what this is about."))

    def clean_details(self):
        return _no_blank(self.cleaned_data["details"], _("Write down what the person told you."))

    def clean_received_at(self):
        received_at = self.cleaned_data["received_at"]
        if received_at > timezone.now():
            raise ValidationError(_("This is in the future; give the date it was received."))
        return received_at

    def clean(self):
        data = super().clean()
        if not data.get("complainant") and not (data.get("complainant_name") or "").strip():
            self.add_error("complainant_name", _("Choose the parent or carer, or type the name "
                                               "of the person who raised it."))
        return data


class AcknowledgeForm(PlainTextForm):
    message = forms.CharField(
        label=_("Your acknowledgement"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The person reads this on their page and by email."),
        error_messages={"required": _("Write the acknowledgement the person will read.")})

    def clean_message(self):
        return _no_blank(self.cleaned_data["message"],
                         _("Write the acknowledgement the person will read."))


class ManagerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name


class AssignForm(InputLimits, forms.Form):
    manager = ManagerChoiceField(queryset=None, to_field_name="uuid", label=_("Handled by"),
                                 error_messages={"required": _("Choose a manager."),
                                                 "invalid_choice": _("Choose a manager of this "
                                                                   "setting.")})

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["manager"].queryset = (Membership.objects.active().for_setting(setting)
                                           .filter(role=Role.MANAGER).select_related("user")
                                           .order_by("user__full_name"))


class NoteForm(PlainTextForm):
    kind = forms.ChoiceField(label=_("This is"), choices=Note.Kind.choices, initial=Note.Kind.NOTE)
    text = forms.CharField(label=_("Note (staff only)"), max_length=4000,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           error_messages={"required": _("Write the note first.")})

    def clean_text(self):
        return _no_blank(self.cleaned_data["text"], _("Write the note first."))


class AttachmentForm(PlainTextForm):
    file = forms.FileField(label=_("File (staff only)"),
                           help_text=_("A PDF, or a photo (JPEG or PNG) of a letter or note."),
                           widget=forms.FileInput(attrs={
                               "accept": "application/pdf,image/jpeg,image/png"}),
                           error_messages={"required": _("Choose a file to attach.")})
    description = forms.CharField(label=_("What is it?"), max_length=200, required=False)


class OutcomeForm(PlainTextForm):
    outcome = forms.CharField(
        label=_("The outcome"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you found and what you decided. The person reads this."),
        error_messages={"required": _("Write the outcome the person will read.")})
    action_taken = forms.CharField(
        label=_("Action taken"), max_length=3000, required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What has changed as a result; goes in the complaints record."))
    notified_via = forms.ChoiceField(label=_("How is the person told?"), widget=forms.RadioSelect)

    def __init__(self, *args, concern, **kwargs):
        super().__init__(*args, **kwargs)
        if concern.is_anonymous:
            choices = [(Outcome.Via.NOBODY, Outcome.Via.NOBODY.label)]
        else:
            choices = [c for c in Outcome.Via.choices if c[0] != Outcome.Via.NOBODY]
            if not concern.reply_to:
                choices = [c for c in choices if c[0] != Outcome.Via.EMAIL]
        self.fields["notified_via"].choices = choices
        self.fields["notified_via"].initial = choices[0][0]

    def clean_outcome(self):
        return _no_blank(self.cleaned_data["outcome"], _("Write the outcome the person will read."))


class ListFilterForm(InputLimits, forms.Form):
    STATUS_CHOICES = [("open", pgettext_lazy("concerns", "Open")),
                      ("closed", pgettext_lazy("concerns", "Closed")), ("all", _("All"))]
    status = forms.ChoiceField(choices=STATUS_CHOICES, required=False)
    kind = forms.ChoiceField(choices=[("", _("All kinds")), *Concern.Kind.choices], required=False)


class RecordForm(InputLimits, forms.Form):
    INCLUDE_CHOICES = [("complaints", _("Complaints only")),
                       ("all", _("Every kind of concern"))]
    date_from = forms.DateField(label=_("Received from"), widget=forms.DateInput(
        attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"))
    date_to = forms.DateField(label=_("to"), widget=forms.DateInput(
        attrs={"type": "date", "class": "form-control"}, format="%Y-%m-%d"))
    include = forms.ChoiceField(label=_("Include"), choices=INCLUDE_CHOICES, required=False,
                                widget=forms.Select(attrs={"class": "form-select"}))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_to"] < data["date_from"]:
            raise ValidationError(_("The end of the period is before its start."))
        return data
