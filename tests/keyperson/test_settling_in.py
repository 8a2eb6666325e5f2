"""The settling-in plan, visits and home visits: written by the key person (or back-up, or a
manager), read by the family (never the staff-only notes), who can comment."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from keyperson.models import HomeVisit, SettlingComment, SettlingInPlan, SettlingVisit
from preschool.models import AuditEvent
from tests.keyperson.factories import HomeVisitFactory, SettlingVisitFactory


def _url(name, world, *extra):
    return reverse(name, args=[world.child.uuid, *extra])


VISIT = {"visited_on": "", "who_came": "Mum and Grandma",
         "how_it_went": "Ava painted and waved goodbye.", "comforters": "Blue bunny",
         "next_steps": "Stay for a whole morning.", "staff_notes": "STAFF-ONLY: cried at lunch."}


def _visit(**changes):
    return {**VISIT, "visited_on": str(timezone.localdate() - timedelta(days=1)), **changes}


def test_the_key_person_writes_the_plan_and_it_is_audited(world):
    client = world.client_for("key_person")
    response = client.post(_url("keyperson-settling-plan", world),
                           {"plan": "Three short visits with Mum."})
    assert response.status_code == 302
    plan = SettlingInPlan.objects.get(child=world.child)
    assert plan.updated_by == world.users["key_person"]
    client.post(_url("keyperson-settling-plan", world), {"plan": "Four visits."})
    plan.refresh_from_db()
    assert plan.plan == "Four visits."
    assert [e.action for e in AuditEvent.objects.order_by("created_at", "id")] == [
        "settling_in.plan_written", "settling_in.plan_changed"]


def test_the_key_person_records_a_visit(world):
    response = world.client_for("key_person").post(
        _url("keyperson-settling-visit-new", world), _visit())
    assert response.status_code == 302
    visit = SettlingVisit.objects.get()
    assert (visit.child, visit.setting, visit.written_by) == (
        world.child, world.setting_a, world.users["key_person"])
    assert AuditEvent.objects.filter(action="settling_in.visit.added").count() == 1


def test_a_manager_records_a_home_visit(world):
    response = world.client_for("manager").post(_url("keyperson-home-visit-new", world), {
        "visited_on": str(timezone.localdate()), "visited_by": "Kim and Mona",
        "notes": "Talked about naps.", "next_steps": "First visit Monday.", "staff_notes": ""})
    assert response.status_code == 302
    assert HomeVisit.objects.get().visited_by == "Kim and Mona"
    assert AuditEvent.objects.filter(action="home_visit.added").exists()


def test_editing_a_visit_is_audited_without_the_staff_notes_text(world):
    visit = SettlingVisitFactory(child=world.child, written_by=world.users["key_person"])
    response = world.client_for("key_person").post(
        _url("keyperson-settling-visit-edit", world, visit.uuid),
        _visit(visited_on=str(visit.visited_on), staff_notes="STAFF-ONLY: changed."))
    assert response.status_code == 302
    visit.refresh_from_db()
    assert visit.who_came == "Mum and Grandma"
    event = AuditEvent.objects.get(action="settling_in.visit.changed")
    assert event.changes["staff_notes"] == "changed"
    assert "STAFF-ONLY" not in str(event.changes)


def test_a_family_reads_the_record_but_never_the_staff_only_notes(world):
    SettlingInPlan.objects.create(setting=world.setting_a, child=world.child,
                                  plan="Short visits first.", updated_by=world.users["key_person"])
    SettlingVisitFactory(child=world.child, written_by=world.users["key_person"])
    HomeVisitFactory(child=world.child, written_by=world.users["key_person"])
    page = world.client_for("parent").get(_url("keyperson-settling-in", world)).content.decode()
    assert "Short visits first." in page
    assert "Played happily in the sand" in page and "Blue bunny" in page
    assert "Talked about sleep routines" in page and "First settling visit" in page
    assert "STAFF-ONLY" not in page
    assert "Court order" not in page and "Rex Restricted" not in page
    assert _url("keyperson-settling-visit-new", world) not in page
    staff_page = world.client_for("key_person").get(
        _url("keyperson-settling-in", world)).content.decode()
    assert "STAFF-ONLY: seemed very tired." in staff_page
    assert "STAFF-ONLY: home visit note." in staff_page


def test_a_family_comments_and_staff_see_it(world):
    response = world.client_for("parent").post(_url("keyperson-settling-comment", world),
                                               {"body": "She talked about the sandpit all day!"})
    assert response.status_code == 302
    assert response["Location"].endswith("#comments")
    comment = SettlingComment.objects.get()
    assert comment.author == world.users["parent"]
    assert AuditEvent.objects.filter(action="settling_in.comment_added").count() == 1
    page = world.client_for("key_person").get(_url("keyperson-settling-in", world))
    assert "She talked about the sandpit all day!" in page.content.decode()


@pytest.mark.parametrize(("body", "message"), [
    ("", "This field is required"),
    ("   ", "This field is required"),
    ("x" * 1501, "at most 1500 characters"),
])
def test_an_empty_or_over_long_comment_is_refused(world, body, message):
    response = world.client_for("parent").post(_url("keyperson-settling-comment", world),
                                               {"body": body})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SettlingComment.objects.exists()


@pytest.mark.parametrize(("changes", "message"), [
    ({"visited_on": str(timezone.localdate() + timedelta(days=3))}, "in the future"),
    ({"who_came": "x" * 201}, "at most 200 characters"),
    ({"how_it_went": ""}, "This field is required"),
    ({"visited_on": "31/02/2026"}, "Enter a valid date"),
])
def test_an_invalid_visit_is_refused_and_nothing_is_saved(world, changes, message):
    response = world.client_for("key_person").post(
        _url("keyperson-settling-visit-new", world), _visit(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SettlingVisit.objects.exists()


def test_a_practitioner_who_is_not_the_key_person_may_read_but_not_write(world):
    client = world.client_for("practitioner")
    assert client.get(_url("keyperson-settling-in", world)).status_code == 200
    assert client.post(_url("keyperson-settling-visit-new", world), _visit()).status_code == 403
    assert not SettlingVisit.objects.exists()


def test_a_family_may_not_write_the_log(world):
    response = world.client_for("parent").post(_url("keyperson-settling-visit-new", world),
                                               _visit())
    assert response.status_code == 403


@pytest.mark.parametrize("persona", ["other_parent", "carer_no_info", "other_setting"])
def test_people_who_may_not_see_the_child_get_404(world, persona):
    client = world.client_for(persona)
    assert client.get(_url("keyperson-settling-in", world)).status_code == 404
    assert client.post(_url("keyperson-settling-comment", world),
                       {"body": "Hello"}).status_code == 404
    assert not SettlingComment.objects.exists()


def test_another_childs_visit_is_not_found_under_this_child(world):
    visit = SettlingVisitFactory(child=world.other_child)
    response = world.client_for("manager").get(
        _url("keyperson-settling-visit-edit", world, visit.uuid))
    assert response.status_code == 404


def test_the_record_of_a_child_who_has_left_is_read_only(world):
    world.child.leaving_date = timezone.localdate() - timedelta(days=1)
    world.child.save()
    client = world.client_for("key_person")
    assert client.get(_url("keyperson-settling-in", world)).status_code == 200
    assert client.post(_url("keyperson-settling-visit-new", world), _visit()).status_code == 403


def test_the_comment_address_refuses_get(world):
    assert world.client_for("parent").get(
        _url("keyperson-settling-comment", world)).status_code == 405
