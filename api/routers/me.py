"""Who the caller is: the person, the setting and, for a token, its scopes."""

from ninja import Router, Schema

from api.scopes import SCOPES

router = Router(tags=["me"])


class MeOut(Schema):
    name: str
    setting: str | None
    role: str | None
    scopes: list[str]


@router.get("/me", response=MeOut, summary="Who the caller is")
def me(request):
    token = request.api_token
    membership = request.membership
    return {
        "name": request.user.full_name,
        "setting": membership.setting.name if membership else None,
        "role": membership.role if membership else None,
        "scopes": list(token.scopes) if token is not None else list(SCOPES),
    }
