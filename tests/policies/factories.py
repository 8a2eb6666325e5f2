"""Policies, reviews and questionnaires for the policies tests (and the matrix)."""

from datetime import timedelta

from django.utils import timezone

from policies.models import Policy, PolicyVersion, Question, Questionnaire, Review

BODY = """How we help each child settle.

## Before your child starts
- A home visit from the key person.
- Short visits together.

## The first weeks
Stay as long as you like.
"""


def published_policy(setting, *, title="Settling in", audience=Policy.Audience.EVERYONE,
                     body=BODY, category=Policy.Category.PARTNERSHIP) -> Policy:
    today = timezone.localdate()
    policy = Policy.objects.create(setting=setting, title=title, category=category,
                                   audience=audience)
    version = PolicyVersion.objects.create(
        policy=policy, number=1, body=body, adopted_on=today - timedelta(days=300),
        next_review_on=today + timedelta(days=65), chair_name="Cara Chair",
        manager_name="Mona Manager", change_summary="First version.",
        published_at=timezone.now())
    policy.current_version = version
    policy.save(update_fields=["current_version"])
    return policy


def draft_of(policy, body=None) -> PolicyVersion:
    return PolicyVersion.objects.create(policy=policy, number=policy.current_version.number + 1,
                                        body=body or policy.current_version.body + "\nMore.")


def open_review(policy, opened_by, *, closes_in_days=14) -> Review:
    draft = PolicyVersion.objects.filter(policy=policy, published_at__isnull=True).first()
    draft = draft or draft_of(policy)
    return Review.objects.create(policy=policy, draft=draft, opened_by=opened_by,
                                 closes_on=timezone.localdate() + timedelta(days=closes_in_days))


def questionnaire(setting, created_by, *, status=Questionnaire.Status.OPEN, confidential=True,
                  title="How are we doing?") -> Questionnaire:
    q = Questionnaire.objects.create(setting=setting, title=title, created_by=created_by,
                                     is_confidential=confidential, status=status,
                                     opened_at=timezone.now() if status != "draft" else None)
    Question.objects.create(questionnaire=q, position=1, kind=Question.Kind.RATING,
                            text="How welcome do you feel?", required=True)
    Question.objects.create(questionnaire=q, position=2, kind=Question.Kind.CHOICE,
                            text="Which newsletter do you prefer?", choices=["Email", "Paper"])
    Question.objects.create(questionnaire=q, position=3, kind=Question.Kind.MULTIPLE,
                            text="Which events would you come to?",
                            choices=["Stay and play", "Sports day", "Parents' evening"])
    Question.objects.create(questionnaire=q, position=4, kind=Question.Kind.TEXT,
                            text="What could we do better?")
    return q
