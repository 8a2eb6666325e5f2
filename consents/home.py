"""Consents' part of the home pages and the navigation (preschool.registry), and the panel
for a child's page. Each provider runs a fixed number of queries however many children or
records there are (tests/consents/test_query_counts.py)."""

from datetime import datetime

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from consents import services
from consents.models import Accident, MedicationDose, MedicationPermission
from families.looks import What, looked_at
from families.models import HEARS, Child, ChildAdult
from preschool.registry import HomeSection


def family_sections(request) -> list[HomeSection]:
    """A family: forms waiting for their answer, and today's (and any earlier unacknowledged)
    medicines and accidents to acknowledge - the digital signature of the records."""
    membership = request.membership
    if membership is None or not membership.is_family:
        return []
    children = list(Child.objects.visible_to(request.user, request.setting).current()
                    .order_by("first_name", "last_name"))
    if not children:
        return []
    links = {a.child_id: a for a in ChildAdult.objects.filter(
        HEARS, child__in=children, user=request.user)}
    may_answer = {cid for cid, a in links.items() if a.has_parental_responsibility}
    may_ack = {cid for cid, a in links.items()
               if a.has_parental_responsibility or a.lives_with_child}
    _, rows = services.consent_grid(request.setting, children)
    to_answer = [(row.child, len(row.unanswered)) for row in rows
                 if row.unanswered and row.child.pk in may_answer]
    doses = list(MedicationDose.objects.unacknowledged().filter(child__in=children)
                 .select_related("child", "given_by", "witnessed_by").order_by("given_at"))
    accidents = list(Accident.objects.unacknowledged().filter(child__in=children)
                     .select_related("child").order_by("happened_at"))
    return [HomeSection("consents/sections/family.html", {
        "children": children, "to_answer": to_answer, "doses": doses, "accidents": accidents,
        "may_ack": may_ack, "today": timezone.localdate(),
    }, order=15)]


def staff_sections(request) -> list[HomeSection]:
    """Staff: consents withdrawn lately (they take effect at once), labels to check, doses
    today and records waiting for the family; managers also serious accidents to notify to
    Ofsted and possible double doses to review."""
    membership = request.membership
    if membership is None or not membership.can_record_medication:
        return []
    setting = request.setting
    start = timezone.make_aware(datetime.combine(timezone.localdate(),
                                                          datetime.min.time()))
    context = {
        "withdrawals": list(services.recent_withdrawals(setting)[:10]),
        "to_check": MedicationPermission.objects.for_setting(setting).filter(
            status=MedicationPermission.Status.REQUESTED).count(),
        "doses_today": MedicationDose.objects.current().filter(
            setting=setting, given_at__gte=start).count(),
        "unacknowledged": (MedicationDose.objects.unacknowledged().filter(setting=setting)
                           .count()
                           + Accident.objects.unacknowledged().filter(setting=setting).count()),
        "is_manager": membership.can_manage_consents,
        "awaiting_ofsted": [],
        "double_doses": 0,
    }
    if membership.can_manage_consents:
        context["double_doses"] = (MedicationDose.objects.filter(setting=setting)
                                   .double_doses_to_review().count())
        context["awaiting_ofsted"] = list(Accident.objects.for_setting(setting)
                                          .awaiting_ofsted().select_related("child")
                                          .order_by("happened_at")[:10])
    needs = any(context[k] for k in ("withdrawals", "to_check", "unacknowledged",
                                     "awaiting_ofsted", "double_doses"))
    return [HomeSection("consents/sections/staff.html", context, order=12,
                        needs_attention=needs)]


def nav(membership) -> list[tuple[str, str]]:
    items = [(_("Consents"), reverse("consents-overview"))]
    if membership.can_record_medication:
        items.append((_("Medicines"), reverse("consents-medication")))
    return items


def child_section(request, child) -> list[HomeSection]:
    """The child's page: consents, medicines and accidents, after the record."""
    context = child_panel_context(request, child)
    if context["permissions"]:
        looked_at(request, child, What.MEDICATION)
    if context["accidents"]:
        looked_at(request, child, What.ACCIDENT)
    return [HomeSection("consents/child_section.html", context, order=60)]


def child_panel_context(request, child) -> dict:
    """What templates/consents/child_panel.html needs for one child (a constant number of
    queries): consents, medicines in force or waiting, the five latest accidents."""
    from consents.permissions import can

    return {
        "child": child,
        "cells": services.child_consents(child),
        "permissions": list(MedicationPermission.objects.filter(
            child=child, status__in=[MedicationPermission.Status.REQUESTED,
                                     MedicationPermission.Status.ACCEPTED])
            .order_by("medicine")),
        "accidents": list(Accident.objects.current().filter(child=child)
                          .select_related("acknowledgement")[:5]),
        "can_answer": can(request.user, "consents.answer", child),
        "can_request": can(request.user, "consents.request_medication", child),
        "can_record": can(request.user, "consents.record_medication", child),
    }
