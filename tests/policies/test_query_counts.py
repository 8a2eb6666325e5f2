"""The policies and questionnaires list pages (and a questionnaire's questions) keep a constant
number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from policies.models import Question, ReadConfirmation, ReviewComment
from policies.services import submit_answers
from preschool.models import Role
from tests.factories import MembershipFactory
from tests.policies.factories import draft_of, open_review, published_policy, questionnaire


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_policies(world, n):
    for i in range(n):
        policy = published_policy(world.setting_a, title=f"Policy {i}",
                                  category=["admin", "health", "learning"][i % 3],
                                  audience=["everyone", "families", "staff"][i % 3])
        if i % 2:
            draft_of(policy)
            review = open_review(policy, world.users["manager"])
            ReviewComment.objects.create(review=review, author=world.users["parent"],
                                         body="A comment", section="The first weeks")
        else:
            ReadConfirmation.objects.create(version=policy.current_version,
                                            user=world.users["parent"])


def _add_readers(world, n):
    for _ in range(n):
        m = MembershipFactory(setting=world.setting_a, role=Role.PARENT)
        ReadConfirmation.objects.create(version=world.readers_policy.current_version,
                                        user=m.user)
        MembershipFactory(setting=world.setting_a, role=Role.PRACTITIONER)


def _add_comments(world, n):
    for i in range(n):
        m = MembershipFactory(setting=world.setting_a, role=Role.PARENT)
        ReviewComment.objects.create(review=world.review, author=m.user, body=f"Comment {i}",
                                     section=["", "The first weeks"][i % 2])


def _add_questionnaires(world, n):
    for i in range(n):
        questionnaire(world.setting_a, world.users["manager"], title=f"Survey {i}")


def _add_answers(world, n):
    for _ in range(n):
        m = MembershipFactory(setting=world.setting_a, role=Role.PARENT)
        q = world.survey
        questions = list(q.questions.all())
        submit_answers(m.user, q, {questions[0]: 4, questions[1]: "Email",
                                   questions[2]: ["Sports day"], questions[3]: "Words"})


def _add_questions(world, n):
    q = world.draft_survey
    start = q.questions.count()
    for i in range(start + 1, start + n + 1):
        Question.objects.create(questionnaire=q, position=i, kind=Question.Kind.CHOICE,
                                text=f"Question {i}", choices=["Yes", "No"])


@pytest.fixture
def extra(world):
    world.readers_policy = published_policy(world.setting_a, title="Read me")
    world.review = open_review(published_policy(world.setting_a, title="Reviewed"),
                               world.users["manager"])
    world.survey = questionnaire(world.setting_a, world.users["manager"], title="Big survey")
    # A draft: each question has its change and remove buttons.
    world.draft_survey = questionnaire(world.setting_a, world.users["manager"], status="draft",
                                       title="Draft survey")
    return world


def _url(world, name):
    args = {"policies-readers": lambda: [world.readers_policy.uuid],
            "policies-review": lambda: [world.review.uuid],
            "policies-questionnaire-results": lambda: [world.survey.uuid],
            "policies-questionnaire": lambda: [world.draft_survey.uuid]}
    return reverse(name, args=args[name]() if name in args else None)


@pytest.mark.parametrize(("name", "persona", "add"), [
    ("policies-list", "manager", _add_policies),
    ("policies-list", "parent", _add_policies),
    ("policies-list", "practitioner", _add_policies),
    ("home", "manager", _add_policies),
    ("home", "parent", _add_policies),
    ("home", "practitioner", _add_policies),
    ("policies-readers", "manager", _add_readers),
    ("policies-review", "manager", _add_comments),
    ("policies-review", "parent", _add_comments),
    ("policies-questionnaires", "manager", _add_questionnaires),
    ("policies-questionnaires", "parent", _add_questionnaires),
    ("home", "parent", _add_questionnaires),
    ("policies-questionnaire-results", "manager", _add_answers),
    ("policies-questionnaire", "manager", _add_questions),
])
def test_list_pages_keep_a_constant_query_count(extra, name, persona, add):
    world = extra
    client = world.client_for(persona)
    url = _url(world, name)
    add(world, 1)
    few = _queries(client, url)
    add(world, 25)
    many = _queries(client, url)
    assert few == many, f"{name} as {persona}: {few} queries with few rows, {many} with many"
