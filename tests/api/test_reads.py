"""What the API's reads answer: what the pages show each person, no more; the looks they
note; and sending a message (the page's form and service, retried without a second message).
Who may call which operation is tests/api/test_operations_matrix.py's."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from consents.models import ConsentKind
from families.models import RecordView
from messaging import services as messaging_services
from messaging.models import Message, ReadMarker
from tests.api.helpers import token_client
from tests.attendance.factories import RecordFactory, all_day
from tests.learning_journal.factories import consent, group_observation, photo_consents
from tests.messaging.factories import message, reply
from tests.news.factories import post as news_post

pytestmark = pytest.mark.django_db


def get(world, persona, url, **params):
    response = token_client(world.memberships[persona]).get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


# --- Children ---------------------------------------------------------------------------------

def test_staff_list_the_settings_children_with_room_and_key_person(world):
    children = get(world, "practitioner", "/api/v1/children")
    assert [c["known_as"] for c in children] == ["Ava", "Otto"]
    ava = children[0]
    assert ava["room"] == {"uuid": str(world.room.uuid), "name": "Caterpillars"}
    assert ava["key_person"] == "Kim Keyperson"
    assert set(ava) == {"uuid", "first_name", "last_name", "known_as", "date_of_birth",
                        "start_date", "leaving_date", "room", "key_person"}


@pytest.mark.parametrize(("persona", "names"), [("parent", ["Ava"]), ("carer_no_info", []),
                                                ("other_parent", ["Otto"])])
def test_a_family_lists_only_the_children_they_may_see(world, persona, names):
    assert [c["known_as"] for c in get(world, persona, "/api/v1/children")] == names


def test_reading_a_child_is_noted_in_who_looked(world):
    get(world, "parent", "/api/v1/children")
    assert not RecordView.objects.exists()  # the list shows no record, as the page
    child = get(world, "parent", f"/api/v1/children/{world.child.uuid}")
    assert child["uuid"] == str(world.child.uuid)
    look = RecordView.objects.get()
    assert (look.child, look.viewer, look.what) == (world.child, world.users["parent"],
                                                     RecordView.What.RECORD)


def test_a_child_not_seen_notes_no_look(world):
    response = token_client(world.memberships["other_parent"]).get(
        f"/api/v1/children/{world.child.uuid}")
    assert response.status_code == 404
    assert not RecordView.objects.exists()


# --- The register and attendance --------------------------------------------------------------

def test_a_rooms_register_has_the_pages_rows(world):
    record = RecordFactory(child=world.child, session=all_day(world))
    register = get(world, "practitioner", f"/api/v1/register/rooms/{world.room.uuid}")
    assert register["children_in"] == 1
    rows = {row["child"]["name"]: row for row in register["rows"]}
    assert rows["Ava Parentchild"]["state"] == "in"
    assert rows["Ava Parentchild"]["record"]["uuid"] == str(record.uuid)
    assert rows["Ava Parentchild"]["restricted_adults"] == ["Rex Restricted"]
    assert rows["Otto Otherchild"]["state"] == "not_expected"
    assert rows["Otto Otherchild"]["record"] is None


def test_who_may_collect_is_what_a_sign_out_names(world):
    mother = world.child.adults.get(relationship="Mother")
    mother.may_collect = True
    mother.save()
    collectors = get(world, "practitioner",
                     f"/api/v1/register/children/{world.child.uuid}/collectors")
    assert collectors["allowed"] == [{"collector": f"adult:{mother.uuid}", "name": mother.name,
                                      "relationship": "Mother"}]
    assert [c["name"] for c in collectors["refused"]] == ["Rex Restricted"]
    look = RecordView.objects.get()
    assert (look.child, look.what) == (world.child, RecordView.What.RESTRICTION)


def test_a_childs_attendance_over_a_range_newest_first(world):
    session = all_day(world)
    today = timezone.localdate()
    for days_ago in (0, 3, 10):
        day = today - timedelta(days=days_ago)
        RecordFactory(child=world.child, session=session, date=day,
                      signed_in_at=timezone.now() - timedelta(days=days_ago))
    RecordFactory(child=world.other_child, session=session)
    week = get(world, "parent", f"/api/v1/attendance/children/{world.child.uuid}")
    assert week["count"] == 2
    assert [r["date"] for r in week["items"]] == [str(today), str(today - timedelta(days=3))]
    fortnight = get(world, "parent", f"/api/v1/attendance/children/{world.child.uuid}",
                    date_from=str(today - timedelta(days=13)))
    assert fortnight["count"] == 3


@pytest.mark.parametrize(("params", "message"), [
    ({"date_from": "2026-03-10", "date_to": "2026-03-01"}, "after its end"),
    ({"date_from": "2024-01-01", "date_to": "2026-01-01"}, "at most a year"),
])
def test_a_range_the_pages_refuse_is_refused(world, params, message):
    response = token_client(world.memberships["manager"]).get("/api/v1/attendance/records",
                                                             params)
    assert response.status_code == 422
    assert message in response.json()["detail"]


def test_a_room_of_another_setting_is_refused(world):
    from tests.factories import RoomFactory

    room = RoomFactory(setting=world.setting_b)
    response = token_client(world.memberships["manager"]).get(
        "/api/v1/attendance/records", {"room": str(room.uuid)})
    assert response.status_code == 422


def test_the_settings_attendance_by_room(world):
    from tests.factories import ChildFactory, RoomFactory

    session = all_day(world)
    RecordFactory(child=world.child, session=session)
    elsewhere = RoomFactory(setting=world.setting_a, name="Butterflies")
    RecordFactory(child=ChildFactory(setting=world.setting_a, room=elsewhere), session=session)
    everyone = get(world, "manager", "/api/v1/attendance/records")
    assert everyone["count"] == 2
    one_room = get(world, "manager", "/api/v1/attendance/records", room=str(world.room.uuid))
    assert [r["child"] for r in one_room["items"]] == [str(world.child.uuid)]
    assert one_room["items"][0]["room"] == "Caterpillars"


# --- The journal ------------------------------------------------------------------------------

def test_a_family_reads_only_published_observations(world):
    published = group_observation(world, children=[world.child], photos=0)
    draft = group_observation(world, children=[world.child], photos=0, publish=False)
    url = f"/api/v1/observations/children/{world.child.uuid}"
    assert [o["uuid"] for o in get(world, "parent", url)["items"]] == [str(published.uuid)]
    assert {o["uuid"] for o in get(world, "key_person", url)["items"]} == {
        str(published.uuid), str(draft.uuid)}
    response = token_client(world.memberships["parent"]).get(f"{url}/{draft.uuid}")
    assert response.status_code == 404


def test_a_family_never_sees_a_photo_they_may_not(world):
    """Ava's photo with Otto in it: Pat sees it only when Otto's family allowed photos to be
    seen by other families (learning_journal.visibility)."""
    photo_consents(world, world.child)
    consent(world, world.other_child, ConsentKind.PHOTOS_JOURNAL)
    consent(world, world.other_child, ConsentKind.PHOTOS_OTHER_FAMILIES, given=False)
    observation = group_observation(world, children=[world.child, world.other_child])
    media = observation.media.get()
    journal = f"/api/v1/observations/children/{world.child.uuid}"
    assert get(world, "parent", journal)["items"][0]["media"] == []
    assert get(world, "parent", f"{journal}/{observation.uuid}")["media"] == []
    parent = token_client(world.memberships["parent"])
    assert parent.get(f"/api/v1/observations/media/{media.uuid}").status_code == 404
    staff = get(world, "key_person", journal)["items"][0]["media"]
    assert [m["uuid"] for m in staff] == [str(media.uuid)]
    assert token_client(world.memberships["key_person"]).get(staff[0]["url"]).status_code == 200

    consent(world, world.other_child, ConsentKind.PHOTOS_OTHER_FAMILIES, given=True)
    seen = get(world, "parent", journal)["items"][0]["media"]
    assert [m["uuid"] for m in seen] == [str(media.uuid)]
    response = parent.get(seen[0]["url"])
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"


def test_consents_as_the_page_shows_them(world):
    consent(world, world.child, ConsentKind.PHOTOS_JOURNAL)
    consent(world, world.child, ConsentKind.PHOTOS_OTHER_FAMILIES, given=False)
    answers = {c["kind"]: c for c in get(world, "parent",
                                         f"/api/v1/consents/children/{world.child.uuid}")}
    assert answers[ConsentKind.PHOTOS_JOURNAL]["status"] == "given"
    assert answers[ConsentKind.PHOTOS_OTHER_FAMILIES]["status"] == "refused"


# --- Messages and news ------------------------------------------------------------------------

def send(client, conversation, text, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(f"/api/v1/conversations/{conversation.uuid}/messages", {"text": text},
                       content_type="application/json", **headers)


def test_a_message_is_sent_once_whatever_the_retries(world):
    conversation = message(world).conversation
    client = token_client(world.memberships["key_person"])
    key = str(uuid.uuid4())
    first = send(client, conversation, "She slept well at nap time.", key)
    again = send(client, conversation, "She slept well at nap time.", key)
    assert first.status_code == again.status_code == 201, first.content
    assert first.json() == again.json()
    sent = Message.objects.get(uuid=first.json()["uuid"])
    assert (sent.sender, sent.from_staff) == (world.users["key_person"], True)
    assert Message.objects.filter(conversation=conversation).count() == 2


@pytest.mark.parametrize("text", ["<b>Hello</b>", "<script>alert(1)</script>", "   "])
def test_html_or_nothing_is_refused_and_nothing_sent(world, text):
    conversation = message(world).conversation
    response = send(token_client(world.memberships["parent"]), conversation, text)
    assert response.status_code == 422
    assert response.json()["detail"]
    assert Message.objects.filter(conversation=conversation).count() == 1


def test_reading_messages_marks_nothing_read_until_the_client_says(world):
    conversation = message(world).conversation
    url = f"/api/v1/conversations/{conversation.uuid}"
    client = token_client(world.memberships["key_person"])
    [first] = get(world, "key_person", f"{url}/messages")
    assert first["text"] == "Ava didn't sleep well last night."
    assert get(world, "key_person", "/api/v1/conversations")["items"][0]["unread"] == 1
    assert not ReadMarker.objects.filter(user=world.users["key_person"]).exists()
    response = client.post(f"{url}/read", {"up_to": first["uuid"]},
                           content_type="application/json")
    assert response.status_code == 204
    assert get(world, "key_person", "/api/v1/conversations")["items"][0]["unread"] == 0
    assert get(world, "key_person", f"{url}/messages", after=first["uuid"]) == []
    answer = reply(world, conversation, persona="parent", text="And she has a cough.")
    later = get(world, "key_person", f"{url}/messages", after=first["uuid"])
    assert [m["uuid"] for m in later] == [str(answer.uuid)]


def test_a_message_of_another_conversation_is_refused(world):
    conversation = message(world).conversation
    other = message(world, persona="other_parent", child=world.other_child)
    response = token_client(world.memberships["manager"]).post(
        f"/api/v1/conversations/{conversation.uuid}/read", {"up_to": str(other.uuid)},
        content_type="application/json")
    assert response.status_code == 422
    assert not ReadMarker.objects.filter(user=world.users["manager"]).exists()


def test_a_family_reads_a_withdrawn_message_as_empty(world):
    conversation = message(world).conversation
    withdrawn = reply(world, conversation)
    messaging_services.withdraw(world.users["key_person"], withdrawn)
    url = f"/api/v1/conversations/{conversation.uuid}/messages"
    family = {m["uuid"]: m for m in get(world, "parent", url)}
    staff = {m["uuid"]: m for m in get(world, "key_person", url)}
    assert family[str(withdrawn.uuid)]["text"] == ""
    assert staff[str(withdrawn.uuid)]["text"] == "Thank you for telling us."


def test_a_family_sees_only_the_posts_for_them(world):
    for_ava = news_post(world, title="Ava's trip")
    assert [p["uuid"] for p in get(world, "parent", "/api/v1/news")["items"]] == [
        str(for_ava.uuid)]
    assert get(world, "other_parent", "/api/v1/news")["items"] == []
    assert get(world, "parent", f"/api/v1/news/{for_ava.uuid}")["title"] == "Ava's trip"


def test_staff_reading_a_flagged_message_is_noted_as_a_safeguarding_look(world):
    first = message(world)
    messaging_services.flag(world.users["key_person"], first)
    get(world, "parent", f"/api/v1/conversations/{first.conversation.uuid}/messages")
    assert not RecordView.objects.exists()  # families never see that it was flagged
    get(world, "manager", f"/api/v1/conversations/{first.conversation.uuid}/messages")
    look = RecordView.objects.get()
    assert (look.child, look.viewer, look.what) == (world.child, world.users["manager"],
                                                     RecordView.What.SAFEGUARDING)


def test_a_signed_in_browser_writes_only_with_its_csrf_token(world):
    from django.test import Client

    conversation = message(world).conversation
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["parent"])
    response = send(client, conversation, "Sent by a page of another site.")
    assert response.status_code == 403
    assert Message.objects.filter(conversation=conversation).count() == 1
