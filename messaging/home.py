"""Messages in the navigation (with the unread count) and on a child's page."""

from django.urls import reverse

from messaging import reads
from preschool.registry import HomeSection


def nav(membership) -> list[tuple[str, str]]:
    """"Messages", with how many conversations hold a message not read (one query)."""
    if not (membership.is_staff_member or membership.is_family):
        return []
    unread = reads.unread_total(membership.user, membership.setting)
    label = f"Messages ({unread} unread)" if unread else "Messages"
    return [(label, reverse("messaging-inbox"))]


def child_section(request, child) -> list[HomeSection]:
    """The child's page: their conversations the person may read, and a link to write."""
    membership = request.membership
    if membership is None or not (membership.is_staff_member or membership.is_family):
        return []
    conversations = reads.conversations_of_child(child, request.user, request.setting)
    return [HomeSection("messaging/child_section.html", {
        "child": child, "conversations": conversations}, order=12, needs_attention=False)]
