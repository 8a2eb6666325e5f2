"""Reviews: families and staff comment on the draft; the manager decides on each comment and
publishes the new version; commenters are told what became of their comments."""

from datetime import datetime, time, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from policies.models import PolicyVersion, Review, ReviewComment
from policies.services import add_comment, decide_comment, open_review, publish
from preschool.lib import reminders
from preschool.models import Reminder
from preschool.services import ServiceError
from tests.policies.factories import published_policy


@pytest.fixture
def policy(world):
    return published_policy(world.setting_a, title="Settling in")


def _open(world, policy, days=14):
    return open_review(world.users["manager"], policy,
                       closes_on=timezone.localdate() + timedelta(days=days),
                       introduction="We would like to shorten the first visits.")


def _publish(world, policy, **fields):
    return publish(world.users["manager"], policy, adopted_on=timezone.localdate(),
                   next_review_on=timezone.localdate() + timedelta(days=365),
                   chair_name="Cara Chair", manager_name="Mona Manager",
                   change_summary="Shorter first visits.", **fields)


def test_opening_a_review_invites_its_readers(world, policy, sent):
    client = world.client_for("manager")
    with sent():
        response = client.post(reverse("policies-review-open", args=[policy.uuid]), {
            "closes_on": (timezone.localdate() + timedelta(days=10)).isoformat(),
            "introduction": "Have your say."})
    review = Review.objects.get()
    assert response["Location"] == review.get_absolute_url()
    assert review.draft.number == 2 and review.draft.body == policy.current_version.body
    assert len(mail.outbox) == 5 and "Have your say" in mail.outbox[0].subject
    assert "Have your say on a policy" in world.client_for("parent").get(
        reverse("home")).content.decode()


@pytest.mark.parametrize("days", [0, -1, 200])
def test_the_period_must_make_sense(world, policy, days):
    with pytest.raises(ServiceError):
        _open(world, policy, days=days)
    assert not Review.objects.exists()


def test_only_one_review_at_a_time(world, policy):
    _open(world, policy)
    with pytest.raises(ServiceError, match="already open"):
        _open(world, policy)


def test_a_parent_comments_on_a_section_and_sees_only_their_own(world, policy):
    review = _open(world, policy)
    client = world.client_for("parent")
    response = client.post(reverse("policies-review-comment", args=[review.uuid]), {
        "section": "Before your child starts", "body": "Please keep home visits & more."})
    assert response.status_code == 302
    comment = ReviewComment.objects.get()
    assert comment.section == "Before your child starts" and comment.author == world.users[
        "parent"]
    add_comment(world.users["other_parent"], review, section="", body="Olly's private view")
    page = client.get(review.get_absolute_url()).content.decode()
    assert "Please keep home visits &amp; more." in page
    # Tags typed in the form are refused (test_plain_text.py); any stored another way are
    # only ever shown as text.
    ReviewComment.objects.filter(pk=comment.pk).update(body="<b>Please</b> keep home visits.")
    page = client.get(review.get_absolute_url()).content.decode()
    assert "&lt;b&gt;Please&lt;/b&gt; keep home visits." in page
    assert "Olly&#x27;s private view" not in page
    manager_page = world.client_for("manager").get(review.get_absolute_url()).content.decode()
    assert "Olly&#x27;s private view" in manager_page and "keep home visits" in manager_page


def test_a_comment_on_an_unknown_section_or_empty_is_refused(world, policy):
    review = _open(world, policy)
    with pytest.raises(ServiceError, match="sections"):
        add_comment(world.users["parent"], review, section="Made up", body="Hi")
    response = world.client_for("parent").post(
        reverse("policies-review-comment", args=[review.uuid]), {"section": "", "body": " "})
    assert "Write your comment first" in response.content.decode()
    assert not ReviewComment.objects.exists()


def test_a_comment_on_a_review_that_has_closed_is_refused(world, policy):
    review = _open(world, policy)
    Review.objects.filter(pk=review.pk).update(closes_on=timezone.localdate() - timedelta(1))
    review.refresh_from_db()
    with pytest.raises(ServiceError, match="comments are no longer taken"):
        add_comment(world.users["parent"], review, section="", body="Too late?")
    page = world.client_for("parent").get(review.get_absolute_url()).content.decode()
    assert "Comments closed on" in page and "Send my comment" not in page
    # Nowhere is the parent still invited to comment.
    page = world.client_for("parent").get(policy.get_absolute_url()).content.decode()
    assert "comments closed on" in page and "Read the draft and comment" not in page
    assert "Have your say" not in world.client_for("parent").get(
        reverse("home")).content.decode()
    response = world.client_for("parent").post(
        reverse("policies-review-comment", args=[review.uuid]), {"body": "Too late?"})
    assert "no longer taken" in response.content.decode()
    assert not ReviewComment.objects.exists()


def test_families_cannot_see_a_review_of_a_staff_only_policy(world):
    staff_policy = published_policy(world.setting_a, title="Rota", audience="staff")
    review = _open(world, staff_policy)
    assert world.client_for("parent").get(review.get_absolute_url()).status_code == 404
    with pytest.raises(ServiceError):
        add_comment(world.users["parent"], review, section="", body="Hi")


def test_publishing_waits_for_a_decision_on_every_comment_then_tells_commenters(
        world, policy, sent):
    review = _open(world, policy)
    first = add_comment(world.users["parent"], review, section="", body="Keep visits.")
    second = add_comment(world.users["other_parent"], review, section="The first weeks",
                         body="Add a settling diary.")
    with pytest.raises(ServiceError, match="2 comments still need a decision"):
        _publish(world, policy)
    decide_comment(world.users["manager"], first, decision="answered",
                   reply="Home visits stay.")
    with pytest.raises(ServiceError, match="Write a reply"):
        decide_comment(world.users["manager"], second, decision="declined")
    client = world.client_for("manager")
    response = client.post(reverse("policies-comment-decide", args=[second.uuid]), {
        f"{second.uuid}-decision": "adopted", f"{second.uuid}-reply": ""})
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.decision == "adopted"
    with sent():
        version = _publish(world, policy)
    review.refresh_from_db()
    policy.refresh_from_db()
    assert review.closed_at is not None and policy.current_version == version
    assert version.number == 2
    by_person = {m.to[0]: m for m in mail.outbox}
    assert set(by_person) == {"parent@example.org", "other.parent@example.org"}
    assert "Home visits stay." in by_person["parent@example.org"].body
    assert "Adopted" in by_person["other.parent@example.org"].body
    assert "Add a settling diary" not in by_person["parent@example.org"].body
    # Deciding after publishing is refused.
    with pytest.raises(ServiceError, match="finished"):
        decide_comment(world.users["manager"], first, decision="declined", reply="x")


def test_the_manager_sees_feedback_collated_by_section(world, policy):
    review = _open(world, policy)
    add_comment(world.users["parent"], review, section="The first weeks", body="B comment")
    add_comment(world.users["other_parent"], review, section="", body="Whole comment")
    add_comment(world.users["practitioner"], review, section="Before your child starts",
                body="A comment")
    page = world.client_for("manager").get(review.get_absolute_url()).content.decode()
    assert page.index("Whole comment") < page.index("A comment") < page.index("B comment")
    assert "3 waiting for a decision" in page


def test_a_bad_decision_is_refused_with_a_message(world, policy):
    review = _open(world, policy)
    comment = add_comment(world.users["parent"], review, section="", body="Hi")
    response = world.client_for("manager").post(
        reverse("policies-comment-decide", args=[comment.uuid]),
        {f"{comment.uuid}-decision": "declined"}, follow=True)
    assert "Write a reply" in response.content.decode()
    comment.refresh_from_db()
    assert comment.decision == "pending"


class TestReviewDueReminders:
    def _scan(self, day):
        with mock.patch.object(reminders, "enqueue"):
            reminders.scan(now=timezone.make_aware(datetime.combine(day, time(9))))

    def test_the_manager_is_reminded_a_month_before_and_on_the_day(self, world, policy):
        due = policy.current_version.next_review_on
        self._scan(due - timedelta(days=31))
        assert not Reminder.objects.filter(kind="policies-review-due").exists()
        for offset in (30, 29, 1, 0):
            self._scan(due - timedelta(days=offset))
        rows = Reminder.objects.filter(kind="policies-review-due").order_by("due_at")
        assert [r.object_key.split(":")[1] for r in rows] == ["30", "0"]
        assert {r.recipient for r in rows} == {world.users["manager"]}
        Reminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))
        assert reminders.deliver(rows[0].pk) == "sent"
        assert "Policy review due" in mail.outbox[-1].subject

    def test_no_reminder_once_a_review_is_open(self, world, policy):
        _open(world, policy)
        self._scan(policy.current_version.next_review_on)
        assert not Reminder.objects.filter(kind="policies-review-due").exists()

    def test_a_superseded_version_is_not_reminded(self, world, policy):
        due = policy.current_version.next_review_on
        self._scan(due - timedelta(days=30))
        reminder = Reminder.objects.get(kind="policies-review-due")
        new = PolicyVersion.objects.create(policy=policy, number=2, body="x",
                                           published_at=timezone.now())
        policy.current_version = new
        policy.save()
        Reminder.objects.update(due_at=timezone.now() - timedelta(minutes=1))
        assert reminders.deliver(reminder.pk) == "cancelled"
