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



def test_a_worker_builds_the_bundle_once(world, celery_worker, monkeypatch, settings):
    celery_worker.start()
    # This process runs tasks in-process, as the other tests need: the build goes to the
    # worker, queued on commit as with a broker.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    sender = celery_worker.task("subject_access.tasks.build_bundle")
    monkeypatch.setattr(tasks, "build_bundle", sender)
    request = sar(world)
    services.start_build(world.users["manager"], request)
    sender.delay(request.pk)  # delivered twice, as a broker may after a crash
    celery_worker.wait_until(
        lambda: SubjectAccessRequest.objects.get(pk=request.pk).status == "ready_for_review")
    request.refresh_from_db()
    with request.bundle.open("rb") as handle:
        names = zipfile.ZipFile(handle).namelist()
    assert {"README.txt", "index.html", "records.pdf"} <= set(names)
    time.sleep(2)
    assert AuditEvent.objects.filter(action="subject_access.built").count() == 1
    assert celery_worker.logs().count("not-needed") >= 1
