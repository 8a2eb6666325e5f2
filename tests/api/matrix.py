"""Authorization matrix: the pages about the API (see tests/test_authorization_matrix.py).

Every member of a setting has a tokens page of their own and may make a token, after giving
their password again (302 to the reauthentication page); the superuser, who belongs to no
setting, gets 403. A token is its person's and the managers' of its setting: Perry's is seen
and revoked by Perry and Mona (revoking answers 302 back to the token), 404 for everyone else,
Bea included (another setting's); the superuser, in no setting, 403 as on the list. The
documentation is public: it describes the API, not anyone's data. The API's own operations
(/api/v1/) have their own matrix (tests/api/).
"""

from datetime import timedelta

from django.utils import timezone

from api.models import ApiToken, digest_of, new_token
from tests.authz import expect


def _perrys_token(world):
    secret = new_token()
    token = ApiToken.objects.create(
        setting=world.setting_a, user=world.users["practitioner"],
        created_by=world.users["practitioner"], name="Register tablet",
        scopes=["children:read"], prefix=secret[:12], digest=digest_of(secret),
        expires_at=timezone.now() + timedelta(days=30))
    return {"token_uuid": token.uuid}


OWNER_AND_MANAGER = expect(404, practitioner=200, manager=200, superuser=403)

MATRIX = {
    "api-tokens": ("get", None, expect(200, superuser=403)),
    "api-token-new": ("get", None, expect(302, superuser=403)),
    "api-token": ("get", _perrys_token, OWNER_AND_MANAGER),
    "api-token-revoke": ("post", _perrys_token,
                         expect(404, practitioner=302, manager=302, superuser=403)),
    "api-docs": ("get", None, expect(200, anonymous=200)),
}
