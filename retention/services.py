"""Changes to a setting's retention schedule and legal holds: each one a new row (the history
is kept) and a line of the audit trail."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from preschool.models import log_action
from preschool.services import ServiceError
from retention.models import LegalHold, RetentionRule
from retention.schedule import BY_KEY


@transaction.atomic
def change_rule(user, setting, record_type: str, *, reason: str, back_to_default=False,
                years=0, months=0, days=0) -> RetentionRule:
    """A new period for ``record_type`` in ``setting`` (or back to the default), with the
    reason. The earlier rules stay: the latest wins."""
    if record_type not in BY_KEY:
        raise ServiceError(_("Unknown record type."))
    if back_to_default:
        years = months = days = 0
    rule = RetentionRule.objects.create(
        setting=setting, record_type=record_type, is_default=back_to_default, years=years,
        months=months, days=days, reason=reason, changed_by=user)
    log_action(user, "retention.rule_changed", rule, setting=setting,
               label=str(BY_KEY[record_type].label),
               changes={"record_type": record_type, "default": back_to_default,
                        "years": years, "months": months, "days": days, "reason": reason})
    return rule


@transaction.atomic
def place_hold(user, setting, *, reason: str, details: str, child=None, adult=None,
               record_label: str = "", record_uuid: str = "") -> LegalHold:
    """Keep a child's records, an adult's, or one record, whatever their periods."""
    hold = LegalHold.objects.create(
        setting=setting, child=child, user=adult, record_label=record_label,
        record_uuid=record_uuid, reason=reason, details=details, placed_by=user)
    log_action(user, "retention.hold_placed", hold, setting=setting, label=_hold_label(hold),
               changes={"reason": reason, "record": record_label})
    return hold


@transaction.atomic
def lift_hold(user, hold: LegalHold, *, lift_reason: str) -> LegalHold:
    """Lift a hold in force (a conditional update: lifted once)."""
    lifted = (LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True)

              .update(lifted_by=user, lifted_at=timezone.now(), lift_reason=lift_reason))
    if not lifted:
        raise ServiceError(_("This hold was already lifted."))
    hold.refresh_from_db()
    log_action(user, "retention.hold_lifted", hold, setting=hold.setting,
               label=_hold_label(hold), changes={"lift_reason": lift_reason})
    return hold


def _hold_label(hold) -> str:
    if hold.child_id:
        return f"Legal hold on {hold.child.full_name}"
    if hold.user_id:
        return f"Legal hold on {hold.user.full_name}"
    return f"Legal hold on {hold.record_label} {hold.record_uuid}"
