"""A real Celery worker, with Redis as broker, renders progress-check PDFs queued on commit and
a keepsake, exactly once each."""

import time

import pytest

from learning_journal import services, tasks
from learning_journal.models import Keepsake, ProgressCheck
from tests.learning_journal.factories import complete_check_data, group_observation, make_two
from tests.learning_journal.test_checks import pdf_text

pytestmark = pytest.mark.worker


@pytest.fixture
def worker(celery_worker, monkeypatch):
    """A real worker; the journal's tasks, queued on commit as always, go to it. (This process
    runs tasks in-process, as the other tests need: only these two are sent to the worker.)"""
    celery_worker.start()
    for name in ("render_check_pdf", "make_keepsake"):
        monkeypatch.setattr(tasks, name, _Sender(celery_worker, f"learning_journal.tasks.{name}"))
    return celery_worker


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


def test_a_worker_makes_the_check_pdf_and_the_keepsake(world, worker, settings):
    make_two(world.child)
    check = services.start_check(world.users["key_person"], world.child)
    services.save_check(world.users["key_person"], check, *complete_check_data())
    services.submit_check(world.users["key_person"], check)
    services.sign_off_check(world.users["manager"], check)  # queued on commit
    _wait(lambda: ProgressCheck.objects.get(pk=check.pk).pdf_status == "with_family", worker.logs)
    check.refresh_from_db()
    with check.pdf.open("rb") as f:
        assert "PSED strengths" in pdf_text(f.read())
    services.add_family_comments(world.users["parent"], check, "WORKER-COMMENT")
    _wait(lambda: ProgressCheck.objects.get(pk=check.pk).pdf_status == "completed", worker.logs)
    check.refresh_from_db()
    with check.pdf.open("rb") as f:
        assert "WORKER-COMMENT" in pdf_text(f.read())

    # The keepsake, asked for before any leaving date, is made by the worker (a broker is
    # configured: the request only queues it).
    settings.CELERY_TASK_ALWAYS_EAGER = False
    group_observation(world, children=[world.child], text="WORKER-KEEPSAKE", photos=1)
    keepsake = services.request_keepsake(world.users["parent"], world.child)
    assert Keepsake.objects.get(pk=keepsake.pk).status == "queued"
    _wait(lambda: Keepsake.objects.get(pk=keepsake.pk).status == "ready", worker.logs)
    keepsake.refresh_from_db()
    assert (keepsake.progress_done, keepsake.progress_total) == (1, 1)
    with keepsake.pdf.open("rb") as f:
        assert "WORKER-KEEPSAKE" in pdf_text(f.read())
    assert worker.logs().count("render_check_pdf") >= 2
