"""keyperson.permissions.current_assignments: the child's key person and back-up, in one query."""

from families.models import Child
from keyperson.models import Assignment
from keyperson.permissions import current_assignments


def test_current_assignments_come_with_the_staff_member_and_their_user(
        world, django_assert_num_queries):
    child = Child.objects.get(pk=world.child.pk)
    with django_assert_num_queries(1):
        key = current_assignments(child)[Assignment.Kind.KEY]
        assert key.staff == world.memberships["key_person"]
        assert key.staff.user == world.users["key_person"]
        assert key.child is child
    key.ended_on = key.started_on
    key.save()
    assert current_assignments(Child.objects.get(pk=world.child.pk)) == {}
