from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preschool.validators import InputLimits
from retention.adults import AdultErasure


class RequestForm(InputLimits, forms.ModelForm):
    class Meta:
        model = AdultErasure
        fields = ["received_at", "received_how"]
        widgets = {"received_at": forms.DateInput(attrs={"type": "date"})}

    def clean_received_at(self):
        received = self.cleaned_data["received_at"]
        if received > timezone.localdate():
            raise forms.ValidationError(_("The request cannot have been received in the "
                                          "future."))
        return received
