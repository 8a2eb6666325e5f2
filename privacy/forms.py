"""Forms of the bulk-access alarm: a manager's decision about an alert, and the options."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from preschool.validators import InputLimits, require_plain_text
from privacy.models import PrivacyOptions


class DecisionForm(InputLimits, forms.Form):
    """What a manager decided about an alert, with a note saying why (required)."""

    RESUME = "resume"
    KEEP_PAUSED = "keep_paused"
    END = "end"
    ACTIONS = [
        (RESUME, _("This was expected: resume access")),
        (KEEP_PAUSED, _("Keep paused")),
        (END, _("End membership")),
    ]

    action = forms.ChoiceField(choices=ACTIONS)
    note = forms.CharField(label=_("Note"), max_length=2000, strip=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("What you found: who you spoke to, why it happened."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_plain_text(self)

    def clean_note(self) -> str:
        note = self.cleaned_data["note"].strip()
        if not note:
            raise ValidationError(_("Write a note saying what you found."))
        return note


class OptionsForm(InputLimits, forms.ModelForm):
    """The alarm's window and thresholds, and whether families see staff's names. A pause
    threshold must be above its alert threshold: the managers are told before anyone is
    paused."""

    class Meta:
        model = PrivacyOptions
        fields = ["window_minutes", "practitioner_alert", "practitioner_pause", "manager_alert",
                  "manager_pause", "family_places_alert", "show_staff_names_to_families"]

    def clean(self):
        data = super().clean()
        for role in ("practitioner", "manager"):
            alert, pause = data.get(f"{role}_alert"), data.get(f"{role}_pause")
            if alert is not None and pause is not None and pause <= alert:
                self.add_error(f"{role}_pause", ValidationError(
                    _("The pause threshold must be higher than the alert threshold (%(alert)s)."),
                    params={"alert": alert}))
        return data
