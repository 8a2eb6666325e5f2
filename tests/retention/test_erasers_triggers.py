"""The database keeps medication, accidents, the register, messages and the audit trail: an
ordinary delete is refused, the retention run's (``retention_run``) is let through."""

from datetime import timedelta

import pytest
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from attendance.models import AttendanceRecord
from consents.models import Accident, MedicationDose, MedicationPermission
from families.models import RecordView
from messaging.models import Message
from preschool.models import AuditEvent, log_action
from retention.erasers import retention_run


def _refused(call) -> None:
    with pytest.raises(DatabaseError), transaction.atomic():
        call()


@pytest.mark.parametrize("model", [MedicationDose, MedicationPermission, Accident,
                                   AttendanceRecord, Message])
def test_it_refuses_an_ordinary_delete_and_lets_the_retention_run_through(records, world, model):
    rows = model.objects.filter(pk__in=model.objects.values("pk")[:1])
    row = rows.get()
    if model is MedicationPermission:
        _refused(lambda: rows.delete())
        with retention_run():
            MedicationDose.objects.filter(permission=row).delete()
            rows.delete()
    elif model is Message:
        _refused(lambda: rows.delete())
        with retention_run():
            row.conversation.__class__.objects.filter(pk=row.conversation_id).update(
                last_message=None)
            rows.delete()
    else:
        _refused(lambda: rows.delete())
        assert rows.exists()
        with retention_run():
            rows.delete()
    assert not model.objects.filter(pk=row.pk).exists()


def test_it_refuses_an_ordinary_anonymising_update(records):
    rows = Accident.objects.filter(pk=records.accident.pk)
    _refused(lambda: rows.update(witnesses=""))
    with retention_run():
        rows.update(witnesses="")
    assert rows.get().witnesses == ""


def test_the_retention_run_ends_with_its_transaction(records):
    with retention_run():
        pass
    _refused(lambda: Accident.objects.filter(pk=records.accident.pk).delete())
    assert Accident.objects.filter(pk=records.accident.pk).exists()


def test_the_audit_trail_is_erased_only_by_the_retention_run(world):
    log_action(world.users["manager"], "test.thing", setting=world.setting_a)
    events = AuditEvent.objects.filter(action="test.thing")
    with pytest.raises(TypeError):
        events.delete()
    _refused(lambda: events.erase_at_end_of_retention())
    with retention_run():
        assert events.erase_at_end_of_retention() == 1
    assert not events.exists()
    # still never changed, even in the run
    log_action(world.users["manager"], "test.thing", setting=world.setting_a)
    with pytest.raises(DatabaseError), retention_run():
        QuerySet.update(AuditEvent.objects.filter(action="test.thing"), action="changed")


def test_looks_are_erased_only_through_the_explicit_method(world):
    RecordView.objects.create(setting=world.setting_a, child=world.child,
                              viewer=world.users["manager"], viewer_role="manager",
                              what=RecordView.What.RECORD,
                              at=timezone.now() - timedelta(days=1))
    looks = RecordView.objects.filter(child=world.child)
    with pytest.raises(TypeError):
        looks.delete()
    _refused(lambda: looks.erase_at_end_of_retention())
    assert looks.exists()
    with retention_run():
        assert looks.erase_at_end_of_retention() == 1


def test_the_uses_of_api_tokens_are_erased_only_by_the_retention_run(world):
    from api.models import ApiTokenUse
    from tests.api.helpers import make_token

    token, _secret = make_token(world.memberships["manager"])
    ApiTokenUse.objects.create(token=token, method="GET", path="/api/v1/children", status=200)
    uses = ApiTokenUse.objects.filter(token=token)
    with pytest.raises(TypeError):
        uses.delete()
    _refused(lambda: QuerySet.delete(uses))
    _refused(lambda: uses.erase_at_end_of_retention())
    assert uses.exists()
    with retention_run():
        assert uses.erase_at_end_of_retention() == 1
