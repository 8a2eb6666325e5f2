"""Policies every new setting starts with, as drafts the manager edits and then adopts.

Written for the portal (informed by the partnership policies of real pre-schools, in our own
words). ``ensure_default_policies`` is idempotent: a policy the setting already has (by its
``default_key``) is left exactly as it is, however it has been edited since.
"""

import calendar
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils import timezone

from complaints.constants import OFSTED, RECORD_KEPT_YEARS, RESPONSE_DAYS
from policies.constants import REVIEW_EVERY_MONTHS
from policies.models import Policy, PolicyVersion
from preschool.models import log_action

TEXTS = Path(__file__).resolve().parent / "default_texts"

DEFAULTS = [
    {"key": "partnership-with-parents",
     "title": "Working in partnership with parents and carers",
     "category": Policy.Category.PARTNERSHIP, "audience": Policy.Audience.EVERYONE},
    {"key": "complaints", "title": "Concerns and complaints",
     "category": Policy.Category.PARTNERSHIP, "audience": Policy.Audience.EVERYONE},
]


def default_text(key: str) -> str:
    """The text of a default policy, with the numbers and addresses that live in constants
    (the complaints policy quotes the 28 days and Ofsted's details from
    complaints/constants.py, so they cannot drift apart)."""
    text = (TEXTS / f"{key}.txt").read_text(encoding="utf-8")
    return text.format(
        response_days=RESPONSE_DAYS, record_kept_years=RECORD_KEPT_YEARS,
        ofsted_name=OFSTED["name"], ofsted_address=OFSTED["address"],
        ofsted_phone=OFSTED["phone"], ofsted_email=OFSTED["email"])


def _add_months(day, months: int):
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


@transaction.atomic
def ensure_default_policies(setting, actor=None, *, signed_by: tuple[str, str] | None = None):
    """Create the default policies ``setting`` does not have yet; returns those created.

    They are drafts for the manager to edit and adopt. With ``signed_by`` (chair, manager),
    as for the demo, they are published at once as adopted today.
    """
    existing = set(Policy.objects.filter(setting=setting).exclude(default_key="")
                   .values_list("default_key", flat=True))
    created = []
    for spec in DEFAULTS:
        if spec["key"] in existing:
            continue
        try:
            with transaction.atomic():
                policy = Policy.objects.create(
                    setting=setting, title=spec["title"], category=spec["category"],
                    audience=spec["audience"], default_key=spec["key"], created_by=actor)
        except IntegrityError:  # created at the same moment by another request
            continue
        version = PolicyVersion.objects.create(policy=policy, number=1,
                                               body=default_text(spec["key"]), created_by=actor)
        if signed_by is not None:
            today = timezone.localdate()
            version.adopted_on = today
            version.next_review_on = _add_months(today, REVIEW_EVERY_MONTHS)
            version.chair_name, version.manager_name = signed_by
            version.change_summary = "First version."
            version.published_at = timezone.now()
            version.save()
            policy.current_version = version
            policy.save(update_fields=["current_version"])
        log_action(actor, "policy.default_created", policy)
        created.append(policy)
    pairs = {p.default_key: p for p in Policy.objects.filter(
        setting=setting, default_key__in=[d["key"] for d in DEFAULTS])}
    if created and len(pairs) == len(DEFAULTS):
        pairs["partnership-with-parents"].related.add(pairs["complaints"])
    return created


def default_next_review(adopted_on):
    return _add_months(adopted_on, REVIEW_EVERY_MONTHS) if adopted_on else None

