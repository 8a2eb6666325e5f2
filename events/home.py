"""The events part of the family home page (preschool.registry): the next few events, with
those still waiting for an answer. A fixed number of queries."""

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext as _

from events.models import Event, Rsvp
from families.access import children_heard_by
from preschool.registry import HomeSection

SHOWN = 3


def family_sections(request) -> list[HomeSection]:
    membership = request.membership
    if membership is None or not membership.is_family:
        return []
    children = children_heard_by(request.user, request.setting)
    events = list(Event.objects.for_setting(request.setting).upcoming().not_cancelled()
                  .filter(Exists(children))
                  .annotate(answered=Exists(Rsvp.objects.filter(event=OuterRef("pk"),
                                                                child__in=children)))[:SHOWN])
    if not events:
        return []
    return [HomeSection("events/sections/upcoming.html", {"events": events}, order=56,
                        needs_attention=False)]


def manage_nav(membership) -> list[tuple[str, str]]:
    """Managers' "Manage" menu (families and practitioners reach events from news)."""
    if membership.can_manage_setting:
        return [(_("Events"), reverse("events-list"))]
    return []
