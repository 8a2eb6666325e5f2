"""What the journal's lists read: the staff's and the families' journal home, the
observations waiting for review, the children due a progress check.

Queries only. Who may see them is decided before, by the views' access helpers
(learning_journal.permissions); each list costs a fixed number of queries however many rows.
A child's own journal is read by learning_journal.reads.
"""

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from families.models import Child
from keyperson.models import Assignment
from learning_journal.checks import children_due
from learning_journal.models import Comment, Observation, ObservationChild, ProgressCheck


def _with_children(observations):
    return observations.select_related("author", "setting").prefetch_related(
        Prefetch("child_links", queryset=ObservationChild.objects.select_related("child")))


def staff_home(setting) -> dict:
    """The setting's current children with how many published observations each has, the ten
    newest observations, and how many observations wait for review and children for a check."""
    children = list(Child.objects.for_setting(setting).current()
                    .select_related("room").order_by("room__name", "first_name")
                    .annotate(observation_count=Count(
                        "journal_links", filter=Q(
                            journal_links__observation__status=Observation.Status.PUBLISHED)
                    )))
    recent = list(_with_children(Observation.objects.for_setting(setting))
                  .order_by("-created_at")[:10])
    return {
        "children": children, "recent": recent,
        "review_count": Observation.objects.for_setting(setting).filter(
            status=Observation.Status.REVIEW).count(),
        "due_count": children_due(Child.objects.for_setting(setting).current(),
                                  timezone.localdate()).count(),
    }


def family_home(child_ids) -> list[dict]:
    """Each of a family's children with their progress check once it is sent to the family."""
    children = list(Child.objects.filter(pk__in=child_ids)
                    .select_related("room").order_by("first_name"))
    checks = {c.child_id: c for c in ProgressCheck.objects.filter(
        child__in=children, status__in=[ProgressCheck.Status.WITH_FAMILY,
                                        ProgressCheck.Status.COMPLETED]).order_by("version")}
    return [{"child": c, "check": checks.get(c.pk)} for c in children]


def observations_to_review(setting):
    """The setting's observations waiting for a manager's review, the longest waiting first."""
    return (_with_children(Observation.objects.for_setting(setting)
                           .filter(status=Observation.Status.REVIEW))
            .order_by("submitted_at"))


def comment_counts(observation) -> dict:
    """How many comments each child's thread of ``observation`` has, by child id."""
    return dict(Comment.objects.filter(observation=observation)
                .values_list("child_id").annotate(n=Count("id")))


def children_due_a_check(setting, membership) -> list[dict]:
    """Children aged 24-36 months without a completed check, oldest first, each with their key
    person, any check in progress, and whether ``membership`` is their key person."""
    children = list(children_due(Child.objects.for_setting(setting).current(),
                                 timezone.localdate()).select_related("room"))
    keys = {a.child_id: a.staff for a in Assignment.objects.current().filter(
        child__in=children, kind=Assignment.Kind.KEY).select_related("staff__user")}
    open_checks = {c.child_id: c for c in ProgressCheck.objects.open().filter(
        child__in=children)}
    return [{"child": c, "key": keys.get(c.pk), "check": open_checks.get(c.pk),
             "mine": keys.get(c.pk) is not None and keys[c.pk].pk == membership.pk}
            for c in children]


def checks_waiting(setting):
    """The checks waiting for the manager's sign-off or for the family."""
    return (ProgressCheck.objects.for_setting(setting)
            .filter(status__in=[ProgressCheck.Status.SIGN_OFF,
                                ProgressCheck.Status.WITH_FAMILY])
            .select_related("child").order_by("submitted_at"))
