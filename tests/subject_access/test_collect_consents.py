"""Consents, medicines and accidents in a subject access bundle: every record, every version."""

from django.utils import timezone

from consents.models import (
    AccidentAcknowledgement,
    ConsentAnswer,
    ConsentKind,
    DoseAcknowledgement,
    DoubleDoseReview,
    OfstedNotification,
)
from subject_access.collect import consents
from tests.consents.factories import accident, calpol, default_forms, dose, outing
from tests.subject_access.conftest import as_text, records_of


def _fill(world, n=1):
    forms = default_forms(world.setting_a)
    photos = forms[ConsentKind.PHOTOS_JOURNAL]
    ConsentAnswer.objects.create(form=photos, child=world.child, given=True,
                                 answered_by=world.users["parent"])
    ConsentAnswer.objects.create(form=photos, child=world.child, given=False,
                                 is_withdrawal=True, answered_by=world.users["parent"])
    ConsentAnswer.objects.create(form=photos, child=world.other_child, given=True,
                                 answered_by=world.users["other_parent"])
    outing(world)
    for _ in range(n):
        first = dose(world, notes="Took it well")
        correction = dose(world, permission=first.permission, corrects=first,
                          correction_reason="Wrong time written", minutes_ago=50)
        DoseAcknowledgement.objects.create(dose=correction, acknowledged_by=world.users["parent"])
        DoubleDoseReview.objects.create(dose=correction, note="Perry and Kim both wrote it.",
                                        reviewed_by=world.users["manager"])
        hurt = accident(world, serious=True)
        AccidentAcknowledgement.objects.create(accident=hurt, acknowledged_by=world.users["parent"],
                                               comment="Thanks for the call")
        OfstedNotification.objects.create(original=hurt, notified_on=timezone.localdate(),
                                          reference="OF-123", recorded_by=world.users["manager"])
    dose(world, permission=calpol(world, child=world.other_child, medicine="Otto's Medicine"))
    accident(world, child=world.other_child, what_happened="Otto fell")
    accident(world, child=world.child_b, what_happened="Bella tripped")


def test_it_gives_every_answer_dose_and_accident(world, collect):
    _fill(world)
    part = collect(consents.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=6)
    answers = records_of(part, "consent_answer")
    assert [a["given"] for a in answers] == [False, True]
    assert answers[0]["is_withdrawal"] is True and answers[0]["answered_by"] == "Pat Parent"
    assert answers[0]["form_kind"] == "photos_journal" and answers[0]["wording"]
    doses = records_of(part, "medication_dose")
    assert len(doses) == 2 and doses[0]["given_by"] == "Kim Keyperson"
    assert doses[0]["dose_unit_display"] == "ml"
    corrected = next(d for d in doses if d["correction_reason"])
    assert corrected["acknowledged_by"] == "Pat Parent" and corrected["corrects_given_at"]
    (permission,) = records_of(part, "medication_permission")
    assert permission["declared_name"] == "Pat Parent" and permission["dose_amount"] == "5"
    (hurt,) = records_of(part, "accident")
    assert hurt["body_position_display"] == "Left knee"
    assert hurt["acknowledgement"]["comment"] == "Thanks for the call"
    assert hurt["ofsted_notification"]["reference"] == "OF-123"
    (trip,) = records_of(part, "outing")
    assert trip["place"] == "Hadley Park" and trip["other_children"] == 1


def test_it_withholds_reviews_and_other_children(world, collect):
    _fill(world)
    text = as_text(collect(consents.for_child, world.child, world.users["parent"],
                           setting=world.setting_a, queries=6))
    assert "Perry and Kim both wrote it" not in text
    for word in ("Otto", "Bella", "Riverchild"):
        assert word not in text


def test_it_reads_a_fixed_number_of_queries(world, collect):
    _fill(world, n=4)
    part = collect(consents.for_child, world.child, None, setting=world.setting_a, queries=6)
    assert len(records_of(part, "medication_dose")) == 8
    assert len(records_of(part, "accident")) == 4


def test_it_gives_an_adult_what_they_answered_and_signed(world, collect):
    _fill(world)
    part = collect(consents.for_adult, world.users["parent"], world.setting_a,
                   setting=world.setting_a, queries=6)
    assert len(records_of(part, "consent_answer")) == 2
    assert records_of(part, "medication_permission")[0]["child"] == "Ava Parentchild"
    assert len(records_of(part, "dose_acknowledged")) == 1
    assert records_of(part, "accident_acknowledged")[0]["acknowledgement"]["comment"]
    assert "Otto" not in as_text(part)
