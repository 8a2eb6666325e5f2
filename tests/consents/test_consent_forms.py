"""Consent forms with versions, answers kept with who, when and which wording, withdrawals in
force at once, and chasing the families who have not answered."""

from unittest import mock

from django.core import mail
from django.test import Client
from django.urls import reverse

from consents import services
from consents.models import ConsentAnswer, ConsentForm, ConsentKind
from consents.services import has_consent
from preschool.lib import reminders
from preschool.models import AuditEvent, Reminder
from tests.consents.factories import default_forms

PHOTOS = ConsentKind.PHOTOS_OTHER_FAMILIES


def _answer(client, child, form, value):
    return client.post(reverse("consents-answer", args=[child.uuid]),
                       {f"form_{form.uuid.hex}": value})


def test_it_creates_the_default_forms_once(world):
    assert services.ensure_default_forms(world.setting_a) == 9
    assert services.ensure_default_forms(world.setting_a) == 0
    kinds = set(ConsentForm.objects.filter(setting=world.setting_a).values_list("kind",
                                                                                flat=True))
    assert kinds == set(ConsentKind.values) - {ConsentKind.OTHER}
    assert not ConsentForm.objects.filter(setting=world.setting_b).exists()


def test_the_managers_pages_create_the_defaults_on_first_use(world):
    response = world.client_for("manager").get(reverse("consents-forms"))
    assert response.status_code == 200
    assert "Sun cream and plasters" in response.content.decode()
    assert ConsentForm.objects.filter(setting=world.setting_a).count() == 9


def test_a_parent_gives_then_withdraws_and_it_takes_effect_at_once(world):
    forms = default_forms(world.setting_a)
    client = world.client_for("parent")
    response = _answer(client, world.child, forms[PHOTOS], "yes")
    assert response.status_code == 302
    assert has_consent(world.child, PHOTOS)
    _answer(client, world.child, forms[PHOTOS], "no")
    assert not has_consent(world.child, PHOTOS)
    answers = ConsentAnswer.objects.filter(child=world.child, form=forms[PHOTOS])
    assert [a.given for a in answers.order_by("answered_at")] == [True, False]
    latest = answers.first()
    assert latest.is_withdrawal and latest.answered_by == world.users["parent"]
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1
    # Staff see it at once: on the overview and on the child's page.
    for url in (reverse("consents-overview"), reverse("consents-child", args=[world.child.uuid])):
        page = world.client_for("practitioner").get(url).content.decode()
        assert "Withdrawn" in page


def test_the_same_answer_twice_is_not_repeated(world):
    forms = default_forms(world.setting_a)
    client = world.client_for("parent")
    _answer(client, world.child, forms[PHOTOS], "yes")
    _answer(client, world.child, forms[PHOTOS], "yes")
    assert ConsentAnswer.objects.filter(child=world.child).count() == 1


def test_new_wording_asks_again_and_keeps_the_old_answer(world, sent):
    forms = default_forms(world.setting_a)
    _answer(world.client_for("parent"), world.child, forms[PHOTOS], "yes")
    with sent():
        response = world.client_for("manager").post(
            reverse("consents-form-edit", args=[forms[PHOTOS].uuid]),
            {"title": "Group photos", "wording": "New words about group photos."})
    assert response.status_code == 302
    new = ConsentForm.objects.get(setting=world.setting_a, kind=PHOTOS, is_current=True)
    assert new.version == 2 and new.series == forms[PHOTOS].series
    assert not has_consent(world.child, PHOTOS)
    cells = {c.form.kind: c for c in services.child_consents(world.child)}
    assert cells[PHOTOS].status == services.Status.OUTDATED
    assert cells[PHOTOS].previous_given is True
    assert ConsentAnswer.objects.filter(form=forms[PHOTOS]).count() == 1
    # Families are asked again by email (adults with parental responsibility only).
    recipients = {m.to[0] for m in mail.outbox}
    assert world.users["parent"].email in recipients
    assert world.users["carer_no_info"].email not in recipients


def test_an_answer_without_parental_responsibility_is_refused(world, childminder):
    forms = default_forms(world.setting_a)
    client = Client()
    client.force_login(childminder)
    response = _answer(client, world.child, forms[PHOTOS], "yes")
    assert response.status_code == 403
    assert "Only an adult with parental responsibility" in response.content.decode()
    assert not ConsentAnswer.objects.exists()
    # Staff cannot answer for a family, and Casey (no right to information) cannot see Ava.
    assert _answer(world.client_for("key_person"), world.child, forms[PHOTOS],
                   "yes").status_code == 403
    assert _answer(world.client_for("carer_no_info"), world.child, forms[PHOTOS],
                   "yes").status_code == 404
    assert not ConsentAnswer.objects.exists()


def test_an_empty_or_forged_answer_changes_nothing(world):
    forms = default_forms(world.setting_a)
    client = world.client_for("parent")
    response = client.post(reverse("consents-answer", args=[world.child.uuid]), {})
    assert response.status_code == 200
    assert "Choose yes or no for at least one form" in response.content.decode()
    response = _answer(client, world.child, forms[PHOTOS], "maybe")
    assert response.status_code == 200
    assert not ConsentAnswer.objects.exists()


def test_the_service_refuses_an_old_version(world):
    forms = default_forms(world.setting_a)
    services.publish_new_version(world.users["manager"], forms[PHOTOS], title="Group photos",
                                 wording="v2")
    forms[PHOTOS].refresh_from_db()
    try:
        services.answer_consents(world.users["parent"], world.child, {forms[PHOTOS]: True})
    except services.ServiceError as exc:
        assert "Reload the page" in str(exc)
    else:
        raise AssertionError("answered an old version")
    assert not ConsentAnswer.objects.exists()


def test_the_weekly_chase_goes_only_to_adults_with_parental_responsibility_and_information(
        world, childminder):
    forms = default_forms(world.setting_a)
    services.answer_consents(world.users["parent"], world.child,
                             dict.fromkeys(forms.values(), True))
    with mock.patch.object(reminders, "enqueue"):
        reminders.scan()
    chased = set(Reminder.objects.filter(kind="consents-chase")
                 .values_list("recipient_email", flat=True))
    # Pat answered everything; Olly (Otto's father) has not; Casey and Cleo have no parental
    # responsibility; Bella's family is in a setting without forms... until it has them.
    assert chased == {world.users["other_parent"].email}
    with mock.patch.object(reminders, "enqueue"):
        reminders.scan()
    assert Reminder.objects.filter(kind="consents-chase").count() == 1
    reminder = Reminder.objects.get(kind="consents-chase")
    reminders.deliver(reminder.pk)
    assert len(mail.outbox) == 1
    assert "Otto" in mail.outbox[0].body and "Sun cream and plasters" in mail.outbox[0].body


def test_a_chase_is_cancelled_once_answered(world):
    forms = default_forms(world.setting_a)
    with mock.patch.object(reminders, "enqueue"):
        reminders.scan()
    reminder = Reminder.objects.get(kind="consents-chase",
                                    recipient_email=world.users["parent"].email)
    services.answer_consents(world.users["parent"], world.child,
                             dict.fromkeys(forms.values(), False))
    assert reminders.deliver(reminder.pk) == "cancelled"
    assert not mail.outbox


def test_the_manager_chases_now(world, sent):
    default_forms(world.setting_a)
    with sent():
        response = world.client_for("manager").post(reverse("consents-chase"))
    assert response.status_code == 302
    assert {m.to[0] for m in mail.outbox} == {world.users["parent"].email,
                                              world.users["other_parent"].email}
    with sent():
        world.client_for("manager").post(reverse("consents-chase"))
    assert len(mail.outbox) == 2  # once a day at most


def test_a_manager_adds_a_form_of_the_settings_own(world):
    default_forms(world.setting_a)
    response = world.client_for("manager").post(reverse("consents-form-new"), {
        "title": "Face painting", "wording": "My child may have their face painted."})
    assert response.status_code == 302
    form = ConsentForm.objects.get(title="Face painting")
    assert form.kind == ConsentKind.OTHER and form.is_current
    page = world.client_for("parent").get(reverse("consents-answer", args=[world.child.uuid]))
    assert "Face painting" in page.content.decode()


def test_wording_is_escaped(world):
    forms = default_forms(world.setting_a)
    services.publish_new_version(world.users["manager"], forms[PHOTOS], title="Photos",
                                 wording="<script>alert(1)</script>")
    page = world.client_for("parent").get(reverse("consents-answer", args=[world.child.uuid]))
    assert "<script>alert(1)" not in page.content.decode()
    assert "&lt;script&gt;" in page.content.decode()
