"""Complaints, questionnaires, invitations, accounts and the audit trail: found when due, not
before, not under a hold; erased or anonymised."""

from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from complaints.models import Attachment, Concern, Note, Outcome
from families.models import ChildAdult, RecordView
from policies.models import Answer, HasAnswered, Question, Questionnaire, Response
from preschool.models import AuditEvent, Invitation, Role, User, log_action
from retention.erasers import ANONYMOUS_NAME, Holds, erase, find
from tests.complaints.factories import concern
from tests.policies.factories import questionnaire
from tests.retention.conftest import TODAY, leave, period, years_before

NO_HOLDS = Holds()


def _find(record_type, world, holds=NO_HOLDS, today=TODAY):
    return find(record_type, world.setting_a, period(record_type), today, holds)


def _at(day) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


def _closed_concern(world, closed_on):
    complaint = concern(world)
    complaint.status = Concern.Status.CLOSED
    complaint.closed_at = _at(closed_on)
    complaint.save()
    Note.objects.create(concern=complaint, text="Spoke to Pat.", author=world.users["manager"])
    Outcome.objects.create(concern=complaint, outcome="Spare clothes now checked daily.",
                           notified_via="portal", notified_at=complaint.closed_at,
                           decided_by=world.users["manager"])
    name = default_storage.save("complaints/test/letter.pdf", ContentFile(b"%PDF-1.4"))
    Attachment.objects.create(concern=complaint, file=name, original_name="letter.pdf",
                              content_type="application/pdf", size=8,
                              uploaded_by=world.users["manager"])
    return complaint, name


def test_a_complaint_goes_three_years_after_its_outcome(world, media_root,
                                                       django_capture_on_commit_callbacks):
    complaint, name = _closed_concern(world, years_before(TODAY, 3) + timedelta(days=1))
    concern(world)  # open: never due
    assert _find("complaints", world).keys == []
    complaint.closed_at -= timedelta(days=1)
    complaint.save()
    batch = _find("complaints", world)
    assert batch.keys == [str(complaint.uuid)]
    assert "Ava" not in " ".join(batch.lines)  # the list says what kind, not what was said
    with django_capture_on_commit_callbacks(execute=True):
        assert erase("complaints", world.setting_a, batch.keys, NO_HOLDS) == 4
    assert not Concern.objects.filter(pk=complaint.pk).exists()
    assert not default_storage.exists(name)
    assert Concern.objects.filter(setting=world.setting_a).count() == 1


def test_a_held_complaint_is_kept(world, media_root):
    complaint, _ = _closed_concern(world, years_before(TODAY, 4))
    for holds in (Holds(records={("complaints.concern", str(complaint.uuid))}),
                  Holds(child_ids={world.child.pk}),
                  Holds(user_ids={world.users["parent"].pk})):
        assert _find("complaints", world, holds).keys == []
        assert erase("complaints", world.setting_a, [str(complaint.uuid)], holds) == 0
    assert Concern.objects.filter(pk=complaint.pk).exists()


def test_questionnaire_answers_go_three_years_after_it_closes(world):
    form = questionnaire(world.setting_a, world.users["manager"],
                         status=Questionnaire.Status.CLOSED)
    form.closed_at = _at(years_before(TODAY, 3) + timedelta(days=1))
    form.save()
    response = Response.objects.create(questionnaire=form)
    Answer.objects.create(response=response, question=Question.objects.filter(
        questionnaire=form).first(), rating=4)
    HasAnswered.objects.create(questionnaire=form, user=world.users["parent"])
    assert _find("questionnaires", world).keys == []
    batch = _find("questionnaires", world, today=TODAY + timedelta(days=1))
    assert batch.keys == [str(form.uuid)] and batch.count == 1
    erase("questionnaires", world.setting_a, batch.keys, NO_HOLDS)
    assert not Response.objects.filter(questionnaire=form).exists()
    assert not HasAnswered.objects.filter(questionnaire=form).exists()
    assert Questionnaire.objects.filter(pk=form.pk).exists()  # the questions stay


def test_an_invitation_goes_90_days_after_it_expired(world):
    today = timezone.localdate()
    invitation = Invitation.objects.create(
        setting=world.setting_a, email="new@example.org", role=Role.PARENT,
        invited_by=world.users["manager"], expires_at=_at(today - timedelta(days=89)))
    accepted = Invitation.objects.create(
        setting=world.setting_a, email="joined@example.org", role=Role.PARENT,
        invited_by=world.users["manager"], expires_at=_at(today - timedelta(days=400)),
        accepted_at=_at(today - timedelta(days=401)))
    ChildAdult.objects.filter(child=world.child, user=world.users["parent"]).update(
        invitation=invitation)
    assert _find("invitations", world, today=today).keys == []
    batch = _find("invitations", world, today=today + timedelta(days=1))
    assert batch.keys == [str(invitation.uuid)]
    assert erase("invitations", world.setting_a, batch.keys, NO_HOLDS) == 1
    assert list(Invitation.objects.filter(setting=world.setting_a)) == [accepted]


def test_the_audit_trail_goes_six_years_after_each_entry(world):
    today = timezone.localdate()
    old = timezone.now() - timedelta(days=6 * 366 + 2)
    log_action(world.users["manager"], "test.old", setting=world.setting_a)
    log_action(world.users["manager"], "test.new", setting=world.setting_a)
    log_action(world.users["other_setting"], "test.old", setting=world.setting_b)
    # written with an old date, as if six years ago
    for event in AuditEvent.objects.filter(action="test.old"):
        AuditEvent.objects.create(setting=event.setting, actor=event.actor, action="test.aged",
                                  created_at=old)
    RecordView.objects.create(setting=world.setting_a, child=world.child,
                              viewer=world.users["practitioner"], viewer_role="practitioner",
                              what=RecordView.What.RECORD, at=old)
    RecordView.objects.create(setting=world.setting_a, child=world.child,
                              viewer=world.users["practitioner"], viewer_role="practitioner",
                              what=RecordView.What.RECORD)
    held = Holds(child_ids={world.child.pk})
    assert _find("audit", world, held, today=today).count == 1  # the look is held
    batch = _find("audit", world, today=today)
    assert batch.count == 2
    assert erase("audit", world.setting_a, batch.keys, NO_HOLDS) == 2
    assert not AuditEvent.objects.filter(setting=world.setting_a, action="test.aged").exists()
    assert AuditEvent.objects.filter(setting=world.setting_b, action="test.aged").exists()
    assert RecordView.objects.filter(child=world.child).count() == 1
    # a key reaching into the last six years erases nothing of them
    assert erase("audit", world.setting_a, [today.isoformat()], NO_HOLDS) == 0
    assert AuditEvent.objects.filter(setting=world.setting_a, action="test.new").exists()


def test_an_account_is_anonymised_three_years_after_the_last_link(world, records):
    parent, carer = world.users["parent"], world.users["carer_no_info"]
    for persona in ("parent", "carer_no_info"):
        world.memberships[persona].ended_at = _at(years_before(TODAY, 3) - timedelta(days=2))
        world.memberships[persona].save()
    leave(world.child, years_ago=3)
    assert _find("accounts", world, today=TODAY - timedelta(days=3)).keys == []
    batch = _find("accounts", world)
    assert set(batch.keys) == {str(parent.uuid), str(carer.uuid)}
    erase("accounts", world.setting_a, batch.keys, NO_HOLDS)
    parent.refresh_from_db()
    carer.refresh_from_db()
    assert not parent.is_active and not parent.has_usable_password()
    assert parent.email.endswith("@erased.invalid") and parent.phone == ""
    assert not EmailAddress.objects.filter(user=parent).exists()
    # Pat's name stays on the medication permission they signed; Casey's goes
    assert parent.full_name == "Pat Parent"
    assert carer.full_name == ANONYMOUS_NAME


def test_an_account_with_a_current_link_is_never_due(world, records):
    leave(world.child, years_ago=5)
    # Pat's membership is current
    assert str(world.users["parent"].uuid) not in _find("accounts", world).keys
    world.memberships["parent"].ended_at = _at(years_before(TODAY, 2))
    world.memberships["parent"].save()
    assert str(world.users["parent"].uuid) not in _find("accounts", world).keys
    world.memberships["parent"].ended_at = _at(years_before(TODAY, 4))
    world.memberships["parent"].save()
    assert str(world.users["parent"].uuid) in _find("accounts", world).keys
    held = Holds(user_ids={world.users["parent"].pk})
    assert str(world.users["parent"].uuid) not in _find("accounts", world, held).keys
    assert User.objects.get(pk=world.users["parent"].pk).is_active
