"""The VAPID key pair that identifies the portal to push services (RFC 8292).

Both keys are base64url without padding, as browsers and other Web Push servers write them:
the public key is the uncompressed P-256 point (65 bytes, the browser's
``applicationServerKey``), the private key its 32-byte secret.
"""

import base64
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings


@dataclass(frozen=True)
class VapidKeys:
    public_key: str
    private_key: str
    subject: str


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def configured() -> VapidKeys | None:
    """The portal's keys from the settings, or None: push is off."""
    if not (settings.VAPID_PUBLIC_KEY and settings.VAPID_PRIVATE_KEY and settings.VAPID_SUBJECT):
        return None
    return VapidKeys(settings.VAPID_PUBLIC_KEY, settings.VAPID_PRIVATE_KEY,
                     settings.VAPID_SUBJECT)


def public_key_of(private_key: str) -> str:
    """The public key that goes with ``private_key``; ValueError if it is not a P-256 key."""
    secret = b64url_decode(private_key)
    if len(secret) != 32:
        raise ValueError("a VAPID private key is 32 bytes, base64url")
    key = ec.derive_private_key(int.from_bytes(secret, "big"), ec.SECP256R1())
    return b64url(key.public_key().public_bytes(serialization.Encoding.X962,
                                                serialization.PublicFormat.UncompressedPoint))


def generate() -> tuple[str, str]:
    """A new key pair: (public key, private key)."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = b64url(key.private_numbers().private_value.to_bytes(32, "big"))
    return public_key_of(private), private
