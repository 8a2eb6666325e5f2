"""Who this person is to this child: the one place the portal answers it.

A person sees a child's records as staff of the child's setting (every child of it), or as
family: an adult linked to the child (``ChildAdult``) with the right to receive information
and no court or safeguarding restriction recorded on the link (``HEARS``), who holds an active
family membership of the setting (EYFS: parents have access to all records about their child,
subject to court orders and safeguarding; shared reference, "Records"). An adult linked without
that right, or with a restriction recorded, sees nothing, like anyone else, and is told
nothing: the pages and what the portal sends follow the one rule.

Each predicate about a person and a child is defined here, once. An app combines them with its
own capability in its permissions module (``is_staff_of_child & capability(
"can_record_attendance")``), so that a name means the same in every app. Who is a child's key
person is keyperson's to say (``keyperson.permissions.is_key_person_or_backup``).

Answers follow the portal's convention (docs/architecture.md, "Tenancy and access"): a child of
another setting, or one the person may not see, is 404, the same as a missing one; a child they
see but may not act on is 403.
"""

from dataclasses import dataclass, field

import rules
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from families.models import HEARS, Child, ChildAdult
from preschool.models import STAFF_ROLES, Role
from preschool.permissions import membership_in, memberships_of, parse_uuid

# A link of a carer (``is_carer_of_child``), for ``family_may_hear``: records to acknowledge go
# to adults with parental responsibility or who live with the child.
AS_CARER = Q(has_parental_responsibility=True) | Q(lives_with_child=True)



@dataclass
class _Known:
    """What the request knows of a person's links: kept on the user object, the one cache."""

    links: dict = field(default_factory=dict)  # child id: the link (link_of), or None
    children: dict = field(default_factory=dict)  # setting id: the family's children's ids


def _known(user) -> _Known:
    return user.__dict__.setdefault("_family_links", _Known())


def _read_family(user, setting_id) -> list:
    """The links of ``user`` with the right to information to children of the setting, each
    with its child and the child's room (a family has a handful: one query); then known."""
    links = list(ChildAdult.objects.filter(HEARS, user=user,
                                           child__setting_id=setting_id)
                 .select_related("child__room"))
    known = _known(user)
    known.links.update((link.child_id, link) for link in links)
    known.children[setting_id] = {link.child_id for link in links}
    return links


def link_of(user, child):
    """The ChildAdult linking ``user`` to ``child`` with the right to receive information, or
    None. A child not yet known has the person's links in the child's setting read again (one
    query, however many children a page asks about; a link made since is then seen)."""
    if not getattr(user, "is_authenticated", False):
        return None
    known = _known(user)
    if child.pk not in known.links:
        _read_family(user, child.setting_id)
        known.links.setdefault(child.pk, None)
    return known.links[child.pk]


def family_child_ids(user, setting) -> set[int]:
    """Ids of the children of ``setting`` that ``user`` sees as family: linked with the right to
    receive information, with an active family membership of the setting. Read once per user
    object and setting (``access_child`` reads them with the child)."""
    membership = membership_in(user, setting)
    if membership is None or not membership.is_family:
        return set()
    known = _known(user)
    if setting.pk not in known.children:
        _read_family(user, setting.pk)
    return known.children[setting.pk]


def _membership(user, child):
    """The person's active membership of the child's setting, or None."""
    if not getattr(user, "is_authenticated", False):
        return None
    return memberships_of(user).get(child.setting_id)


@rules.predicate
def is_staff_of_child(user, child):
    """A member of staff of the child's setting (staff see every child of their setting)."""
    membership = _membership(user, child)
    return bool(membership and membership.is_staff_member)


@rules.predicate
def is_manager_of_child(user, child):
    """A manager of the child's setting."""
    membership = _membership(user, child)
    return bool(membership and membership.can_manage_setting)


@rules.predicate
def is_informed_family(user, child):
    """The child's family: a family member of the setting, linked to the child with the right
    to receive information."""
    membership = _membership(user, child)
    return bool(membership and membership.is_family and link_of(user, child) is not None)


@rules.predicate
def has_parental_responsibility(user, child):
    """The child's informed family, with parental responsibility (consents, passwords)."""
    return bool(is_informed_family(user, child)
                and link_of(user, child).has_parental_responsibility)


@rules.predicate
def is_carer_of_child(user, child):
    """The child's informed family, with parental responsibility or living with the child (a
    foster carer changes the record and signs the medication record too)."""
    if not is_informed_family(user, child):
        return False
    link = link_of(user, child)
    return link.has_parental_responsibility or link.lives_with_child


def family_may_hear(user, child, *, link=None) -> bool:
    """Whether an email about ``child`` may still go to ``user`` when it is sent (reminders are
    delivered later than they are scheduled): an active account, still linked to the child with
    the right to receive information (and, with ``link``, by a link that also matches it, such
    as ``AS_CARER``), still a member of the child's setting. Reads the database afresh:
    no cache."""
    if user is None or not user.is_active:
        return False
    links = child.adults.filter(HEARS, user=user)
    return (links.filter(link or Q()).exists()
            and user.memberships.active().filter(setting=child.setting_id).exists())


def _visible_child(user, setting, child_uuid):
    """The child of ``setting`` with this UUID that ``user`` may see, with its room; or None.

    Staff read the child; a family reads its links to the setting's children afresh (with each
    child), which then answers ``link_of`` and ``family_child_ids`` for the rest of the request.
    """
    membership = membership_in(user, setting)
    if membership is None:
        return None
    if membership.can_view_all_children:
        return (Child.objects.filter(setting=setting, uuid=child_uuid)
                .select_related("room").first())
    if not membership.is_family:
        return None
    return next((link.child for link in _read_family(user, setting.pk)
                 if link.child.uuid == child_uuid), None)


def access_child(request, child_uuid, perm=None, *, allow_left=False):
    """The child with this UUID in the current setting, if the person may see them; else 404.

    Staff of the setting see every child of it; a parent or carer only a child they are linked
    to with the right to receive information. With ``perm``, the person must also hold it on
    the child, and the child must not have left (their record is then read-only) unless
    ``allow_left``: 403 otherwise. One query, the child with their room.
    """
    child = _visible_child(request.user, request.setting, parse_uuid(child_uuid))
    if child is None:
        raise Http404("No such child.")
    child.setting = request.setting  # the child is of the current setting: no join for it
    if perm is None:
        return child
    if (child.has_left and not allow_left) or not rules.has_perm(perm, request.user, child):
        raise PermissionDenied
    return child


def hearing_links(children):
    """The links through which family members may be told about ``children`` (a queryset,
    children or their ids): the right to receive information and no court or safeguarding
    restriction recorded on the link. The family side of ``who_may_hear``, its one definition."""
    ids = children if hasattr(children, "query") else [getattr(c, "pk", c) for c in children]
    return ChildAdult.objects.filter(HEARS, child__in=ids)


def _hears_here(setting_id, children) -> Q:
    """An active member of the setting: staff, or family through a ``hearing_links`` link to
    one of ``children``. One Q, so that every condition on ``memberships`` is about the same
    membership (use it in one ``filter()``)."""
    here = Q(memberships__setting_id=setting_id, memberships__ended_at__isnull=True)
    staff = Q(memberships__role__in=STAFF_ROLES)
    family = Q(memberships__role=Role.PARENT, child_links__in=hearing_links(children))
    return here & (staff | family)


def who_may_hear(child, users) -> set[int]:
    """Of ``users`` (users or their ids), the ids of those who may be told about ``child``
    now: staff of the child's setting, and the child's family - adults linked with the right
    to receive information and no court or safeguarding restriction recorded on the link -
    each with an active membership of the setting and an active account. One query.

    For what the portal sends about a child (notifications, messages, posts): a family
    member under a restriction hears nothing, even where the link still grants information.
    """
    return set(languages_of_who_may_hear(child, users))


def languages_of_who_may_hear(child, users) -> dict[int, str]:
    """``who_may_hear``, with each one's preferred language (``preschool.i18n``), for text
    made in the language of each person told. One query."""
    ids = {getattr(user, "pk", user) for user in users}
    if not ids:
        return {}
    return dict(get_user_model().objects
                .filter(_hears_here(child.setting_id, [child]), pk__in=ids, is_active=True)
                .values_list("pk", "preferred_language").distinct())


def children_heard_of(user, setting):
    """The children of ``setting`` (those who have left included) that ``user`` may be told
    about as family, by the rule of ``who_may_hear``: an active family membership of the
    setting and a ``hearing_links`` link (a QuerySet; none for staff or strangers)."""
    membership = membership_in(user, setting)
    if membership is None or not membership.is_family or not user.is_active:
        return Child.objects.none()
    return (Child.objects.filter(setting=setting)
            .filter(pk__in=hearing_links(Child.objects.filter(setting=setting))
                    .filter(user=user).values("child_id")))


def children_heard_by(user, setting):
    """The current children of ``setting`` that ``user`` may be told about as family
    (``children_heard_of``, without those who have left): what a family is shown of the
    setting's news and events."""
    return children_heard_of(user, setting).current()


def families_who_may_hear(setting, children):
    """The family members who may be told about any of ``children`` (a queryset of one
    setting's children, or their ids), by the rule of ``who_may_hear``: linked with the right
    to receive information and no restriction, an active family membership of ``setting`` and
    an active account. A queryset of users (one query when read), for what is told to many
    families at once (a post to a room or the whole setting, an event's reminders)."""
    setting_id = getattr(setting, "pk", setting)
    family = Q(memberships__setting_id=setting_id, memberships__ended_at__isnull=True,
               memberships__role=Role.PARENT, child_links__in=hearing_links(children))
    return get_user_model().objects.filter(family, is_active=True).distinct()
