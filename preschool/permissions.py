"""Who may do what: shared predicates and access helpers.

Rights come from a person's active Membership in a setting (its capabilities) and, for
families, from their link to a child (families.access: who this person is to a child). Views
never compare role strings: they call an access helper, or use ``require_perm(<rule>)``. Rules
are tested with ``rules.has_perm`` rather than ``user.has_perm`` so that a superuser (an
operator of the portal) gets no right inside a setting from being a superuser.

Answers follow one convention (docs/architecture.md, "Tenancy and access"): an object of another
setting, or one the person may not see, is 404, the same as a missing one; a page or object the
person can see but may not change is 403.
"""

import uuid
from functools import wraps

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from preschool.models import Setting


def memberships_of(user) -> dict:
    """Active memberships of ``user`` keyed by setting id, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        from preschool.models import Membership

        cached = {m.setting_id: m for m in
                  Membership.objects.active().filter(user=user).select_related("setting")}
        for membership in cached.values():
            membership.user = user  # known: no query for ``membership.user``
        user._active_memberships = cached
    return cached


def membership_in(user, setting):
    if setting is None:
        return None
    return memberships_of(user).get(setting.pk)


def _setting_id(target):
    """The id of a setting, or of the setting an object (a child, a record) belongs to."""
    if target is None:
        return None
    return target.pk if isinstance(target, Setting) else target.setting_id


def capability(name: str, app: str = ""):
    """A predicate on (user, setting), or (user, object of a setting) such as a child: the
    person's membership of the setting has the capability ``name`` (a property of Membership,
    such as ``can_manage_staff``). ``app`` only names the predicate, for messages and
    debugging."""
    @rules.predicate(name=f"{app}_{name}" if app else name)
    def predicate(user, target):
        membership = memberships_of(user).get(_setting_id(target))
        return bool(membership and getattr(membership, name))
    return predicate


is_member = rules.predicate(lambda user, setting: membership_in(user, setting) is not None,
                            name="is_member")
is_staff_member = capability("is_staff_member")
can_manage_staff = capability("can_manage_staff")
can_invite_people = capability("can_invite_people")
can_view_audit_log = capability("can_view_audit_log")
can_view_all_children = capability("can_view_all_children")

rules.add_perm("preschool.view_setting", is_member)
rules.add_perm("preschool.manage_staff", can_manage_staff)
rules.add_perm("preschool.invite_people", can_invite_people)
rules.add_perm("preschool.view_audit_log", can_view_audit_log)
rules.add_perm("families.view_all_children", can_view_all_children)


def require_perm(perm: str):
    """View decorator: the person must hold ``perm`` in the current setting, else 403.

    The page exists for everyone in the setting (it is in the navigation of some roles), so a
    member without the right gets 403 rather than 404.
    """
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.setting is None or not rules.has_perm(perm, request.user, request.setting):
                raise PermissionDenied
            return view(request, *args, **kwargs)
        return wrapped
    return decorator


def parse_uuid(value) -> uuid.UUID:
    """A UUID from a URL, or 404: a forged id answers like a missing object."""
    try:
        return uuid.UUID(str(value))
    except ValueError:
        raise Http404 from None


def access_membership(request, membership_uuid, *, for_change: bool = True):
    """A membership of the current setting, for a person who may manage people there.

    Memberships of other settings are 404; a member of this setting without the right to
    manage people gets 403.
    """
    from preschool.models import Membership

    membership = (Membership.objects.for_setting(request.setting).select_related("user")
                  .filter(uuid=parse_uuid(membership_uuid)).first())
    if membership is None:
        raise Http404
    if for_change and not rules.has_perm("preschool.manage_staff", request.user,
                                         request.setting):
        raise PermissionDenied
    return membership


def access_invitation(request, invitation_uuid):
    """An invitation sent by the current setting, for a person who may invite people.

    Another setting's invitation is 404; a member without the right to invite gets 403.
    """
    from preschool.models import Invitation

    invitation = Invitation.objects.filter(setting=request.setting,
                                           uuid=parse_uuid(invitation_uuid)).first()
    if invitation is None:
        raise Http404
    if not rules.has_perm("preschool.invite_people", request.user, request.setting):
        raise PermissionDenied
    return invitation
