"""Operations on people and memberships that have side effects (emails, audit)."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_scopes import scope

from preschool.lib.reminders import schedule
from preschool.models import (
    STAFF_ROLES,
    Invitation,
    KnownDevice,
    Membership,
    Role,
    log_action,
)
from preschool.registry import INVITATION_ACCEPTED, MEMBERSHIP_ENDED


class ServiceError(Exception):
    """A request that cannot be carried out; the message is shown to the person."""


def _schedule_invitation_email(invitation: Invitation) -> None:
    schedule("invitation", object_key=f"{invitation.uuid}:{invitation.sent_count}",
             recipient_email=invitation.email, setting=invitation.setting)


@transaction.atomic
def invite_person(actor, setting, *, email: str, role: str, full_name: str = "",
                  is_senco: bool = False, is_committee_member: bool = False) -> Invitation:
    """Invite someone to join ``setting`` in ``role``; the email goes out after commit."""
    email = email.strip().lower()
    if Membership.objects.active().filter(setting=setting, user__email__iexact=email).exists():
        raise ServiceError(_("%(email)s already has an account at %(setting)s.")
                           % {"email": email, "setting": setting})
    if Invitation.objects.pending().filter(setting=setting, email__iexact=email).exists():
        raise ServiceError(_("%(email)s has already been invited. You can send the invitation "
                             "again from the list of invitations.") % {"email": email})
    invitation = Invitation.objects.create(
        setting=setting, email=email, full_name=full_name.strip(), role=role, is_senco=is_senco,
        is_committee_member=is_committee_member, invited_by=actor, sent_count=1,
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    _schedule_invitation_email(invitation)
    log_action(actor, "invitation.sent", invitation,
               changes={"email": email, "role": role})
    return invitation


@transaction.atomic
def resend_invitation(actor, invitation: Invitation) -> Invitation:
    """Send the invitation again with a fresh expiry date (unless accepted or withdrawn)."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at or invitation.revoked_at:
        raise ServiceError(_("This invitation has been accepted or withdrawn; it cannot be sent "
                             "again. Send a new invitation instead."))
    invitation.sent_count += 1
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save(update_fields=["sent_count", "expires_at"])
    _schedule_invitation_email(invitation)
    log_action(actor, "invitation.resent", invitation)
    return invitation


@transaction.atomic
def revoke_invitation(actor, invitation: Invitation) -> None:
    if invitation.accepted_at:
        raise ServiceError(_("This invitation has already been accepted."))
    if invitation.revoked_at is None:
        invitation.revoke()
        log_action(actor, "invitation.revoked", invitation)


@transaction.atomic
def accept_invitation(user, invitation: Invitation) -> Membership:
    """Join the invitation's setting. Works once, for the address it was sent to."""
    if user.email.lower() != invitation.email.lower():
        raise ServiceError(_("This invitation was sent to %(email)s. Sign in with that "
                             "address to accept it.") % {"email": invitation.email})
    if Membership.objects.active().filter(user=user, setting=invitation.setting).exists():
        raise ServiceError(_("You already belong to %(setting)s.")
                           % {"setting": invitation.setting})
    if not invitation.claim(user):
        raise ServiceError(_("This invitation has already been used, has expired or was "
                             "withdrawn. Ask the setting to send you a new one."))
    membership = Membership.objects.create(
        user=user, setting=invitation.setting, role=invitation.role,
        is_senco=invitation.is_senco, is_committee_member=invitation.is_committee_member,
    )
    log_action(user, "invitation.accepted", invitation)
    # The hooks write the invitation's setting's rows, whatever scope the request is in (a
    # new account's has no setting; a member of another setting's is that one).
    with scope(setting=invitation.setting):
        for hook in INVITATION_ACCEPTED:
            hook(invitation, user)
    log_action(user, "membership.started", membership,
               changes={"role": membership.role})
    if hasattr(user, "_active_memberships"):
        del user._active_memberships
    return membership


def _other_active_managers(membership: Membership) -> bool:
    return (Membership.objects.active().for_setting(membership.setting)
            .filter(role=Role.MANAGER).exclude(pk=membership.pk).exists())


@transaction.atomic
def update_membership(actor, membership: Membership, *, role: str, job_title: str,
                      is_senco: bool, is_committee_member: bool,
                      is_safeguarding_lead: bool = False) -> Membership:
    if not membership.is_active:
        raise ServiceError(_("This person has left the setting; their role cannot be changed."))
    if (membership.role == Role.MANAGER and role != Role.MANAGER
            and not _other_active_managers(membership)):
        raise ServiceError(_("A setting needs at least one manager. Make someone else a manager "
                             "first."))
    if is_safeguarding_lead and role not in STAFF_ROLES:
        raise ServiceError(_("Only staff can be the designated safeguarding lead."))
    before = {"role": membership.role, "job_title": membership.job_title,
              "is_senco": membership.is_senco,
              "is_committee_member": membership.is_committee_member,
              "is_safeguarding_lead": membership.is_safeguarding_lead}
    after = {"role": role, "job_title": job_title, "is_senco": is_senco,
             "is_committee_member": is_committee_member,
             "is_safeguarding_lead": is_safeguarding_lead}
    changes = {k: [before[k], after[k]] for k in before if before[k] != after[k]}
    if changes:
        for field, value in after.items():
            setattr(membership, field, value)
        membership.save(update_fields=list(after))
        log_action(actor, "membership.changed", membership, changes=changes)
    return membership


@transaction.atomic
def end_membership(actor, membership: Membership) -> None:
    """Someone leaves the setting: they lose access; their account and records stay."""
    if not membership.is_active:
        raise ServiceError(_("This person has already left."))
    if membership.role == Role.MANAGER and not _other_active_managers(membership):
        raise ServiceError(_("A setting needs at least one manager. Make someone else a manager "
                             "first."))
    membership.end()
    for ended in MEMBERSHIP_ENDED:  # keyperson: the person's key children need a new one
        ended(membership)
    log_action(actor, "membership.ended", membership)


@transaction.atomic
def sign_in_from_device(user, token: str, *, browser: str, system: str,
                        ip_address: str | None) -> KnownDevice | None:
    """A sign-in of ``user`` from the browser holding ``token`` (preschool/devices.py).

    A device already known for the person: its ``last_seen`` moves, nothing else happens.
    A new one is recorded (only the token's hash) and audited, and the person is emailed
    after commit ("A new sign-in to your account"), unless it is the account's first device
    (just signed up from an invitation, or the first sign-in since devices were kept): there
    is nothing to compare it with.
    Returns the new device, or None for a known one.
    """
    now = timezone.now()
    token_hash = KnownDevice.hash_token(token)
    if KnownDevice.objects.filter(user=user, token_hash=token_hash).update(last_seen=now):
        return None
    first = not KnownDevice.objects.filter(user=user).exists()
    device, created = KnownDevice.objects.get_or_create(
        user=user, token_hash=token_hash,
        defaults={"browser": browser[:40], "system": system[:40], "ip_address": ip_address,
                  "first_seen": now, "last_seen": now})
    if not created:  # the same browser signing in twice at once
        return None
    log_action(user, "account.new_device", device, changes={"emailed": not first})
    if not first:
        schedule("account-new-device", object_key=str(device.pk), recipient_email=user.email,
                 recipient=user)
    return device


@transaction.atomic
def end_sessions(user, sessions) -> int:
    """Sign ``user``'s ``sessions`` (allauth's ``UserSession`` rows) out, and audit it. The
    sessions must be the person's own: the caller found them through the person."""
    sessions = [s for s in sessions if s.user_id == user.pk]
    for session in sessions:
        session.end()
    if sessions:
        log_action(user, "account.sessions_ended", user, label=user.email,
                   changes={"sessions": len(sessions)})
    return len(sessions)
