"""Collection passwords: a parent sets one for a day and a named adult (after confirming their
own password); staff type what the adult says and get match or no match; wrong answers are
limited by counting the logged attempts; the parent is told when it is used."""

from datetime import datetime, time, timedelta

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from attendance.models import AttendanceRecord
from collection import services
from collection.models import CollectionPassword, PasswordAttempt
from preschool.models import AuditEvent
from preschool.services import ServiceError
from tests.attendance.factories import RecordFactory, all_day, reauthenticate

SECRET = "Purple Tractor 42"


def _form(**data):
    return {"for_date": timezone.localdate().isoformat(), "collector_name": "Uma Uncle",
            "relationship": "Uncle", "password": SECRET, "password_again": SECRET, **data}


def _url(world):
    return reverse("collection-password-new", args=[world.child.uuid])


def _set(world, secret=SECRET, day=None) -> CollectionPassword:
    return services.set_password(world.users["parent"], world.child,
                                 for_date=day or timezone.localdate(),
                                 collector_name="Uma Uncle", relationship="Uncle",
                                 password=secret)


def _this_morning():
    """09:00 today: the checks a test makes minutes apart stay within today whenever it runs
    (a password is for one day)."""
    return timezone.make_aware(datetime.combine(timezone.localdate(), time(9, 0)))


def _check(world, attempt, now=None):
    return services.check_password(world.users["key_person"], world.child, attempt, now=now)


class TestSettingAPassword:
    def test_a_parent_is_asked_to_confirm_their_password_first(self, world):
        client = world.client_for("parent")
        response = client.get(_url(world))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
        reauthenticate(client)
        assert client.get(_url(world)).status_code == 200

    def test_a_parent_sets_a_password_that_is_stored_only_as_a_hash(self, world):
        client = world.client_for("parent")
        reauthenticate(client)
        response = client.post(_url(world), _form())
        assert response.status_code == 302
        assert response["Location"] == reverse("collection-child", args=[world.child.uuid])
        password = CollectionPassword.objects.get()
        assert password.collector_name == "Uma Uncle" and password.set_by == world.users["parent"]
        assert SECRET.lower() not in password.password_hash
        assert identify_hasher(password.password_hash)  # one of Django's hashers made it
        assert password.verify("purple   TRACTOR 42")  # as spoken: case and spaces ignored
        assert not password.verify("purple tractor 43")
        event = AuditEvent.objects.get(action="collection_password.set")
        assert "tractor" not in str(event.changes).lower()

    def test_a_lapsed_confirmation_drops_the_form_instead_of_keeping_it(self, world):
        """allauth would keep a lapsed POST (with the password in it) in the session to replay
        it; the password form is never kept."""
        client = world.client_for("parent")
        response = client.post(_url(world), _form())
        assert response.status_code == 302 and response["Location"] == _url(world)
        assert not CollectionPassword.objects.exists()
        session = client.session
        assert "tractor" not in str(dict(session.items())).lower()

    @pytest.mark.parametrize(("data", "message"), [
        ({"password": "abc", "password_again": "abc"}, "at least 6 characters"),
        ({"password_again": "something else"}, "not the same"),
        ({"collector_name": ""}, "Give the name of the adult"),
        ({"for_date": (timezone.localdate() - timedelta(days=1)).isoformat()},
         "today or a day to come"),
        ({"password": "ava is lovely", "password_again": "ava is lovely"},
         "Do not use the child"),
    ])
    def test_bad_input_is_refused_with_a_clear_message(self, world, data, message):
        client = world.client_for("parent")
        reauthenticate(client)
        response = client.post(_url(world), _form(**data))
        assert response.status_code == 200
        assert message in response.content.decode()
        assert not CollectionPassword.objects.exists()

    def test_the_form_never_sends_the_password_back(self, world):
        client = world.client_for("parent")
        reauthenticate(client)
        response = client.post(_url(world), _form(password_again="Purple Tractor 43"))
        assert SECRET not in response.content.decode()

    def test_staff_and_other_carers_cannot_set_one(self, world):
        client = world.client_for("manager")
        reauthenticate(client)
        assert client.get(_url(world)).status_code == 403
        assert world.client_for("carer_no_info").get(_url(world)).status_code == 404

    def test_a_new_password_for_the_same_day_replaces_the_old_one(self, world):
        old = _set(world)
        new = _set(world, "green bicycle")
        old.refresh_from_db()
        assert old.cancelled_at is not None and new.cancelled_at is None
        assert CollectionPassword.objects.active_on(timezone.localdate()).get() == new

    def test_the_parent_cancels_a_password(self, world):
        password = _set(world)
        response = world.client_for("parent").post(
            reverse("collection-password-cancel", args=[password.uuid]))
        assert response.status_code == 302
        password.refresh_from_db()
        assert password.cancelled_at is not None
        assert _check(world, SECRET).result == "none"


class TestCheckingAtTheDoor:
    def test_match_and_no_match(self, world):
        _set(world)
        assert _check(world, "not it at all").result == PasswordAttempt.Result.NO_MATCH
        result = _check(world, "purple tractor 42")
        assert result.result == PasswordAttempt.Result.MATCH
        assert result.password.verified_at is not None
        assert list(PasswordAttempt.objects.order_by("tried_at").values_list(
            "result", flat=True)) == ["no_match", "match"]

    def test_five_wrong_passwords_in_ten_minutes_lock_the_checks(self, world, sent):
        _set(world)
        start = _this_morning()
        with sent():
            for i in range(4):
                result = _check(world, f"wrong {i}", now=start + timedelta(minutes=i))
                assert result.result == "no_match" and result.remaining == 4 - i
            result = _check(world, "wrong 5", now=start + timedelta(minutes=4))
        assert result.result == PasswordAttempt.Result.LOCKED
        # Even the right password is refused while locked, and the refusal is logged.
        result = _check(world, SECRET, now=start + timedelta(minutes=9))
        assert result.result == PasswordAttempt.Result.LOCKED
        assert PasswordAttempt.objects.filter(result="locked").count() == 1
        assert result.locked_until == PasswordAttempt.objects.filter(
            result="no_match").order_by("tried_at").first().tried_at + timedelta(minutes=10)
        # The parent who set it is told.
        assert [m.to for m in mail.outbox] == [[world.users["parent"].email]]
        assert "Wrong collection passwords" in mail.outbox[0].subject
        assert SECRET.lower() not in mail.outbox[0].body.lower()
        # Once the first wrong answer is ten minutes old, checks work again.
        result = _check(world, SECRET, now=start + timedelta(minutes=10, seconds=1))
        assert result.result == PasswordAttempt.Result.MATCH

    def test_wrong_answers_spread_over_more_than_ten_minutes_do_not_lock(self, world):
        _set(world)
        start = _this_morning()
        for i in range(6):
            result = _check(world, "wrong", now=start + timedelta(minutes=3 * i))
        assert result.result == PasswordAttempt.Result.NO_MATCH

    def test_the_lock_is_per_child(self, world):
        _set(world)
        other = services.set_password(world.users["other_parent"], world.other_child,
                                      for_date=timezone.localdate(),
                                      collector_name="Vic Visitor", relationship="",
                                      password="orange balloon")
        for _ in range(5):
            _check(world, "wrong")
        assert services.check_password(world.users["key_person"], world.other_child,
                                       "orange balloon").result == "match"
        assert other.attempts.count() == 1

    def test_a_password_for_another_day_does_not_work_today(self, world):
        _set(world, day=timezone.localdate() + timedelta(days=1))
        assert _check(world, SECRET).result == "none"

    def test_the_panel_answers_match_or_no_match_and_never_echoes_the_attempt(self, world):
        _set(world)
        record = RecordFactory(child=world.child, session=all_day(world))
        client = world.client_for("key_person")
        url = reverse("collection-password-check", args=[record.uuid])
        html = client.post(url, {"attempt": "Orange Submarine"},
                           HTTP_HX_REQUEST="true").content.decode()
        assert "No match." in html and "4 more tries" in html
        assert "Orange Submarine" not in html
        html = client.post(url, {"attempt": SECRET}, HTTP_HX_REQUEST="true").content.decode()
        assert "Match." in html and SECRET not in html
        assert "password checked" in html  # the adult can now be chosen


class TestCollectingWithThePassword:
    def test_the_adult_is_released_only_after_the_password_is_checked(self, world, sent):
        password = _set(world)
        record = RecordFactory(child=world.child, session=all_day(world))
        with pytest.raises(ServiceError, match="Check the password"):
            services.sign_out(world.users["key_person"], record,
                              token=f"password:{password.uuid}")
        _check(world, SECRET)
        with sent():
            services.sign_out(world.users["key_person"], record,
                              token=f"password:{password.uuid}")
        record.refresh_from_db()
        password.refresh_from_db()
        assert record.collected_by == "Uma Uncle"
        assert record.collection_check == AttendanceRecord.Check.PASSWORD
        assert password.used_record == record and password.used_by == world.users["key_person"]
        message = mail.outbox[-1]
        assert message.to == [world.users["parent"].email]
        assert "Uma Uncle" in message.subject and "went home with them" in message.body
        assert SECRET.lower() not in message.body.lower()

    def test_a_password_works_once(self, world):
        password = _set(world)
        _check(world, SECRET)
        first = RecordFactory(child=world.child, session=all_day(world))
        services.sign_out(world.users["key_person"], first, token=f"password:{password.uuid}")
        again = RecordFactory(child=world.child, session=all_day(world, "Afternoon"))
        with pytest.raises(ServiceError, match="already been used"):
            services.sign_out(world.users["key_person"], again,
                              token=f"password:{password.uuid}")
        assert _check(world, SECRET).result == "used"
