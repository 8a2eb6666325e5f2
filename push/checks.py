"""Start-up check: the VAPID keys from the environment belong together."""

from django.core import checks

from push import vapid


@checks.register()
def vapid_keys_match(app_configs, **kwargs):
    keys = vapid.configured()
    if keys is None:
        return []
    try:
        matches = vapid.public_key_of(keys.private_key) == keys.public_key
    except ValueError:
        matches = False
    if matches:
        return []
    return [checks.Error(
        "VAPID_PRIVATE_KEY is not the private key of VAPID_PUBLIC_KEY (or not a base64url "
        "P-256 key): browsers would refuse every push.",
        hint="Set both from one run of `python manage.py vapid_keys`.", id="push.E001")]
