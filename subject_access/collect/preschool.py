"""The account, for an adult: who they are to the portal (name, email, phone, languages, how
they like to be contacted, when they joined and last signed in), their roles in the setting,
and the audit trail's lines of what they did and what was done to their account.

Withheld: what an audit line names and changes (the children and records staff worked on are
other people's data): only the action and when.
"""

from django.db.models import Q
from django.utils.translation import gettext

from preschool.models import AuditEvent, Membership
from subject_access.collect.rows import row, value
from subject_access.parts import Part

ACCOUNT = ("full_name", "email", "phone", "preferred_language", "preferred_contact_method",
           "preferred_format", "notification_frequency", "is_active", "date_joined",
           "last_login")


def for_adult(user, setting) -> Part:
    part = Part("account", gettext("Your account"))
    account = row(user, record_type="account")
    part.records.append({key: account[key] for key in account
                         if key.removesuffix("_display") in ACCOUNT or key == "record_type"})
    part.records += [row(m, skip=("user",), record_type="membership")
                     for m in Membership.objects.filter(user=user, setting=setting)]
    events = AuditEvent.objects.filter(Q(actor=user) | Q(object_type="preschool.User",
                                                         object_id=str(user.uuid)),
                                       setting=setting)
    part.records += [{"record_type": "audit_event", "action": e.action,
                      "by_you": e.actor_id == user.pk, "object_type": e.object_type,
                      "at": value(e.created_at), "ip_address": e.ip_address if
                      e.actor_id == user.pk else None} for e in events]
    if any(r.get("by_you") for r in part.records):
        part.withheld.append(gettext("What each line of the audit trail names and what it "
                                     "changed: the records worked on are other people's "
                                     "data."))
    return part
