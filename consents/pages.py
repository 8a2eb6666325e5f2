"""What the consents pages read: the lists they show a page at a time and the records around
a dose or an accident.

Queries only. Who may see them is decided before, by the views' access helpers
(consents.permissions); each list costs a fixed number of queries however many records.
"""

from datetime import timedelta

from django.core.paginator import Paginator
from django.db.models import Count, DateTimeField, OuterRef, Subquery

from consents import constants
from consents.models import Accident, MedicationDose, MedicationPermission
from families.models import HEARS, Child, ChildAdult

# Lists are shown a page at a time, so a page's cost does not grow with the records kept.
PAGE_SIZE = 50


def paginate(request, items, param: str = "page", per_page: int = PAGE_SIZE):
    """The page of ``items`` asked for by ``?<param>=N`` (a missing or bad number gives the
    first page, one too high the last), with what templates/consents/_pagination.html needs:
    its links keep every other query parameter (filters, the pages of the page's other
    lists). A count and a fetch: two queries, however many items."""
    page = Paginator(items, per_page).get_page(request.GET.get(param))
    query = request.GET.copy()
    query.pop(param, None)
    # What templates/consents/_pagination.html reads beside the page itself.
    page.param, page.query = param, query.urlencode()  # type: ignore[attr-defined]
    page.numbers = (  # type: ignore[attr-defined]
        list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
        if page.has_other_pages() else [])
    return page


def doses_with_ack():
    return MedicationDose.objects.select_related(
        "child", "given_by", "witnessed_by", "acknowledgement__acknowledged_by",
        "corrected_by", "corrects", "double_dose_review__reviewed_by")


def accidents_with_ack():
    return Accident.objects.select_related(
        "child", "first_aid_by", "recorded_by", "acknowledgement__acknowledged_by",
        "corrected_by", "corrects")


def answerable_children(user, children, membership) -> set:
    """Ids of those children the person may answer for (parental responsibility and the right
    to information): one query, for families only."""
    if not membership.is_family or not children:
        return set()
    return set(ChildAdult.objects.filter(
        HEARS, child__in=children, user=user, has_parental_responsibility=True)
        .values_list("child_id", flat=True))


def medication_lists(setting, start) -> tuple:
    """The setting's current children, and what the staff's medicines page lists from
    ``start`` (the beginning of today): labels to check, medicines in force, doses given
    today, records families have not acknowledged, possible double doses not yet reviewed,
    serious accidents to notify, recent accidents. Querysets, each shown a page at a time."""
    current_children = Child.objects.for_setting(setting).current()
    permissions = (MedicationPermission.objects.for_setting(setting)
                   .filter(child__in=current_children).select_related("child", "requested_by"))
    # Only what the lists show: every join costs planning time on each of the queries.
    doses = MedicationDose.objects.filter(setting=setting).select_related(
        "child", "given_by", "acknowledgement", "double_dose_review")
    accidents = Accident.objects.filter(setting=setting).select_related("child",
                                                                        "acknowledgement")
    lists = {
        "to_check": permissions.filter(status=MedicationPermission.Status.REQUESTED)
        .order_by("requested_at", "id"),
        "in_force": permissions.in_force().order_by("child__first_name", "child__last_name",
                                                    "medicine", "id"),
        "today": doses.current().filter(given_at__gte=start).order_by("-given_at", "-id"),
        "unacknowledged_doses": doses.unacknowledged().filter(given_at__lt=start)
        .order_by("given_at", "id"),
        "flagged": doses.double_doses_to_review().order_by("-given_at", "-id"),
        "awaiting_ofsted": Accident.objects.for_setting(setting).awaiting_ofsted()
        .select_related("child").order_by("happened_at", "id"),
        "recent_accidents": accidents.current()
        .filter(happened_at__gte=start - timedelta(days=14)).order_by("-happened_at", "-id"),
        "unacknowledged_accidents": accidents.unacknowledged()
        .filter(happened_at__lt=start - timedelta(days=14)).order_by("happened_at", "id"),
    }
    return current_children, lists


def permission_chain(permission) -> dict:
    """The permissions this one replaced, and the one that replaced it (a few queries: the
    chain is short)."""
    chain: list[MedicationPermission] = []
    earlier = permission.replaces
    while earlier is not None and len(chain) < 20:
        chain.append(earlier)
        earlier = earlier.replaces
    later = MedicationPermission.objects.filter(replaces=permission).first()
    return {"earlier": chain, "later": later}


def with_nearby_doses(doses):
    """Each dose with another current dose of the same medicine for the same child given
    within the double-dose window (constants.DOUBLE_DOSE_MINUTES): when, and who gave and
    recorded it. Subqueries of the one query, however many doses."""
    window = timedelta(minutes=constants.DOUBLE_DOSE_MINUTES)
    others = (MedicationDose.objects.current()
              .filter(child=OuterRef("child"), medicine__iexact=OuterRef("medicine"),
                      given_at__gt=OuterRef("given_at") - window,
                      given_at__lt=OuterRef("given_at") + window)
              .exclude(pk=OuterRef("pk")).order_by("given_at", "id"))
    return doses.annotate(
        other_given_at=Subquery(others.values("given_at")[:1],
                                output_field=DateTimeField()),
        other_given_by=Subquery(others.values("given_by__full_name")[:1]),
        other_recorded_by=Subquery(others.values("recorded_by__full_name")[:1]),
        others_count=Subquery(others.order_by().values("child")
                              .annotate(n=Count("id")).values("n")[:1]))


def doses_close_to(dose):
    """The other current doses of the same medicine for the same child given within the
    double-dose window of ``dose``, in the order they were given."""
    window = timedelta(minutes=constants.DOUBLE_DOSE_MINUTES)
    return (MedicationDose.objects.current()
            .filter(child_id=dose.child_id, medicine__iexact=dose.medicine,
                    given_at__gt=dose.given_at - window, given_at__lt=dose.given_at + window)
            .exclude(pk=dose.pk).select_related("given_by", "witnessed_by", "recorded_by")
            .order_by("given_at", "id"))


def accident_versions(original):
    """Every version of an accident record: the original and each correction of it."""
    return Accident.objects.filter(pk=original.pk) | original.versions.all()
