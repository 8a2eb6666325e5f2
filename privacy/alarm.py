"""The bulk-access alarm: who reads far more children's records than their role's pattern.

In September 2025 a nursery group lost about 8,000 children's records through accounts that
could read them, and nobody noticed the bulk reading (privacy/constants.py). Every look at a
sensitive record is a ``families.RecordView`` row; this module counts them.

- Staff: the different children whose sensitive records a person read in the last
  ``window_minutes`` (``PrivacyOptions.of(setting)``). At the role's alert threshold the
  managers are told at once; at the pause threshold the membership is paused until a manager
  looks (``privacy.services.record_unusual_access``).
- Families see only their own children, so a family account is watched for being used from
  many places at once: different addresses in the window. An alert, never a pause.

When it runs:

1. After a page wrote looks (``on_looks_written``, registered with
   ``preschool.registry.register_looks_written``): at most once every ``CHECK_EVERY_SECONDS``
   a person, a ``privacy.tasks.check_person`` task is queued after commit, and a second one
   ``CHECK_EVERY_SECONDS`` later, which counts the looks the quiet period let through. The
   page pays one cache ``add``.
2. Every minute, beat's ``privacy.tasks.scan_recent_looks`` (``scan``): one aggregate query
   over the window for all settings finds who is over a threshold; each of them is checked.
   The backstop for a lost task, or a broker that was down.

A check (``check``) is idempotent: it recounts from the rows, and an open alert about the
person and kind is updated, never repeated. Looks made before a manager closed an alert about
the person do not count again.
"""

import logging
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import transaction
from django.db.models import Count, Max, Min, Q
from django.utils import timezone
from django_scopes import scopes_disabled

from families.models import RecordView
from preschool.models import Membership, Role, Setting
from privacy import constants
from privacy.models import AccessAlert, PrivacyOptions

log = logging.getLogger(__name__)

CHECK_EVERY_SECONDS = 15
CHECK_PERSON = "privacy.tasks.check_person"
Kind = AccessAlert.Kind


def thresholds(options: PrivacyOptions, role: str) -> tuple[int, int | None]:
    """(alert, pause) for a role: different children for staff; places for families (no
    pause)."""
    if role == Role.MANAGER:
        return options.manager_alert, options.manager_pause
    if role == Role.PRACTITIONER:
        return options.practitioner_alert, options.practitioner_pause
    return options.family_places_alert, None


def kind_for(membership: Membership) -> str:
    return Kind.MANY_CHILDREN if membership.is_staff_member else Kind.MANY_PLACES


def _counts(looks) -> dict:
    return looks.aggregate(
        children=Count("child", distinct=True),
        read_children=Count("child", distinct=True,
                            filter=~Q(object_type=constants.WHOLE_SETTING_EXPORT)),
        addresses=Count("ip_address", distinct=True))


def places(counts: dict) -> int:
    """How many places a family account was used from: different addresses. Several
    sessions from one address are one household's phone, tablet and laptop, not a stolen
    password or cookie, which are used from somewhere else."""
    return counts["addresses"] or 0


def check(setting: Setting, user_id: int, now: datetime | None = None) -> AccessAlert | None:
    """Count the person's looks in the window and raise, update or pause as the thresholds
    say. Runs in ``setting``'s scope; four queries when nothing is unusual. Returns the open
    alert about the person, if any."""
    from privacy import services

    now = now or timezone.now()
    membership = (Membership.objects.active().filter(setting=setting, user_id=user_id)
                  .select_related("user", "setting").first())
    if membership is None:
        return None
    options = PrivacyOptions.of(setting)
    kind = kind_for(membership)
    since = now - timedelta(minutes=options.window_minutes)
    # An episode a manager closed is over: its looks are not counted into a new one.
    closed = (AccessAlert.objects.filter(setting=setting, membership__user_id=user_id, kind=kind,
                                         closed_at__gt=since)
              .aggregate(last=Max("closed_at"))["last"])
    if closed is not None:
        since = closed
    counts = _counts(RecordView.objects.filter(setting=setting, viewer_id=user_id,
                                               at__gte=since, at__lte=now))
    alert_at, pause_at = thresholds(options, membership.role)
    count = counts["children"] if kind == Kind.MANY_CHILDREN else places(counts)
    if count < alert_at:
        return None
    # A whole-setting export (behind a fresh sign-in, and audited) tells the managers, but
    # does not pause its maker: only the children read otherwise count towards a pause.
    pause = (pause_at is not None and kind == Kind.MANY_CHILDREN
             and counts["read_children"] >= pause_at)
    return services.record_unusual_access(
        membership, kind, count=count, threshold=alert_at, options=options, since=since,
        pause=pause)


def lowest_thresholds() -> tuple[int, int]:
    """The lowest children and places thresholds of any setting (or the defaults): one
    query. Below both, nobody needs a closer look."""
    with scopes_disabled():
        lowest = PrivacyOptions.objects.aggregate(
            practitioner=Min("practitioner_alert"), manager=Min("manager_alert"),
            places=Min("family_places_alert"))
    children = min(constants.PRACTITIONER_ALERT, constants.MANAGER_ALERT,
                   lowest["practitioner"] or constants.PRACTITIONER_ALERT,
                   lowest["manager"] or constants.MANAGER_ALERT)
    return children, min(constants.FAMILY_PLACES_ALERT,
                          lowest["places"] or constants.FAMILY_PLACES_ALERT)


def longest_window() -> int:
    with scopes_disabled():
        longest = PrivacyOptions.objects.aggregate(longest=Max("window_minutes"))["longest"]
    return max(constants.WINDOW_MINUTES, longest or 0)


def candidates(now: datetime | None = None) -> list[tuple[int, int]]:
    """(setting id, user id) of everyone whose looks in the longest window reach the lowest
    threshold anywhere, in every setting: three queries, whatever the number of settings and
    looks. Each is then checked against their own setting's options (``check``)."""
    now = now or timezone.now()
    children_at, places_at = lowest_thresholds()
    since = now - timedelta(minutes=longest_window())
    with scopes_disabled():
        rows = (RecordView.objects.filter(at__gte=since, at__lte=now)
                .values("setting", "viewer")
                .annotate(children=Count("child", distinct=True),
                          addresses=Count("ip_address", distinct=True))
                .filter(Q(children__gte=children_at) | Q(addresses__gte=places_at))
                .order_by("setting", "viewer"))
        return [(row["setting"], row["viewer"]) for row in rows]


def scan(now: datetime | None = None) -> int:
    """Check everyone ``candidates`` finds, each in their setting's scope. Returns how many
    open alerts there are about them."""
    from preschool.tenancy import setting_scope

    found = candidates(now)
    if not found:
        return 0
    with scopes_disabled():
        settings_by_id = Setting.objects.in_bulk({setting_id for setting_id, _ in found})
    alerts = 0
    for setting_id, user_id in found:
        with setting_scope(settings_by_id[setting_id]):
            alerts += check(settings_by_id[setting_id], user_id, now) is not None
    return alerts


def on_looks_written(request, looks) -> None:
    """After a page wrote looks: queue a check of the person, at most once every
    ``CHECK_EVERY_SECONDS`` (one cache ``add``), and once more when the quiet period ends.
    With no broker (``make run``: tasks run in the request, and there is neither a later
    check nor beat's scan) every such page checks."""
    from preschool.celery import app

    membership = getattr(request, "membership", None)
    if membership is None:
        return
    setting_id, user_id = membership.setting_id, request.user.pk
    if (not app.conf.task_always_eager
            and not cache.add(f"privacy-check:{setting_id}:{user_id}", 1, CHECK_EVERY_SECONDS)):
        return
    transaction.on_commit(lambda: queue_checks(setting_id, user_id))


def queue_checks(setting_id: int, user_id: int) -> None:
    """Queue a check of the person now and one ``CHECK_EVERY_SECONDS`` later. A broker that
    is down is logged, and the page answers at its normal speed: beat's scan checks them."""
    from preschool.celery import app, queue_of
    from preschool.lib import reminders

    # By name: privacy.tasks imports this module.
    task = app.tasks[CHECK_PERSON]
    args = (setting_id, user_id)
    if app.conf.task_always_eager:  # no broker (make run): in-process, after every page
        task.apply(args=args)
        return
    try:
        # The reminders' connection, tried once and briefly.
        with reminders._broker_connection() as connection:
            for countdown in (0, CHECK_EVERY_SECONDS):
                task.apply_async(args, countdown=countdown, connection=connection,
                                 queue=queue_of(CHECK_PERSON))
    except Exception:  # kombu raises several types for an unreachable broker
        log.warning("Could not queue the access check of %s; beat will do it.", user_id,
                    exc_info=True)
