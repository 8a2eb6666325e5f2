"""The managers' retention pages: the schedule and its changes, legal holds, the lists of
what is due, the erasure log; the child's page and the home page."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from preschool.models import AuditEvent
from retention.models import ErasureLog, ErasureNotice, LegalHold, RetentionRule
from retention.policy import period_for
from retention.schedule import BY_KEY
from tests.complaints.factories import concern


@pytest.fixture
def manager(world):
    return world.client_for("manager")


def test_it_shows_every_record_type_with_its_period_and_why(world, manager):
    page = manager.get("/retention/").content.decode()
    for record_type in BY_KEY.values():
        assert str(record_type.label).replace("'", "&#x27;") in page
    assert "3 years after the child leaves" in page and "the portal&#x27;s default" in page


def test_it_changes_a_period_with_a_reason(world, manager):
    response = manager.post("/retention/rules/journal/", {
        "years": "1", "months": "0", "days": "0",
        "reason": "Families asked for longer to download."})
    assert response.status_code == 302
    assert period_for(world.setting_a, "journal").years == 1
    event = AuditEvent.objects.get(action="retention.rule_changed")
    assert event.actor == world.users["manager"]
    page = manager.get("/retention/").content.decode()
    assert "Families asked for longer to download." in page
    assert "Default: 90 days after the child leaves" in page


@pytest.mark.parametrize("data", [
    {"years": "1", "reason": ""},
    {"years": "1", "reason": "   "},
    {"years": "0", "months": "0", "days": "0", "reason": "No time at all."},
    {"years": "-1", "reason": "Negative."},
    {"months": "12", "reason": "Twelve months."},
    {"years": "1", "reason": "<script>alert(1)</script>"},
])
def test_a_bad_change_says_why_and_changes_nothing(world, manager, data):
    response = manager.post("/retention/rules/journal/", data)
    assert response.status_code == 200
    assert not RetentionRule.objects.exists()
    page = response.content.decode()
    assert "invalid-feedback" in page or "alert-danger" in page


def test_a_period_shorter_than_the_default_is_confirmed(world, manager):
    data = {"years": "1", "reason": "We keep less."}
    response = manager.post("/retention/rules/medication/", data)
    assert "shorter than the portal" in response.content.decode()
    assert not RetentionRule.objects.exists()
    manager.post("/retention/rules/medication/", {**data, "shorter_confirmed": "on"})
    assert period_for(world.setting_a, "medication").years == 1


def test_an_unknown_record_type_is_404(world, manager):
    assert manager.get("/retention/rules/nothing/").status_code == 404


def test_back_to_the_default_is_a_row_too(world, manager):
    manager.post("/retention/rules/journal/", {"years": "2", "reason": "Longer."})
    manager.post("/retention/rules/journal/", {"back_to_default": "on",
                                               "reason": "Back to the usual."})
    assert RetentionRule.objects.count() == 2
    assert period_for(world.setting_a, "journal") == BY_KEY["journal"].default


def test_it_places_and_lifts_a_hold_on_a_child(world, manager):
    response = manager.post("/retention/holds/new/", {
        "on": "child", "child": str(world.child.uuid), "reason": "safeguarding",
        "details": "A case is open with the local authority."})
    assert response.status_code == 302
    hold = LegalHold.objects.get()
    assert hold.child == world.child and hold.is_in_force
    page = manager.get("/retention/holds/").content.decode()
    assert "Ava" in page and "A safeguarding case" in page
    assert manager.post(f"/retention/holds/{hold.uuid}/lift/", {"lift_reason": ""}
                        ).status_code == 200
    hold.refresh_from_db()
    assert hold.is_in_force
    manager.post(f"/retention/holds/{hold.uuid}/lift/", {"lift_reason": "The case closed."})
    hold.refresh_from_db()
    assert not hold.is_in_force and hold.lifted_by == world.users["manager"]
    assert set(AuditEvent.objects.filter(action__startswith="retention.")
               .values_list("action", flat=True)) == {"retention.hold_placed",
                                                      "retention.hold_lifted"}


def test_it_places_a_hold_on_an_adult_and_on_one_record(world, manager):
    complaint = concern(world)
    manager.post("/retention/holds/new/", {
        "on": "adult", "adult": str(world.users["parent"].uuid), "reason": "claim",
        "details": "A claim."})
    manager.post("/retention/holds/new/", {
        "on": "record", "record_label": "complaints.concern", "record_id": str(complaint.uuid),
        "reason": "complaint", "details": "Open complaint."})
    holds = {(h.user_id, h.record_label, h.record_uuid) for h in LegalHold.objects.all()}
    assert holds == {(world.users["parent"].pk, "", ""),
                     (None, "complaints.concern", str(complaint.uuid))}


def test_a_hold_on_another_setting_s_record_is_refused(world, manager):
    from complaints.models import Concern

    theirs = Concern.objects.create(setting=world.setting_b, kind="query", subject="Hello",
                                    details="Hello")
    response = manager.post("/retention/holds/new/", {
        "on": "record", "record_label": "complaints.concern", "record_id": str(theirs.uuid),
        "reason": "complaint", "details": "Open complaint."})
    assert response.status_code == 200 and "No such record in this setting." in (
        response.content.decode())
    response = manager.post("/retention/holds/new/", {
        "on": "child", "child": str(world.child_b.uuid), "reason": "claim", "details": "x"})
    assert response.status_code == 200
    assert not LegalHold.objects.exists()


def test_the_child_s_page_offers_a_hold_to_managers_only(world, manager):
    url = f"/children/{world.child.uuid}/"
    assert "Place a legal hold on Ava" in manager.get(url).content.decode()
    page = world.client_for("key_person").get(url).content.decode()
    assert "legal hold" not in page
    form = manager.get(f"/retention/holds/new/?child={world.child.uuid}").content.decode()
    assert f'value="{world.child.uuid}" selected' in form
    assert manager.get(f"/retention/holds/new/?child={world.child_b.uuid}").status_code == 404


def test_the_due_page_and_the_home_page_list_what_will_be_erased(world, manager):
    today = timezone.localdate()
    ErasureNotice.objects.create(setting=world.setting_a, record_type="journal", sent_on=today,
                                 for_date=today + timedelta(days=14), keys=["k1", "k2"],
                                 lines=["Ava Parentchild, left 2 May 2030: 2 observations"],
                                 count=2)
    page = manager.get("/retention/due/").content.decode()
    assert "Ava Parentchild, left 2 May 2030: 2 observations" in page
    home = manager.get("/").content.decode()
    assert "Records due for erasure" in home and "2 records" in home
    assert "Records due for erasure" not in world.client_for("key_person").get("/").content.decode()
    # Riverside's manager sees none of it.
    assert "Ava" not in world.client_for("other_setting").get("/retention/due/").content.decode()


def test_the_manage_menu_leads_to_retention(world, manager):
    assert 'href="/retention/"' in manager.get("/").content.decode()
    assert 'href="/retention/"' not in world.client_for("practitioner").get("/").content.decode()


def _log(world, n):
    ErasureLog.objects.bulk_create(
        ErasureLog(setting=world.setting_a, record_type="journal", action="erase", count=i + 1,
                   rule="90 days after the child leaves (the portal's default)",
                   notice_sent_on=date(2030, 1, 1), run_on=date(2030, 1, 15))
        for i in range(n))


def test_the_erasure_log_is_50_a_page_in_a_constant_number_of_queries(
        world, manager, django_assert_max_num_queries):
    _log(world, 3)
    manager.get("/retention/log/")
    with django_assert_max_num_queries(30) as few:
        manager.get("/retention/log/")
    _log(world, 120)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = manager.get("/retention/log/?page=2").content.decode()
    assert page.count("<tr>") == 51  # the header and 50 rows
    assert "Learning journal" in page


def test_the_holds_list_keeps_a_constant_number_of_queries(
        world, manager, django_assert_max_num_queries):
    from retention import services

    def place(n):
        for _ in range(n):
            services.place_hold(world.users["manager"], world.setting_a, child=world.child,
                                reason="claim", details="A claim.")
            services.place_hold(world.users["manager"], world.setting_a,
                                adult=world.users["parent"], reason="claim", details="A claim.")

    place(1)
    manager.get("/retention/holds/")
    with django_assert_max_num_queries(30) as few:
        manager.get("/retention/holds/")
    place(10)
    with django_assert_max_num_queries(len(few.captured_queries)):
        manager.get("/retention/holds/")


def test_the_due_page_keeps_a_constant_number_of_queries(
        world, manager, django_assert_max_num_queries):
    today = timezone.localdate()

    def notices(first, n):
        ErasureNotice.objects.bulk_create(
            ErasureNotice(setting=world.setting_a, record_type=record_type,
                          sent_on=today - timedelta(days=first + i), for_date=today,
                          keys=["k"], lines=["a line"], count=1)
            for i in range(n) for record_type in ("journal", "attendance"))

    notices(0, 1)
    manager.get("/retention/due/")
    with django_assert_max_num_queries(30) as few:
        manager.get("/retention/due/")
    notices(1, 20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = manager.get("/retention/due/").content.decode()
    assert page.count("a line") == 42
