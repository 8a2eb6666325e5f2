"""A questionnaire's answers summarised for the manager: counts and percentages for ratings
and choices (drawn as bars), and the words people wrote.

A fixed number of queries however many answers there are. For a confidential questionnaire
nothing here names anyone, and written answers are listed in the order of their random keys,
not the order they arrived.
"""

from collections import Counter
from dataclasses import dataclass, field

from policies.constants import RATING_LABELS
from policies.models import Answer, Question


@dataclass
class Bar:
    label: str
    count: int
    percent: int


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    average: float | None = None
    texts: list[tuple[str, str]] = field(default_factory=list)  # (who, words)


def _bars(labels, counts: Counter, total: int) -> list[Bar]:
    return [Bar(label, counts[key], round(100 * counts[key] / total) if total else 0)
            for key, label in labels]


def summarise(questionnaire) -> tuple[int, list[QuestionResult]]:
    """(number of responses, a result per question)."""
    questions = list(questionnaire.questions.all())
    results = {q.pk: QuestionResult(q) for q in questions}
    answers = (Answer.objects.filter(question__questionnaire=questionnaire)
               .select_related("response__respondent").order_by("id"))
    ratings: dict[int, Counter] = {}
    picks: dict[int, Counter] = {}
    for a in answers:
        result = results[a.question_id]
        result.answered += 1
        kind = result.question.kind
        if kind == Question.Kind.RATING:
            ratings.setdefault(a.question_id, Counter())[a.rating] += 1
        elif kind == Question.Kind.TEXT:
            who = "" if questionnaire.is_confidential or a.response.respondent is None \
                else a.response.respondent.full_name
            result.texts.append((who, a.text))
        else:
            picks.setdefault(a.question_id, Counter()).update(a.choices)
    for result in results.values():
        q = result.question
        if q.kind == Question.Kind.RATING:
            counts = ratings.get(q.pk, Counter())
            labels = [(n, f"{n} {label}") for n, label in RATING_LABELS.items()]
            result.bars = _bars(labels, counts, result.answered)
            if result.answered:
                result.average = round(sum(n * c for n, c in counts.items())
                                       / result.answered, 1)
        elif q.kind != Question.Kind.TEXT:
            counts = picks.get(q.pk, Counter())
            result.bars = _bars([(c, c) for c in q.choices], counts, result.answered)
    return questionnaire.responses.count(), [results[q.pk] for q in questions]
