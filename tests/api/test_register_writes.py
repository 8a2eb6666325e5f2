"""Signing children in and out through the API: the register's rules, retries that never
make a second record, and conflicts with what others did meanwhile."""

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from attendance.models import AttendanceRecord
from preschool.models import AuditEvent
from tests.api.helpers import earlier_today, token_client
from tests.attendance.factories import RecordFactory, all_day
from tests.factories import ChildAdultFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(world):
    return all_day(world)


def sign_in(client, world, session, *, key=None, child=None, **extra):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    body = {"child": str((child or world.child).uuid), "session": str(session.uuid),
            "dropped_off_by": "Pat Parent", **extra}
    return client.post("/api/v1/register/sign-ins", body, content_type="application/json",
                       **headers)


def test_it_signs_a_child_in_at_the_time_of_the_tap(world, session):
    client = token_client(world.memberships["practitioner"])
    tapped = earlier_today(minutes=20)
    response = sign_in(client, world, session, at=tapped.isoformat())
    assert response.status_code == 201, response.content
    record = AttendanceRecord.objects.get(child=world.child)
    assert response.json()["uuid"] == str(record.uuid)
    assert record.signed_in_at == tapped
    assert record.signed_in_by == world.users["practitioner"]
    assert AuditEvent.objects.filter(action="attendance.signed_in").count() == 1


def test_a_retry_with_the_same_key_makes_no_second_record(world, session):
    client = token_client(world.memberships["practitioner"])
    key = str(uuid.uuid4())
    first = sign_in(client, world, session, key=key)
    again = sign_in(client, world, session, key=key)
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert AttendanceRecord.objects.filter(child=world.child).count() == 1
    assert AuditEvent.objects.filter(action="attendance.signed_in").count() == 1


def test_a_key_used_for_another_request_is_refused(world, session):
    client = token_client(world.memberships["practitioner"])
    key = str(uuid.uuid4())
    assert sign_in(client, world, session, key=key).status_code == 201
    response = client.post("/api/v1/register/sign-outs", {
        "child": str(world.child.uuid), "collector": "adult:x"},
        content_type="application/json", HTTP_IDEMPOTENCY_KEY=key)
    assert response.status_code == 422


def test_a_child_signed_in_meanwhile_is_a_conflict(world, session):
    RecordFactory(child=world.child, session=session)
    client = token_client(world.memberships["practitioner"])
    response = sign_in(client, world, session, key=str(uuid.uuid4()))
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert "already signed in" in response.json()["detail"]
    assert AttendanceRecord.objects.filter(child=world.child).count() == 1


@pytest.mark.parametrize("at", ["future", "yesterday", "naive"])
def test_a_tap_not_earlier_today_is_refused(world, session, at):
    now = timezone.localtime()
    value = {"future": (now + timedelta(minutes=10)).isoformat(),
             "yesterday": (now - timedelta(days=1)).isoformat(),
             "naive": now.replace(tzinfo=None).isoformat()}[at]
    response = sign_in(token_client(world.memberships["practitioner"]), world, session,
                       at=value)
    assert response.status_code == 422
    assert not AttendanceRecord.objects.exists()


def test_html_in_a_name_is_refused(world, session):
    response = sign_in(token_client(world.memberships["practitioner"]), world, session,
                       dropped_off_by="<b>Pat</b>")
    assert response.status_code == 422
    assert not AttendanceRecord.objects.exists()


@pytest.mark.parametrize(("persona", "status"), [
    ("parent", 403), ("other_parent", 404), ("other_setting", 404)])
def test_only_staff_who_keep_the_register_sign_in(world, session, persona, status):
    response = sign_in(token_client(world.memberships[persona]), world, session)
    assert response.status_code == status
    assert not AttendanceRecord.objects.exists()


def test_a_token_without_the_scope_is_refused(world, session):
    client = token_client(world.memberships["practitioner"], scopes=["register:read"])
    assert sign_in(client, world, session).status_code == 403
    assert not AttendanceRecord.objects.exists()


def sign_out(client, world, collector, *, key=None):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post("/api/v1/register/sign-outs", {
        "child": str(world.child.uuid), "collector": collector},
        content_type="application/json", **headers)


def test_it_signs_a_child_out_to_a_named_adult(world, session):
    record = RecordFactory(child=world.child, session=session)
    mother = world.child.adults.get(relationship="Mother")
    mother.may_collect = True
    mother.save()
    client = token_client(world.memberships["practitioner"])
    key = str(uuid.uuid4())
    response = sign_out(client, world, f"adult:{mother.uuid}", key=key)
    assert response.status_code == 200, response.content
    record.refresh_from_db()
    assert record.collected_by == mother.name
    assert sign_out(client, world, f"adult:{mother.uuid}", key=key).json() == response.json()
    assert AuditEvent.objects.filter(action="attendance.signed_out").count() == 1


def test_a_child_signed_out_meanwhile_is_a_conflict(world, session):
    mother = world.child.adults.get(relationship="Mother")
    RecordFactory(child=world.child, session=session, signed_out_at=timezone.now(),
                  collected_by=mother.name)
    response = sign_out(token_client(world.memberships["practitioner"]), world,
                        f"adult:{mother.uuid}")
    assert response.status_code == 409
    assert "not signed in" in response.json()["detail"]


def test_a_restricted_adult_is_refused_and_the_refusal_is_kept(world, session):
    record = RecordFactory(child=world.child, session=session)
    restricted = world.child.adults.get(relationship="Father")
    key = str(uuid.uuid4())
    client = token_client(world.memberships["practitioner"])
    response = sign_out(client, world, f"adult:{restricted.uuid}", key=key)
    assert response.status_code == 409
    assert response.json()["code"] == "refused"
    record.refresh_from_db()
    assert record.signed_out_at is None
    assert AuditEvent.objects.filter(action="collection.refused").count() == 1
    # The retry is answered the same, and the refusal is not written twice.
    assert sign_out(client, world, f"adult:{restricted.uuid}", key=key).status_code == 409
    assert AuditEvent.objects.filter(action="collection.refused").count() == 1


def test_an_adult_not_named_is_refused(world, session):
    RecordFactory(child=world.child, session=session)
    stranger = ChildAdultFactory(child=world.other_child, name="Sam Stranger", may_collect=True)
    response = sign_out(token_client(world.memberships["practitioner"]), world,
                        f"adult:{stranger.uuid}")
    assert response.status_code == 409
    assert AttendanceRecord.objects.get(child=world.child).signed_out_at is None
