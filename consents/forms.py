import uuid
from datetime import timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from consents import services
from consents.defaults import MEDICATION_DECLARATION
from consents.models import (
    Accident,
    BodyPosition,
    ConsentForm,
    DoseUnit,
    MedicationDose,
    MedicationPermission,
    Outing,
)
from families.models import Child
from preschool.models import Membership, User
from preschool.validators import InputLimits, require_plain_text

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


def datetime_input():
    return forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT)


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input():
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


NUMBER_ERRORS = {"invalid": _("Enter a number, such as 5 or 2.5 (choose the unit separately). "
                              "Put how or when to give it in “When to give it”."),
                 "required": _("Enter the dose as a number.")}


def staff_users(setting):
    """Users who are active staff of ``setting`` (who may give medicine, witness, first aid)."""
    staff = Membership.objects.active().staff().filter(setting=setting).values("user_id")
    return User.objects.filter(pk__in=staff, is_active=True).order_by("full_name")


class PlainTextForm(InputLimits):
    """Mixed into every form of the app: each text field people type into refuses HTML and
    script tags with a clear message (preschool/validators.py), so nothing is stored."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        require_plain_text(self)


class StaffField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.full_name


# --- Consents -------------------------------------------------------------------------------

class AnswerForm(PlainTextForm, forms.Form):
    """Yes or no to each current form. A form left unanswered is not recorded."""

    CHOICES = [("yes", _("Yes, I agree")), ("no", _("No, I do not agree"))]

    def __init__(self, *args, cells, **kwargs):
        super().__init__(*args, **kwargs)
        self.cells = cells
        for cell in cells:
            initial = None
            if cell.status == services.Status.GIVEN:
                initial = "yes"
            elif cell.status == services.Status.REFUSED:
                initial = "no"
            self.fields[self.key(cell.form)] = forms.ChoiceField(
                label=cell.form.title, choices=self.CHOICES, required=False,
                widget=forms.RadioSelect, initial=initial, help_text=cell.form.wording)

    @staticmethod
    def key(form) -> str:
        return f"form_{form.uuid.hex}"

    def answers(self) -> dict:
        result = {}
        for cell in self.cells:
            value = self.cleaned_data.get(self.key(cell.form))
            if value in ("yes", "no"):
                result[cell.form] = value == "yes"
        return result

    def clean(self):
        data = super().clean()
        if not self.errors and not self.answers():
            raise ValidationError(_("Choose yes or no for at least one form."), code="no_answer")
        return data


class ConsentFormForm(PlainTextForm, forms.ModelForm):
    class Meta:
        model = ConsentForm
        fields = ["title", "wording"]
        widgets = {"wording": forms.Textarea(attrs={"rows": 6})}
        labels = {"title": _("Title"), "wording": _("Wording")}
        help_texts = {"wording": _("What families agree to, in plain words. Changing it later "
                                   "asks every family again.")}


# --- Outings --------------------------------------------------------------------------------

class ChildChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.known_as} {obj.last_name}"


class OutingForm(PlainTextForm, forms.ModelForm):
    children = ChildChoiceField(queryset=Child.objects.none(), to_field_name="uuid",
                                widget=forms.CheckboxSelectMultiple,
                                label=_("Children"),
                                error_messages={"required": _("Choose the children who are "
                                                              "going.")})

    class Meta:
        model = Outing
        fields = ["kind", "date", "leaves_at", "returns_at", "place", "purpose", "children"]
        widgets = {"date": date_input(), "leaves_at": time_input(), "returns_at": time_input(),
                   "purpose": forms.Textarea(attrs={"rows": 3})}
        labels = {"date": _("Date"), "place": _("Place")}

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["children"].queryset = (Child.objects.for_setting(setting).current()
                                            .order_by("first_name", "last_name"))

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < timezone.localdate():
            raise ValidationError(_("This date has passed: plan outings for today or later."),
                                  code="past")
        return day

    def clean(self):
        data = super().clean()
        if data.get("leaves_at") and data.get("returns_at") and \
                data["returns_at"] <= data["leaves_at"]:
            self.add_error("returns_at",
                           _("The return time must be after the time of leaving."))
        return data


# --- Medicines ---------------------------------------------------------------------------

class PolicyForm(PlainTextForm, forms.Form):
    accepts_non_prescribed = forms.BooleanField(
        label=_("We give non-prescribed medicines (with the parent's written permission)"),
        required=False,
        help_text=_("For example infant paracetamol bought at a pharmacy. Medicines containing "
                    "aspirin are only ever given when a doctor prescribed them."))


class PermissionForm(PlainTextForm, forms.ModelForm):
    declaration_agreed = forms.BooleanField(
        label=_("I agree to the declaration above"), required=True,
        error_messages={"required": _("Tick the box to agree to the declaration.")})

    class Meta:
        model = MedicationPermission
        fields = ["medicine", "contains_aspirin", "prescribed", "prescriber", "prescriber_name",
                  "dose_amount", "dose_unit", "when_to_give", "min_hours_between",
                  "max_doses_per_day", "route", "reason", "start_date", "end_date", "storage",
                  "storage_notes", "declared_name"]
        widgets = {"start_date": date_input(), "end_date": date_input(),
                   "dose_amount": forms.TextInput(attrs={"inputmode": "decimal"}),
                   "min_hours_between": forms.TextInput(attrs={"inputmode": "decimal"})}
        labels = {"declared_name": _("Your full name, as your signature"),
                  "prescribed": _("It was prescribed (by a doctor, dentist, nurse or "
                                  "pharmacist)"),
                  "storage": _("Storage")}
        help_texts = {"dose_amount": _("A number, e.g. 5 (for 5 ml) or 1 (for one tablet)."),
                      "min_hours_between": _("e.g. 4 for paracetamol, 24 for once a day."),
                      "contains_aspirin": _("Only given if a doctor prescribed it.")}
        error_messages = {"dose_amount": NUMBER_ERRORS,
                          "min_hours_between": {
                              "invalid": _("Enter a number of hours, such as 4 or 6."),
                              "required": _("Enter the least number of hours between doses.")},
                          "max_doses_per_day": {
                              "invalid": _("Enter a whole number of doses, such as 3.")}}

    declaration = MEDICATION_DECLARATION

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.setting = setting
        self.fields["prescriber"].choices = [("", _("Not prescribed")),
                                             *self.fields["prescriber"].choices[1:]]

    def clean_dose_amount(self):
        amount = self.cleaned_data["dose_amount"]
        if amount is not None and amount <= 0:
            raise ValidationError(_("The dose must be more than 0."), code="not_positive")
        return amount

    def clean_min_hours_between(self):
        hours = self.cleaned_data["min_hours_between"]
        if hours is not None and hours <= 0:
            raise ValidationError(_("Enter a number of hours more than 0."), code="not_positive")
        return hours

    def clean_end_date(self):
        end = self.cleaned_data["end_date"]
        if end and end < timezone.localdate():
            raise ValidationError(_("The end date has passed."), code="past")
        return end

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date is before the start date."))
        if data.get("prescribed") and not data.get("prescriber"):
            self.add_error("prescriber", _("Say who prescribed it."))
        if not self.errors:
            problems = services.permission_problems(
                self.setting, medicine=data["medicine"],
                contains_aspirin=data.get("contains_aspirin", False),
                prescribed=data.get("prescribed", False), prescriber=data.get("prescriber"))
            for problem in problems:
                self.add_error(None, problem)
        return data

    def permission_data(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k != "declaration_agreed"}


def permission_initial(replaces) -> dict:
    """What the permission form starts with: when it replaces an earlier permission, that
    permission's answers (but not the declaration), starting today."""
    initial = {}
    if replaces is not None:
        initial = {f: getattr(replaces, f) for f in PermissionForm.Meta.fields
                   if f not in ("declared_name", "start_date")}
        initial["start_date"] = timezone.localdate()
    return initial


class AcceptPermissionForm(PlainTextForm, forms.Form):
    label_checked = forms.BooleanField(
        label=_("I have checked the label: the child's name, the medicine, the dose, the expiry "
                "date and (if prescribed) the prescriber match this permission"),
        error_messages={"required": _("Check the label before accepting the permission.")})
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


class DeclinePermissionForm(PlainTextForm, forms.Form):
    reason = forms.CharField(label=_("Why it is declined (the family sees this)"), max_length=300,
                             error_messages={"required": _("Say why it is declined.")})


class EndPermissionForm(PlainTextForm, forms.Form):
    reason = forms.CharField(label=_("Why (optional)"), required=False, max_length=300)


class PermissionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.medicine}: {obj.dose_display}, {obj.when_to_give}"


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def dose_initial(child, user, query, dose=None) -> dict:
    """What the dose form starts with. A correction: the dose it corrects. A new dose: given
    now by ``user``, of the medicine chosen by ``?permission=<uuid>`` in ``query`` (none when
    "No written permission" is chosen), or else of the only medicine in force."""
    if dose is not None:
        return {"permission": dose.permission.uuid if dose.permission else None,
                "medicine": "" if dose.permission else dose.medicine,
                "given_at": timezone.localtime(dose.given_at),
                "dose_amount": dose.dose_amount.normalize(), "dose_unit": dose.dose_unit,
                "given_by": dose.given_by.uuid, "witnessed_by": dose.witnessed_by.uuid,
                "notes": dose.notes, "reason": dose.reason}
    initial = {"given_at": timezone.localtime().replace(second=0, microsecond=0),
               "given_by": user.uuid}
    in_force = MedicationPermission.objects.in_force().filter(child=child)
    chosen = query.get("permission")
    if chosen and _is_uuid(chosen):
        permission = in_force.filter(uuid=chosen).first()
    elif "permission" in query:  # "No written permission" chosen: nothing to prefill
        permission = None
    else:  # the only medicine in force is the one to give
        only = list(in_force[:2])
        permission = only[0] if len(only) == 1 else None
    if permission is not None:
        initial.update(permission=permission, dose_amount=permission.dose_amount
                       .normalize(), dose_unit=permission.dose_unit)
    return initial


class DoseForm(PlainTextForm, forms.Form):
    """Record one dose. Warnings (outside the permission) are worked out on each submission;
    when there are any, a reason is needed to record it."""

    permission = PermissionChoiceField(
        queryset=MedicationPermission.objects.none(), to_field_name="uuid", required=False,
        label=_("Medicine (from the parent's written permissions)"),
        empty_label=_("No written permission (emergency only: say why below)"))
    medicine = forms.CharField(label=_("Name of the medicine, if there is no permission"),
                               required=False, max_length=150)
    given_at = forms.DateTimeField(label=_("Given at"), widget=datetime_input(),
                                   input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M"])
    dose_amount = forms.DecimalField(label=_("Dose given"), max_digits=7, decimal_places=2,
                                     widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                                     error_messages=NUMBER_ERRORS)
    dose_unit = forms.ChoiceField(label=_("Unit"), choices=DoseUnit.choices)
    given_by = StaffField(queryset=User.objects.none(), to_field_name="uuid",
                          label=_("Given by"))
    witnessed_by = StaffField(queryset=User.objects.none(), to_field_name="uuid",
                              label=_("Witnessed by"))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=300,
                            help_text=_("Anything the family should know (e.g. how the child "
                                        "was)."))
    reason = forms.CharField(
        label=_("Reason, if outside the permission"), required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Needed when the form warns that this dose is outside the written "
                    "permission."))

    def __init__(self, *args, child, ignore=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.child, self.ignore = child, ignore
        self.warnings = []
        self.fields["permission"].queryset = (MedicationPermission.objects.in_force()
                                              .filter(child=child).order_by("medicine"))
        staff = staff_users(child.setting)
        self.fields["given_by"].queryset = staff
        self.fields["witnessed_by"].queryset = staff

    def clean_dose_amount(self):
        amount = self.cleaned_data["dose_amount"]
        if amount is not None and amount <= 0:
            raise ValidationError(_("The dose must be more than 0."), code="not_positive")
        return amount

    def clean_given_at(self):
        given_at = self.cleaned_data["given_at"]
        if given_at > timezone.now() + timedelta(minutes=5):
            raise ValidationError(
                _("This time is in the future: record a dose once it is given."), code="future")
        return given_at

    def clean(self):
        data = super().clean()
        permission = data.get("permission")
        if permission is None and not (data.get("medicine") or "").strip() \
                and "permission" not in self.errors:
            self.add_error("medicine",
                           _("Choose the medicine from the permissions, or name it."))
        if data.get("given_by") and data.get("given_by") == data.get("witnessed_by"):
            self.add_error("witnessed_by", _("The witness must be another member of staff."))
        if self.errors:
            return data
        self.warnings = services.dose_warnings(
            self.child, permission=permission, medicine=data.get("medicine") or "",
            given_at=data["given_at"], dose_amount=data["dose_amount"],
            dose_unit=data["dose_unit"], ignore=self.ignore)
        if self.warnings and not data.get("reason", "").strip():
            labels = "; ".join(str(MedicationDose.Warning(w).label) for w in self.warnings)
            self.add_error("reason", _("This dose is outside the written permission: %(labels)s. "
                                       "Check before giving it. To record it, say why.")
                           % {"labels": labels})
        return data

    def warning_labels(self):
        return [MedicationDose.Warning(w).label for w in self.warnings]

    def dose_data(self) -> dict:
        """The dose as consents.services.record_dose takes it."""
        data = self.cleaned_data
        return {"permission": data.get("permission"), "medicine": data.get("medicine", ""),
                "given_at": data["given_at"], "dose_amount": data["dose_amount"],
                "dose_unit": data["dose_unit"], "given_by": data["given_by"],
                "witnessed_by": data["witnessed_by"], "reason": data.get("reason", ""),
                "notes": data.get("notes", "")}


class CorrectionReasonForm(PlainTextForm, forms.Form):
    correction_reason = forms.CharField(
        label=_("What was wrong in the record"), max_length=300,
        error_messages={"required": _("Say what was wrong in the record you are correcting.")})


class OfstedForm(PlainTextForm, forms.Form):
    notified_on = forms.DateField(
        label=_("Date Ofsted was notified"), widget=date_input(),
        error_messages={"required": _("Enter the date Ofsted was notified."),
                        "invalid": _("Enter the date Ofsted was notified, as a date.")})
    reference = forms.CharField(label=_("Ofsted's reference (optional)"), required=False,
                                max_length=100)
    note = forms.CharField(label=_("Note (optional)"), required=False, max_length=300)


class AcknowledgeForm(PlainTextForm, forms.Form):
    comment = forms.CharField(label=_("Comment (optional)"), required=False, max_length=300)


class DoubleDoseReviewForm(PlainTextForm, forms.Form):
    note = forms.CharField(
        label=_("What you found and what was done"), max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: one dose was given, the second entry was recorded in error; "
                    "or two doses were given, the family and the GP were told."),
        error_messages={"required": _("Write what you found and what was done.")})


# --- Accidents ---------------------------------------------------------------------------

class AccidentForm(PlainTextForm, forms.ModelForm):
    first_aid_by = StaffField(queryset=User.objects.none(), to_field_name="uuid",
                              required=False, label=_("First aid given by"))

    class Meta:
        model = Accident
        fields = ["kind", "happened_at", "location", "what_happened", "injury",
                  "body_position", "first_aid", "first_aid_by", "witnesses",
                  "parent_explanation", "serious"]
        widgets = {"happened_at": datetime_input(),
                   "what_happened": forms.Textarea(attrs={"rows": 3}),
                   "injury": forms.Textarea(attrs={"rows": 2}),
                   "first_aid": forms.Textarea(attrs={"rows": 2}),
                   "parent_explanation": forms.Textarea(attrs={"rows": 2})}
        labels = {"kind": _("Kind"), "witnesses": _("Witnesses")}
        help_texts = {"witnesses": _("Names of the adults who saw it."),
                      "parent_explanation": _("For an injury seen on arrival: what the family "
                                              "said about how it happened.")}

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_aid_by"].queryset = staff_users(setting)
        self.fields["body_position"].choices = [("", _("Not recorded")),
                                               *BodyPosition.choices]
        self.fields["happened_at"].input_formats = [DATETIME_FORMAT, "%Y-%m-%d %H:%M"]

    def clean_happened_at(self):
        moment = self.cleaned_data["happened_at"]
        if moment > timezone.now() + timedelta(minutes=5):
            raise ValidationError(_("This time is in the future."), code="future")
        return moment

    def clean(self):
        data = super().clean()
        if data.get("first_aid", "").strip() and not data.get("first_aid_by"):
            self.add_error("first_aid_by", _("Say who gave the first aid."))
        if data.get("kind") == Accident.Kind.ACCIDENT and not data.get("injury", "").strip():
            self.add_error("injury", _("Describe the injury (or “no visible injury”)."))
        return data

    def accident_data(self) -> dict:
        return dict(self.cleaned_data)


def accident_initial(accident) -> dict:
    """What the form correcting ``accident`` starts with: the record as it was."""
    initial = {f: getattr(accident, f) for f in AccidentForm.Meta.fields}
    initial["happened_at"] = timezone.localtime(accident.happened_at)
    initial["first_aid_by"] = accident.first_aid_by.uuid if accident.first_aid_by else None
    return initial
