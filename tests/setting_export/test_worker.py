"""A real Celery worker, with Redis as broker, builds the export a manager asked for (queued on
commit, the task given only the export's id), once, in the setting's scope."""

import zipfile

import pytest

from setting_export import services, tasks
from setting_export.models import SettingExport
from tests.learning_journal.factories import group_observation

pytestmark = pytest.mark.worker



def test_a_worker_builds_the_export_once(world, celery_worker, monkeypatch, settings):
    celery_worker.start()
    monkeypatch.setattr(tasks, "build_setting_export",
                        celery_worker.task("setting_export.tasks.build_setting_export"))
    settings.CELERY_TASK_ALWAYS_EAGER = False  # a broker is configured: the request only queues
    observation = group_observation(world, photos=1)
    photo = observation.media.get()

    export = services.request_export(world.users["manager"], world.setting_a)
    assert SettingExport.objects.get(pk=export.pk).status == "queued"
    celery_worker.wait_until(lambda: SettingExport.objects.get(pk=export.pk).status != "queued")
    export.refresh_from_db()
    assert export.status == "ready", export.error
    with export.file.open("rb") as f, zipfile.ZipFile(f) as archive:
        assert b"Parentchild" in archive.read("families/child.csv")
        assert b"Riverchild" not in archive.read("families/child.csv")
        assert f"media/{photo.file.name}" in archive.namelist()
    # Delivered again (as a broker does after a crash): built once.
    celery_worker.send_task("setting_export.tasks.build_setting_export", export.pk)
    celery_worker.wait_until(lambda: "not-needed" in celery_worker.logs())
    assert SettingExport.objects.get(pk=export.pk).file.name == export.file.name
