"""A real Celery worker, with Redis as broker, builds a request's bundle queued on commit,
once, even when the task is delivered twice."""

import time
import zipfile

import pytest

from preschool.models import AuditEvent
from subject_access import services, tasks
from subject_access.models import SubjectAccessRequest
from tests.subject_access.factories import sar

pytestmark = pytest.mark.worker


class _Sender:
    """``task.delay(...)`` sent to the workers by name."""

    def __init__(self, workers, name):
        self.workers, self.name = workers, name

    def delay(self, *args):
        self.workers.send_task(self.name, *args)


def _wait(predicate, log, seconds=120):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    pytest.fail("Timed out; worker log:\n" + log()[-3000:])


def test_a_worker_builds_the_bundle_once(world, celery_worker, monkeypatch, settings):
    celery_worker.start()
    # This process runs tasks in-process, as the other tests need: the build goes to the
    # worker, queued on commit as with a broker.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sender = _Sender(celery_worker, "subject_access.tasks.build_bundle")
    monkeypatch.setattr(tasks, "build_bundle", sender)
    request = sar(world)
    services.start_build(world.users["manager"], request)
    sender.delay(request.pk)  # delivered twice, as a broker may after a crash
    _wait(lambda: SubjectAccessRequest.objects.get(pk=request.pk).status == "ready_for_review",
          celery_worker.logs)
    request.refresh_from_db()
    with request.bundle.open("rb") as handle:
        names = zipfile.ZipFile(handle).namelist()
    assert {"README.txt", "index.html", "records.pdf"} <= set(names)
    time.sleep(2)
    assert AuditEvent.objects.filter(action="subject_access.built").count() == 1
    assert celery_worker.logs().count("not-needed") >= 1
