"""How long each kind of record is kept: the defaults of a setting's retention schedule.

The periods and reasons are those of the reference the portal ships
(shared reference, "How long records are kept"): UK GDPR sets no periods; each provider
decides and must be able to justify them. A manager may change a period for their setting,
with the reason recorded (``retention.models``); a record under a legal hold is kept
whatever its period. This module is the one place the defaults live.
"""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class Basis(models.TextChoices):
    """From when a period runs."""

    AFTER_LEAVING = "after_leaving", _("after the child leaves")
    AFTER_BIRTH = "after_birth", _("after the child's birth")
    AFTER_OUTCOME = "after_outcome", _("after the outcome")
    AFTER_CLOSING = "after_closing", _("after it closes")
    AFTER_ENTRY = "after_entry", _("after the entry")
    AFTER_LAST_LINK = "after_last_link", _("after the last link with the setting ended")
    AFTER_EXPIRY = "after_expiry", _("after it expired")


class Action(models.TextChoices):
    ERASE = "erase", _("erased")
    ANONYMISE = "anonymise", _("anonymised (kept for statistics without names)")


@dataclass(frozen=True)
class Period:
    basis: str
    years: int = 0
    months: int = 0
    days: int = 0


@dataclass(frozen=True)
class RecordType:
    key: str
    label: "StrOrPromise"
    default: Period
    why: "StrOrPromise"
    action: str = Action.ERASE


SCHEDULE: tuple[RecordType, ...] = (
    RecordType(
        "child_record", _("Child's record (details, adults, All About Me, registration, "
                          "consents, diary, boards)"),
        Period(Basis.AFTER_LEAVING, years=3),
        _("EYFS: a reasonable period after the child leaves; commonly 3 years, until after "
          "the next Ofsted inspection."), Action.ANONYMISE),
    RecordType(
        "attendance", _("Registers and attendance, daily records"),
        Period(Basis.AFTER_LEAVING, years=3),
        _("EYFS: a reasonable period after the child leaves; commonly 3 years.")),
    RecordType(
        "medication", _("Medication permissions and doses"),
        Period(Basis.AFTER_BIRTH, years=21, months=3),
        _("Limitation Act 1980: a child can claim for injury until 3 years after turning "
          "18.")),
    RecordType(
        "accidents", _("Accidents, incidents, injuries seen on arrival"),
        Period(Basis.AFTER_BIRTH, years=21, months=3),
        _("Limitation Act 1980: a child can claim for injury until 3 years after turning "
          "18.")),
    RecordType(
        "serious", _("Records of a serious injury, long-term medication or severe allergy"),
        Period(Basis.AFTER_BIRTH, years=25),
        _("Insurers' common requirement.")),
    RecordType(
        "safeguarding", _("Safeguarding: restrictions, concerns, flagged messages, "
                          "child-protection records"),
        Period(Basis.AFTER_BIRTH, years=25),
        _("Common practice for child-protection records.")),
    RecordType(
        "journal", _("Learning journal (observations, photos, videos, comments)"),
        Period(Basis.AFTER_LEAVING, days=90),
        _("The journal belongs to the child: it is handed to the family as a keepsake when "
          "the child leaves; comparable services erase it 90 days after.")),
    RecordType(
        "progress_check", _("Progress check at two (the setting's copy)"),
        Period(Basis.AFTER_LEAVING, years=3),
        _("Given to the family; the setting keeps its copy as long as the child's record.")),
    RecordType(
        "complaints", _("Complaints record"),
        Period(Basis.AFTER_OUTCOME, years=3),
        _("EYFS: a written record of complaints and their outcomes, for Ofsted.")),
    RecordType(
        "messages", _("Messages and news"),
        Period(Basis.AFTER_LEAVING, years=3),
        _("As the child's record; messages flagged to the safeguarding lead are kept as "
          "safeguarding records.")),
    RecordType(
        "questionnaires", _("Questionnaire answers"),
        Period(Basis.AFTER_CLOSING, years=3),
        _("No statutory period; 3 years after the questionnaire closes.")),
    RecordType(
        "accounts", _("Accounts of people with no current link (families and staff who "
                      "left)"),
        Period(Basis.AFTER_LAST_LINK, years=3),
        _("Data minimisation: personal data is erased 3 years after the last link ended, "
          "unless a record still needs the name."), Action.ANONYMISE),
    RecordType(
        "audit", _("Audit trail (changes, and who looked at records)"),
        Period(Basis.AFTER_ENTRY, years=6),
        _("Evidence of who saw and changed records.")),
    RecordType(
        "invitations", _("Invitations not accepted"),
        Period(Basis.AFTER_EXPIRY, days=90),
        _("No further purpose.")),
)

BY_KEY = {record_type.key: record_type for record_type in SCHEDULE}

# Families are told to download the keepsake this many days before the journal is erased,
# and again a week before; the manager has the list of what will be erased two weeks ahead.
KEEPSAKE_NOTICE_DAYS = (60, 7)
MANAGER_NOTICE_DAYS = 14
