"""A setting's retention schedule as it stands, and its legal holds, read once each.

``schedule_of(setting)`` reads every record type's current period in one query: the
setting's latest rule of each type, or the default of ``retention.schedule``.
``holds_of(setting)`` reads the holds in force in one query, as the ``Holds`` the erasers
take (``retention.erasers``: what is under a hold is never found, never erased).
"""

import calendar
import importlib
from dataclasses import dataclass
from datetime import date, timedelta
from types import ModuleType

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from retention.models import LegalHold, RetentionRule
from retention.schedule import BY_KEY, SCHEDULE, Action, Basis, Period, RecordType


def erasers() -> ModuleType:
    """The module that finds and erases each record type's due records (its interface is in
    docs: ``Holds``, ``Batch``, ``find``, ``erase``, ``ERASABLE``)."""
    return importlib.import_module("retention.erasers")


@dataclass(frozen=True)
class CurrentPeriod:
    record_type: RecordType
    period: Period
    rule: RetentionRule | None  # the setting's latest change, None if it never changed

    @property
    def default_text(self) -> str:
        return describe(self.record_type.default)

    @property
    def action_label(self) -> str:
        return str(Action(self.record_type.action).label)

    @property
    def is_default(self) -> bool:
        return self.rule is None or self.rule.is_default

    def text(self) -> str:
        """The rule as the erasure log and the managers' list state it."""
        period = describe(self.period)
        if self.is_default:
            text = _("%(period)s (the portal's default)") % {"period": period}
            if self.rule is not None:
                text += " " + _("Restored: %(reason)s") % {"reason": self.rule.reason}
            return text
        assert self.rule is not None
        return _("%(period)s (changed by the setting: %(reason)s)") % {
            "period": period, "reason": self.rule.reason}


def add_period(start: date, period: Period) -> date:
    """``start`` plus the period's years, months and days (the 29th of February, and the
    31st of a shorter month, fall on the month's last day)."""
    months = start.month - 1 + period.months + 12 * period.years
    year, month = start.year + months // 12, months % 12 + 1
    day = min(start.day, calendar.monthrange(year, month)[1])
    return date(year, month, day) + timedelta(days=period.days)


def subtract_period(end: date, period: Period) -> date:
    """The latest start whose period ends on or before ``end`` is no later than this day
    (used to bound a query; the exact test is ``add_period(start) <= end``)."""
    end = end - timedelta(days=period.days)
    months = end.month - 1 - period.months - 12 * period.years
    year, month = end.year + months // 12, months % 12 + 1
    day = min(end.day, calendar.monthrange(year, month)[1])
    return date(year, month, day)


def describe(period: Period) -> str:
    parts = []
    if period.years:
        parts.append(ngettext("%(count)d year", "%(count)d years", period.years)
                     % {"count": period.years})
    if period.months:
        parts.append(ngettext("%(count)d month", "%(count)d months", period.months)
                     % {"count": period.months})
    if period.days:
        parts.append(ngettext("%(count)d day", "%(count)d days", period.days)
                     % {"count": period.days})
    basis = dict(Basis.choices).get(period.basis, period.basis)
    return _("%(length)s %(basis)s") % {"length": ", ".join(parts), "basis": basis}


def schedule_of(setting) -> dict[str, CurrentPeriod]:
    """Every record type's current period for ``setting``, in one query."""
    latest: dict[str, RetentionRule] = {}
    rule: RetentionRule | None
    for rule in (RetentionRule.objects.filter(setting=setting)
                 .order_by("record_type", "-changed_at", "-pk")
                 .distinct("record_type")):
        latest[rule.record_type] = rule
    current = {}
    for record_type in SCHEDULE:
        rule = latest.get(record_type.key)
        if rule is None or rule.is_default:
            period = record_type.default
        else:
            period = Period(record_type.default.basis, rule.years, rule.months, rule.days)
        current[record_type.key] = CurrentPeriod(record_type, period, rule)
    return current


def period_for(setting, record_type: str) -> Period:
    """The period of one record type for ``setting``: its latest rule, or the default."""
    if record_type not in BY_KEY:
        raise KeyError(record_type)
    return schedule_of(setting)[record_type].period


def holds_of(setting):
    """The holds in force in ``setting``, as ``retention.erasers.Holds`` (one query)."""
    return LegalHold.holds_of(setting)
