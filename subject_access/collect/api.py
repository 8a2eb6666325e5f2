"""API tokens, for an adult: each personal access token of theirs in the setting (its name,
scopes, when it was made, expires or was revoked) and every call made with it (when, what,
the answer).

Withheld: the token itself (only its hash is kept, and it lets its holder act as the person)
and the address each call came from.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext

from api.models import ApiToken, ApiTokenUse
from subject_access.collect.rows import value
from subject_access.parts import Part


def for_adult(user, setting) -> Part:
    part = Part("api_tokens", gettext("API tokens"))
    tokens = (ApiToken.objects.filter(user=user, setting=setting)
              .prefetch_related(Prefetch("uses", ApiTokenUse.objects.order_by("at"))))
    for token in tokens:
        part.records.append({
            "record_type": "api_access", "name": token.name, "scopes": list(token.scopes),
            "created_at": value(token.created_at), "expires_at": value(token.expires_at),
            "revoked_at": value(token.revoked_at)})
        part.records += [{"record_type": "api_call", "access": token.name, "at": value(use.at),
                          "method": use.method, "path": use.path, "status": use.status}
                         for use in token.uses.all()]
    part.withheld.append(gettext("The secret of each (the portal keeps only a hash of it) and "
                                 "the address each call came from."))
    return part
