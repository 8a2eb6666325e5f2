from datetime import date

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from families.models import AllAboutMe, Allergy, Child, ChildAdult, Room
from preschool.models import Membership
from preschool.validators import InputLimits

# Labels of the child's fields that have no verbose name of their own.
NAME_LABELS = {"first_name": _("First name"), "last_name": _("Last name"),
               "date_of_birth": _("Date of birth"), "room": _("Room"),
               "start_date": _("Start date")}

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TEXT = {"rows": 3}


def _years_ago(years: int) -> date:
    today = date.today()
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def clean_date_of_birth(value):
    if value > date.today():
        raise forms.ValidationError(_("The date of birth cannot be in the future."),
                                    code="future")
    if value < _years_ago(settings.CHILD_MAX_AGE_YEARS):
        raise forms.ValidationError(
            _("The child would be over %(years)s: check the year."), code="too_old",
            params={"years": settings.CHILD_MAX_AGE_YEARS})
    return value


class ChildFormMixin:
    """A child's room, chosen among the setting's rooms; and the child's dates, checked.

    The room field starts empty (``SafeModelChoiceField``): rooms are a setting's rows, so
    a form class defined at import, outside any scope, cannot list them.
    """

    def limit_rooms(self, setting):
        self.fields["room"].queryset = Room.objects.filter(setting=setting)
        self.fields["room"].empty_label = _("Not yet placed")

    def clean_date_of_birth(self):
        return clean_date_of_birth(self.cleaned_data["date_of_birth"])

    def clean(self):
        data = super().clean()
        born, start = data.get("date_of_birth"), data.get("start_date")
        if born and start and start < born:
            self.add_error("start_date", _("The start date is before the date of birth."))
        return data


class ChildCreateForm(ChildFormMixin, InputLimits, forms.ModelForm):
    class Meta:
        model = Child
        fields = ["first_name", "last_name", "preferred_name", "date_of_birth", "room",
                  "start_date"]
        widgets = {"date_of_birth": DATE, "start_date": DATE}
        labels = {"preferred_name": _("Known as (if different)"), **NAME_LABELS}
        field_classes = {"room": SafeModelChoiceField}

    def __init__(self, *args, setting, **kwargs):
        super().__init__(*args, **kwargs)
        self.limit_rooms(setting)


class EnrolmentForm(ChildFormMixin, InputLimits, forms.ModelForm):
    """Staff-only parts of the record."""

    class Meta:
        model = Child
        fields = ["first_name", "last_name", "date_of_birth", "room", "start_date",
                  "sex", "is_looked_after", "shared_care", "funded_two_year_old",
                  "early_years_pupil_premium", "sen_status", "senco", "sen_notes"]
        widgets = {"date_of_birth": DATE, "start_date": DATE,
                   "sen_notes": forms.Textarea(attrs=TEXT)}
        labels = NAME_LABELS
        field_classes = {"room": SafeModelChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        setting = self.instance.setting
        self.limit_rooms(setting)
        self.fields["senco"].queryset = (Membership.objects.active().for_setting(setting)
                                         .filter(is_senco=True).select_related("user"))
        self.fields["senco"].label_from_instance = lambda m: m.user.full_name


class DetailsForm(InputLimits, forms.ModelForm):
    class Meta:
        model = Child
        fields = ["preferred_name", "home_languages", "english_additional_language",
                  "religious_cultural_requirements", "other_settings"]
        labels = {"preferred_name": _("Known as (if different from their first name)")}
        widgets = {"religious_cultural_requirements": forms.Textarea(attrs=TEXT),
                   "other_settings": forms.Textarea(attrs=TEXT)}


class HealthForm(InputLimits, forms.ModelForm):
    class Meta:
        model = Child
        fields = ["gp_name", "gp_practice", "gp_phone", "health_visitor",
                  "health_visitor_phone", "medical_needs", "dietary_requirements",
                  "dietary_preferences"]
        widgets = {"medical_needs": forms.Textarea(attrs=TEXT),
                   "dietary_requirements": forms.Textarea(attrs=TEXT),
                   "dietary_preferences": forms.Textarea(attrs=TEXT),
                   "gp_phone": forms.TextInput(attrs={"type": "tel"}),
                   "health_visitor_phone": forms.TextInput(attrs={"type": "tel"})}


class AllAboutMeForm(InputLimits, forms.ModelForm):
    class Meta:
        model = AllAboutMe
        fields = ["likes", "dislikes", "routines", "comforters", "words", "can_do",
                  "family_and_culture"]
        widgets = {f: forms.Textarea(attrs=TEXT) for f in fields}


class AllergyForm(InputLimits, forms.ModelForm):
    class Meta:
        model = Allergy
        fields = ["allergen", "severity", "reaction", "action"]
        labels = {"severity": _("Severity")}
        widgets = {"reaction": forms.Textarea(attrs=TEXT), "action": forms.Textarea(attrs=TEXT)}


class FamilyAdultForm(InputLimits, forms.ModelForm):
    """An adult in the child's life, as a family describes them."""

    invite = forms.BooleanField(
        required=False, label=_("Invite them to the portal"),
        help_text=_("They will be able to see the child's record and journal. Only for a "
                    "parent or carer who should receive information about the child."))

    class Meta:
        model = ChildAdult
        fields = ["name", "relationship", "phone", "email", "address",
                  "has_parental_responsibility", "lives_with_child", "may_receive_information",
                  "is_emergency_contact", "may_collect"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2}),
                   "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"})}
        labels = {
            "name": _("Name"),
            "relationship": _("Relationship"),
            "phone": _("Phone"),
            "email": _("Email"),
            "address": _("Address"),
            "has_parental_responsibility": _("Has parental responsibility"),
            "lives_with_child": _("The child normally lives with them"),
            "may_receive_information": _("May receive information about the child"),
            "is_emergency_contact": _("Emergency contact"),
            "may_collect": _("May collect the child"),
        }

    def __init__(self, *args, allow_invite=True, **kwargs):
        super().__init__(*args, **kwargs)
        if not allow_invite:
            del self.fields["invite"]

    def clean(self):
        data = super().clean()
        if data.get("invite"):
            if not data.get("email"):
                self.add_error("email", _("Give their email address to invite them."))
            if not data.get("may_receive_information"):
                self.add_error("invite", _("Only someone who may receive information about "
                                           "the child can be invited."))
        if data.get("is_emergency_contact") and not data.get("phone") and not data.get("invite"):
            self.add_error("phone", _("An emergency contact needs a phone number."))
        return data


class StaffAdultForm(FamilyAdultForm):
    """Staff also record legal contact and court or safeguarding restrictions."""

    class Meta(FamilyAdultForm.Meta):
        fields = [*FamilyAdultForm.Meta.fields, "legal_contact_only", "is_organisation",
                  "restriction"]
        widgets = {**FamilyAdultForm.Meta.widgets, "restriction": forms.Textarea(attrs=TEXT)}
        labels = {**FamilyAdultForm.Meta.labels,
                  "legal_contact_only": _("Legal contact only"),
                  "is_organisation": _("An organisation, not a person (a local authority)"),
                  "restriction": _("Restriction (staff only: court order, no contact)")}


class SignAgreementForm(InputLimits, forms.Form):
    typed_name = forms.CharField(max_length=150, label=_("Type your full name to sign"),
                                 widget=forms.TextInput(attrs={"autocomplete": "name"}))
    agree = forms.BooleanField(label=_("I have read the agreement and I agree to it"))

    def clean_typed_name(self):
        name = " ".join(self.cleaned_data["typed_name"].split())
        if len(name) < 2:
            raise forms.ValidationError(_("Type your full name."), code="short")
        return name


class LeaveForm(InputLimits, forms.Form):
    leaving_date = forms.DateField(widget=DATE, label=_("Last day at the setting"))


class RoomForm(InputLimits, forms.ModelForm):
    class Meta:
        model = Room
        fields = ["name"]
        labels = {"name": _("New room or group")}
