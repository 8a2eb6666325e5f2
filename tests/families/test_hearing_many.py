"""families.access for many children at once: ``families_who_may_hear`` and
``children_heard_by`` follow the rule of ``who_may_hear`` (the right to information, no
restriction, an active family membership and account)."""

from families.access import children_heard_by, families_who_may_hear, who_may_hear
from families.models import Child
from preschool.models import Role
from tests.factories import ChildAdultFactory, ChildFactory, MembershipFactory, UserFactory


def _restricted(world):
    ray = UserFactory(full_name="Ray Restricted")
    MembershipFactory(user=ray, setting=world.setting_a, role=Role.PARENT)
    ChildAdultFactory(child=world.child, user=ray, relationship="Father",
                      may_receive_information=True, restriction="Court order: no contact.")
    return ray


def test_the_families_of_many_children_are_those_who_may_hear_of_each(world):
    ray = _restricted(world)
    children = Child.objects.filter(setting=world.setting_a)
    heard = set(families_who_may_hear(world.setting_a, children))
    assert heard == {world.users["parent"], world.users["other_parent"]}
    # The same answer, child by child, as who_may_hear gives for families.
    everyone = [*world.users.values(), ray]
    per_child = set().union(*(who_may_hear(c, everyone) for c in children))
    staff = {world.users[p].pk for p in ("manager", "key_person", "practitioner")}
    assert {u.pk for u in heard} == per_child - staff


def test_an_ended_membership_a_closed_account_or_another_setting_hears_nothing(world):
    world.memberships["parent"].end()
    other = world.users["other_parent"]
    other.is_active = False
    other.save()
    assert not families_who_may_hear(world.setting_a, Child.objects.all()).exists()
    assert not families_who_may_hear(world.setting_b, [world.child]).exists()


def test_children_heard_by_a_family(world):
    ray = _restricted(world)
    assert list(children_heard_by(world.users["parent"], world.setting_a)) == [world.child]
    assert not children_heard_by(ray, world.setting_a).exists()
    assert not children_heard_by(world.users["carer_no_info"], world.setting_a).exists()
    assert not children_heard_by(world.users["manager"], world.setting_a).exists()
    left = ChildFactory(setting=world.setting_a, leaving_date=world.child.date_of_birth)
    ChildAdultFactory(child=left, user=world.users["parent"], relationship="Mother")
    assert list(children_heard_by(world.users["parent"], world.setting_a)) == [world.child]
