"""Wow moments from home, comments between family and staff, notifications as each person
prefers (instant, or one daily digest through the reminders mechanism), and never to anyone
without the right to the child's information."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

from learning_journal import services
from learning_journal.models import Comment, Notice, Observation
from learning_journal.notify import DIGEST_HOUR
from preschool.lib import reminders
from preschool.models import Reminder
from tests.learning_journal.factories import group_observation, photo


def _wow(client, child, **data):
    form = {"observed_on": timezone.localdate().isoformat(),
            "text": "Ava counted all the stairs to ten!", **data}
    return client.post(reverse("journal-wow-new", args=[child.uuid]), form)


class TestWowMoments:
    def test_a_parent_adds_a_wow_moment_and_the_key_person_is_told(self, world, sent):
        with sent():
            response = _wow(world.client_for("parent"), world.child, media=[photo()])
        observation = Observation.objects.get()
        assert response.status_code == 302
        assert observation.source == "family" and observation.is_published
        assert [link.child for link in observation.child_links.all()] == [world.child]
        assert list(observation.media.get().children_shown.all()) == [world.child]
        assert [m.to for m in mail.outbox] == [["key.person@example.org"]]
        assert "wow moment" in mail.outbox[0].body
        assert reverse("journal-child-observation",
                       args=[world.child.uuid, observation.uuid]) in mail.outbox[0].body

    def test_only_the_child_s_informed_family_may_add_one(self, world):
        assert _wow(world.client_for("carer_no_info"), world.child).status_code == 404
        assert _wow(world.client_for("other_parent"), world.child).status_code == 404
        assert _wow(world.client_for("key_person"), world.child).status_code == 403
        assert not Observation.objects.exists()

    def test_html_is_refused(self, world):
        response = _wow(world.client_for("parent"), world.child,
                        text='<img src=x onerror="alert(1)">')
        assert "HTML or script tags" in response.content.decode()
        assert not Observation.objects.exists()

    def test_the_key_person_links_it_to_areas_and_adds_a_next_step(self, world):
        observation = services.add_wow_moment(world.users["parent"], world.child,
                                              observed_on=timezone.localdate(),
                                              text="Counted to ten")
        from learning_journal.models import Area

        response = world.client_for("key_person").post(
            reverse("journal-observation-annotate", args=[observation.uuid]),
            {"areas": [Area.objects.get(code="M").pk],
             f"next_step_{world.child.uuid}": "Count objects to ten."})
        assert response.status_code == 302
        page = world.client_for("parent").get(reverse("journal-child", args=[world.child.uuid]))
        assert "Count objects to ten." in page.content.decode()


class TestComments:
    def test_a_parent_and_the_key_person_talk_in_ava_s_thread(self, world, sent):
        observation = group_observation(world)
        url = reverse("journal-comment", args=[world.child.uuid, observation.uuid])
        with sent():
            world.client_for("parent").post(url, {"body": "She told us all about it!"})
        assert [m.to for m in mail.outbox] == [["key.person@example.org"]]
        assert "She told us all about it!" in mail.outbox[0].body
        mail.outbox.clear()
        with sent():
            world.client_for("key_person").post(url, {"body": "She was so proud."})
        assert [m.to for m in mail.outbox] == [["parent@example.org"]]

    def test_one_family_never_reads_another_family_s_thread(self, world):
        observation = group_observation(world)
        services.add_comment(world.users["parent"], observation, world.child, "PAT-SECRET")
        otto = world.client_for("other_parent").get(reverse(
            "journal-child-observation", args=[world.other_child.uuid, observation.uuid]))
        assert "PAT-SECRET" not in otto.content.decode()
        # Olly cannot post into Ava's thread either.
        url = reverse("journal-comment", args=[world.child.uuid, observation.uuid])
        assert world.client_for("other_parent").post(url, {"body": "x"}).status_code == 404
        assert world.client_for("carer_no_info").post(url, {"body": "x"}).status_code == 404
        assert Comment.objects.count() == 1

    def test_an_empty_or_html_comment_is_refused(self, world):
        observation = group_observation(world)
        url = reverse("journal-comment", args=[world.child.uuid, observation.uuid])
        for body in ("", "<b>bold</b>"):
            response = world.client_for("parent").post(url, {"body": body})
            assert response.status_code == 200
        assert not Comment.objects.exists()

    def test_no_comments_on_a_draft(self, world):
        observation = group_observation(world, publish=False)
        url = reverse("journal-comment", args=[world.child.uuid, observation.uuid])
        response = world.client_for("key_person").post(url, {"body": "Hello"})
        assert "once the observation is published" in response.content.decode()


class TestNotifications:
    def test_daily_people_get_one_digest_a_day_through_the_reminders(self, world, sent):
        parent = world.users["parent"]
        parent.notification_frequency = "daily"
        parent.save()
        with sent():
            first = group_observation(world, text="First")
            group_observation(world, text="Second")
            services.add_comment(world.users["key_person"], first, world.child, "Well done!")
        assert "parent@example.org" not in [m.to[0] for m in mail.outbox]
        digests = Reminder.objects.filter(kind="journal-digest", recipient=parent)
        assert digests.count() == 1
        assert Notice.objects.filter(recipient=parent).count() == 3
        digest = digests.get()
        Reminder.objects.filter(pk=digest.pk).update(due_at=timezone.now())
        assert reminders.deliver(digest.pk) == "sent"
        body = mail.outbox[-1].body
        assert mail.outbox[-1].to == ["parent@example.org"]
        assert body.count("A new observation") == 2 and "Well done!" in body
        assert timezone.localtime(digest.due_at).hour == DIGEST_HOUR

    def test_nothing_is_sent_to_someone_who_lost_the_right_to_information(self, world, sent):
        with sent():
            group_observation(world, children=[world.child])
        reminder = Reminder.objects.get(kind="journal-notice", recipient=world.users["parent"])
        assert reminder.status == "sent"
        # A second one, not yet sent; then Pat loses the right to information.
        from preschool.lib.reminders import schedule

        notice = Notice.objects.get(recipient=world.users["parent"])
        Reminder.objects.all().delete()
        mail.outbox.clear()
        schedule("journal-notice", object_key=str(notice.uuid),
                 recipient_email="parent@example.org", recipient=world.users["parent"],
                 due_at=timezone.now() - timedelta(seconds=1))
        world.child.adults.filter(user=world.users["parent"]).update(
            may_receive_information=False)
        assert reminders.deliver(Reminder.objects.get().pk) == "cancelled"
        assert not mail.outbox

    def test_carers_without_the_right_are_never_chosen(self, world, sent):
        with sent():
            observation = group_observation(world, children=[world.child])
            services.add_comment(world.users["key_person"], observation, world.child, "Hi")
        assert "carer.no.info@example.org" not in [m.to[0] for m in mail.outbox]
        assert not Notice.objects.filter(recipient=world.users["carer_no_info"]).exists()


class TestDiary:
    def test_a_family_and_staff_write_the_diary_both_ways(self, world, sent):
        url = reverse("journal-diary", args=[world.child.uuid])
        with sent():
            world.client_for("parent").post(url, {"day": timezone.localdate().isoformat(),
                                                  "sleep": "Restless night", "mood": "tired"})
        assert [m.to for m in mail.outbox] == [["key.person@example.org"]]
        with sent():
            world.client_for("key_person").post(url, {
                "day": timezone.localdate().isoformat(), "food": "All of her lunch",
                "notes": "Slept 12:30 to 13:30"})
        assert mail.outbox[-1].to == ["parent@example.org"]
        page = world.client_for("parent").get(url).content.decode()
        assert "Restless night" in page and "All of her lunch" in page
        assert world.client_for("carer_no_info").get(url).status_code == 404

    def test_an_empty_entry_is_refused(self, world):
        url = reverse("journal-diary", args=[world.child.uuid])
        response = world.client_for("parent").post(url, {"day": timezone.localdate()})
        assert "Write something" in response.content.decode()
        assert not world.child.diary_entries.exists()


class TestDailyBoard:
    def test_the_room_s_families_read_what_we_did_today(self, world):
        from families.models import Room

        other_room = Room.objects.create(setting=world.setting_a, name="Butterflies")
        client = world.client_for("key_person")
        client.post(reverse("journal-today-new"), {
            "room": world.room.pk, "day": timezone.localdate().isoformat(),
            "what_we_did": "CATERPILLARS: planted beans", "try_at_home": "Grow cress"})
        client.post(reverse("journal-today-new"), {
            "room": other_room.pk, "day": timezone.localdate().isoformat(),
            "what_we_did": "BUTTERFLIES: painted"})
        page = world.client_for("parent").get(reverse("journal-today")).content.decode()
        assert "CATERPILLARS" in page and "Grow cress" in page
        assert "BUTTERFLIES" not in page
        # One board per room a day.
        response = client.post(reverse("journal-today-new"), {
            "room": world.room.pk, "day": timezone.localdate().isoformat(),
            "what_we_did": "again"})
        assert "There is already a board" in response.content.decode()

    def test_families_cannot_write_it(self, world):
        response = world.client_for("parent").post(reverse("journal-today-new"), {
            "day": timezone.localdate().isoformat(), "what_we_did": "x"})
        assert response.status_code == 403
