"""A real Celery worker decides a batch of notifications: the email is handed to the
reminders' outbox once, however often the task is delivered."""

import time
from unittest import mock

from django_scopes import scope

from notifications import delivery
from notifications.models import Category, Notification
from notifications.services import notify
from preschool.models import Reminder


def test_a_worker_decides_a_batch_once(world, celery_worker):
    celery_worker.start()
    with scope(setting=world.setting_a), mock.patch.object(delivery, "queue"):
        made = notify(setting=world.setting_a,
                      recipients=[world.users["parent"], world.users["carer_no_info"]],
                      category=Category.MESSAGE, title="A new message about Ava",
                      url="/messages/", child=world.child, urgent=True)
    ids = [n.pk for n in made]
    celery_worker.send_task("notifications.tasks.deliver_notifications", ids)
    celery_worker.send_task("notifications.tasks.deliver_notifications", ids)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if celery_worker.logs().count("succeeded") >= 2:
            break
        time.sleep(0.3)
    assert celery_worker.logs().count("succeeded") >= 2, celery_worker.logs()[-3000:]
    assert Notification.objects.get().delivered_at is not None
    email = Reminder.objects.get(kind="notification-email")
    assert email.recipient == world.users["parent"]
