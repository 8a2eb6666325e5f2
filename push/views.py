"""Web push and the installable web app: the devices page, turning push on and off (JSON, from
static/push/devices.js), the web app manifest and the service worker."""

import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from preschool.permissions import parse_uuid
from push import services, vapid
from push.forms import EndpointForm, SubscriptionForm
from push.models import PushSubscription


@login_required
@require_GET
def devices(request):
    """The person's devices with push on, and the button that turns it on for this one."""
    keys = vapid.configured()
    return render(request, "push/devices.html", {
        "devices": PushSubscription.objects.of(request.user),
        "public_key": keys.public_key if keys else "",
    })


def _json_body(request) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def _errors(form) -> JsonResponse:
    message = " ".join(str(error) for errors in form.errors.values() for error in errors)
    return JsonResponse({"ok": False, "message": message}, status=400)


@login_required
@require_POST
def subscribe(request):
    """Turn push on for this device: the browser's subscription (``toJSON()``) as JSON, sent
    with the CSRF token. 400 with a message for anything else; 409 while push is off."""
    if vapid.configured() is None:
        return JsonResponse({"ok": False, "message": _("Notifications on devices are not set up "
                                                       "for this portal yet.")}, status=409)
    body = _json_body(request)
    keys = body.get("keys") if isinstance(body.get("keys"), dict) else {}
    form = SubscriptionForm({"endpoint": body.get("endpoint"), "p256dh": keys.get("p256dh"),
                             "auth": keys.get("auth")})
    if not form.is_valid():
        return _errors(form)
    subscription = services.subscribe(
        request.user, **form.cleaned_data,
        user_agent=request.headers.get("User-Agent", ""))
    return JsonResponse({"ok": True, "device": str(subscription.uuid),
                         "label": subscription.label})


@login_required
@require_POST
def unsubscribe(request):
    """Turn push off for this device (its endpoint, as JSON). Only the person's own."""
    form = EndpointForm({"endpoint": _json_body(request).get("endpoint")})
    if not form.is_valid():
        return _errors(form)
    removed = services.unsubscribe(request.user, endpoint=form.cleaned_data["endpoint"])
    return JsonResponse({"ok": True, "removed": removed})


@login_required
@require_POST
def device_remove(request, device_uuid):
    """Forget one of the person's devices. Another person's device answers 404."""
    device = get_object_or_404(PushSubscription.objects.of(request.user),
                               uuid=parse_uuid(device_uuid))
    services.remove_device(request.user, device)
    if device.label:
        messages.success(request, _("%(device)s will no longer show notifications from the "
                                    "portal.") % {"device": device.label})
    else:
        messages.success(request, _("The device will no longer show notifications from the "
                                    "portal."))
    return redirect("push-devices")


@require_GET
def manifest(request):
    """The web app manifest: the portal can be installed on a phone's home screen."""
    short_name = settings.SITE_NAME if len(settings.SITE_NAME) <= 12 else _("Pre-school")
    icons = [{"src": static(f"push/icons/{name}-{size}.png"), "sizes": f"{size}x{size}",
              "type": "image/png", "purpose": purpose}
             for name, purpose in (("icon", "any"), ("maskable", "maskable"))
             for size in (192, 512)]
    body = {
        "id": "/",
        "name": settings.SITE_NAME,
        "short_name": short_name,
        "description": _("Your pre-school and your family, working in partnership."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#1e5b4f",
        "lang": translation.get_language() or "en-GB",
        "icons": icons,
    }
    response = JsonResponse(body, content_type="application/manifest+json")
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_GET
def service_worker(request):
    """The service worker, from the site's root so that its scope is the whole portal. It
    shows pushes and opens their page; it caches nothing (no fetch handler)."""
    script = render_to_string("push/sw.js", {
        "icon": static("push/icons/icon-192.png"),
        "site_name": settings.SITE_NAME,
    })
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    # Browsers look for a new service worker at most once a day; this makes every look a
    # fresh one.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response
