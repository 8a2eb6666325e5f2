"""The offline capture's two views: the device key, and the page after signing out that wipes
what the device kept (docs/architecture.md, "Offline capture")."""

import base64

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from offline import services


def _json(data: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(data, status=status)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def key(request):
    """The person's key on this device (``device``: the ids the page keeps), staff only.

    A page asks for it each time it opens, so a person signed out (401) or paused (403,
    ``code: paused``, and every key of theirs deleted) is told at their next contact and the
    page wipes what it keeps. Families, and a person with no setting, get 404: nothing of the
    children is kept on their devices. POST: it may make a key, and it is never cached."""
    if not request.user.is_authenticated:
        return _json({"detail": _("Sign in again to send what waits on this device."),
                      "code": "signed_out"}, status=401)
    membership = request.membership
    if membership is None or not membership.is_staff_member:
        return _json({"detail": _("Not found."), "code": "not_found"}, status=404)
    if membership.paused_at is not None:
        services.forget_devices(request.user)
        return _json({"detail": _("Your account is paused: ask a manager of the setting."),
                      "code": "paused"}, status=403)
    kept, gone = services.key_for(request.user, request.session,
                                  request.POST.getlist("device"))
    return _json({"device": str(kept.device), "gone": gone,
                  "key": base64.b64encode(bytes(kept.key)).decode("ascii")})


@require_GET
@never_cache
def signed_out(request):
    """Where signing out leads (``ACCOUNT_LOGOUT_REDIRECT_URL``): its script deletes the
    device's store of taps and observations waiting to be sent, then goes on to the sign-in
    page."""
    return render(request, "offline/signed_out.html")
