import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "preschool.settings")

app = Celery("preschool")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def queue_of(task_name: str) -> str:
    """The name of the queue ``task_name`` goes to (settings.QUEUE_OF_TASK, through
    CELERY_TASK_ROUTES), for code that publishes over its own connection or counts what
    waits."""
    route = app.conf.task_routes.get(task_name)
    return route["queue"] if route else app.conf.task_default_queue
