"""A register row as the answer to a tap: the register's views and collection's (signing out at
the door) answer with it."""

from django.shortcuts import render
from django.urls import reverse

from attendance.register import build_rows

# The event a register tap's answer raises (HX-Trigger): the ratio banner reloads itself.
RATIO_CHANGED = "ratio-changed"


def register_url(room, selected=None) -> str:
    url = reverse("attendance-register", args=[room.uuid])
    return f"{url}?session={selected.uuid}" if selected is not None else url


def render_row(request, child, *, selected=None, error="", notice="", panel=None,
               records=None):
    """The register row of one child, for an htmx answer to a tap. The answer raises
    ``ratio-changed`` whatever happened, so the room's ratio banner reloads itself once this
    answer has arrived (one reload at a time, the latest queued): an answer computed earlier
    but arriving later cannot leave it stale.
    ``child`` must come with its room."""
    row = build_rows(request.setting, [child], selected=selected, records=records)[0]
    row.error, row.notice = error, notice
    context = {"row": row, "selected": selected, "room": child.room,
               "show_panel": panel is not None, **(panel or {})}
    response = render(request, "attendance/_row_response.html", context)
    response["HX-Trigger"] = RATIO_CHANGED
    return response
