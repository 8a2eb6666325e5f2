"""Managers assign each child a key person and a back-up; the history is kept."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from keyperson.models import Assignment
from keyperson.services import assign_key_person
from preschool.models import AuditEvent, Role
from preschool.services import ServiceError
from tests.factories import ChildFactory, MembershipFactory
from tests.keyperson.factories import AssignmentFactory

KEY, BACKUP = Assignment.Kind.KEY, Assignment.Kind.BACKUP


def _current(child):
    return {a.kind: a.staff for a in Assignment.objects.current().filter(child=child)}


# --- The service --------------------------------------------------------------------------

def test_it_assigns_a_backup_and_audits_it(world):
    perry = world.memberships["practitioner"]
    assignment = assign_key_person(world.users["manager"], world.child, perry, BACKUP)
    assert _current(world.child) == {KEY: world.memberships["key_person"], BACKUP: perry}
    assert assignment.started_on == timezone.localdate()
    event = AuditEvent.objects.get(action="keyperson.assigned")
    assert event.setting == world.setting_a
    assert event.changes == {"kind": "backup", "staff": [None, "Perry Practitioner"]}


def test_changing_the_key_person_ends_the_current_assignment_and_keeps_history(world):
    old = Assignment.objects.get(child=world.child, kind=KEY)
    Assignment.objects.filter(pk=old.pk).update(started_on=timezone.localdate() - timedelta(30))
    assign_key_person(world.users["manager"], world.child, world.memberships["practitioner"],
                      KEY)
    old.refresh_from_db()
    assert old.ended_on == timezone.localdate()
    assert _current(world.child)[KEY] == world.memberships["practitioner"]
    assert Assignment.objects.filter(child=world.child, kind=KEY).count() == 2
    assert AuditEvent.objects.get(action="keyperson.assigned").changes["staff"] == [
        "Kim Keyperson", "Perry Practitioner"]


def test_a_backup_who_becomes_the_key_person_stops_being_the_backup(world):
    perry = world.memberships["practitioner"]
    assign_key_person(world.users["manager"], world.child, perry, BACKUP)
    assign_key_person(world.users["manager"], world.child, perry, KEY)
    assert _current(world.child) == {KEY: perry}
    assert AuditEvent.objects.filter(action="keyperson.ended").count() == 1


def test_the_key_person_cannot_also_be_the_backup(world):
    with pytest.raises(ServiceError, match="choose someone else as the back-up"):
        assign_key_person(world.users["manager"], world.child, world.memberships["key_person"],
                          BACKUP)


def test_assigning_the_same_person_again_changes_nothing(world):
    with pytest.raises(ServiceError, match="already Ava's key person"):
        assign_key_person(world.users["manager"], world.child, world.memberships["key_person"],
                          KEY)
    assert Assignment.objects.filter(child=world.child).count() == 1


@pytest.mark.parametrize("who", ["other_setting", "parent", "left"])
def test_only_current_staff_of_the_same_setting_can_be_assigned(world, who):
    if who == "left":
        membership = MembershipFactory(setting=world.setting_a, role=Role.PRACTITIONER,
                                       ended_at=timezone.now())
    else:
        membership = world.memberships[who]
    with pytest.raises(ServiceError, match="works at this setting now"):
        assign_key_person(world.users["manager"], world.child, membership, KEY)
    assert _current(world.child) == {KEY: world.memberships["key_person"]}
    assert not AuditEvent.objects.filter(action="keyperson.assigned").exists()


# --- The page -------------------------------------------------------------------------------

def _assign_url(world, child=None):
    return reverse("keyperson-assign", args=[(child or world.child).uuid])


def test_it_lets_a_manager_change_the_key_person(world):
    client = world.client_for("manager")
    page = client.get(_assign_url(world)).content.decode()
    assert "Kim Keyperson" in page and "Perry Practitioner" in page
    assert "Bea Riverside" not in page  # staff of another setting are not offered
    response = client.post(_assign_url(world), {
        "kind": "key", "key-staff": world.memberships["practitioner"].uuid})
    assert response.status_code == 302
    assert response["Location"] == reverse("keyperson-child", args=[world.child.uuid])
    assert _current(world.child)[KEY] == world.memberships["practitioner"]


def test_a_practitioner_may_not_assign_a_key_person(world):
    response = world.client_for("practitioner").post(_assign_url(world), {
        "kind": "key", "key-staff": world.memberships["practitioner"].uuid})
    assert response.status_code == 403
    assert _current(world.child) == {KEY: world.memberships["key_person"]}


def test_a_parent_may_not_assign_a_key_person(world):
    response = world.client_for("parent").post(_assign_url(world), {
        "kind": "backup", "backup-staff": world.memberships["practitioner"].uuid})
    assert response.status_code == 403
    assert BACKUP not in _current(world.child)


def test_another_settings_child_is_not_found(world):
    response = world.client_for("other_setting").get(_assign_url(world))
    assert response.status_code == 404


def test_assigning_a_practitioner_of_another_setting_is_a_form_error(world):
    response = world.client_for("manager").post(_assign_url(world), {
        "kind": "key", "key-staff": world.memberships["other_setting"].uuid})
    assert response.status_code == 200
    assert "Choose a practitioner or manager who works at this setting now" in (
        response.content.decode())
    assert _current(world.child) == {KEY: world.memberships["key_person"]}
    assert not AuditEvent.objects.filter(action="keyperson.assigned").exists()


@pytest.mark.parametrize("value", ["", "not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_a_missing_or_forged_member_of_staff_is_a_form_error(world, value):
    response = world.client_for("manager").post(_assign_url(world), {
        "kind": "backup", "backup-staff": value})
    assert response.status_code == 200
    assert 'class="invalid-feedback"' in response.content.decode()
    assert BACKUP not in _current(world.child)


def test_a_parent_of_the_setting_is_not_offered_and_is_refused(world):
    response = world.client_for("manager").post(_assign_url(world), {
        "kind": "backup", "backup-staff": world.memberships["parent"].uuid})
    assert response.status_code == 200
    assert BACKUP not in _current(world.child)


# --- The caseload ---------------------------------------------------------------------------

def test_the_caseload_lists_staff_with_their_children_and_the_gaps(world):
    AssignmentFactory(child=world.other_child, staff=world.memberships["key_person"],
                      kind=BACKUP, assigned_by=world.users["manager"])
    left = ChildFactory(setting=world.setting_a, first_name="Lena", last_name="Left",
                        leaving_date=timezone.localdate() - timedelta(days=1))
    page = world.client_for("manager").get(reverse("keyperson-caseload")).content.decode()
    assert "Kim Keyperson" in page and "Perry Practitioner" in page
    no_key = page.split('id="no-key-heading"')[1].split("</section>")[0]
    no_backup = page.split('id="no-backup-heading"')[1].split("</section>")[0]
    assert "Otto" in no_key and "Ava" not in no_key
    assert "Ava" in no_backup and "Otto" not in no_backup
    assert left.first_name not in page  # current children only
    assert "Bella" not in page  # another setting's child


def test_the_caseload_is_for_managers(world):
    assert world.client_for("key_person").get(reverse("keyperson-caseload")).status_code == 403


def test_the_caseload_refuses_post(world):
    assert world.client_for("manager").post(reverse("keyperson-caseload")).status_code == 405


def _caseload_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("keyperson-caseload")).status_code == 200
    return len(ctx.captured_queries)


def _add_children(world, n):
    staff = [world.memberships["key_person"], world.memberships["practitioner"]]
    for i in range(n):
        child = ChildFactory(setting=world.setting_a, room=world.room)
        AssignmentFactory(child=child, staff=staff[i % 2], kind=KEY,
                          assigned_by=world.users["manager"])
        if i % 3:
            AssignmentFactory(child=child, staff=staff[(i + 1) % 2], kind=BACKUP,
                              assigned_by=world.users["manager"])


def test_the_caseload_keeps_a_constant_query_count(world):
    client = world.client_for("manager")
    _add_children(world, 1)
    one = _caseload_queries(client)
    _add_children(world, 59)
    many = _caseload_queries(client)
    assert one == many, f"caseload: {one} queries with 1 child, {many} with 60"
