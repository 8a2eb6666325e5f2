"""The managers' page "Export all the setting's data": ask for an export, watch it being
built, download it. Asking and downloading need the password again (a sensitive action)."""

from allauth.account.decorators import reauthentication_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from families.looks import What, looked_at_many
from families.models import Child
from preschool.lib.downloads import stored_file
from preschool.permissions import require_perm
from preschool.services import ServiceError
from setting_export import services
from setting_export.models import AVAILABLE_FOR, SettingExport
from setting_export.permissions import access_export

# The page lists this many of the latest exports.
LISTED = 10


@login_required
@require_GET
@require_perm("setting_export.export")
@reauthentication_required
def export_page(request):
    """The exports of the setting (any manager's), with the button that starts one."""
    exports = list(SettingExport.objects.filter(setting=request.setting)
                   .select_related("requested_by")[:LISTED])
    return render(request, "setting_export/export.html", {
        "exports": exports, "waiting": any(e.is_waiting for e in exports),
        "available_days": AVAILABLE_FOR.days})


@login_required
@require_POST
@require_perm("setting_export.export")
@reauthentication_required
def export_start(request):
    try:
        services.request_export(request.user, request.setting)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("We are building the export. This page shows how far it "
                                    "has got, then the link to download it."))
    return redirect("setting-export")


@login_required
@require_GET
@require_perm("setting_export.export")
def export_progress(request, export_uuid):
    """How far an export has got (polled by its page every 2 s), then its download link."""
    export = access_export(request, export_uuid)
    services.build_waiting_export(export)
    return render(request, "setting_export/_status.html", {"e": export})


@login_required
@require_GET
@require_perm("setting_export.export")
def export_download(request, export_uuid):
    export = access_export(request, export_uuid)  # another setting's: 404 before the password
    return _download(request, export)


@reauthentication_required
def _download(request, export):
    if not export.is_downloadable:
        raise Http404
    services.record_download(request.user, export)
    # Whoever downloads it has every child's records in hand: one look a child (one INSERT,
    # when the response is ready), as the task recorded for the person it was built for.
    looked_at_many(request, Child.objects.filter(setting=request.setting).only("pk"),
                   What.EXPORT, export)
    day = export.finished_at.date().isoformat() if export.finished_at else ""
    return stored_file(export.file, content_type="application/zip", as_attachment=True,
                       filename=f"{export.setting.slug}-export-{day}.zip")
