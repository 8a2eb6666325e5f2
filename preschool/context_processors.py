from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from preschool.registry import account_menu_items, manage_nav_items, nav_items


def portal(request):
    """The navigation of the person's role in the current setting, and the setting switcher."""
    membership = getattr(request, "membership", None)
    nav, manage = [], []
    if membership is not None:
        nav.append((_("Home"), reverse("home")))
        if membership.can_view_all_children:
            nav.append((_("Children"), reverse("child-list")))
        else:
            nav.append((_("My children"), reverse("child-list")))
        nav.extend(nav_items(membership))
        manage.extend(manage_nav_items(membership))
        if membership.can_manage_staff:
            manage.append((_("People"), reverse("people-list")))
        if membership.can_view_audit_log:
            manage.append((_("Audit log"), reverse("audit-log")))
    user = getattr(request, "user", None)
    return {
        "site_name": settings.SITE_NAME,
        # The switcher names each language in its own words, whatever the page's language.
        "interface_languages": settings.LANGUAGES,
        "account_menu_items": account_menu_items(user)
        if user is not None and user.is_authenticated else [],
        "nav_items": nav,
        "manage_nav_items": manage,
        "current_setting": getattr(request, "setting", None),
        "current_membership": membership,
        "other_memberships": [m for m in getattr(request, "memberships", [])
                              if m is not membership],
    }
