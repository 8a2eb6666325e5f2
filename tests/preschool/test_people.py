"""A manager manages the people of their setting; people are never deleted."""

from django.urls import reverse

from preschool.models import AuditEvent, Membership


def test_a_manager_changes_someones_role_and_it_is_audited(world):
    membership = world.memberships["practitioner"]
    response = world.client_for("manager").post(
        reverse("people-membership-edit", args=[membership.uuid]),
        {"role": "practitioner", "job_title": "Room leader", "is_senco": "on"})
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.is_senco and membership.job_title == "Room leader"
    event = AuditEvent.objects.get(action="membership.changed")
    assert event.changes["is_senco"] == [False, True]


def test_a_parent_cannot_be_made_senco(world):
    membership = world.memberships["parent"]
    response = world.client_for("manager").post(
        reverse("people-membership-edit", args=[membership.uuid]),
        {"role": "parent", "is_senco": "on"})
    assert response.status_code == 200
    assert "Only staff can be the SENCO" in response.content.decode()
    membership.refresh_from_db()
    assert not membership.is_senco


def test_ending_a_membership_removes_access_but_keeps_the_person(world):
    membership = world.memberships["other_parent"]
    client = world.client_for("manager")
    response = client.post(reverse("people-membership-end", args=[membership.uuid]))
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.ended_at is not None
    assert world.users["other_parent"].__class__.objects.filter(
        pk=world.users["other_parent"].pk).exists()
    # They no longer reach the setting.
    page = world.client_for("other_parent").get(reverse("home"))
    assert "not linked to a pre-school" in page.content.decode()
    assert "People who have left" in client.get(reverse("people-list")).content.decode()


def test_the_last_manager_cannot_be_removed_or_demoted(world):
    manager = world.memberships["manager"]
    client = world.client_for("manager")
    response = client.post(reverse("people-membership-end", args=[manager.uuid]), follow=True)
    assert "at least one manager" in response.content.decode()
    response = client.post(reverse("people-membership-edit", args=[manager.uuid]),
                           {"role": "practitioner"})
    assert "at least one manager" in response.content.decode()
    manager.refresh_from_db()
    assert manager.is_active and manager.role == "manager"


def test_the_people_page_lists_only_this_setting(world):
    page = world.client_for("other_setting").get(reverse("people-list")).content.decode()
    assert "Bea Riverside" in page
    for name in ("Mona Manager", "Pat Parent", "Kim Keyperson"):
        assert name not in page


def test_a_forged_uuid_is_not_found(world):
    client = world.client_for("manager")
    assert client.get("/people/not-a-uuid/").status_code == 404
    assert client.get("/people/2b1e4a7e-0000-4000-8000-000000000000/").status_code == 404
    assert client.get("/children/not-a-uuid/").status_code == 404


def test_memberships_are_unique_while_active(world):
    import pytest
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(user=world.users["parent"], setting=world.setting_a,
                                  role="parent")


def test_a_leaving_practitioner_stops_being_key_person(world):
    from keyperson.models import Assignment

    world.client_for("manager").post(
        reverse("people-membership-end", args=[world.memberships["key_person"].uuid]))
    assert not Assignment.objects.current().filter(child=world.child).exists()
    assert Assignment.objects.filter(child=world.child).count() == 1  # history kept
