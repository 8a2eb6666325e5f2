from django import forms
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from messaging.models import Conversation
from preschool.models import Membership
from preschool.validators import InputLimits, require_plain_text

Audience = Conversation.Audience
FILE_HELP = _("Optional: a photo (JPEG, PNG or HEIC) or a PDF, up to 10 MB.")


class _TextAndFile(forms.Form):
    text = forms.CharField(label=_("Message"), required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label=_("Photo or PDF"), required=False, help_text=FILE_HELP,
                           widget=forms.ClearableFileInput(
                               attrs={"accept": "image/jpeg,image/png,image/heic,"
                                                "application/pdf"}))

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError(_("Write a message, or add a photo or PDF."),
                                        code="empty")
        return data


class MessageForm(InputLimits, _TextAndFile):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_plain_text(self)


class FamilyStartForm(InputLimits, _TextAndFile):
    """A family writes about one of their children to the key person or the manager."""

    child = forms.ChoiceField(label=_("About"))
    audience = forms.ChoiceField(label=_("To"), widget=forms.RadioSelect, choices=[
        (Audience.KEY_PERSON, _("The key person (and the room's staff)")),
        (Audience.MANAGER, _("The manager"))], initial=Audience.KEY_PERSON)
    field_order = ["child", "audience", "text", "file"]

    def __init__(self, *args, children, **kwargs):
        super().__init__(*args, **kwargs)
        self.children = {str(c.uuid): c for c in children}
        self.fields["child"].choices = [(k, c.full_name) for k, c in self.children.items()]
        require_plain_text(self)

    def clean_child(self):
        return self.children[self.cleaned_data["child"]]


class StaffStartForm(InputLimits, _TextAndFile):
    """Staff write to a child's family, or to the staff of a room."""

    about = forms.ChoiceField(label=_("To"))
    field_order = ["about", "text", "file"]

    def __init__(self, *args, children, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {f"child:{c.uuid}": c for c in children}
        self.targets.update({f"room:{r.uuid}": r for r in rooms})
        self.fields["about"].choices = [
            (_("The family of"), [(f"child:{c.uuid}",
                                   _("%(name)s's family") % {"name": c.full_name})
                                  for c in children]),
            (_("Staff only"), [(f"room:{r.uuid}", _("%(room)s staff") % {"room": r.name})
                               for r in rooms]),
        ]
        require_plain_text(self)

    def clean_about(self):
        return self.targets[self.cleaned_data["about"]]


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(label=_("Show"), required=False, choices=[
        ("", _("All conversations")), ("unread", _("Unread")),
        ("manager", _("Written to the manager")), ("flagged", _("With a flagged message")),
        ("rooms", _("Staff conversations"))])


DAYS = [(str(day), name) for day, name in WEEKDAYS.items()]  # Monday first


class AvailabilityForm(InputLimits, forms.ModelForm):
    working_days = forms.MultipleChoiceField(label=_("Days you work"), choices=DAYS,
                                             required=False,
                                             widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Membership
        fields = ["working_days", "works_from", "works_until", "out_of_office",
                  "out_of_office_until"]
        labels = {"works_from": _("You start at"), "works_until": _("You finish at"),
                  "out_of_office_until": _("Out of office until (optional)")}
        widgets = {"works_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "works_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "out_of_office_until": forms.DateInput(attrs={"type": "date"}),
                   "out_of_office": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"out_of_office": _("Shown to families who write to you while it is set; "
                                         "leave empty when you are back.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["working_days"] = list(self.instance.working_days)
        require_plain_text(self, "out_of_office")

    def clean_working_days(self):
        return "".join(sorted(set(self.cleaned_data["working_days"])))

    def clean(self):
        data = super().clean()
        start, end = data.get("works_from"), data.get("works_until")
        if start and end and start >= end:
            self.add_error("works_until", _("The end of the working day must come after its "
                                            "start."))
        return data
