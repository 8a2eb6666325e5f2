"""With a real Celery worker and Redis: beat's task publishes a scheduled post once, and the
notification centre's task emails it (the setting's default for news set to "email at once",
no batching window) to the families who may hear of it, once each, and to no one else."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import Post
from notifications.models import Category, Channel, Preference, QuietHours
from preschool.models import Reminder, Role
from tests.factories import ChildAdultFactory, MembershipFactory, UserFactory
from tests.news.factories import post

pytestmark = pytest.mark.worker


def _wait_for(predicate, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.5)
    return False


def _recipients(outbox) -> list[str]:
    texts = [f.read_text() for f in outbox.glob("*.log")] if outbox.exists() else []
    return sorted(line.removeprefix("To: ") for text in texts for line in text.splitlines()
                  if line.startswith("To: "))


def test_a_scheduled_post_is_published_and_emailed_by_the_worker(world, celery_worker,
                                                                  tmp_path):
    ray = UserFactory(full_name="Ray Restricted", email="ray@example.org")
    MembershipFactory(user=ray, setting=world.setting_a, role=Role.PARENT)
    ChildAdultFactory(child=world.child, user=ray, relationship="Father",
                      may_receive_information=True, restriction="Court order: no contact.")
    Preference.objects.create(setting=world.setting_a, user=None, category=Category.POST,
                              channel=Channel.EMAIL)
    for persona in ("parent", "other_parent"):  # whatever the time the test runs at
        QuietHours.objects.create(user=world.users[persona], enabled=False)
    made = post(world, audience=Post.Audience.SETTING,
                publish_at=timezone.now() + timedelta(hours=1))
    Post.objects.filter(pk=made.pk).update(publish_at=timezone.now() - timedelta(minutes=1))
    outbox = tmp_path / "mail"
    celery_worker.start(EMAIL_BACKEND="file", EMAIL_FILE_PATH=str(outbox),
                        NOTIFICATION_EMAIL_DELAY_SECONDS="0")
    celery_worker.send_task("news.tasks.publish_due_posts")
    celery_worker.send_task("news.tasks.publish_due_posts")  # twice: published once
    expected = sorted([world.users["parent"].email, world.users["other_parent"].email])
    assert _wait_for(lambda: _recipients(outbox) == expected), celery_worker.logs()[-3000:]
    time.sleep(2)
    assert _recipients(outbox) == expected
    assert Reminder.objects.filter(kind="notification-email").count() == 2
    assert not Reminder.objects.filter(kind__startswith="news-").exists()
    assert Post.objects.get(pk=made.pk).is_published
