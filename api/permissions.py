"""Who may make, see and revoke personal access tokens, and the access helper of a token.

- Any member of a setting (staff or family) makes tokens for themself, in the current setting,
  and sees and revokes their own.
- Those who manage the setting's staff (``can_manage_staff``) also make one for a member of
  staff of the setting, and see and revoke every token of the setting.
- Write scopes are for staff only: a family member's token reads (``scopes_for``); a
  family's own write (``FAMILY_WRITE_SCOPES``) is made signed in, never with a token.

Another setting's token, or one the person may not see, is 404, the same as a missing one.
"""

import rules
from django.db.models import OuterRef, QuerySet, Subquery
from django.http import Http404

from api.models import ApiToken, ApiTokenUse
from api.scopes import FAMILY_WRITE_SCOPES, READ_SCOPES, SCOPES
from preschool.permissions import capability, is_member, parse_uuid

manages_api_tokens = capability("can_manage_staff", "api")

rules.add_perm("api.make_token", is_member)
rules.add_perm("api.manage_tokens", manages_api_tokens)


def scopes_for(membership) -> list[str]:
    """The scopes a token of ``membership``'s person may carry: every scope but a family's own
    writes for staff, the read scopes for a family member."""
    if membership is not None and membership.is_staff_member:
        return [name for name in SCOPES if name not in FAMILY_WRITE_SCOPES]
    return list(READ_SCOPES)


def manages_tokens(request) -> bool:
    return rules.has_perm("api.manage_tokens", request.user, request.setting)


def visible_tokens(request) -> QuerySet[ApiToken]:
    """The tokens of the current setting the person may see: every one for a manager of its
    staff, else their own; each with its person and ``last_used`` (one query)."""
    tokens = ApiToken.objects.for_setting(request.setting)
    if not manages_tokens(request):
        tokens = tokens.filter(user=request.user)
    last_use = ApiTokenUse.objects.filter(token=OuterRef("pk")).order_by("-at").values("at")[:1]
    return tokens.select_related("user").annotate(last_used=Subquery(last_use))


def access_token(request, token_uuid) -> ApiToken:
    """A token of the current setting that the person may see (``visible_tokens``): its own
    person, or a manager of the setting's staff. Another setting's token, another person's
    (for anyone else) or a forged id is 404."""
    token = visible_tokens(request).select_related("revoked_by", "created_by").filter(
        uuid=parse_uuid(token_uuid)).first()
    if token is None:
        raise Http404
    return token
