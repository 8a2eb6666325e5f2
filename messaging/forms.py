from django import forms

from messaging.models import Conversation
from preschool.models import Membership
from preschool.validators import InputLimits, require_plain_text

Audience = Conversation.Audience
FILE_HELP = "Optional: a photo (JPEG, PNG or HEIC) or a PDF, up to 10 MB."


class _TextAndFile(forms.Form):
    text = forms.CharField(label="Message", required=False, max_length=5000,
                           widget=forms.Textarea(attrs={"rows": 3}))
    file = forms.FileField(label="Photo or PDF", required=False, help_text=FILE_HELP,
                           widget=forms.ClearableFileInput(
                               attrs={"accept": "image/jpeg,image/png,image/heic,"
                                                "application/pdf"}))

    def clean(self):
        data = super().clean()
        if not self.errors and not (data.get("text") or "").strip() and not data.get("file"):
            raise forms.ValidationError("Write a message, or add a photo or PDF.")
        return data


class MessageForm(InputLimits, _TextAndFile):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_plain_text(self)


class FamilyStartForm(InputLimits, _TextAndFile):
    """A family writes about one of their children to the key person or the manager."""

    child = forms.ChoiceField(label="About")
    audience = forms.ChoiceField(label="To", widget=forms.RadioSelect, choices=[
        (Audience.KEY_PERSON, "The key person (and the room's staff)"),
        (Audience.MANAGER, "The manager")], initial=Audience.KEY_PERSON)
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

    about = forms.ChoiceField(label="To")
    field_order = ["about", "text", "file"]

    def __init__(self, *args, children, rooms, **kwargs):
        super().__init__(*args, **kwargs)
        self.targets = {f"child:{c.uuid}": c for c in children}
        self.targets.update({f"room:{r.uuid}": r for r in rooms})
        self.fields["about"].choices = [
            ("The family of", [(f"child:{c.uuid}", f"{c.full_name}'s family") for c in children]),
            ("Staff only", [(f"room:{r.uuid}", f"{r.name} staff") for r in rooms]),
        ]
        require_plain_text(self)

    def clean_about(self):
        return self.targets[self.cleaned_data["about"]]


class InboxFilterForm(forms.Form):
    show = forms.ChoiceField(label="Show", required=False, choices=[
        ("", "All conversations"), ("unread", "Unread"), ("manager", "Written to the manager"),
        ("flagged", "With a flagged message"), ("rooms", "Staff conversations")])


DAYS = [("0", "Monday"), ("1", "Tuesday"), ("2", "Wednesday"), ("3", "Thursday"),
        ("4", "Friday"), ("5", "Saturday"), ("6", "Sunday")]


class AvailabilityForm(InputLimits, forms.ModelForm):
    working_days = forms.MultipleChoiceField(label="Days you work", choices=DAYS,
                                             required=False,
                                             widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = Membership
        fields = ["working_days", "works_from", "works_until", "out_of_office",
                  "out_of_office_until"]
        labels = {"works_from": "You start at", "works_until": "You finish at",
                  "out_of_office_until": "Out of office until (optional)"}
        widgets = {"works_from": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "works_until": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
                   "out_of_office_until": forms.DateInput(attrs={"type": "date"}),
                   "out_of_office": forms.Textarea(attrs={"rows": 2})}
        help_texts = {"out_of_office": "Shown to families who write to you while it is set; "
                                       "leave empty when you are back."}

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
            self.add_error("works_until", "The end of the working day must come after its "
                                          "start.")
        return data
