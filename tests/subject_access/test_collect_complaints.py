"""Concerns and complaints in a subject access bundle: the family's own, never staff's notes."""

from django.core.files.base import ContentFile
from django.utils import timezone

from complaints.models import Attachment, Note, Outcome
from subject_access.collect import complaints
from tests.complaints.factories import concern
from tests.subject_access.conftest import as_text, records_of


def _fill(world, n=1):
    for i in range(n):
        raised = concern(world, subject=f"Wet clothes {i}", complainant_phone="07700 900999")
        raised.acknowledge(world.users["manager"], "Thank you, we are looking into it.")
        Note.objects.create(concern=raised, text="STAFF-NOTE: Perry forgot the bag.",
                            author=world.users["manager"])
        Attachment.objects.create(concern=raised, file=ContentFile(b"%PDF-1.4", name="a.pdf"),
                                  original_name="letter.pdf", content_type="application/pdf",
                                  size=8, uploaded_by=world.users["manager"])
        Outcome.objects.create(concern=raised, outcome="Spare clothes now checked daily.",
                               notified_via="email", notified_at=timezone.now(),
                               decided_by=world.users["manager"])
    concern(world, subject="OTHER-FAMILY: Ava bit Otto", persona="other_parent")
    concern(world, subject="Otto's coat", persona="other_parent", child=world.other_child)


def test_it_gives_the_familys_concern_and_its_outcome(world, collect):
    _fill(world)
    part = collect(complaints.for_child, world.child, world.users["parent"],
                   setting=world.setting_a, queries=3)
    (record,) = records_of(part, "concern")
    assert record["subject"] == "Wet clothes 0" and record["raised_by"] == "Pat Parent"
    assert record["kind_display"] == "Complaint" and record["status"] == "acknowledged"
    assert record["acknowledgement"] == "Thank you, we are looking into it."
    assert record["acknowledged_by"] == "Mona Manager"
    assert record["outcome"]["outcome"] == "Spare clothes now checked daily."
    text = as_text(part)
    for word in ("STAFF-NOTE", "letter.pdf", "OTHER-FAMILY", "Otto", "900999"):
        assert word not in text
    assert len(part.withheld) == 3  # the note, the file, the other family's concern


def test_it_reads_a_fixed_number_of_queries(world, collect):
    _fill(world, n=4)
    part = collect(complaints.for_child, world.child, None, setting=world.setting_a, queries=3)
    assert len(records_of(part, "concern")) == 4


def test_it_gives_an_adult_what_they_raised(world, collect):
    _fill(world)
    part = collect(complaints.for_adult, world.users["other_parent"], world.setting_a,
                   setting=world.setting_a, queries=2)
    assert {r["subject"] for r in records_of(part, "concern")} == {
        "OTHER-FAMILY: Ava bit Otto", "Otto's coat"}
    mine = collect(complaints.for_adult, world.users["parent"], world.setting_a,
                   setting=world.setting_a, queries=2)
    assert records_of(mine, "concern")[0]["complainant_phone"] == "07700 900999"
    assert "STAFF-NOTE" not in as_text(mine)
