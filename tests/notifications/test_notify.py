"""notifications.services.notify: only people who may hear of the child get a notification,
whatever the caller asks; a query on notifications outside a setting's scope raises."""

import pytest
from django_scopes import scope, scopes_disabled
from django_scopes.exceptions import ScopeError

from families.access import who_may_hear
from notifications.models import Category, Notification
from notifications.services import notify
from tests.factories import ChildAdultFactory, MembershipFactory, UserFactory


def _everyone(world):
    return list(world.users.values())


def test_about_a_child_only_staff_and_the_informed_family_are_told(world):
    with scope(setting=world.setting_a):
        made = notify(setting=world.setting_a, recipients=_everyone(world),
                      category=Category.MESSAGE, title="A new message about Ava",
                      url="/somewhere/", child=world.child)
    told = {n.recipient for n in made}
    assert told == {world.users[p] for p in ("manager", "key_person", "practitioner", "parent")}


def test_an_adult_under_a_restriction_hears_nothing_even_with_the_right_to_information(world):
    restricted = UserFactory(full_name="Ray Restricted")
    MembershipFactory(user=restricted, setting=world.setting_a, role="parent")
    ChildAdultFactory(child=world.child, user=restricted, relationship="Father",
                      may_receive_information=True, restriction="Court order: no contact.")
    assert who_may_hear(world.child, [restricted, world.users["parent"]]) == {
        world.users["parent"].pk}


def test_an_ended_membership_or_a_closed_account_hears_nothing(world):
    world.memberships["parent"].end()
    world.users["key_person"].is_active = False
    world.users["key_person"].save()
    assert who_may_hear(world.child, _everyone(world)) == {
        world.users["manager"].pk, world.users["practitioner"].pk}


def test_without_a_child_only_active_members_of_the_setting_are_told(world):
    with scope(setting=world.setting_a):
        made = notify(setting=world.setting_a, recipients=_everyone(world),
                      category=Category.POST, title="Sports day", url="/news/")
    assert world.users["other_setting"] not in {n.recipient for n in made}
    assert len(made) == 6  # the three staff and three families of Acorn


def test_three_queries_however_many_are_told(world, django_assert_num_queries):
    with scope(setting=world.setting_a), django_assert_num_queries(3):
        notify(setting=world.setting_a, recipients=_everyone(world), category=Category.POST,
               title="Sports day", url="/news/")


def test_an_unknown_category_is_refused(world):
    with pytest.raises(ValueError):
        notify(setting=world.setting_a, recipients=[world.users["parent"]], category="gossip",
               title="?", url="/")


def test_notifications_are_read_only_inside_a_scope(world):
    with scope(setting=world.setting_a):
        notify(setting=world.setting_a, recipients=[world.users["parent"]],
               category=Category.POST, title="Sports day", url="/news/")
    with scope(), pytest.raises(ScopeError):  # scope(): no setting's scope, none disabled
        list(Notification.objects.all())
    with scope(setting=world.setting_b):
        assert not Notification.objects.exists()
    with scopes_disabled():
        assert Notification.objects.count() == 1
