"""Helpers for the news tests."""

from datetime import date

from news import services
from news.models import Post
from tests.learning_journal.factories import processed_photo


def post(world, *, audience=Post.Audience.FAMILIES, children=None, needs_acknowledgement=True,
         with_photo=False, children_shown=(), **kwargs) -> Post:
    """A published post by the manager; by default to Ava's family, asking to confirm."""
    if children is None and audience == Post.Audience.FAMILIES:
        children = [world.child]
    return services.create_post(
        world.users["manager"], world.setting_a, title=kwargs.pop("title", "Cake sale"),
        body=kwargs.pop("body", "Bring a cake on Friday."), audience=audience,
        children=children or [], needs_acknowledgement=needs_acknowledgement,
        photos=[processed_photo()] if with_photo else [],
        photo_description="Cakes on a table" if with_photo else "",
        children_shown=children_shown,
        no_child_in_photos=kwargs.pop("no_child_in_photos", with_photo and not children_shown),
        **kwargs)


def add_families(setting, n, *, room=None) -> list:
    """``n`` families in ``setting``: a child each (in ``room``), and a parent with an account,
    an active membership and the right to information. Made in a few INSERTs. Returns the
    parents."""
    import uuid

    from django.contrib.auth.hashers import make_password

    from families.models import Child, ChildAdult
    from preschool.models import Membership, Role, User

    tag = uuid.uuid4().hex[:8]
    password = make_password(None)
    users = User.objects.bulk_create(
        User(email=f"family-{tag}-{i}@example.org", full_name=f"Parent {i}", password=password)
        for i in range(n))
    Membership.objects.bulk_create(Membership(user=u, setting=setting, role=Role.PARENT)
                                   for u in users)
    children = Child.objects.bulk_create(
        Child(setting=setting, room=room, first_name=f"Child{i}", last_name=tag,
              date_of_birth=date(2023, 1, 1)) for i in range(n))
    ChildAdult.objects.bulk_create(
        ChildAdult(child=c, user=u, name=u.full_name, relationship="Mother",
                   has_parental_responsibility=True, may_receive_information=True,
                   lives_with_child=True) for c, u in zip(children, users, strict=True))
    return users
