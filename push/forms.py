"""What a browser sends when push is turned on or off on a device."""

import binascii

from cryptography.hazmat.primitives.asymmetric import ec
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from preschool.validators import InputLimits
from push.delivery import endpoint_allowed
from push.vapid import b64url_decode


def _decoded(value: str, *, length: int, what: str) -> bytes:
    try:
        raw = b64url_decode(value)
    except (binascii.Error, ValueError):
        raw = b""
    if len(raw) != length:
        if what == "key":
            message = _("The browser's key is not in the form push services use.")
        else:
            message = _("The browser's secret is not in the form push services use.")
        raise ValidationError(message, code="invalid")
    return raw


class SubscriptionForm(InputLimits, forms.Form):
    """A ``PushSubscription`` as the browser gives it (``subscription.toJSON()``), flattened."""

    endpoint = forms.URLField(max_length=2000, assume_scheme="https")
    p256dh = forms.CharField(max_length=100)
    auth = forms.CharField(max_length=50)

    def clean_endpoint(self) -> str:
        endpoint = self.cleaned_data["endpoint"]
        if not endpoint_allowed(endpoint):
            raise ValidationError(_("This browser's push service is not one the portal sends "
                                    "to. Notifications still show in the portal."),
                                  code="not_allowed")
        return endpoint

    def clean_p256dh(self) -> str:
        value = self.cleaned_data["p256dh"]
        raw = _decoded(value, length=65, what="key")
        try:
            ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
        except ValueError:
            raise ValidationError(_("The browser's key is not a P-256 public key."),
                                  code="invalid") from None
        return value

    def clean_auth(self) -> str:
        value = self.cleaned_data["auth"]
        _decoded(value, length=16, what="secret")
        return value


class EndpointForm(InputLimits, forms.Form):
    endpoint = forms.URLField(max_length=2000, assume_scheme="https")
