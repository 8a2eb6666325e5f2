from django import forms
from django.utils.translation import gettext_lazy as _

from notifications import preferences
from notifications.models import ALWAYS_DELIVERED, Category, Channel
from preschool.validators import InputLimits


class ChannelsForm(InputLimits, forms.Form):
    """One choice of channel per category; safeguarding and urgent notices cannot be off."""

    def __init__(self, *args, initial_channels: dict[str, str], push: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for category in Category:
            choices = [(c.value, c.label) for c in Channel
                       if (push or c != Channel.PUSH or initial_channels.get(category) == c)]
            help_text = (_("Cannot be turned off.") if category in ALWAYS_DELIVERED else "")
            self.fields[category.value] = forms.ChoiceField(
                label=category.label, choices=choices, help_text=help_text,
                initial=initial_channels.get(category.value))

    def clean(self):
        data = super().clean()
        for category in ALWAYS_DELIVERED:
            if data.get(category) == Channel.OFF:
                self.add_error(category, preferences.CANNOT_BE_OFF)
        return data

    def choices(self) -> dict[str, str]:
        return {category: self.cleaned_data[category] for category in Category.values}


class QuietHoursForm(InputLimits, forms.Form):
    enabled = forms.BooleanField(required=False, label=_("Hold notifications during quiet hours"))
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"},
                                                                 format="%H:%M"))
    ends = forms.TimeField(label=_("Until"), widget=forms.TimeInput(attrs={"type": "time"},
                                                                format="%H:%M"))

    def clean(self):
        data = super().clean()
        if data.get("enabled") and data.get("starts") and data.get("starts") == data.get("ends"):
            raise forms.ValidationError(_("Quiet hours must start and end at different times."),
                                        code="same_times")
        return data
