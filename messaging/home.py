"""Messages in the navigation (with the unread count) and on a child's page."""

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from messaging import reads
from preschool.registry import HomeSection

# An envelope: on a wide screen the navigation shows it in place of the word, so that a
# manager's navigation stays on one line (the word is still read out).
ENVELOPE = ('<svg class="nav-icon" viewBox="0 0 16 16" aria-hidden="true" focusable="false">'
            '<path fill="none" stroke="currentColor" stroke-width="1.5" stroke-linejoin="round" '
            'd="M1.5 3.5h13v9h-13z M1.5 3.5l6.5 5 6.5-5"/></svg>')


def nav_label(unread: int) -> SafeString:
    """"Messages", with how many conversations hold a message not read."""
    badge = format_html(' <span class="badge rounded-pill text-bg-light">{}<span '
                        'class="visually-hidden"> {}</span></span>', unread,
                        _("unread")) if unread else ""
    return format_html('{}<span class="nav-icon-label">{}</span>{}',
                       SafeString(ENVELOPE), _("Messages"), badge)


def nav(membership) -> list[tuple[str, str]]:
    """Messages for every role, with the unread count (one query)."""
    if not (membership.is_staff_member or membership.is_family):
        return []
    unread = reads.unread_total(membership.user, membership.setting)
    return [(nav_label(unread), reverse("messaging-inbox"))]


def child_section(request, child) -> list[HomeSection]:
    """The child's page: their conversations the person may read, and a link to write."""
    membership = request.membership
    if membership is None or not (membership.is_staff_member or membership.is_family):
        return []
    conversations = reads.conversations_of_child(child, request.user, request.setting)
    return [HomeSection("messaging/child_section.html", {
        "child": child, "conversations": conversations}, order=12, needs_attention=False)]
