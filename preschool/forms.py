from allauth.account.forms import SignupForm
from allauth.core import context as allauth_context
from django import forms
from django.utils.translation import gettext_lazy as _

from preschool.adapters import INVITATION_SESSION_KEY, invitation_in_session
from preschool.models import Membership, Role, User
from preschool.services import ServiceError, accept_invitation
from preschool.validators import InputLimits


class InvitationSignupForm(InputLimits, SignupForm):
    """Create an account from an invitation: the address is the one the invitation went to."""

    full_name = forms.CharField(max_length=150, label=_("Your full name"),
                                widget=forms.TextInput(attrs={"autocomplete": "name"}))
    field_order = ["full_name", "email", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.invitation = None
        request = allauth_context.request
        if request is not None:
            self.invitation = invitation_in_session(request)
        if self.invitation is not None:
            self.fields["email"].initial = self.invitation.email
            self.fields["email"].widget.attrs["readonly"] = True
            self.fields["email"].help_text = _("The address your invitation was sent to.")
            if self.invitation.full_name and not self.is_bound:
                self.fields["full_name"].initial = self.invitation.full_name

    def clean_email(self):
        email = super().clean_email()
        if self.invitation is not None and email.lower() != self.invitation.email.lower():
            raise forms.ValidationError(_("Use the address your invitation was sent to."),
                                        code="not_invited_address")
        return email

    def custom_signup(self, request, user):
        invitation = invitation_in_session(request)
        if invitation is None:
            raise forms.ValidationError(_("Your invitation is no longer valid."),
                                        code="invitation_not_valid")
        try:
            accept_invitation(user, invitation)
        except ServiceError as exc:
            raise forms.ValidationError(str(exc)) from exc
        request.session.pop(INVITATION_SESSION_KEY, None)
        from preschool.middleware import SESSION_KEY

        request.session[SESSION_KEY] = str(invitation.setting.uuid)


class InvitationForm(InputLimits, forms.Form):
    full_name = forms.CharField(max_length=150, required=False, label=_("Their name (optional)"))
    email = forms.EmailField(label=_("Email address"), max_length=254)
    role = forms.ChoiceField(choices=Role.choices, widget=forms.RadioSelect,
                             initial=Role.PARENT, label=_("Role"))
    is_senco = forms.BooleanField(required=False, label=_("SENCO (special educational needs "
                                                           "co-ordinator)"))
    is_committee_member = forms.BooleanField(required=False, label=_("Committee member"))

    def clean(self):
        data = super().clean()
        if data.get("is_senco") and data.get("role") == Role.PARENT:
            self.add_error("is_senco", _("Only staff can be the SENCO."))
        if data.get("is_safeguarding_lead") and data.get("role") == Role.PARENT:
            self.add_error("is_safeguarding_lead",
                           _("Only staff can be the designated safeguarding lead."))
        return data


class MembershipForm(InputLimits, forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "job_title", "is_senco", "is_committee_member", "is_safeguarding_lead"]
        labels = {
            "role": _("Role"),
            "job_title": _("Job title"),
            "is_committee_member": _("Is committee member"),
        }
        widgets = {"role": forms.RadioSelect}

    def clean(self):
        data = super().clean()
        if data.get("is_senco") and data.get("role") == Role.PARENT:
            self.add_error("is_senco", _("Only staff can be the SENCO."))
        if data.get("is_safeguarding_lead") and data.get("role") == Role.PARENT:
            self.add_error("is_safeguarding_lead",
                           _("Only staff can be the designated safeguarding lead."))
        return data


class ProfileForm(InputLimits, forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "phone", "preferred_language", "preferred_contact_method",
                  "preferred_format", "notification_frequency"]
        labels = {
            "full_name": _("Full name"),
            "phone": _("Phone"),
            "preferred_language": _("Language you would like us to use"),
            "preferred_contact_method": _("How you would like us to contact you"),
            "preferred_format": _("Format for letters and documents"),
            "notification_frequency": _("Emails from the portal"),
        }
        widgets = {"phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"})}

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your name."), code="required")
        return name


class AuditFilterForm(InputLimits, forms.Form):
    date_from = forms.DateField(required=False, label=_("From"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label=_("To"),
                              widget=forms.DateInput(attrs={"type": "date"}))
    action = forms.CharField(required=False, max_length=80, label=_("Action contains"))

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."),
                                        code="dates_reversed")
        return data
