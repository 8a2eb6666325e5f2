import uuid
from datetime import date

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from families.models import Child
from preschool.models import User
from preschool.validators import InputLimits, require_plain_text
from retention.models import HOLDABLE_RECORDS, LegalHold
from retention.policy import add_period
from retention.schedule import Period


class PlainTextForm(InputLimits, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_plain_text(self)


class RuleForm(PlainTextForm):
    """A new period for one record type, or back to the default; the reason is required."""

    back_to_default = forms.BooleanField(label=_("Go back to the portal's default"),
                                         required=False)
    years = forms.IntegerField(label=_("Years"), min_value=0, max_value=100, initial=0,
                               required=False)
    months = forms.IntegerField(label=_("Months"), min_value=0, max_value=11, initial=0,
                                required=False)
    days = forms.IntegerField(label=_("Days"), min_value=0, max_value=366, initial=0,
                              required=False)
    reason = forms.CharField(label=_("Why (recorded with the change)"), max_length=1000,
                             widget=forms.Textarea(attrs={"rows": 3}))
    shorter_confirmed = forms.BooleanField(
        label=_("The reason justifies keeping these records for less than the default"),
        required=False)

    def __init__(self, *args, default: Period, **kwargs):
        super().__init__(*args, **kwargs)
        self.default = default

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the period changes: it is part of the record."))
        return reason

    def clean(self):
        data = super().clean()
        for name in ("years", "months", "days"):
            data[name] = data.get(name) or 0
        if not data.get("back_to_default") and not (data["years"] or data["months"]
                                                    or data["days"]):
            raise ValidationError(_("Give a period of at least one day, or go back to the "
                                    "default."))
        # The defaults follow the law or common practice (the Limitation Act, the EYFS): a
        # shorter period is a decision the manager confirms.
        chosen = Period(self.default.basis, data["years"], data["months"], data["days"])
        reference = date(2000, 1, 31)
        if (not data.get("back_to_default") and not data.get("shorter_confirmed")
                and add_period(reference, chosen) < add_period(reference, self.default)):
            self.add_error("shorter_confirmed", _(
                "This is shorter than the portal's default, which follows the law or common "
                "practice: tick to confirm that the reason justifies it."))
        return data


class HoldForm(PlainTextForm):
    """A legal hold on a child, an adult, or one record."""

    ON_CHOICES = [("child", _("A child")), ("adult", _("An adult")),
                  ("record", _("One record"))]

    on = forms.ChoiceField(label=_("Hold the records of"), choices=ON_CHOICES,
                           widget=forms.RadioSelect)
    child: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Child"), queryset=Child.objects.none(), to_field_name="uuid", required=False)
    adult: forms.ModelChoiceField = forms.ModelChoiceField(
        label=_("Adult"), queryset=User.objects.none(), to_field_name="uuid", required=False)
    record_label = forms.ChoiceField(label=_("Kind of record"), required=False,
                                     choices=[("", "---"), *HOLDABLE_RECORDS.items()])
    record_id = forms.CharField(
        label=_("The record's reference"), required=False, max_length=36,
        help_text=_("The long reference at the end of the record's page address."))
    reason = forms.ChoiceField(label=_("Reason"), choices=LegalHold.Reason.choices)
    details = forms.CharField(label=_("Details"), max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.setting = setting
        self.fields["child"].queryset = Child.objects.filter(setting=setting)
        self.fields["child"].label_from_instance = lambda c: f"{c.known_as} {c.last_name}"
        self.fields["adult"].queryset = (User.objects.filter(memberships__setting=setting)
                                         .distinct().order_by("full_name"))
        self.fields["adult"].label_from_instance = lambda u: f"{u.full_name} ({u.email})"

    def clean_details(self):
        details = self.cleaned_data["details"].strip()
        if not details:
            raise ValidationError(_("Say what the hold is for."))
        return details

    def clean(self):
        data = super().clean()
        on = data.get("on")
        if on == "child" and not data.get("child"):
            self.add_error("child", _("Choose the child."))
        elif on == "adult" and not data.get("adult"):
            self.add_error("adult", _("Choose the adult."))
        elif on == "record":
            label, record_id = data.get("record_label"), data.get("record_id")
            if not label or not record_id:
                raise ValidationError(_("Choose the kind of record and give its reference."))
            from django.apps import apps

            model = apps.get_model(label)
            try:
                reference = uuid.UUID(record_id.strip())
            except ValueError:
                reference = None
            record = None if reference is None else (
                model._default_manager.filter(setting=self.setting, uuid=reference)
                .values_list("pk", flat=True).first())
            if record is None:
                self.add_error("record_id", _("No such record in this setting."))
            data["record_uuid"] = str(reference) if record is not None else ""
        return data


class LiftForm(PlainTextForm):
    lift_reason = forms.CharField(label=_("Why the hold is lifted"), max_length=1000,
                                  widget=forms.Textarea(attrs={"rows": 3}))

    def clean_lift_reason(self):
        reason = self.cleaned_data["lift_reason"].strip()
        if not reason:
            raise ValidationError(_("Say why the hold is lifted."))
        return reason
