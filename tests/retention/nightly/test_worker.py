"""The nightly retention run in a real Celery worker: a child who left four years ago had her
journal and her record on the manager's list fourteen days ago; the worker, sent
``nightly_run`` by name, erases the journal, anonymises her record and writes a log that names
no one."""

from datetime import timedelta

import pytest
from django.utils import timezone

from families.models import Child
from learning_journal.models import Observation
from retention.erasers import is_anonymised
from retention.models import ErasureLog, ErasureNotice
from retention.nightly import run_setting
from tests.consents.test_worker import _wait_for
from tests.learning_journal.factories import group_observation

pytestmark = pytest.mark.worker


def test_the_worker_erases_a_journal_listed_two_weeks_ago_and_logs_no_name(world,
                                                                          celery_worker):
    today = timezone.localdate()
    observation = group_observation(world, children=[world.child], text="Built a tall tower.")
    world.child.leaving_date = today - timedelta(days=4 * 366)
    world.child.save()
    # The run of fourteen nights ago sent the manager the list.
    run_setting(world.setting_a, today - timedelta(days=14))
    notice = ErasureNotice.objects.get(setting=world.setting_a, record_type="journal")
    assert notice.sent_on == today - timedelta(days=14)
    assert Observation.objects.filter(pk=observation.pk).exists()
    assert not ErasureLog.objects.exists()

    celery_worker.start()
    celery_worker.send_task("retention.tasks.nightly_run")
    assert _wait_for(lambda: ErasureLog.objects.filter(
        setting=world.setting_a, record_type="journal").exists()), \
        celery_worker.logs()[-3000:]

    assert not Observation.objects.filter(pk=observation.pk).exists()
    # Four years on, Ava's own record is anonymised too (kept for the statistics).
    assert is_anonymised(Child.objects.get(pk=world.child.pk))
    entry = ErasureLog.objects.get(setting=world.setting_a, record_type="journal")
    assert entry.count >= 1 and entry.run_on == today
    assert entry.notice_sent_on == notice.sent_on
    # No row of the log, of any kind of record, names the child or what was written.
    entries = list(ErasureLog.objects.all())
    assert {e.record_type for e in entries} >= {"journal", "child_record"}
    for logged in entries:
        for field in ErasureLog._meta.concrete_fields:
            value = str(getattr(logged, field.attname))
            for name in ("Ava", "Parentchild", "Otto", "tower"):
                assert name not in value, (logged.record_type, field.name, value)
