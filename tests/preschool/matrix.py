"""Authorization matrix: the core's URLs."""

from datetime import timedelta

from django.utils import timezone

from preschool.models import Invitation, Role
from tests.authz import ALL, PERSONAS, expect


def _invitation(world):
    return Invitation.objects.create(
        setting=world.setting_a, email="new.parent@example.org", role=Role.PARENT,
        invited_by=world.users["manager"], expires_at=timezone.now() + timedelta(days=7))


def _parents_other_session(world):
    """A session of the parent's on another device: only the parent may sign it out."""
    from allauth.usersessions.models import UserSession

    from preschool.devices import session_reference

    session = UserSession.objects.create(user=world.users["parent"], ip="203.0.113.5",
                                         session_key="matrix-other-device-session", user_agent="")
    return {"reference": session_reference(session.session_key)}


# name: (method, kwargs builder, answers per persona)
MATRIX = {
    "home": ("get", None, ALL),
    "healthz": ("get", None, dict.fromkeys(PERSONAS, 200)),
    # The operators' monitoring only, by token or network, never a person's session
    # (tests/preschool/test_metrics.py).
    "metrics": ("get", None, dict.fromkeys(PERSONAS, 404)),
    "profile": ("get", None, ALL),
    "setting-switch": ("post", None, expect(302)),
    "language-switch": ("post", None, dict.fromkeys(PERSONAS, 302)),
    "people-list": ("get", None, expect(403, manager=200, other_setting=200)),
    "people-invite": ("get", None, expect(403, manager=200, other_setting=200)),
    "people-membership-edit": (
        "get", lambda w: {"membership_uuid": w.memberships["other_parent"].uuid},
        expect(403, manager=200, other_setting=404, superuser=404)),
    "people-membership-end": (
        "post", lambda w: {"membership_uuid": w.memberships["other_parent"].uuid},
        expect(403, manager=302, other_setting=404, superuser=404)),
    "people-invitation-resend": (
        "post", lambda w: {"invitation_uuid": _invitation(w).uuid},
        expect(403, manager=302, other_setting=404, superuser=404)),
    "people-invitation-revoke": (
        "post", lambda w: {"invitation_uuid": _invitation(w).uuid},
        expect(403, manager=302, other_setting=404, superuser=404)),
    # Signed in as someone else than the invitation's address: 403, nothing accepted.
    "invitation-accept": ("get", lambda w: {"token": _invitation(w).token},
                          expect(403, anonymous=302)),
    "audit-log": ("get", None, expect(403, manager=200, other_setting=200)),
    # Someone else's session answers like one that does not exist.
    "session-sign-out": ("post", _parents_other_session, expect(404, parent=302)),
}
# A superuser belongs to no setting: pages about "my setting" show how to get one, and
# per-setting permissions are refused.
MATRIX["people-list"][2]["superuser"] = 403
MATRIX["people-invite"][2]["superuser"] = 403
MATRIX["audit-log"][2]["superuser"] = 403


