from datetime import date

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from families import services
from families.access import access_child, link_of
from families.forms import (
    AllAboutMeForm,
    AllergyForm,
    ChildCreateForm,
    DetailsForm,
    EnrolmentForm,
    FamilyAdultForm,
    HealthForm,
    LeaveForm,
    RoomForm,
    SignAgreementForm,
    StaffAdultForm,
)
from families.looks import What, looked_at, looked_at_many
from families.models import AllAboutMe, Allergy, Child, ChildAdult, RecordChange, Room
from preschool.permissions import membership_in, parse_uuid, require_perm
from preschool.registry import child_sections
from preschool.services import ServiceError

# section name: (form class, area of the record, page title, permission)
SECTIONS = {
    "details": (DetailsForm, RecordChange.Area.DETAILS, _("Details"), "families.change_child"),
    "health": (HealthForm, RecordChange.Area.HEALTH, _("Health, diet and doctors"),
               "families.change_child"),
    "about-me": (AllAboutMeForm, RecordChange.Area.ABOUT_ME, _("All About Me"),
                 "families.change_child"),
    "enrolment": (EnrolmentForm, RecordChange.Area.ENROLMENT, _("Enrolment (staff only)"),
                  "families.change_enrolment"),
}


def _current_allergies():
    return Prefetch("allergies", queryset=Allergy.objects.filter(ended_at__isnull=True),
                    to_attr="current_allergies")


@login_required
@require_GET
def child_list(request):
    """Staff: every current child of the setting by room, with alerts. Families: the children
    they may see."""
    if request.setting is None:
        return render(request, "preschool/home_no_setting.html")
    membership = membership_in(request.user, request.setting)
    show_left = request.GET.get("left") == "1" and membership.can_view_all_children
    children = Child.objects.visible_to(request.user, request.setting).select_related("room")
    children = children.left() if show_left else children.current()
    children = children.order_by("room__name", "first_name")
    if membership.can_view_all_children:
        children = children.prefetch_related(
            Prefetch("adults", queryset=ChildAdult.objects.exclude(restriction=""),
                     to_attr="restricted_adults"), _current_allergies())
    return render(request, "families/child_list.html", {
        "children": children, "is_staff": membership.can_view_all_children,
        "show_left": show_left,
        "can_add": rules.has_perm("families.create_child", request.user, request.setting),
    })


@login_required
@require_perm("families.create_child")
def child_create(request):
    form = ChildCreateForm(request.POST or None, setting=request.setting)
    if request.method == "POST" and form.is_valid():
        child = services.create_child(request.user, request.setting, form)
        messages.success(request, f"{child.full_name} is on the roll. Now add the adults in "
                                  "their life and invite their parents.")
        return redirect(child)
    return render(request, "families/child_create.html", {"form": form})


@login_required
@require_GET
def child_detail(request, child_uuid):
    """A child's profile: alerts first, then the record, the adults and the key persons."""
    child = access_child(request, child_uuid)
    membership = membership_in(request.user, request.setting)
    is_staff = membership.can_view_all_children
    adults = list(child.adults.select_related("user", "invitation"))
    if not is_staff:
        # Families never see court or safeguarding restrictions, nor who they concern.
        adults = [a for a in adults if not a.restriction]
    first_sections, later_sections = child_sections(request, child)  # key person, consents
    allergies = child.allergies.filter(ended_at__isnull=True)
    about_me = AllAboutMe.objects.filter(child=child).first()
    user = request.user
    looked_at(request, child, What.RECORD)
    looked_at(request, child, What.HEALTH)
    restricted = [a for a in adults if a.restriction] if is_staff else []
    if restricted:
        looked_at(request, child, What.RESTRICTION)
    return render(request, "families/child_detail.html", {
        "child": child, "adults": adults, "is_staff": is_staff,
        "allergies": allergies, "about_me": about_me,
        "restricted": restricted,
        "can_change": not child.has_left and rules.has_perm("families.change_child", user, child),
        "can_change_enrolment": not child.has_left and rules.has_perm(
            "families.change_enrolment", user, child),
        "can_mark_left": rules.has_perm("families.mark_left", user, child),
        "link": link_of(user, child),
        "unsigned": not is_staff and child.registration_completed_at is None,
        "first_sections": first_sections, "later_sections": later_sections,
    })


@login_required
def child_edit(request, child_uuid, section):
    if section not in SECTIONS:
        raise Http404
    form_class, area, title, perm = SECTIONS[section]
    child = access_child(request, child_uuid, perm)
    if form_class is AllAboutMeForm:
        instance, _ = AllAboutMe.objects.get_or_create(child=child)
    else:
        instance = Child.objects.get(pk=child.pk)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            change = services.update_child(request.user, child, form, area)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("Saved.") if change
                             else gettext("Nothing had changed."))
            return redirect(_after_edit(request, child))
    looked_at(request, child, What.HEALTH if section == "health" else What.RECORD)
    return render(request, "families/child_edit.html",
                  {"child": child, "form": form, "title": title})


def _after_edit(request, child):
    target = request.POST.get("next", "")
    if target == "registration":
        return reverse("child-registration", args=[child.uuid])
    return child.get_absolute_url()


@login_required
def allergy_add(request, child_uuid):
    child = access_child(request, child_uuid, "families.change_child")
    form = AllergyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allergy = services.add_allergy(request.user, child, form)
        messages.success(request, gettext("Allergy recorded: %(allergy)s. Staff will check it.")
                         % {"allergy": allergy})
        return redirect(_after_edit(request, child))
    looked_at(request, child, What.HEALTH)
    return render(request, "families/child_edit.html",
                  {"child": child, "form": form, "title": gettext("Add an allergy")})


@login_required
@require_POST
def allergy_end(request, child_uuid, allergy_uuid):
    child = access_child(request, child_uuid, "families.change_child")
    allergy = child.allergies.filter(uuid=parse_uuid(allergy_uuid)).first()
    if allergy is None:
        raise Http404
    try:
        services.end_allergy(request.user, allergy)
        messages.success(request, gettext("%(allergy)s is no longer on %(name)s's record. "
                                          "The history is kept.")
                         % {"allergy": allergy, "name": child.known_as})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect(child)


def _adult_form_class(request, child):
    return (StaffAdultForm if rules.has_perm("families.change_enrolment", request.user, child)
            else FamilyAdultForm)


@login_required
def adult_add(request, child_uuid):
    """Staff and parents add the adults around a child, and may invite them."""
    child = access_child(request, child_uuid, "families.change_child")
    form = _adult_form_class(request, child)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            adult = services.add_adult(request.user, child, form,
                                       invite=form.cleaned_data.get("invite", False))
        except ServiceError as exc:
            form.add_error("email", str(exc))
        else:
            text = gettext("%(name)s added.") % {"name": adult.name}
            if adult.invitation_id:
                text += " " + gettext("We have emailed them an invitation at %(email)s.") % {
                    "email": adult.email}
            elif adult.user_id:
                text += " " + gettext("They already have an account and can now see this child.")
            messages.success(request, text)
            return redirect(_after_edit(request, child))
    return render(request, "families/child_edit.html",
                  {"child": child, "form": form, "title": gettext("Add an adult")})


@login_required
def adult_edit(request, child_uuid, adult_uuid):
    child = access_child(request, child_uuid, "families.change_child")
    adult = child.adults.filter(uuid=parse_uuid(adult_uuid)).first()
    is_staff = rules.has_perm("families.change_enrolment", request.user, child)
    if adult is None or (adult.restriction and not is_staff):
        raise Http404
    form = _adult_form_class(request, child)(request.POST or None, instance=adult,
                                             allow_invite=False)
    if request.method == "POST" and form.is_valid():
        services.update_adult(request.user, adult, form)
        messages.success(request, gettext("%(name)s's details are saved.") % {"name": adult.name})
        return redirect(_after_edit(request, child))
    looked_at(request, child, What.RESTRICTION if adult.restriction else What.RECORD, adult)
    return render(request, "families/child_edit.html",
                  {"child": child, "form": form, "title": f"{adult.name}"})


@login_required
def registration(request, child_uuid):
    """The family's online registration: each part of the record, then the agreement."""
    child = access_child(request, child_uuid, "families.change_child")
    agreement = services.current_agreement(child.setting)
    form = SignAgreementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_agreement(request.user, child, agreement,
                                    form.cleaned_data["typed_name"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, gettext("Thank you: %(name)s's registration is complete, "
                                              "and you have signed the agreement.")
                             % {"name": child.known_as})
            return redirect(child)
    signed = child.signatures.filter(user=request.user, agreement=agreement).first()
    looked_at(request, child, What.RECORD)
    looked_at(request, child, What.HEALTH)
    return render(request, "families/registration.html", {
        "child": child, "agreement": agreement, "form": form, "signed": signed,
        "adults": [a for a in child.adults.all() if not a.restriction],
        "allergies": child.allergies.filter(ended_at__isnull=True),
        "about_me": AllAboutMe.objects.filter(child=child).first(),
        "problems": services.registration_problems(child),
    })


@login_required
@require_GET
def child_history(request, child_uuid):
    child = access_child(request, child_uuid)
    if not rules.has_perm("families.view_history", request.user, child):
        raise PermissionDenied
    changes = child.changes.select_related("changed_by", "reviewed_by")
    looked_at(request, child, What.RECORD)
    return render(request, "families/child_history.html", {"child": child, "changes": changes})


@login_required
@require_POST
def child_leave(request, child_uuid):
    child = access_child(request, child_uuid)
    if not rules.has_perm("families.mark_left", request.user, child):
        raise PermissionDenied
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("Enter the child's last day as a date."))
        return redirect(child)
    try:
        leaving_date = form.cleaned_data["leaving_date"]
        services.mark_left(request.user, child, leaving_date)
        if child.has_left:
            messages.success(request, gettext("%(name)s has left. Their records are kept and "
                                              "can no longer be changed.")
                             % {"name": child.full_name})
        else:
            messages.success(request, gettext("%(name)s will leave on %(date)s. Their records "
                                              "can still be changed until then, and are kept "
                                              "afterwards.")
                             % {"name": child.full_name,
                                "date": date_format(leaving_date, "j E Y")})
    except ServiceError as exc:
        messages.error(request, str(exc))
    return redirect(child)


@login_required
@require_GET
def changes_to_check(request):
    """Changes families made to contacts, allergies and health: the key person's own
    children for a practitioner, every child for a manager."""
    membership = membership_in(request.user, request.setting)
    if membership is None or not membership.is_staff_member:
        raise PermissionDenied
    changes = (RecordChange.objects.filter(setting=request.setting, needs_review=True,
                                           reviewed_at__isnull=True)
               .select_related("child", "changed_by").order_by("-changed_at"))
    if not membership.can_manage_setting:
        changes = changes.filter(child__keyperson_assignments__staff=membership,
                                 child__keyperson_assignments__ended_on__isnull=True).distinct()
    changes = list(changes)
    # Each change shows what changed in the child's record: a look at that part of it.
    health = (RecordChange.Area.HEALTH, RecordChange.Area.ALLERGIES)
    looked_at_many(request, [c.child for c in changes if c.area in health], What.HEALTH)
    looked_at_many(request, [c.child for c in changes if c.area not in health], What.RECORD)
    return render(request, "families/changes_to_check.html", {"changes": changes})


@login_required
@require_POST
def change_seen(request, change_uuid):
    change = (RecordChange.objects.filter(setting=request.setting, uuid=parse_uuid(change_uuid))
              .select_related("child").first())
    if change is None:
        raise Http404
    membership = membership_in(request.user, request.setting)
    if not membership.is_staff_member:
        raise PermissionDenied
    services.mark_change_seen(request.user, change)
    messages.success(request, gettext("Marked as seen: %(name)s, %(summary)s.")
                     % {"name": change.child.known_as, "summary": change.summary})
    return redirect("child-changes")


@login_required
@require_perm("families.create_child")
def rooms(request):
    form = RoomForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name = form.cleaned_data["name"].strip()
        if Room.objects.filter(setting=request.setting, name__iexact=name).exists():
            form.add_error("name", gettext("There is already a room with this name."))
        else:
            Room.objects.create(setting=request.setting, name=name)
            messages.success(request, gettext("Room %(name)s added.") % {"name": name})
            return redirect("child-rooms")
    on_roll = Q(children__leaving_date__isnull=True) | Q(children__leaving_date__gt=date.today())
    room_list = (Room.objects.filter(setting=request.setting)
                 .annotate(on_roll=Count("children", filter=on_roll)).order_by("name"))
    return render(request, "families/rooms.html", {"rooms": room_list, "form": form})
