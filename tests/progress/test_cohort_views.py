"""The cohort page and its exports: who opens them, what they show, bad choices, the audit
trail and a page whose queries do not grow with the children and points."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from families.models import Room, SenStatus
from preschool.models import AuditEvent
from progress import services
from tests.progress.cohort_factories import assess, children
from tests.progress.factories import points

pytestmark = pytest.mark.django_db

PAGE, PDF, CSV = (reverse("progress-cohort"), reverse("progress-cohort-pdf"),
                  reverse("progress-cohort-csv"))


def _send_cohort(world):
    """Term 1: 6 not SEND (3 on track in CL), 3 SEND (1); term 2: the same, 5 and 2."""
    _entry, term1, term2 = points(world)
    others = children(world, 6)
    send = children(world, 3, sen_status=SenStatus.SUPPORT)
    assess(world, others, term1, on_track=3)
    assess(world, send, term1, on_track=1)
    assess(world, others, term2, on_track=5)
    assess(world, send, term2, on_track=2)


def _pdf_text(content: bytes) -> str:
    return " ".join("\n".join(p.extract_text() for p in PdfReader(io.BytesIO(content)).pages)
                    .split())


def test_it_shows_the_share_on_track_by_group_with_counts_gaps_and_a_chart(world):
    _send_cohort(world)
    response = world.client_for("manager").get(PAGE, {"dimension": "send"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Progress across the setting" in page and "Development Matters" in page
    assert "50%" in page and "(3 of 6)" in page        # not SEND, term 1
    assert "83%" in page and "(5 of 6)" in page        # not SEND, term 2
    assert "1 of 3" in page and "(no percentage)" in page  # SEND: a small group
    assert "up 33 points" in page
    assert "Gap: SEND (SEN support or EHC plan) against Not SEND" in page
    assert "SEND: children with SEN support or an education, health and care plan." in page
    assert 'role="img"' in page and "Share of children on track in Communication" in page
    assert "Not SEND: On entry: none assessed, Term 1: 50%, Term 2: 83%" in page
    assert "SEND (SEN support or EHC plan): On entry: none assessed, Term 1: no percentage" in page
    assert f"{PDF}?dimension=send&amp;room=" in page


def test_it_explains_when_there_is_nothing_to_show(world):
    manager = world.client_for("manager")
    assert "has no assessment points yet" in manager.get(PAGE).content.decode()
    points(world)
    assert "No assessment has been shared yet" in manager.get(PAGE).content.decode()


def test_a_choice_not_on_the_list_says_so_and_shows_the_whole_cohort(world):
    _send_cohort(world)
    response = world.client_for("manager").get(PAGE, {"dimension": "bogus",
                                                      "room": "not-a-room"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Choose a grouping from the list." in page and "Choose a room from the list." in page
    assert "(7 of 9)" in page  # the whole cohort at term 2


def test_a_room_is_chosen_by_its_id(world):
    _send_cohort(world)
    ladybirds = Room.objects.create(setting=world.setting_a, name="Ladybirds")
    page = world.client_for("manager").get(PAGE, {"room": str(ladybirds.uuid)}).content.decode()
    assert "No assessment of a child of Ladybirds has been shared yet" in page


def test_other_staff_and_families_may_not_open_it(world):
    for persona in ("key_person", "practitioner", "parent"):
        for url in (PAGE, PDF, CSV):
            assert world.client_for(persona).get(url).status_code == 403


def test_another_settings_manager_sees_only_their_own_setting(world):
    _send_cohort(world)
    page = world.client_for("other_setting").get(PAGE).content.decode()
    assert "has no assessment points yet" in page
    assert "Acorn" not in _pdf_text(world.client_for("other_setting").get(PDF).content)


def test_the_pdf_has_the_figures_and_no_percentage_for_a_small_group(world):
    _send_cohort(world)
    response = world.client_for("manager").get(PDF, {"dimension": "send"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = _pdf_text(response.content)
    assert "Progress across the setting" in text and "Acorn Test Pre-school" in text
    assert "Grouping: SEND" in text
    assert "50% (3 of 6)" in text and "83% (5 of 6)" in text
    assert "1 of 3 (no percentage)" in text and "2 of 3 (no percentage)" in text
    assert "33%" not in text and "67%" not in text  # the small group's shares
    assert "Gap: SEND (SEN support or EHC plan) against Not SEND" in text
    event = AuditEvent.objects.get(action="progress.cohort_exported")
    assert event.changes == {"format": "pdf", "grouping": "send", "room": "", "points": 3}
    assert event.setting == world.setting_a


def test_the_csv_has_the_same_figures_and_cannot_run_formulas(world):
    _send_cohort(world)
    Room.objects.filter(pk=world.room.pk).update(name="=cmd()")
    response = world.client_for("manager").get(CSV, {"dimension": "room"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:6] == ["Area", "Group or gap", "Assessment point", "Children assessed",
                           "Children on track", "Share on track (%)"]
    cl = [r for r in rows if r[0] == "Communication and Language"]
    assert ["Communication and Language", "'=cmd()", "Term 2", "9", "7", "78", "", ""] in cl
    assert ["Communication and Language", "All children", "Term 1", "9", "4", "44", "", ""] in cl
    gap = [r for r in cl if r[1] == "'=cmd() against all children" and r[2] == "Term 2"]
    assert gap == [["Communication and Language", "'=cmd() against all children", "Term 2",
                    "", "", "", "0", ""]]
    AuditEvent.objects.get(action="progress.cohort_exported", changes__format="csv")


def test_the_csv_marks_a_small_group(world):
    _send_cohort(world)
    rows = list(csv.reader(io.StringIO(
        world.client_for("manager").get(CSV, {"dimension": "send"}).content.decode())))
    small = next(r for r in rows if r[0] == "Communication and Language"
                 and r[1].startswith("SEND") and r[2] == "Term 1")
    assert small[3:] == ["3", "1", "", "", "fewer than 5 children: no percentage"]


def test_the_managers_menu_has_the_cohort_and_the_options(world):
    page = world.client_for("manager").get(reverse("home")).content.decode()
    assert "Progress across the setting" in page and reverse("progress-options") in page
    assert "Progress across the setting" not in (
        world.client_for("key_person").get(reverse("home")).content.decode())


@pytest.mark.parametrize("dimension", ["", "room", "sex"])
def test_the_page_runs_as_many_queries_for_more_children_and_points(world, dimension):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert world.client_for("manager").get(
                PAGE, {"dimension": dimension}).status_code == 200
        return len(queries)

    _entry, term1, term2 = points(world)
    assess(world, children(world, 2), term1, on_track=1)
    few = count()
    more = children(world, 6, sex="female",
                    room=Room.objects.create(setting=world.setting_a, name="Ladybirds"))
    assess(world, more, term1, on_track=2)
    assess(world, more, term2, on_track=5)
    services.add_point(world.users["manager"], world.setting_a, kind="dated", name="Term 3",
                       starts_on=timezone.localdate(), ends_on=timezone.localdate())
    assert count() == few
