"""An adult's right to erasure: what is erased, what is kept and why, what refuses it."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from consents.models import MedicationPermission
from families.models import ChildAdult
from learning_journal.checks import add_months
from learning_journal.models import DiaryEntry
from preschool.models import AuditEvent
from preschool.services import ServiceError
from retention.adults import AdultErasure, plan_for, process, record_request
from retention.erasers import Holds
from tests.attendance.factories import reauthenticate
from tests.factories import PASSWORD


@pytest.fixture
def left(world, records):
    """Ava left last month; Pat's membership ended."""
    world.child.leaving_date = timezone.localdate() - timedelta(days=30)
    world.child.save()
    world.memberships["parent"].ended_at = timezone.now() - timedelta(days=30)
    world.memberships["parent"].save()
    return world


def _request(world):
    return record_request(world.users["manager"], world.setting_a, world.users["parent"],
                          received_at=timezone.localdate(), received_how="email")


def test_it_refuses_while_the_child_is_on_roll(world, records):
    plan = plan_for(world.users["parent"], world.setting_a, Holds())
    assert not plan.may_proceed
    text = " ".join(plan.refusals)
    assert "Ava Parentchild is on roll" in text and "membership" in text
    erasure = _request(world)
    with pytest.raises(ServiceError):
        process(world.users["manager"], erasure)
    erasure.refresh_from_db()
    assert erasure.is_pending
    assert world.users["parent"].__class__.objects.get(pk=world.users["parent"].pk).is_active


def test_a_legal_hold_on_the_person_refuses_it(left):
    plan = plan_for(left.users["parent"], left.setting_a,
                    Holds(user_ids={left.users["parent"].pk}))
    assert any("legal hold" in reason for reason in plan.refusals)


def test_it_says_what_must_be_kept_and_why(left):
    plan = plan_for(left.users["parent"], left.setting_a, Holds())
    assert plan.may_proceed
    kept = {group.record_type: group for group in plan.kept}
    medication = kept["medication"]
    assert "Limitation Act 1980" in medication.why
    assert medication.lines[0].text == "Their name on 1 medication permission for Ava Parentchild"
    born = left.child.date_of_birth
    assert medication.lines[0].until == add_months(born, 21 * 12 + 3)
    assert "messages" in kept and "child_record" not in kept
    # each rule once
    assert len(plan.kept) == len({group.record_type for group in plan.kept})
    erased = dict(plan.erased)
    assert erased["Links to children who have left"] == 1
    assert erased["Diary entries they wrote"] == 1


def test_processing_erases_what_may_go_and_records_what_was_kept(left, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    parent = left.users["parent"]
    erasure = _request(left)
    with django_capture_on_commit_callbacks(execute=True):
        process(left.users["manager"], erasure)
    erasure.refresh_from_db()
    parent.refresh_from_db()
    assert erasure.outcome == AdultErasure.Outcome.DONE
    assert erasure.processed_by == left.users["manager"]
    assert {row["type"] for row in erasure.kept} >= {"medication", "messages"}
    # the account: no way to sign in, no address, no devices
    assert not parent.is_active and not parent.has_usable_password()
    assert parent.email.endswith("@erased.invalid")
    assert not EmailAddress.objects.filter(user=parent).exists()
    assert not ChildAdult.objects.filter(user=parent).exists()
    assert not DiaryEntry.objects.filter(author=parent).exists()
    # the kept record still names them
    assert MedicationPermission.objects.filter(requested_by=parent).exists()
    assert parent.full_name == "Pat Parent"
    # the audit trail says what kind and how many, never the content
    event = AuditEvent.objects.get(action="adult_erasure.processed")
    assert "Pat" not in event.object_label and "Slept" not in str(event.changes)
    # the person is told, at their address from before
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["parent@example.org"]
    assert "Limitation Act 1980" in message.body
    # and once only
    with pytest.raises(ServiceError):
        process(left.users["manager"], erasure)


def test_the_account_stays_when_the_person_still_uses_it_elsewhere(left):
    from tests.factories import MembershipFactory

    MembershipFactory(user=left.users["parent"], setting=left.setting_b)
    plan = plan_for(left.users["parent"], left.setting_a, Holds())
    assert plan.account_stays
    erasure = _request(left)
    process(left.users["manager"], erasure)
    left.users["parent"].refresh_from_db()
    assert left.users["parent"].is_active
    assert not ChildAdult.objects.filter(user=left.users["parent"],
                                         child__setting=left.setting_a).exists()


def test_the_manager_records_and_processes_it_from_the_pages(left, client, mailoutbox):
    client.login(email="manager@example.org", password=PASSWORD)
    page = client.get(reverse("child-detail", args=[left.child.uuid]))
    new = reverse("retention-adult-erasure-new", args=[left.users["parent"].uuid])
    assert new in page.content.decode()
    page = client.get(new)
    assert "What must be kept, and why" in page.content.decode()
    answer = client.post(new, {"received_at": timezone.localdate().isoformat(),
                               "received_how": "phone"})
    erasure = AdultErasure.objects.get()
    assert answer.url == reverse("retention-adult-erasure-detail", args=[erasure.uuid])
    process_url = reverse("retention-adult-erasure-process", args=[erasure.uuid])
    assert process_url in client.get(answer.url).content.decode()
    # a password asked first
    assert "reauthenticate" in client.post(process_url).url
    reauthenticate(client)
    answer = client.post(process_url)
    assert answer.status_code == 302
    erasure.refresh_from_db()
    assert erasure.outcome == AdultErasure.Outcome.DONE
    page = client.get(answer.url).content.decode()
    assert "What was kept, and why" in page


def test_a_future_date_is_refused_and_nothing_recorded(left, client):
    client.login(email="manager@example.org", password=PASSWORD)
    new = reverse("retention-adult-erasure-new", args=[left.users["parent"].uuid])
    answer = client.post(new, {"received_at": (timezone.localdate() + timedelta(days=2))
                               .isoformat(), "received_how": "phone"})
    assert answer.status_code == 200
    assert "future" in answer.content.decode()
    assert not AdultErasure.objects.exists()


def _page_queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_list_of_requests_reads_the_same_queries_for_1_and_6(left, client):
    client.login(email="manager@example.org", password=PASSWORD)
    url = reverse("retention-adult-erasures")
    _request(left)
    one = _page_queries(client, url)
    for persona in ("carer_no_info", "other_parent", "practitioner", "key_person", "parent"):
        record_request(left.users["manager"], left.setting_a, left.users[persona],
                       received_at=timezone.localdate(), received_how="letter")
    assert _page_queries(client, url) == one


def test_the_plan_reads_the_same_queries_for_one_child_and_many(left):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.consents.factories import calpol
    from tests.factories import ChildAdultFactory, ChildFactory

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            plan_for(left.users["parent"], left.setting_a, Holds())
        return len(queries)

    few = count()
    for _ in range(4):
        child = ChildFactory.create(setting=left.setting_a, room=left.room,
                                    leaving_date=timezone.localdate() - timedelta(days=3))
        ChildAdultFactory(child=child, user=left.users["parent"])
        calpol(left, child=child)
    assert count() == few


def test_the_list_leads_to_a_person_of_the_setting_only(left, client):
    client.login(email="manager@example.org", password=PASSWORD)
    url = reverse("retention-adult-erasures")
    page = client.get(url).content.decode()
    assert "Kim Keyperson" in page and "Rita Riverparent" not in page
    answer = client.get(url, {"person": left.users["key_person"].uuid})
    assert answer.url == reverse("retention-adult-erasure-new",
                                 args=[left.users["key_person"].uuid])
    assert client.get(url, {"person": left.users["other_setting"].uuid}).status_code == 404
    assert client.get(url, {"person": "not-a-uuid"}).status_code == 404
