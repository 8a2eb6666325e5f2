"""The Django admin of the portal's operators."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig
from django_scopes import scopes_disabled


class PortalAdminSite(admin.AdminSite):
    """Operators look across settings, so every admin page runs with scopes disabled
    (preschool/tenancy.py). Only the portal's operators (``is_staff`` accounts) reach it;
    its lists show each row's setting and filter by it."""

    def admin_view(self, view, cacheable=False):
        return super().admin_view(scopes_disabled()(view), cacheable)


class PortalAdminConfig(AdminConfig):
    default_site = "preschool.admin_site.PortalAdminSite"
