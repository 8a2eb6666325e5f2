"""Creating and cancelling events, answering them, and the families' calendar feeds. Each
operation takes the acting user, runs in a transaction and is written to the audit trail.

Answers are taken one at a time for an event (its row is locked), so two families asking for
the last places cannot both get them: the later one joins the waiting list. A place given
back goes to the first on the waiting list whose party fits, and they are told.
"""

from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from events.models import CalendarFeed, Event, Rsvp, hash_token
from events.permissions import is_staff_member
from families.access import children_heard_by, families_who_may_hear
from families.models import Child
from notifications.models import Category
from notifications.services import notify
from preschool.models import log_action
from preschool.services import ServiceError

# How many people one answer may bring (a slip of the keyboard, not a rule).
MAX_PARTY = 10


def event_path(event) -> str:
    return reverse("events-detail", args=[event.uuid])


@transaction.atomic
def create_event(actor, setting, *, kind: str, title: str, description: str = "",
                 location: str = "", starts_at: datetime, ends_at: datetime,
                 asks_for_answers: bool = False, rsvp_by: date | None = None,
                 capacity: int | None = None) -> Event:
    """Staff add an event; the families of the setting are told (a notification each)."""
    if not is_staff_member(actor, setting):
        raise ServiceError(_("Only staff add events."))
    title = (title or "").strip()
    if not title:
        raise ServiceError(_("Give the event a title."))
    if kind not in Event.Kind.values:
        raise ServiceError(_("Choose what kind of event it is."))
    if ends_at < starts_at:
        raise ServiceError(_("The event must end after it starts."))
    if asks_for_answers:
        if rsvp_by is not None and rsvp_by > timezone.localdate(starts_at):
            raise ServiceError(_("The date to answer by must be before the event."))
    else:
        rsvp_by, capacity = None, None
    event = Event.objects.create(setting=setting, kind=kind, title=title,
                                 description=description.strip(), location=location.strip(),
                                 starts_at=starts_at, ends_at=ends_at,
                                 asks_for_answers=asks_for_answers, rsvp_by=rsvp_by,
                                 capacity=capacity, created_by=actor)
    log_action(actor, "event.created", event,
               changes={"starts_at": starts_at.isoformat(), "capacity": capacity})
    families = families_who_may_hear(setting, Child.objects.filter(setting=setting).current())
    notify(setting=setting, recipients=families.values_list("pk", flat=True),
           category=Category.EVENT,
           title=format_lazy(gettext_lazy("New event: {title}"), title=title),
           url=event_path(event))
    return event


@transaction.atomic
def cancel_event(actor, event) -> Event:
    """Staff cancel an event (kept, marked cancelled); those who answered are told."""
    if not is_staff_member(actor, event.setting):
        raise ServiceError(_("Only staff cancel events."))
    if event.is_cancelled:
        raise ServiceError(_("This event has already been cancelled."))
    event.cancelled_at, event.cancelled_by = timezone.now(), actor
    event.save(update_fields=["cancelled_at", "cancelled_by"])
    log_action(actor, "event.cancelled", event)
    answered = (families_who_may_hear(event.setting_id, Child.objects.filter(
        pk__in=event.answers.exclude(status=Rsvp.Status.NOT_GOING).values("child_id")))
        .values_list("pk", flat=True))
    notify(setting=event.setting, recipients=answered, category=Category.EVENT,
           title=format_lazy(gettext_lazy("Cancelled: {title}"), title=event.title),
           url=event_path(event))
    return event


@transaction.atomic
def answer(actor, event, *, child, going: bool, adults: int = 0, children: int = 0) -> Rsvp:
    """A family member answers for one of their children: coming (how many adults and
    children) or not. Beyond the capacity, the answer joins the waiting list; a place given
    back goes to the first on the list who fits."""
    if not children_heard_by(actor, event.setting).filter(pk=child.pk).exists():
        raise ServiceError(_("Choose one of your own children."))
    event = Event.objects.select_for_update().get(pk=event.pk)  # one answer at a time
    if not event.answers_open():
        raise ServiceError(_("Answers for this event are closed."))
    if going:
        if adults < 0 or children < 0 or adults + children < 1:
            raise ServiceError(_("Say how many adults and children are coming."))
        if adults + children > MAX_PARTY:
            raise ServiceError(_("Please answer for at most %(count)d people.")
                               % {"count": MAX_PARTY})
    else:
        adults = children = 0
    rsvp = Rsvp.objects.filter(event=event, child=child).first()
    now = timezone.now()
    was = rsvp.status if rsvp else None
    if rsvp is None:
        rsvp = Rsvp(event=event, child=child, asked_at=now)
    rsvp.adults, rsvp.children, rsvp.answered_by, rsvp.updated_at = adults, children, actor, now
    if not going:
        rsvp.status = Rsvp.Status.NOT_GOING
    elif event.capacity is None or (event.places_taken(excluding=rsvp if rsvp.pk else None)
                                    + rsvp.people <= event.capacity):
        rsvp.status = Rsvp.Status.GOING
    elif was == Rsvp.Status.GOING:
        left = event.capacity - event.places_taken(excluding=rsvp)
        raise ServiceError(ngettext("Only %(count)d place is left: your places are kept as "
                                    "they were.",
                                    "Only %(count)d places are left: your places are kept as "
                                    "they were.", left) % {"count": left})
    else:
        if was != Rsvp.Status.WAITING:
            rsvp.asked_at = now  # the waiting list's order: when they asked
        rsvp.status = Rsvp.Status.WAITING
    rsvp.save()
    log_action(actor, "event.answered", event,
               changes={"child": child.known_as, "status": rsvp.status, "adults": adults,
                        "children": children})
    if was == Rsvp.Status.GOING:
        _give_places(event)
    return rsvp


def _give_places(event) -> None:
    """Places given back go to those waiting, in order, whose party fits; they are told."""
    if event.capacity is None:
        return
    free = event.capacity - event.places_taken()
    for waiting in event.answers.filter(status=Rsvp.Status.WAITING).select_related("child"):
        if free <= 0:
            break
        if waiting.people <= free:
            waiting.status = Rsvp.Status.GOING
            waiting.save(update_fields=["status"])
            free -= waiting.people
            log_action(None, "event.place_given", event, setting=event.setting,
                       changes={"child": waiting.child.known_as})
            notify(setting=event.setting,
                   recipients=families_who_may_hear(event.setting_id, [waiting.child])
                   .values_list("pk", flat=True), child=waiting.child,
                   category=Category.EVENT,
                   title=format_lazy(gettext_lazy("A place is now free for {child}: {title}"),
                                     child=waiting.child.known_as, title=event.title),
                   url=event_path(event))


# --- Calendar feeds --------------------------------------------------------------------------

@transaction.atomic
def new_calendar_feed(actor, setting) -> str:
    """A new private calendar address for ``actor``; any earlier one stops working. Returns
    the token, shown once (only its hash is kept)."""
    if not children_heard_by(actor, setting).exists():
        raise ServiceError(_("Calendar feeds are for the families of the setting's children."))
    now = timezone.now()
    CalendarFeed.objects.filter(setting=setting, user=actor, revoked_at__isnull=True).update(
        revoked_at=now)
    token = CalendarFeed.new_token()
    CalendarFeed.objects.create(setting=setting, user=actor, token_hash=hash_token(token))
    log_action(actor, "calendar_feed.created", setting=setting)
    return token


@transaction.atomic
def revoke_calendar_feed(actor, setting) -> bool:
    """Stop ``actor``'s calendar address working. Returns whether there was one."""
    revoked = CalendarFeed.objects.filter(setting=setting, user=actor,
                                          revoked_at__isnull=True).update(
        revoked_at=timezone.now())
    if revoked:
        log_action(actor, "calendar_feed.revoked", setting=setting)
    return bool(revoked)


def feed_for(token: str):
    """The live feed with this token whose owner may still hear of a child of its setting,
    or None. Looked up by the token's hash: nothing to compare in time."""
    from django_scopes import scopes_disabled

    if not token or len(token) > 100:
        return None
    with scopes_disabled():  # the feed names its setting: nothing else is read here
        feed = (CalendarFeed.objects.filter(token_hash=hash_token(token),
                                            revoked_at__isnull=True)
                .select_related("setting", "user").first())
    if feed is None or not feed.user.is_active:
        return None
    return feed
