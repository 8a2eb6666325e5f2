"""Events pages, their calendar files and the families' calendar feeds. Every view starts
with an access helper (events.permissions) or ``require_perm``; the feed alone is read
without signing in, by its secret address."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, Sum
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from events import services
from events.forms import AnswerForm, EventForm
from events.models import CalendarFeed, Event, Rsvp
from events.permissions import access_event, access_event_to_manage
from families.access import children_heard_by
from preschool.lib.calendar import CalendarItem, calendar_bytes, calendar_response
from preschool.permissions import require_perm
from preschool.services import ServiceError
from preschool.tenancy import setting_scope

# The feed carries events from this long ago (a phone keeps what it has already).
FEED_PAST_DAYS = 90
PAST_EVENTS_SHOWN = 10


def _is_staff(request) -> bool:
    return bool(request.membership and request.membership.is_staff_member)


def _with_counts(events):
    going = Q(answers__status=Rsvp.Status.GOING)
    return events.annotate(
        adults_going=Sum("answers__adults", filter=going),
        children_going=Sum("answers__children", filter=going),
        waiting=Count("answers", filter=Q(answers__status=Rsvp.Status.WAITING)))


@login_required
@require_perm("events.list")
@require_GET
def event_list(request):
    """Upcoming events (staff: with how many are coming; families: with their answers), and
    the last few past ones. A fixed number of queries."""
    now = timezone.now()
    events = Event.objects.for_setting(request.setting)
    upcoming = events.upcoming(now)
    past = events.filter(ends_at__lt=now).order_by("-starts_at")[:PAST_EVENTS_SHOWN]
    context = {"section": "events"}
    if _is_staff(request):
        context.update(upcoming=_with_counts(upcoming), past=_with_counts(past))
        return render(request, "events/staff_list.html", context)
    children = list(children_heard_by(request.user, request.setting))
    if not children:  # a family member who hears of no child sees none of the setting's life
        upcoming, past = Event.objects.none(), Event.objects.none()
    answers = {}
    for rsvp in (Rsvp.objects.filter(event__in=upcoming, child__in=children)
                 .select_related("child")):
        answers.setdefault(rsvp.event_id, []).append(rsvp)
    upcoming = list(upcoming)
    for event in upcoming:
        event.my_answers = answers.get(event.pk, [])
    context.update(upcoming=upcoming, past=past)
    return render(request, "events/family_list.html", context)


@login_required
@require_perm("events.manage")
def event_new(request):
    """Staff add an event."""
    form = EventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            event = services.create_event(
                request.user, request.setting, kind=data["kind"], title=data["title"],
                description=data["description"], location=data["location"],
                starts_at=data["starts_at"], ends_at=data["ends_at"],
                asks_for_answers=data["asks_for_answers"], rsvp_by=data["rsvp_by"],
                capacity=data["capacity"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Added: families have been told."))
            return redirect("events-detail", event.uuid)
    return render(request, "events/new.html", {"form": form, "section": "events"})


@login_required
@require_GET
def event_detail(request, event_uuid):
    """An event. Staff see every answer; a family their own, and answers for their
    children while answers are open."""
    event = access_event(request, event_uuid)
    context = {"event": event, "section": "events",
               "places_taken": event.places_taken() if event.capacity else None}
    if _is_staff(request):
        answers = list(event.answers.select_related("child", "answered_by")
                       .order_by("status", "asked_at"))
        context.update(answers=answers,
                       going=[a for a in answers if a.status == Rsvp.Status.GOING],
                       waiting=[a for a in answers if a.status == Rsvp.Status.WAITING])
        return render(request, "events/staff_detail.html", context)
    children = list(children_heard_by(request.user, request.setting))
    mine = list(event.answers.filter(child__in=children).select_related("child"))
    unanswered = [c for c in children if c.pk not in {a.child_id for a in mine}]
    initial = {"child": str((unanswered or children)[0].uuid)} if children else {}
    context.update(answers=mine, form=AnswerForm(children=children, initial=initial),
                   open=event.answers_open())
    return render(request, "events/family_detail.html", context)


@login_required
@require_POST
def event_answer(request, event_uuid):
    """A family answers for one of their children."""
    event = access_event(request, event_uuid)
    if _is_staff(request):
        raise PermissionDenied  # staff see it; families confirm
    children = list(children_heard_by(request.user, request.setting))
    form = AnswerForm(request.POST, children=children)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("events-detail", event.uuid)
    data = form.cleaned_data
    try:
        rsvp = services.answer(request.user, event, child=data["child"], going=data["going"],
                               adults=data["adults"] or 0, children=data["children"] or 0)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, {
            Rsvp.Status.GOING: _("Thank you: your places are booked."),
            Rsvp.Status.WAITING: _("The event is full: you are on the waiting list, and we "
                                   "will tell you if a place comes free."),
            Rsvp.Status.NOT_GOING: _("Thank you for letting us know."),
        }[rsvp.status])
    return redirect("events-detail", event.uuid)


@login_required
@require_POST
def event_cancel(request, event_uuid):
    """Staff cancel an event (it stays on record, marked cancelled)."""
    event = access_event_to_manage(request, event_uuid)
    try:
        services.cancel_event(request.user, event)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Cancelled: those who answered have been told."))
    return redirect("events-detail", event.uuid)


def _item(event) -> CalendarItem:
    return CalendarItem(kind="event", uuid=event.uuid, summary=event.title,
                        starts=event.starts_at, ends=event.ends_at, location=event.location,
                        description=settings.SITE_URL + reverse("events-detail",
                                                                args=[event.uuid]),
                        cancelled=event.is_cancelled)


@login_required
@require_GET
def event_ics(request, event_uuid):
    """The event as a calendar file."""
    event = access_event(request, event_uuid)
    item = _item(event)
    return calendar_response(kind=item.kind, uuid=item.uuid, summary=item.summary,
                             starts=item.starts, ends=item.ends, location=item.location,
                             description=item.description, filename=event.title)


@login_required
@require_perm("events.calendar_feed")
def calendar_feed(request):
    """A family's private calendar address: made (or replaced) with a POST and shown once;
    only its hash is kept."""
    feed = CalendarFeed.objects.filter(setting=request.setting, user=request.user,
                                       revoked_at__isnull=True).first()
    context = {"feed": feed, "section": "feed"}
    if request.method == "POST":
        token = services.new_calendar_feed(request.user, request.setting)
        url = request.build_absolute_uri(reverse("events-feed-ics", args=[token]))
        context.update(feed_url=url, webcal_url="webcal://" + url.split("://", 1)[1],
                       feed=True)
    return render(request, "events/feed.html", context)


@login_required
@require_POST
@require_perm("events.calendar_feed")
def calendar_feed_revoke(request):
    """Stop the family's calendar address working."""
    if services.revoke_calendar_feed(request.user, request.setting):
        messages.success(request, _("Your calendar address no longer works. Remove the "
                                    "calendar from your phone, or make a new address."))
    return redirect("events-feed")


@require_GET
def calendar_feed_ics(request, token):
    """The setting's events for a family's phone calendar, by the feed's secret address
    (no sign-in). Titles, times and places only: nothing about a child, so a leaked address
    leaks the setting's calendar and no more. 404 once revoked, or once the person no longer
    hears of a child of the setting."""
    feed = services.feed_for(token)
    if feed is None:
        raise Http404
    with setting_scope(feed.setting):
        if not children_heard_by(feed.user, feed.setting).exists():
            raise Http404
        since = timezone.now() - timedelta(days=FEED_PAST_DAYS)
        events = Event.objects.for_setting(feed.setting).filter(ends_at__gte=since)
        body = calendar_bytes((_item(e) for e in events), name=feed.setting.name)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response
