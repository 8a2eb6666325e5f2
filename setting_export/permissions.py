"""Who may export the whole setting, and the access helper of an export.

An export holds every record of every child of the setting: only those who manage the
setting may ask for one or download it, after giving their password again (the views use
allauth's ``reauthentication_required``).
"""

import rules
from django.http import Http404

from preschool.permissions import capability, parse_uuid
from setting_export.models import SettingExport

exports_setting_data = capability("can_manage_setting", "setting_export")

rules.add_perm("setting_export.export", exports_setting_data)


def access_export(request, export_uuid) -> SettingExport:
    """An export of the current setting, for a person who may export its data (the view
    checks ``setting_export.export`` first: 403 for anyone else in the setting). Another
    setting's export, or a forged id, is 404, the same as a missing one."""
    export = (SettingExport.objects.filter(setting=request.setting,
                                           uuid=parse_uuid(export_uuid))
              .select_related("requested_by", "setting").first())
    if export is None:
        raise Http404
    return export
