import os

from celery import Celery, signals

from preschool.request_context import (
    forget_request_id,
    forget_task,
    request_id,
    use_request_id,
    use_task,
)

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


# The message header that carries the id of the request that queued a task.
REQUEST_ID_HEADER = "portal_request_id"


@signals.setup_logging.connect
def keep_the_portals_logging(**kwargs) -> None:
    """A worker logs as the web processes do (``LOGGING`` in the settings: JSON lines with
    the request and task ids): Celery leaves logging alone when this signal has a receiver."""


@signals.before_task_publish.connect
def carry_the_request_id(headers: dict | None = None, **kwargs) -> None:
    """A task queued while a request is served (or by a task that one queued) carries the
    request's id, for its log lines to name."""
    current = request_id()
    if current and headers is not None:
        headers[REQUEST_ID_HEADER] = current


_tokens: dict[str, tuple] = {}  # the context each running task set, by task id


@signals.task_prerun.connect
def hold_the_task_context(task_id: str | None = None, task=None, **kwargs) -> None:
    if task is None or task_id is None:
        return
    # Run in-process (no broker), a task keeps the id of the request it runs in.
    carried = getattr(task.request, REQUEST_ID_HEADER, None) or request_id()
    _tokens[task_id] = (use_request_id(carried),
                        use_task(task.name, task_id))


@signals.task_postrun.connect
def forget_the_task_context(task_id: str | None = None, **kwargs) -> None:
    tokens = _tokens.pop(task_id or "", None)
    if tokens is not None:
        id_token, task_token = tokens
        forget_task(task_token)
        forget_request_id(id_token)
