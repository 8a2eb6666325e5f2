"""One click builds the bundle in the background: each part's records as JSON, its files,
a readable PDF, the README and index, what was withheld; the child is logged as looked at."""

import json
import re
import subprocess
import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from families.models import RecordView
from learning_journal.eyfs import ensure_framework
from preschool.models import AuditEvent
from subject_access import collect, tasks
from subject_access.models import SubjectAccessRequest
from tests.learning_journal.factories import group_observation, photo_consents
from tests.subject_access import collectors
from tests.subject_access.factories import sar

Status = SubjectAccessRequest.Status


@pytest.fixture
def record_collector(monkeypatch):
    monkeypatch.setattr(collect, "CHILD_COLLECTORS", [collectors.record_for_child])
    monkeypatch.setattr(collect, "ADULT_COLLECTORS", [collectors.adult_record])


def _build(world, request, sent):
    client = world.client_for("manager")
    with sent():
        response = client.post(reverse("subject-access-build", args=[request.uuid]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.BUILDING
    # The page polls its progress; without a broker (the tests) that request builds it.
    partial = client.get(reverse("subject-access-progress",
                                 args=[request.uuid]))
    assert partial.status_code == 200
    request.refresh_from_db()
    return request, partial.content.decode()


def _zip(request) -> zipfile.ZipFile:
    with request.bundle.open("rb") as handle:
        return zipfile.ZipFile(BytesIO(handle.read()))


def _pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "records.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


def test_the_records_and_files_end_up_in_the_zip(world, record_collector, sent, tmp_path):
    request, partial = _build(world, sar(world), sent)
    assert request.status == Status.READY and request.built_at is not None
    assert "Download to check" in partial and "hx-get" not in partial  # polling stops
    archive = _zip(request)
    names = set(archive.namelist())
    assert {"README.txt", "index.html", "records.pdf", "record/records.json",
            "record/photos/first-day.jpg", "record/etc/passwd"} == names
    assert archive.read("record/photos/first-day.jpg") == b"\xff\xd8stored-photo"
    assert archive.read("record/etc/passwd") == b"made for the bundle"  # kept inside its folder
    data = json.loads(archive.read("record/records.json"))
    assert data["records"][0]["allergies"] == "Peanuts (severe)"
    assert data["records"][0]["date_of_birth"] == world.child.date_of_birth.isoformat()
    assert data["withheld"] == ["1 note by staff, kept private: a staff member's private note"]
    readme = archive.read("README.txt").decode()
    assert "Left out: 1 note by staff" in readme and "record/photos/first-day.jpg" in readme
    assert "private note" in archive.read("index.html").decode()
    text = _pdf_text(archive.read("records.pdf"), tmp_path)
    assert "Copy of the data held about Ava Parentchild" in text
    assert "Peanuts (severe)" in text and "Started in the Caterpillars room" in text
    assert "staff member's private note" in text
    # Read by a person: keys in words, a choice by its name, dates in words, yes or no.
    assert "Settling in visit" in text and "Date of birth" in text
    assert date_format(world.child.date_of_birth, "j E Y") in text
    assert re.search(r"Kind +A settling-in visit", text) and text.count("Kind") == 1
    assert "2 March 2026, 09:30" in text and "Brought teddy" in text and "Yes" in text
    assert not any(raw in text for raw in ("_display", "record_type", "T09:30", "Comment"))


def test_the_build_is_audited_and_the_child_logged_as_looked_at(world, record_collector, sent):
    request, _ = _build(world, sar(world), sent)
    actions = list(AuditEvent.objects.filter(object_id=str(request.uuid))
                   .order_by("pk").values_list("action", flat=True))
    assert actions == ["subject_access.build_started", "subject_access.built"]
    built = AuditEvent.objects.get(action="subject_access.built")
    assert built.changes == {"records": 2, "files": 2}
    look = RecordView.objects.get(what=RecordView.What.EXPORT)
    assert look.child == world.child and look.viewer == world.users["manager"]
    assert look.viewer_role == "manager" and look.object_id == str(request.uuid)


def test_an_adults_bundle_holds_their_parts(world, record_collector, sent):
    request = sar(world, child=None, subject_user=world.users["parent"])
    request, _ = _build(world, request, sent)
    data = json.loads(_zip(request).read("account/records.json"))
    assert data["records"] == [{"name": "Pat Parent", "email": "parent@example.org"}]


def test_it_is_built_once_whatever_the_number_of_tasks(world, record_collector, sent):
    request, _ = _build(world, sar(world), sent)
    first = request.bundle.name
    assert tasks.build_bundle(request.pk) == "not-needed"
    request.refresh_from_db()
    assert request.bundle.name == first


def test_a_collector_that_fails_leaves_the_request_to_build_again(world, monkeypatch, sent):
    def broken(child, recipient):
        raise RuntimeError("the journal is unreachable")

    monkeypatch.setattr(collect, "CHILD_COLLECTORS", [broken])
    request, partial = _build(world, sar(world), sent)
    assert request.status == Status.RECEIVED and "unreachable" in request.build_error
    assert not request.bundle and "could not be built" in partial


def test_a_group_photo_is_in_only_when_the_other_child_allows_it(world, monkeypatch, sent):
    ensure_framework()  # the EYFS areas (a browser test's flushed database loses them)
    monkeypatch.setattr(collect, "CHILD_COLLECTORS", [collectors.journal_for_child])
    photo_consents(world, world.child)
    photo_consents(world, world.other_child, others=False)
    group = group_observation(world, text="Built a tower with Otto.")
    alone = group_observation(world, children=[world.child], text="Painted a sun.")
    request, _ = _build(world, sar(world), sent)
    names = _zip(request).namelist()
    assert f"journal/photos/{alone.media.get().uuid}.jpg" in names
    assert f"journal/photos/{group.media.get().uuid}.jpg" not in names
    data = json.loads(_zip(request).read("journal/records.json"))
    assert [r["text"] for r in data["records"]] == ["Built a tower with Otto.", "Painted a sun."]
    assert "another child" in data["withheld"][0]


def test_a_released_bundle_is_not_built_again(world, record_collector):
    request = sar(world, status=Status.RELEASED)
    response = world.client_for("manager").post(reverse("subject-access-build",
                                                        args=[request.uuid]), follow=True)
    assert "cannot be built again" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.RELEASED


def test_a_stored_file_that_is_gone_is_listed_not_fatal(world, monkeypatch, sent):
    from django.db.models.fields.files import FieldFile, FileField

    from subject_access.parts import BundleFile, Part

    def with_a_lost_file(child, recipient):
        lost = FieldFile(None, FileField(), "tests/gone.jpg")
        return Part(key="record", title="Record", records=[{"a": 1}],
                    files=[BundleFile(path="record/photos/gone.jpg", file=lost)])

    monkeypatch.setattr(collect, "CHILD_COLLECTORS", [with_a_lost_file])
    request, _ = _build(world, sar(world), sent)
    archive = _zip(request)
    assert "record/photos/gone.jpg" not in archive.namelist()
    assert "could not be read" in archive.read("README.txt").decode()
    assert "record/photos/gone.jpg" in archive.read("index.html").decode()
