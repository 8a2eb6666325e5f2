"""Each view of a sensitive record writes exactly its looks: who, which child, what.

Mona (manager), Kim (Ava's key person) and Pat (Ava's mother) open Ava's records; each view
writes its looks and nothing else, and a page answered with 403 or 404 writes none.
"""

import pytest
from django.urls import reverse

from families.models import RecordView
from preschool.models import Role
from tests.complaints.conftest import recently_reauthenticated
from tests.complaints.factories import concern
from tests.consents.factories import accident, calpol, dose
from tests.messaging.factories import message

What = RecordView.What


def looks(world) -> set[tuple]:
    """Every look written, as (persona, child's first name or None, what)."""
    persona_of = {user.pk: persona for persona, user in world.users.items()}
    return {(persona_of[v.viewer_id], v.child.first_name if v.child else None, v.what)
            for v in RecordView.objects.select_related("child")}


def get(world, persona, name, *args, status=200):
    response = world.client_for(persona).get(reverse(name, args=args))
    assert response.status_code == status, response
    return response


def test_it_writes_the_record_health_and_restrictions_for_staff(world):
    get(world, "manager", "child-detail", world.child.uuid)
    assert looks(world) == {("manager", "Ava", What.RECORD), ("manager", "Ava", What.HEALTH),
                            ("manager", "Ava", What.RESTRICTION)}
    look = RecordView.objects.get(what=What.RECORD)
    assert look.viewer_role == Role.MANAGER
    assert look.setting == world.setting_a


def test_it_writes_no_restriction_look_for_a_family(world):
    """Families are never shown restrictions: they did not look at one."""
    get(world, "parent", "child-detail", world.child.uuid)
    assert looks(world) == {("parent", "Ava", What.RECORD), ("parent", "Ava", What.HEALTH)}
    assert RecordView.objects.get(what=What.RECORD).viewer_role == Role.PARENT


def test_it_writes_one_look_however_often_a_request_notes_it(world):
    get(world, "manager", "child-detail", world.child.uuid)
    get(world, "manager", "child-detail", world.child.uuid)
    assert RecordView.objects.filter(what=What.RECORD).count() == 2  # once a request


def test_it_writes_the_consents_page_medicines_and_accidents(world):
    calpol(world)
    accident(world)
    get(world, "parent", "consents-child", world.child.uuid)
    assert looks(world) == {("parent", "Ava", What.MEDICATION), ("parent", "Ava", What.ACCIDENT)}


@pytest.mark.parametrize(("name", "make", "what"), [
    ("consents-permission", lambda w: calpol(w).uuid, What.MEDICATION),
    ("consents-accident", lambda w: accident(w).uuid, What.ACCIDENT),
    ("consents-dose-correct", lambda w: dose(w).uuid, What.MEDICATION),
    ("consents-accident-pdf", lambda w: accident(w).uuid, What.PDF),
    ("consents-medication-pdf", lambda w: w.child.uuid, What.PDF),
    ("child-history", lambda w: w.child.uuid, What.RECORD),
    ("complaints-detail", lambda w: concern(w).uuid, What.COMPLAINT),
])
def test_each_sensitive_view_writes_its_look(world, name, make, what):
    get(world, "manager", name, make(world))
    assert looks(world) == {("manager", "Ava", what)}


def test_it_writes_the_look_with_the_record_it_showed(world):
    record = accident(world)
    get(world, "key_person", "consents-accident", record.uuid)
    look = RecordView.objects.get()
    assert (look.object_type, look.object_id) == ("consents.Accident", str(record.uuid))


def test_who_must_not_collect_is_a_look_at_restrictions_for_staff(world):
    get(world, "key_person", "collection-child", world.child.uuid)
    assert looks(world) == {("key_person", "Ava", What.RESTRICTION)}
    get(world, "parent", "collection-child", world.child.uuid)
    assert not any(who == "parent" for who, _, _ in looks(world))


def test_the_changes_to_check_are_looks_at_what_changed(world):
    from families.models import RecordChange

    for child, area in ((world.child, "allergies"), (world.other_child, "contacts")):
        RecordChange.objects.create(setting=world.setting_a, child=child, area=area,
                                    summary="Changed", changed_by=world.users["parent"],
                                    needs_review=True, changes={})
    get(world, "manager", "child-changes")
    assert looks(world) == {("manager", "Ava", What.HEALTH), ("manager", "Otto", What.RECORD)}


def test_the_health_form_is_a_look_at_health(world):
    get(world, "parent", "child-edit", world.child.uuid, "health")
    assert looks(world) == {("parent", "Ava", What.HEALTH)}


def test_the_complaints_record_is_a_look_at_each_childs_complaints(world):
    concern(world)
    concern(world, child=world.other_child, subject="Otto's coat went missing")
    get(world, "manager", "complaints-record")
    assert looks(world) == {("manager", "Ava", What.COMPLAINT),
                            ("manager", "Otto", What.COMPLAINT)}


def test_the_complaints_export_is_a_look_at_each_childs_complaints(world):
    concern(world)
    concern(world, child=world.other_child, subject="Otto's coat went missing")
    client = recently_reauthenticated(world.client_for("manager"), world.users["manager"])
    assert client.get(reverse("complaints-record-csv")).status_code == 200
    assert looks(world) == {("manager", "Ava", What.COMPLAINT),
                            ("manager", "Otto", What.COMPLAINT)}


def test_the_medicines_page_is_a_look_at_each_child_listed(world):
    dose(world, permission=calpol(world), minutes_ago=5)
    calpol(world, child=world.other_child)
    get(world, "key_person", "consents-medication")
    assert looks(world) == {("key_person", "Ava", What.MEDICATION),
                            ("key_person", "Otto", What.MEDICATION)}


def test_a_flagged_message_is_a_safeguarding_look_for_staff(world):
    sent = message(world, text="Something worrying happened at home.")
    from messaging import services

    services.flag(world.users["key_person"], sent)
    conversation = sent.conversation
    get(world, "manager", "messaging-conversation", conversation.uuid)
    assert ("manager", "Ava", What.SAFEGUARDING) in looks(world)
    get(world, "parent", "messaging-conversation", conversation.uuid)
    assert not any(who == "parent" for who, _, _ in looks(world))


def test_an_unflagged_conversation_is_no_look(world):
    sent = message(world)
    get(world, "key_person", "messaging-conversation", sent.conversation.uuid)
    assert looks(world) == set()


@pytest.mark.parametrize(("persona", "name", "status"), [
    ("other_parent", "child-detail", 404),
    ("carer_no_info", "child-detail", 404),
    ("other_setting", "child-detail", 404),
    ("parent", "child-history", 403),
    ("other_parent", "consents-child", 404),
    ("other_parent", "consents-medication-pdf", 404),
])
def test_nothing_is_written_for_a_refused_page(world, persona, name, status):
    get(world, persona, name, world.child.uuid, status=status)
    assert looks(world) == set()


def test_a_page_that_fails_after_noting_a_look_writes_nothing(world, rf):
    """The middleware writes only for a page that answered below 400."""
    from django.http import HttpResponse

    from families.looks import RecordViewsMiddleware, looked_at

    request = rf.get("/")
    request.user = world.users["manager"]
    request.membership = world.memberships["manager"]

    def failing(request):
        looked_at(request, world.child, What.RECORD)
        return HttpResponse(status=500)

    RecordViewsMiddleware(failing)(request)
    assert looks(world) == set()
