"""The key person's pages keep a constant number of queries however many children,
assessments or observations they show."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from keyperson.models import Assignment
from progress.models import Assessment, Judgement
from progress.record_home import staff_sections
from tests.factories import ChildFactory, RoomFactory
from tests.learning_journal.factories import group_observation
from tests.progress.factories import points, recorded

pytestmark = pytest.mark.django_db


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


def _more_children(world, n, point):
    """``n`` more of Kim's key children, each in a room of their own, half with a draft at
    ``point``, half not started."""
    for i in range(n):
        room = RoomFactory(setting=world.setting_a, name=f"Room {i}")
        child = ChildFactory(setting=world.setting_a, room=room, first_name=f"Kid{i}")
        Assignment.objects.create(setting=world.setting_a, child=child,
                                  staff=world.memberships["key_person"],
                                  kind=Assignment.Kind.KEY, assigned_by=world.users["manager"])
        if i % 2:
            recorded(world, child, point, share=False)


@pytest.mark.parametrize("persona", ["key_person", "manager"])
def test_the_caseload_does_not_grow_with_its_children(world, persona):
    entry, _t1, term2 = points(world)
    client = world.client_for(persona)
    url = reverse("progress-caseload")
    _queries(client, url)  # warm the caches
    few = _queries(client, url)
    _more_children(world, 6, term2)
    many = _queries(client, url)
    assert many == few
    assert Assessment.objects.filter(point=term2).count() == 3


def test_the_home_section_does_not_grow_with_the_caseload(world, rf):
    _entry, _t1, term2 = points(world)
    request = rf.get("/")
    request.user = world.users["key_person"]
    request.membership = world.memberships["key_person"]
    request.setting = world.setting_a
    with CaptureQueriesContext(connection) as few:
        staff_sections(request)
    _more_children(world, 6, term2)
    with CaptureQueriesContext(connection) as many:
        [section] = staff_sections(request)
    assert section.context["count"] == 7
    assert len(many) == len(few) == 2


def test_the_childs_page_does_not_grow_with_the_assessments(world):
    entry, term1, term2 = points(world)
    client = world.client_for("key_person")
    url = reverse("progress-child", args=[world.child.uuid])
    recorded(world, world.child, entry)
    _queries(client, url)
    few = _queries(client, url)
    recorded(world, world.child, term1, Judgement.Status.WORKING_TOWARDS)
    recorded(world, world.child, term2, share=False)
    assert _queries(client, url) == few


def test_the_form_does_not_grow_with_the_observations(world):
    _entry, term1, term2 = points(world)
    assessment = recorded(world, world.child, term2, share=False)
    client = world.client_for("key_person")
    url = reverse("progress-assessment-edit", args=[assessment.uuid])
    group_observation(world, children=[world.child], photos=0)
    _queries(client, url)
    few = _queries(client, url)
    for i in range(5):
        group_observation(world, children=[world.child], photos=0, text=f"Obs {i}")
    assert _queries(client, url) == few


def test_the_assessment_page_does_not_grow_with_its_evidence(world):
    _entry, _term1, term2 = points(world)
    assessment = recorded(world, world.child, term2)
    client = world.client_for("key_person")
    url = reverse("progress-assessment", args=[assessment.uuid])
    _queries(client, url)
    few = _queries(client, url)
    from progress.models import JudgementEvidence

    for judgement in assessment.judgements.all()[:3]:
        for i in range(2):
            JudgementEvidence.objects.create(judgement=judgement, observation=group_observation(
                world, children=[world.child], photos=0, text=f"Obs {judgement.pk} {i}"))
    assert _queries(client, url) == few


def test_saving_the_evidence_does_not_grow_with_the_areas(world):
    """The evidence of every area is read once and written in at most two queries."""
    from progress import services

    _entry, _term1, term2 = points(world)
    assessment = recorded(world, world.child, term2, share=False)
    judgements = list(assessment.judgements.all())
    observations = [group_observation(world, children=[world.child], photos=0, text=f"Obs {i}")
                    for i in range(2)]

    def save(linked_areas: int, observation) -> int:
        inputs = [services.JudgementInput(
            area_id=j.area_id, aspect_id=j.aspect_id, status=j.status, band_id=j.band_id,
            comment=j.comment, evidence_ids=[observation.pk] if n < linked_areas else [])
            for n, j in enumerate(judgements)]
        with CaptureQueriesContext(connection) as ctx:
            services.save_assessment(world.users["key_person"], assessment, inputs)
        return len(ctx.captured_queries)

    one = save(1, observations[0])  # one area gains its evidence
    save(0, observations[0])  # and loses it again
    assert save(len(judgements), observations[1]) == one  # every area gains it
    assert save(len(judgements), observations[0]) == one + 1  # each swaps it: also a delete
