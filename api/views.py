"""The pages of personal access tokens (list, make, one token and its uses, revoke) and the
API's documentation (Swagger UI, public: it describes the API, not anyone's data)."""

import json

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from api import services
from api.forms import ApiTokenForm
from api.main import api
from api.models import ApiTokenUse
from api.permissions import access_token, manages_tokens, scopes_for, visible_tokens
from preschool.models import Membership
from preschool.permissions import require_perm
from preschool.services import ServiceError

TOKENS_PER_PAGE = 50
USES_PER_PAGE = 50


@login_required
@require_GET
@require_perm("api.make_token")
def token_list(request):
    """The setting's tokens a person may see: every one for a manager of its staff, else
    their own; with the last use of each (one query for the page)."""
    page = Paginator(visible_tokens(request), TOKENS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "api/tokens.html", {
        "page": page, "manages": manages_tokens(request)})


@login_required
@require_http_methods(["GET", "POST"])
@require_perm("api.make_token")
@reauthentication_required
def token_new(request):
    """Make a token. The answer to the POST shows it, once; only its hash is kept."""
    membership = request.membership
    staff = None
    if manages_tokens(request):
        staff = (Membership.objects.for_setting(request.setting).active().staff()
                 .select_related("user").order_by("user__full_name"))
    form = ApiTokenForm(request.POST or None, membership=membership,
                        allowed_scopes=scopes_for(membership), staff=staff)
    if request.method == "POST" and form.is_valid():
        chosen = form.chosen_membership()
        try:
            token, secret = services.make_token(
                request.user, chosen, name=form.cleaned_data["name"],
                scopes=form.cleaned_data["scopes"], days=form.cleaned_data["days"],
                allowed_scopes=scopes_for(chosen))
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "api/token_made.html", {
                "token": token, "secret": secret,
                "header_example": f"Authorization: Bearer {token.prefix}…"})
    return render(request, "api/token_new.html", {"form": form})


@login_required
@require_GET
@require_perm("api.make_token")
def token_detail(request, token_uuid):
    """One token and its uses, newest first (a page of them in one query, and the count)."""
    token = access_token(request, token_uuid)
    uses = Paginator(ApiTokenUse.objects.filter(token=token).order_by("-at", "-pk"),
                     USES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "api/token.html", {"token": token, "page": uses})


@login_required
@require_POST
@require_perm("api.make_token")
def token_revoke(request, token_uuid):
    token = access_token(request, token_uuid)
    if services.revoke_token(request.user, token):
        messages.success(request, _("The token “%(name)s” is revoked: it no longer works.")
                         % {"name": token.name})
    else:
        messages.info(request, _("This token was already revoked."))
    return redirect("api-token", token_uuid=token.uuid)


@require_GET
def docs(request):
    """Swagger UI from the portal's own static files (ninja's), reading the schema at
    /api/v1/openapi.json. Public, as the schema is."""
    settings = {"url": reverse("api:openapi-json"), "layout": "BaseLayout", "deepLinking": True,
                # Swagger UI would otherwise send the schema's address to swagger.io's
                # validator for a badge on any host but localhost (and the CSP refuses it).
                "validatorUrl": None}
    return render(request, "api/docs.html", {
        "api": api, "swagger_settings": json.dumps(settings)})
