"""Ava's progress through the API: Pat, her mother, reads what was shared with her in plain
words and comments; Kim, her key person, and the other staff read drafts too; everyone else
sees nothing (tests/api/operations_matrix.py). The same rules, words and service as the
family's pages (tests/progress/test_family_views.py)."""

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from families.models import RecordView
from learning_journal import services as journal
from learning_journal.models import Area
from notifications.models import Category, Notification
from preschool.models import AuditEvent
from progress.models import Judgement as J
from progress.models import JudgementEvidence
from tests.api.helpers import token_client
from tests.progress.factories import points, recorded, use_birth_to_5_matters

pytestmark = pytest.mark.django_db

API = "/api/v1/progress"


def _list(child) -> str:
    return f"{API}/children/{child.uuid}"


def _one(assessment) -> str:
    return f"{API}/assessments/{assessment.uuid}"


def _comment(assessment) -> str:
    return f"{API}/assessments/{assessment.uuid}/comment"


def _client(world, persona):
    return token_client(world.memberships[persona])


def _observation(world, *, area="CL", next_step="", publish=True, text="Sang a song.",
                 days_ago=0):
    return journal.create_observation(
        world.users["key_person"], world.setting_a,
        observed_on=timezone.localdate() - timedelta(days=days_ago), text=text,
        children=[world.child], areas=[Area.objects.get(code=area)],
        next_steps={world.child.pk: next_step}, publish=publish)


@pytest.fixture
def terms(world):
    """Ava's first term shared with Pat; the second a draft, still being written."""
    _entry, term1, term2 = points(world)
    shared = recorded(world, world.child, term1, statuses={
        "CL": J.Status.WORKING_TOWARDS, "PD": J.Status.NOT_YET},
        assessed_on=timezone.localdate() - timedelta(days=60))
    draft = recorded(world, world.child, term2, share=False)
    return shared, draft


def test_it_lists_the_shared_assessments_to_the_family_and_drafts_to_staff(world, terms):
    shared, draft = terms
    family = _client(world, "parent").get(_list(world.child))
    assert family.status_code == 200
    assert [(a["uuid"], a["status"]) for a in family.json()] == [(str(shared.uuid), "shared")]
    assert family.json()[0]["point"]["name"] == "Term 1"
    staff = _client(world, "practitioner").get(_list(world.child))
    assert [(a["uuid"], a["status"]) for a in staff.json()] == [
        (str(draft.uuid), "draft"), (str(shared.uuid), "shared")]  # newest first


def test_a_draft_is_404_to_the_family_and_read_by_staff(world, terms):
    _shared, draft = terms
    assert _client(world, "parent").get(_one(draft)).status_code == 404
    response = _client(world, "key_person").get(_one(draft))
    assert response.status_code == 200
    assert response.json()["status"] == "draft" and response.json()["may_comment"] is False


def test_it_gives_each_judgement_stored_and_in_the_family_pages_plain_words(world, terms):
    shared, _draft = terms
    body = _client(world, "parent").get(_one(shared)).json()
    areas = {a["code"]: a for a in body["areas"]}
    assert len(areas) == 7
    assert areas["CL"]["status"] == "towards"
    assert areas["CL"]["words"] == "Getting there: we are helping with this"
    assert areas["PD"]["words"] == ("Needs some extra help: we will talk with you about how we "
                                    "support this")
    assert areas["M"]["words"] == "Developing well for their age"
    assert areas["CL"]["comment"] == "Doing well (CL)"
    assert areas["CL"]["name"] == "Communication and Language"
    assert body["framework"]["code"] and body["point"]["kind"] == "dated"
    assert body["family_comment"] is None and body["may_comment"] is True


def test_it_speaks_the_callers_language(world, terms):
    shared, _draft = terms
    get_user_model().objects.filter(pk=world.users["parent"].pk).update(
        preferred_language="pl")
    areas = {a["code"]: a for a in _client(world, "parent").get(_one(shared)).json()["areas"]}
    assert areas["CL"]["words"] == "Jest na dobrej drodze: pomagamy w tym"
    assert areas["CL"]["status"] == "towards"  # the stored value stays as it is


def test_it_names_a_birth_to_5_matters_range_plainly(world):
    term = points(world)[-1]
    use_birth_to_5_matters(world)
    assessment = recorded(world, world.child, term)
    cl = _client(world, "parent").get(_one(assessment)).json()["areas"][0]
    assert cl["range"]["words"] == "Range 3 (of 6) in Birth to 5 Matters"


def test_the_family_sees_only_published_evidence_and_staff_drafts_too(world, terms):
    shared, _draft = terms
    judgement = shared.judgements.get(area__code="CL", aspect__isnull=True)
    published = _observation(world, text="Counted to ten on the stairs.")
    draft = _observation(world, publish=False, text="Not for the family yet.")
    for observation in (published, draft):
        JudgementEvidence.objects.create(judgement=judgement, observation=observation)

    def evidence(persona):
        body = _client(world, persona).get(_one(shared)).json()
        return next(a for a in body["areas"] if a["code"] == "CL")["evidence"]

    assert evidence("parent") == [str(published.uuid)]
    assert set(evidence("key_person")) == {str(published.uuid), str(draft.uuid)}


def test_it_gives_the_family_what_they_can_do_at_home(world, terms):
    shared, _draft = terms
    for n in range(4):
        _observation(world, next_step=f"Sing song {n} together", days_ago=n)
    _observation(world, next_step="A draft step", publish=False)
    areas = {a["code"]: a for a in _client(world, "parent").get(_one(shared)).json()["areas"]}
    assert [s["text"] for s in areas["CL"]["at_home"]] == [
        "Sing song 0 together", "Sing song 1 together", "Sing song 2 together"]
    assert areas["PD"]["at_home"] == []


def test_staff_reading_one_is_noted_and_the_family_is_not(world, terms):
    shared, _draft = terms
    _client(world, "parent").get(_one(shared))
    assert not RecordView.objects.filter(child=world.child).exists()
    _client(world, "practitioner").get(_one(shared))
    assert RecordView.objects.filter(child=world.child, viewer=world.users["practitioner"],
                                     object_id=str(shared.uuid)).exists()


def test_the_family_comment_is_saved_told_to_the_key_person_and_audited(world, terms):
    shared, _draft = terms
    client = _client(world, "parent")
    response = client.post(_comment(shared), {"comment": "  She sings at home too. "},
                           content_type="application/json",
                           HTTP_IDEMPOTENCY_KEY="comment-on-term-1")
    assert response.status_code == 200, response.content
    assert response.json()["text"] == "She sings at home too."
    shared.refresh_from_db()
    assert shared.family_comment == "She sings at home too."
    assert shared.family_commented_by == world.users["parent"]
    told = Notification.objects.filter(
        category=Category.PROGRESS, url=reverse("progress-assessment", args=[shared.uuid]))
    assert set(told.values_list("recipient", flat=True)) == {world.users["key_person"].pk}
    audited = AuditEvent.objects.filter(action="progress.family_commented",
                                        object_id=str(shared.uuid))
    assert audited.count() == 1
    # A retry with the same key gets the same answer and changes nothing.
    again = client.post(_comment(shared), {"comment": "Something else"},
                        content_type="application/json",
                        HTTP_IDEMPOTENCY_KEY="comment-on-term-1")
    assert again.status_code == 200 and again.json() == response.json()
    shared.refresh_from_db()
    assert shared.family_comment == "She sings at home too."
    assert told.count() == 1 and audited.count() == 1
    body = client.get(_one(shared)).json()
    assert body["family_comment"]["text"] == "She sings at home too."
    assert body["family_comment"]["by"] == world.users["parent"].full_name


@pytest.mark.parametrize("comment", ["   ", "x" * 2001, "<b>Proud</b> of her"])
def test_bad_input_is_refused_and_changes_nothing(world, terms, comment):
    shared, _draft = terms
    response = _client(world, "parent").post(_comment(shared), {"comment": comment},
                                             content_type="application/json")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid" and response.json()["detail"]
    shared.refresh_from_db()
    assert shared.family_comment == "" and shared.family_commented_at is None
    assert not Notification.objects.filter(category=Category.PROGRESS,
                                           recipient=world.users["key_person"]).exists()
    assert not AuditEvent.objects.filter(action="progress.family_commented").exists()


def test_an_empty_comment_says_what_the_page_says(world, terms):
    shared, _draft = terms
    response = _client(world, "parent").post(_comment(shared), {"comment": ""},
                                             content_type="application/json")
    assert response.json()["detail"] == "Write your comment first."


def test_staff_may_not_comment_for_the_family_nor_the_family_of_a_child_who_left(world, terms):
    shared, _draft = terms
    body = {"comment": "Hi"}
    for persona in ("key_person", "manager"):
        response = _client(world, persona).post(_comment(shared), body,
                                                content_type="application/json")
        assert response.status_code == 403
    world.child.leaving_date = timezone.localdate() - timedelta(days=1)
    world.child.save(update_fields=["leaving_date"])
    client = _client(world, "parent")
    assert client.get(_one(shared)).status_code == 200  # still read
    assert client.get(_list(world.child)).status_code == 200
    assert client.post(_comment(shared), body, content_type="application/json"
                       ).status_code == 403
    shared.refresh_from_db()
    assert shared.family_comment == ""


def test_a_family_token_without_the_progress_scope_is_refused(world, terms):
    shared, _draft = terms
    client = token_client(world.memberships["parent"], scopes=["observations:read"])
    assert client.get(_list(world.child)).status_code == 403
    assert client.get(_one(shared)).status_code == 403


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("persona", ["parent", "key_person"])
def test_one_assessment_keeps_its_query_count_with_more_evidence_and_next_steps(
        world, terms, persona):
    shared, _draft = terms
    client = _client(world, persona)
    client.post(_comment(shared), {"comment": "Thanks"}, content_type="application/json")
    judgement = shared.judgements.get(area__code="CL", aspect__isnull=True)
    JudgementEvidence.objects.create(judgement=judgement,
                                     observation=_observation(world, next_step="Sing"))
    client.get(_one(shared))
    few = _count(client, _one(shared))
    for code in ("CL", "PD", "M", "L"):
        judgement = shared.judgements.get(area__code=code, aspect__isnull=True)
        for n in range(3):
            observation = _observation(world, area=code, next_step=f"Step {n}", days_ago=n,
                                       publish=n != 2)
            JudgementEvidence.objects.create(judgement=judgement, observation=observation)
    assert _count(client, _one(shared)) == few
