"""Who may do what: shared predicates and access helpers.

Rights come from a person's active Membership in a setting (its capabilities) and, for
families, from their link to a child. Views never compare role strings: they call an access
helper, or use ``require_perm(<rule>)``. Rules are tested with ``rules.has_perm`` rather than
``user.has_perm`` so that a superuser (an operator of the portal) gets no right inside a
setting from being a superuser.

Answers follow one convention (DESIGN.md, "Tenancy and access"): an object of another
setting, or one the person may not see, is 404, the same as a missing one; a page or object the
person can see but may not change is 403.
"""

import uuid
from functools import wraps

import rules
from django.core.exceptions import PermissionDenied
from django.http import Http404

from preschool.lib import sql


def memberships_of(user) -> dict:
    """Active memberships of ``user`` keyed by setting id, loaded once per user object."""
    if not getattr(user, "is_authenticated", False):
        return {}
    cached = getattr(user, "_active_memberships", None)
    if cached is None:
        from preschool.models import Membership

        cached = {m.setting_id: m for m in
                  Membership.objects.active().filter(user=user).select_related("setting")}
        user._active_memberships = cached
    return cached


def membership_in(user, setting):
    if setting is None:
        return None
    return memberships_of(user).get(setting.pk)


def _family_ids_sql(user, setting) -> tuple[str, list]:
    """A subquery and its parameters: the ids of the children of ``setting`` that ``user`` is
    linked to with the right to receive information, as one text (``sql.ids`` reads it)."""
    from families.models import Child, ChildAdult

    return f"""SELECT {sql.id_list("link.child_id")} FROM {sql.table(ChildAdult)} link
        JOIN {sql.table(Child)} linked ON linked.id = link.child_id
        WHERE link.user_id = %s AND link.may_receive_information = %s
        AND linked.setting_id = %s""", [user.pk, True, setting.pk]  # noqa: S608 (table names)


def _family_cache(user) -> dict:
    """``family_child_ids`` by setting id, kept on the user object for the request."""
    return user.__dict__.setdefault("_family_children", {})


def family_child_ids(user, setting) -> set[int]:
    """Ids of the children of ``setting`` that ``user`` is linked to as family with the right to
    receive information (an active family membership of the setting is needed too). Loaded once
    per user object and setting (``access_child`` loads them with the child)."""
    if setting is None or not getattr(user, "is_authenticated", False):
        return set()
    cache = _family_cache(user)
    if setting.pk not in cache:
        membership = membership_in(user, setting)
        if membership is None or not membership.is_family:
            cache[setting.pk] = set()
        else:
            subquery, params = _family_ids_sql(user, setting)
            cache[setting.pk] = set(sql.ids(sql.rows(f"SELECT ({subquery})", params)[0][0]))
    return cache[setting.pk]


def capability(name: str, app: str = ""):
    """A predicate on (user, setting): the person's membership of the setting has the
    capability ``name`` (a property of Membership, such as ``can_manage_staff``). ``app`` only
    names the predicate, for messages and debugging."""
    @rules.predicate(name=f"{app}_{name}" if app else name)
    def predicate(user, setting):
        membership = membership_in(user, setting)
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


def access_child(request, child_uuid):
    """The child with this UUID in the current setting, if the person may see them; else 404.

    Staff of the setting may see every child of it. A parent or carer may see a child only
    through a link with the right to receive information (a carer without it, or an adult
    under a court restriction recorded as such, gets 404 like anyone else).

    Every page of a child starts here, so it is one query in SQL: the child, their room and,
    for a family, the ids of the family's children (``family_child_ids``, then known for the
    rest of the request).
    """
    from families.models import Child, Room

    user, setting = request.user, request.setting
    membership = membership_in(user, setting)
    if membership is None:
        raise Http404("No such child.")
    load_family = membership.is_family and setting.pk not in _family_cache(user)
    family_sql, family_params = _family_ids_sql(user, setting) if load_family else ("", [])
    family_column = f", ({family_sql})" if load_family else ""
    query = f"""SELECT {sql.columns(Child, "c")}, {sql.columns(Room, "r")}{family_column}
        FROM {sql.table(Child)} c LEFT JOIN {sql.table(Room)} r ON r.id = c.room_id
        WHERE c.setting_id = %s AND c.uuid = %s"""  # noqa: S608 (table and column names only)
    found = sql.rows(query, [*family_params, setting.pk,
                             sql.prep(Child, "uuid", parse_uuid(child_uuid))])
    if not found:
        raise Http404("No such child.")
    row = found[0]
    if load_family:  # the family's children, whether or not this child is one of them
        _family_cache(user)[setting.pk] = set(sql.ids(row[-1]))
    child, room = sql.instances(row, Child, Room)
    if not (membership.can_view_all_children or child.pk in family_child_ids(user, setting)):
        raise Http404("No such child.")
    Child.room.field.set_cached_value(child, room)
    child.setting = setting  # the child is of the current setting: no join for it
    return child


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
