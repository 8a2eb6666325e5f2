"""Who has looked at a child's record: the pages that show the "who looked" log.

- Managers (``Membership.can_view_audit_log``) see, on a child's page, the last few looks at
  the child's sensitive records (who, their role, what, when), a page of every look at the
  child, and a setting-wide page "Who looked at what" in the Manage menu. They see names.
- A child's family (``access_child``: a link with the right to information and no
  restriction) sees which ROLES of staff looked and when, and at what kind of record; the
  names of staff only when the setting chooses (``PrivacyOptions.show_staff_names_to_families``).
  Looks by the family are shown as "You" or "A parent or carer": a person of another family
  never looks at this child (``access_child``), and no family member is ever named.
  Looks at what families are never shown (restrictions on contact, safeguarding flags,
  complaints, which may come from someone else) are left out of their page entirely.
- Other staff see neither: the log is for the managers and the family.

Each page reads a constant number of queries, whatever the number of looks.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from families.access import access_child
from families.models import RecordView
from keyperson.models import Assignment
from keyperson.permissions import current_assignments
from preschool.models import Role
from preschool.permissions import require_perm
from preschool.registry import (
    HomeSection,
    register_child_section,
    register_manage_nav,
)
from preschool.validators import InputLimits
from privacy.models import PrivacyOptions

What = RecordView.What

# Kinds of record a family is never told were looked at: a restriction on contact and a
# safeguarding flag are never shown to families at all, and a complaint that mentions their
# child may have been raised by someone else.
HIDDEN_FROM_FAMILIES = (What.RESTRICTION, What.SAFEGUARDING, What.COMPLAINT)
FAMILY_WHATS = [(value, label) for value, label in What.choices
                if value not in HIDDEN_FROM_FAMILIES]

SECTION_LOOKS = 5
CHILD_PAGE_SIZE = 25
SETTING_PAGE_SIZE = 50


def register() -> None:
    """Called from ``PrivacyConfig.ready()``."""
    register_child_section(child_section)
    register_manage_nav(manage_nav)


def manage_nav(membership) -> list[tuple[str, str]]:
    if membership.can_view_audit_log:
        return [(gettext("Who looked at what"), reverse("privacy-looks"))]
    return []


def child_section(request, child) -> list[HomeSection]:
    """On the child's page: managers see the latest looks (one query); the family a link to
    their page of who looked (no query); other staff nothing."""
    membership = request.membership
    if membership is None:
        return []
    if membership.can_view_audit_log:
        looks = _with_roles(RecordView.objects.filter(child=child).select_related("viewer")
                            [:SECTION_LOOKS])
        return [HomeSection("privacy/looks_child_section.html",
                            {"child": child, "looks": looks, "is_manager": True},
                            order=70, needs_attention=False)]
    if membership.is_family:
        return [HomeSection("privacy/looks_child_section.html",
                            {"child": child, "is_manager": False},
                            order=70, needs_attention=False)]
    return []


class LooksFilterForm(InputLimits, forms.Form):
    what = forms.ChoiceField(required=False, label=_("What"),
                             choices=[("", _("Every kind of record")), *What.choices])
    person = forms.CharField(required=False, max_length=100, label=_("Person"),
                             help_text=_("Part of a name or an email address."))
    child = forms.CharField(required=False, max_length=100, label=_("Child"),
                            help_text=_("Part of the child's name."))
    date_from = forms.DateField(required=False, label=_("From"),
                                widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(required=False, label=_("To"),
                              widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, whats=None, **kwargs):
        super().__init__(*args, **kwargs)
        if whats is not None:
            self.fields["what"].choices = [("", _("Every kind of record")), *whats]

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."),
                                        code="dates_reversed")
        return data

    def apply(self, looks):
        """The looks that match the filter (all of them when the form is not valid)."""
        if not self.is_valid():
            return looks
        data = self.cleaned_data
        if data.get("what"):
            looks = looks.filter(what=data["what"])
        if data.get("person"):
            words = data["person"].strip()
            looks = looks.filter(Q(viewer__full_name__icontains=words)
                                 | Q(viewer__email__icontains=words))
        if data.get("child"):
            for word in data["child"].split():
                looks = looks.filter(Q(child__first_name__icontains=word)
                                     | Q(child__last_name__icontains=word)
                                     | Q(child__preferred_name__icontains=word))
        if data.get("date_from"):
            looks = looks.filter(at__date__gte=data["date_from"])
        if data.get("date_to"):
            looks = looks.filter(at__date__lte=data["date_to"])
        return looks


def _page(request, looks, size):
    page = Paginator(looks, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def role_label(role: str) -> str:
    return str(Role(role).label) if role in Role.values else role


def _with_roles(looks) -> list:
    looks = list(looks)
    for look in looks:
        look.role_label = role_label(look.viewer_role)
    return looks


@login_required
@require_GET
def child_looks(request, child_uuid):
    """Every look at one child's sensitive records, newest first, 25 a page, filterable by
    what. Managers: with names. The child's family: roles, "You", "A parent or carer", names
    of staff only if the setting chooses; never a kind of record hidden from families. Other
    staff: 403. Anyone who may not see the child: 404 (``access_child``)."""
    child = access_child(request, child_uuid)
    membership = request.membership
    looks = RecordView.objects.filter(child=child).select_related("viewer")
    if membership.can_view_audit_log:
        form = LooksFilterForm(request.GET or None)
        form.fields.pop("person")
        form.fields.pop("child")
        page, query = _page(request, form.apply(looks), CHILD_PAGE_SIZE)
        page.object_list = _with_roles(page.object_list)
        return render(request, "privacy/looks_child.html", {
            "child": child, "form": form, "page": page, "query": query, "is_manager": True})
    if not membership.is_family:
        raise PermissionDenied
    form = LooksFilterForm(request.GET or None, whats=FAMILY_WHATS)
    form.fields.pop("person")
    form.fields.pop("child")
    looks = form.apply(looks.exclude(what__in=HIDDEN_FROM_FAMILIES))
    page, query = _page(request, looks, CHILD_PAGE_SIZE)
    show_names = PrivacyOptions.of(request.setting).show_staff_names_to_families
    for look in page.object_list:
        look.shown_as = _as_family_sees(look, request.user, child, show_names)
    return render(request, "privacy/looks_child.html", {
        "child": child, "form": form, "page": page, "query": query, "is_manager": False,
        "show_names": show_names})


def _as_family_sees(look, user, child, show_names: bool) -> str:
    """Who looked, as the child's family is told: never a family member's name."""
    if look.viewer_id == user.pk:
        return gettext("You")
    if look.viewer_role not in (Role.MANAGER, Role.PRACTITIONER):
        return gettext("A parent or carer")
    kind = next((a.kind for a in current_assignments(child).values()
                 if a.staff.user_id == look.viewer_id), None)
    role: str
    if kind == Assignment.Kind.KEY:
        role = gettext("Key person")
    elif kind == Assignment.Kind.BACKUP:
        role = gettext("Back-up key person")
    else:
        role = role_label(look.viewer_role)
    if show_names:
        return f"{look.viewer.full_name} ({role})"
    return role


@login_required
@require_GET
@require_perm("preschool.view_audit_log")
def setting_looks(request):
    """Managers: every look at a sensitive record in the setting, newest first, 50 a page;
    filter by person, child, what and dates."""
    form = LooksFilterForm(request.GET or None)
    looks = RecordView.objects.filter(setting=request.setting).select_related("viewer", "child")
    page, query = _page(request, form.apply(looks), SETTING_PAGE_SIZE)
    page.object_list = _with_roles(page.object_list)
    return render(request, "privacy/looks_setting.html",
                  {"form": form, "page": page, "query": query})
