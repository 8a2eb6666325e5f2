"""The learning journal's pages.

Every view starts with an access helper (learning_journal.permissions or preschool's), whose
docstring states the rule: 404 for what the person may not see, 403 for what they see but may
not change. Photos and videos are chosen by learning_journal.visibility, always.
"""

from datetime import date

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from families.access import access_child, family_child_ids, is_informed_family
from families.looks import What, looked_at
from families.models import Child
from learning_journal import reads, services
from learning_journal.checks import add_months, is_check_age
from learning_journal.forms import (
    AnnotateForm,
    CheckForm,
    CommentForm,
    CorrectionForm,
    DailyBoardForm,
    DiaryEntryForm,
    FamilyCommentsForm,
    JournalFilterForm,
    JournalSettingsForm,
    MediaChildrenForm,
    ObservationForm,
    ReturnCheckForm,
    ReturnObservationForm,
    StartCheckForm,
    WowMomentForm,
    check_area_forms,
    observation_initial,
)
from learning_journal.models import (
    Area,
    DailyBoard,
    JournalSettings,
    Keepsake,
    Observation,
    ObservationChild,
    ProgressCheck,
)
from learning_journal.pages import (
    checks_waiting,
    children_due_a_check,
    comment_counts,
    family_home,
    observations_to_review,
    staff_home,
)
from learning_journal.pdfs import check_context
from learning_journal.permissions import (
    access_check,
    access_journal_observation,
    access_keepsake,
    access_media_for_staff,
    access_observation,
    can_annotate_observation,
    can_change_observation,
    is_journal_manager,
    is_journal_staff,
)
from learning_journal.visibility import (
    access_media,
    media_audience,
    visible_media,
    visible_media_map,
)
from preschool.lib.downloads import stored_file
from preschool.permissions import parse_uuid, require_perm
from preschool.services import ServiceError

PAGE_SIZE = 20
JOURNAL_PAGE_SIZE = 10
CHART_MONTHS = 6


def _staff(request) -> bool:
    return is_journal_staff(request.user, request.setting)


def _private_file(field, content_type, *, download_name=None):
    """A stored file as a response that no shared cache keeps."""
    return stored_file(field, content_type=content_type, cache_control="private, no-cache",
                       as_attachment=download_name is not None, filename=download_name or "")


# --- Journal home -------------------------------------------------------------------------------

@login_required
@require_GET
def home(request):
    """Staff: the children of the setting and what needs doing; families: their children."""
    if request.setting is None:
        raise PermissionDenied
    if _staff(request):
        context = staff_home(request.setting)
        _add_thumbnails(context["recent"], request.user)
        return render(request, "learning_journal/home_staff.html", {
            **context, "is_manager": is_journal_manager(request.user, request.setting)})
    return render(request, "learning_journal/home_family.html", {
        "children": family_home(family_child_ids(request.user, request.setting))})


# --- Staff observations -------------------------------------------------------------------------

def _publish_label(request) -> str:
    options = JournalSettings.of(request.setting)
    if options.require_review and not is_journal_manager(request.user, request.setting):
        return _("Send for review")
    return _("Publish")


def _after_publish_message(request, observation):
    if observation.status == Observation.Status.REVIEW:
        messages.success(request, _("The observation is waiting for a manager's review; "
                                    "families will see it once it is approved."))
    else:
        messages.success(request, _("The observation is published in each child's journal."))


@login_required
@require_perm("learning_journal.record_observations")
def observation_new(request):
    """A new observation of one or more children, saved as a draft or published at once."""
    initial = {"observed_on": timezone.localdate()}
    wanted = request.GET.get("child")
    if wanted:
        child = Child.objects.for_setting(request.setting).filter(uuid=parse_uuid(wanted)).first()
        if child is not None:
            initial["children"] = [child]
    form = ObservationForm(request.POST or None, request.FILES or None,
                           setting=request.setting, initial=initial)
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            observation = services.create_observation(
                request.user, request.setting, publish=publish,
                next_steps=form.next_steps(), **form.observation_data())
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            if publish:
                _after_publish_message(request, observation)
            else:
                messages.success(request, _("The observation is saved as a draft. Only staff "
                                            "can see it until it is published."))
            return redirect("journal-observation", observation.uuid)
    return render(request, "learning_journal/observation_form.html", {
        "form": form, "publish_label": _publish_label(request)})


@login_required
def observation_edit(request, observation_uuid):
    """Change a draft (or one waiting for review): its author or a manager."""
    observation = access_observation(request, observation_uuid, for_change=True)
    form = ObservationForm(
        request.POST or None, request.FILES or None, setting=request.setting,
        observation=observation, initial=observation_initial(observation))
    if request.method == "POST" and form.is_valid():
        publish = request.POST.get("action") == "publish"
        try:
            services.update_observation(request.user, observation,
                                        next_steps=form.next_steps(),
                                        **form.observation_data())
            if publish:
                observation = services.publish_observation(request.user, observation)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            if publish:
                _after_publish_message(request, observation)
            else:
                messages.success(request, _("The observation is saved."))
            return redirect("journal-observation", observation.uuid)
    return render(request, "learning_journal/observation_form.html", {
        "form": form, "observation": observation, "publish_label": _publish_label(request),
        "returned": (observation.returns.select_related("returned_by").first()
                     if observation.status == Observation.Status.DRAFT else None)})


@login_required
@require_GET
def observation_detail(request, observation_uuid):
    """Staff: the whole observation - every child with their next step, every photo with who
    is in it and which families see it, each child's thread of comments."""
    observation = access_observation(request, observation_uuid)
    links = list(observation.child_links.select_related("child__setting", "child__room"))
    children = [link.child for link in links]
    media = visible_media(observation, request.user)
    audience = media_audience(observation, children)
    for item in media:
        item.audience = audience.get(item.pk, [])
        item.children_form = MediaChildrenForm(
            children=children, prefix=f"m{item.pk}",
            initial={"children": [c for c in children if c.pk in item.shown_ids]})
    counts = comment_counts(observation)
    for link in links:
        link.comment_count = counts.get(link.child_id, 0)
    return render(request, "learning_journal/observation_detail.html", {
        "observation": observation, "links": links, "media": media,
        "areas": observation.areas.all(), "aspects": observation.aspects.select_related("area"),
        "characteristics": observation.characteristics.all(),
        "can_change": can_change_observation(request.user, observation),
        "can_annotate": observation.is_published and can_annotate_observation(
            request.user, observation, children),
        "can_approve": (observation.status == Observation.Status.REVIEW
                        and is_journal_manager(request.user, request.setting)),
        "return_form": ReturnObservationForm(),
        "returns": list(observation.returns.select_related("returned_by")),
        "can_remove_media": (observation.author_id == request.user.pk
                             or is_journal_manager(request.user, request.setting)),
        "publish_label": _publish_label(request),
    })


@login_required
@require_POST
def observation_publish(request, observation_uuid):
    observation = access_observation(request, observation_uuid, for_change=True)
    try:
        observation = services.publish_observation(request.user, observation)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        _after_publish_message(request, observation)
    return redirect("journal-observation", observation.uuid)


def _observation_to_review(request, observation_uuid):
    """An observation, for a member of staff who reviews the setting's observations."""
    observation = access_observation(request, observation_uuid)
    if not rules.has_perm("learning_journal.review_observations", request.user,
                          request.setting):
        raise PermissionDenied
    return observation


@login_required
@require_POST
def observation_approve(request, observation_uuid):
    observation = _observation_to_review(request, observation_uuid)
    try:
        services.approve_observation(request.user, observation)
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Approved: the observation is published."))
    return redirect("journal-observation", observation.uuid)


@login_required
@require_POST
def observation_return(request, observation_uuid):
    """A manager sends an observation waiting for review back to its author with a note."""
    observation = _observation_to_review(request, observation_uuid)
    form = ReturnObservationForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say what needs changing: the note is sent with the "
                                  "observation."))
        return redirect("journal-observation", observation.uuid)
    try:
        services.return_observation(request.user, observation, form.cleaned_data["note"])
    except ServiceError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Returned to %(name)s with your note: it is a draft "
                                    "again.") % {"name": observation.author.full_name})
    return redirect("journal-observation", observation.uuid)


@login_required
def observation_annotate(request, observation_uuid):
    """Link a published observation (a family's wow moment too) to areas of learning, and write
    each child's next step: the key person, the author or a manager."""
    observation = access_observation(request, observation_uuid)
    links = list(observation.child_links.select_related("child__setting"))
    if not observation.is_published or not can_annotate_observation(
            request.user, observation, [link.child for link in links]):
        raise PermissionDenied
    form = AnnotateForm(request.POST or None, links=links, initial={
        "areas": list(observation.areas.all()), "aspects": list(observation.aspects.all()),
        "characteristics": list(observation.characteristics.all())})
    if request.method == "POST" and form.is_valid():
        try:
            services.annotate_observation(
                request.user, observation, areas=list(form.cleaned_data["areas"]),
                aspects=list(form.cleaned_data["aspects"]),
                characteristics=list(form.cleaned_data["characteristics"]),
                next_steps=form.next_steps())
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Areas and next steps are saved."))
            return redirect("journal-observation", observation.uuid)
    return render(request, "learning_journal/annotate.html", {
        "form": form, "observation": observation})


@login_required
@require_GET
@require_perm("learning_journal.review_observations")
def review_list(request):
    """A manager's list of observations waiting for review."""
    page = Paginator(observations_to_review(request.setting), PAGE_SIZE).get_page(
        request.GET.get("page"))
    _add_thumbnails(page.object_list, request.user)
    return render(request, "learning_journal/review.html", {"page": page})


@login_required
@require_perm("learning_journal.change_journal_settings")
def journal_settings(request):
    options = JournalSettings.of(request.setting)
    form = JournalSettingsForm(request.POST or None,
                               initial={"require_review": options.require_review})
    if request.method == "POST" and form.is_valid():
        services.set_journal_settings(request.user, request.setting,
                                      require_review=form.cleaned_data["require_review"])
        messages.success(request, _("The journal's settings are saved."))
        return redirect("journal-settings")
    return render(request, "learning_journal/settings.html", {"form": form})


# --- Photos and videos ---------------------------------------------------------------------------

@login_required
@require_GET
def media_file(request, media_uuid):
    """A photo or video, for someone allowed to see it (``access_media``); 404 otherwise."""
    media = access_media(request, media_uuid)
    return _private_file(media.file, media.content_type)


@login_required
@require_GET
def media_thumbnail(request, media_uuid):
    media = access_media(request, media_uuid)
    if not media.thumbnail:
        raise Http404
    return _private_file(media.thumbnail, "image/jpeg")


@login_required
@require_POST
def media_children(request, media_uuid):
    """Staff say who is in a photo or video (its families' consents then apply)."""
    media = access_media_for_staff(request, media_uuid)
    children = [link.child for link in media.observation.child_links.select_related("child")]
    form = MediaChildrenForm(request.POST, children=children, prefix=f"m{media.pk}")
    if form.is_valid():
        try:
            services.set_media_children(request.user, media,
                                        list(form.cleaned_data["children"]))
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Saved who is in the photo."))
    else:
        messages.error(request, _("Choose only children this observation is about."))
    return redirect(reverse("journal-observation", args=[media.observation.uuid]) + "#media")


@login_required
@require_POST
def media_remove(request, media_uuid):
    media = access_media_for_staff(request, media_uuid)
    observation = media.observation
    if not (observation.author_id == request.user.pk
            or is_journal_manager(request.user, request.setting)):
        raise PermissionDenied
    services.remove_media(request.user, media)
    messages.success(request, _("The photo or video is removed: nobody will see it again."))
    return redirect(reverse("journal-observation", args=[observation.uuid]) + "#media")


# --- A child's journal ---------------------------------------------------------------------------

def _chart(child, today: date, areas) -> dict:
    """The child's published observations per area in each of the last CHART_MONTHS months
    (one query)."""
    first = add_months(today.replace(day=1), -(CHART_MONTHS - 1))
    months = [add_months(first, i) for i in range(CHART_MONTHS)]
    names = [(dateformat.format(m, "F"), dateformat.format(m, "M")) for m in months]
    counts = reads.observations_per_area_and_month(child, since=first)
    top = max(counts.values(), default=0)
    rows = []
    for area in areas:
        cells = [counts.get((area.pk, m), 0) for m in months]
        heights = [round(40 * n / top) if top else 0 for n in cells]
        # An area's bars as one SVG path (a rectangle 16 wide for each month with any).
        bars = " ".join(f"M{i * 20} {40 - h}h16v{h}h-16z" for i, h in enumerate(heights) if h)
        rows.append({"area": area, "total": sum(cells), "bars": bars, "text": ", ".join(
            _("%(month)s: %(count)s") % {"month": full, "count": n}
            for (full, _short), n in zip(names, cells, strict=True))})
    return {"rows": rows, "any": top > 0, "first": names[0][1], "last": names[-1][1],
            "span": _("%(first_month)s %(first_year)s to %(last_month)s %(last_year)s") % {
                "first_month": names[0][0], "first_year": months[0].year,
                "last_month": names[-1][0], "last_year": months[-1].year}}


def _link_media(media, day: str) -> None:
    """Give each photo or video of one observation (observed on ``day``) its ``url``,
    ``thumb_url`` and ``label``."""
    for n, m in enumerate(media, start=1):
        m.url = reverse("journal-media", args=[m.uuid])
        m.thumb_url = reverse("journal-media-thumbnail", args=[m.uuid])
        m.label = (_("Photo %(number)s of the observation on %(date)s") if m.is_photo
                   else _("Video %(number)s of the observation on %(date)s")) % {
                       "number": n, "date": day}


def _journal_cards(child, observations, viewer, *, staff: bool):
    """What each card of the journal shows, prepared here rather than in the template (the
    page stays fast with many observations and photos). The observations come from
    ``reads.journal_page``; staff also get the link to the staff view."""
    media = visible_media_map(observations, viewer)
    for o in observations:
        o.url = reverse("journal-child-observation", args=[child.uuid, o.uuid])
        if staff:
            o.staff_url = reverse("journal-observation", args=[o.uuid])
        o.date_label = dateformat.format(o.observed_on, "l j E Y")
        o.summary = Truncator(o.text).words(60)
        o.visible = media[o.pk]
        _link_media(o.visible, o.date_label)


LIST_THUMBNAILS = 4  # photos shown with an observation in a list, at most


def _add_thumbnails(observations, viewer) -> None:
    """Give each observation ``thumbs``: up to LIST_THUMBNAILS of the photos ``viewer`` may
    see (learning_journal.visibility decides), each with its ``url``, ``thumb_url`` and
    ``label``. A fixed number of queries however many observations."""
    media = visible_media_map(observations, viewer)
    for o in observations:
        o.thumbs = [m for m in media[o.pk] if m.is_photo][:LIST_THUMBNAILS]
        _link_media(o.thumbs, dateformat.format(o.observed_on, "j E Y"))


def _page_number(request) -> int:
    """The page asked for: 1 for anything but a number, at least 1."""
    try:
        return min(max(int(request.GET.get("page", 1)), 1), 100_000)
    except ValueError:
        return 1


@login_required
@require_GET
def child_journal(request, child_uuid):
    """A child's journal: newest first, filterable by area, author and date, paginated. Its
    side column (the child's next steps in one list, a chart of observations per area over
    time) is ``child_journal_side``. A fixed number of queries whatever the number of
    observations (tests/learning_journal)."""
    child = access_child(request, child_uuid)
    staff = _staff(request)
    areas = list(Area.objects.all())
    form = JournalFilterForm(request.GET or None, areas=areas)
    filters = reads.JournalFilter()
    if form.is_valid():
        data = form.cleaned_data
        filters = reads.JournalFilter(
            area_id=next((a.pk for a in areas if a.code == data["area"]), None),
            source=data["source"], since=data["since"], until=data["until"])
    number = _page_number(request)
    total, observations = reads.journal_page(child, staff=staff, filters=filters, areas=areas,
                                             number=number, per_page=JOURNAL_PAGE_SIZE)
    page = Paginator(range(total), JOURNAL_PAGE_SIZE).get_page(number)
    if page.number != number:  # past the last page: the last page, as Paginator.get_page does
        _total, observations = reads.journal_page(child, staff=staff, filters=filters, areas=areas,
                                             number=page.number, per_page=JOURNAL_PAGE_SIZE)
    page.object_list = observations
    for observation in observations:
        observation.setting = child.setting  # the journal is of one setting: no join for it
    _journal_cards(child, observations, request.user, staff=staff)
    query = request.GET.copy()
    query.pop("page", None)
    # Families see the check once it has been sent to them.
    check = reads.latest_check(child, statuses=None if staff else [
        ProgressCheck.Status.WITH_FAMILY, ProgressCheck.Status.COMPLETED])
    return render(request, "learning_journal/child_journal.html", {
        "child": child, "is_staff": staff, "page": page, "observations": observations,
        "form": form, "query": query.urlencode(), "check": check,
        "can_add_wow": not child.has_left and rules.has_perm(
            "learning_journal.add_wow_moment", request.user, child),
        "can_observe": not child.has_left and staff,
        "can_write_check": staff and rules.has_perm("learning_journal.write_check",
                                                    request.user, child),
        "check_age": is_check_age(child, timezone.localdate()),
        "start_check_form": StartCheckForm(),
    })


@login_required
@require_GET
def child_journal_side(request, child_uuid):
    """The journal page's side column: the child's latest next steps and a chart of their
    observations per area over the last six months, whatever the page's filters. The page
    loads it once it is on screen (at once on a desktop; on a phone, where it follows the
    observations, when it is scrolled to). Three queries of its own."""
    child = access_child(request, child_uuid)
    next_steps = [{"text": text, "date": dateformat.format(observed_on, "j M Y"),
                   "url": reverse("journal-child-observation", args=[child.uuid, uuid])}
                  for text, uuid, observed_on in reads.next_steps(child, limit=10)]
    # The page asks for the column (htmx); without scripts, a link opens it as a page.
    template = "_journal_side.html" if request.htmx else "journal_side.html"
    return render(request, f"learning_journal/{template}", {
        "child": child, "next_steps": next_steps,
        "chart": _chart(child, timezone.localdate(), list(Area.objects.all()))})


def _child_observation_context(request, child, observation, comment_form=None) -> dict:
    staff = _staff(request)
    can_comment = (observation.is_published and not child.has_left
                   and rules.has_perm("learning_journal.comment", request.user, child))
    link = observation.child_links.filter(child=child).first()
    return {
        "child": child, "observation": observation, "is_staff": staff,
        "media": visible_media(observation, request.user),
        "next_step": link.next_step if link else "",
        "areas": observation.areas.all(), "aspects": observation.aspects.select_related("area"),
        "characteristics": observation.characteristics.all(),
        "comments": observation.comments.filter(child=child).select_related("author"),
        "can_comment": can_comment,
        "comment_form": comment_form or (CommentForm() if can_comment else None),
    }


@login_required
@require_GET
def child_observation(request, child_uuid, observation_uuid):
    """One observation as it is in this child's journal, with this child's comment thread."""
    child, observation = access_journal_observation(request, child_uuid, observation_uuid)
    return render(request, "learning_journal/child_observation.html",
                  _child_observation_context(request, child, observation))


@login_required
@require_POST
def comment_add(request, child_uuid, observation_uuid):
    child, observation = access_journal_observation(request, child_uuid, observation_uuid)
    if child.has_left or not rules.has_perm("learning_journal.comment", request.user, child):
        raise PermissionDenied
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.add_comment(request.user, observation, child, form.cleaned_data["body"])
        except ServiceError as exc:
            form.add_error("body", str(exc))
        else:
            messages.success(request, _("Your comment is added."))
            return redirect(reverse("journal-child-observation",
                                    args=[child.uuid, observation.uuid]) + "#comments")
    return render(request, "learning_journal/child_observation.html",
                  _child_observation_context(request, child, observation, form))


@login_required
def wow_new(request, child_uuid):
    """A family adds a wow moment from home, about their own child."""
    child = access_child(request, child_uuid, "learning_journal.add_wow_moment")
    form = WowMomentForm(request.POST or None, request.FILES or None, child=child)
    if request.method == "POST" and form.is_valid():
        try:
            observation = services.add_wow_moment(
                request.user, child, observed_on=form.cleaned_data["observed_on"],
                text=form.cleaned_data["text"], media=form.cleaned_data["media"])
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you! Your wow moment is in %(name)s's journal, "
                                        "and their key person has been told.") % {
                                            "name": child.known_as})
            return redirect("journal-child-observation", child.uuid, observation.uuid)
    return render(request, "learning_journal/wow_form.html", {"form": form, "child": child})


# --- Home and setting diary ------------------------------------------------------------------

@login_required
def diary(request, child_uuid):
    """The two-way home and setting diary: staff and the child's family read and add."""
    child = access_child(request, child_uuid)
    can_write = not child.has_left and rules.has_perm("learning_journal.write_diary",
                                                      request.user, child)
    form = DiaryEntryForm(request.POST or None, child=child) if can_write else None
    if request.method == "POST":
        if not can_write:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.add_diary_entry(request.user, child, form.cleaned_data)
            except ServiceError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Added to the diary."))
                return redirect("journal-diary", child.uuid)
    entries = child.diary_entries.select_related("author")
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "learning_journal/diary.html", {
        "child": child, "page": page, "form": form, "is_staff": _staff(request)})


# --- What we did today -----------------------------------------------------------------------

def _boards_for(request):
    boards = DailyBoard.objects.filter(setting=request.setting).select_related("room",
                                                                                "author")
    if _staff(request):
        return boards
    rooms = (Child.objects.filter(pk__in=family_child_ids(request.user, request.setting))
             .current().exclude(room=None).values("room_id"))
    return boards.filter(Q(room__isnull=True) | Q(room_id__in=rooms))


def _add_board_photos(request, boards) -> None:
    """Give each board ``observations``: the published observations of its day about its
    room's children (any child, for a whole-setting board) that have photos ``request.user``
    may see, each with its ``thumbs``. A family is shown only observations in their own
    children's journals. A fixed number of queries however many boards."""
    boards = list(boards)
    for board in boards:
        board.observations = []
    if not boards:
        return
    observations = (Observation.objects.for_setting(request.setting).published()
                    .filter(observed_on__in={b.day for b in boards})
                    .select_related("setting").prefetch_related(
                        Prefetch("child_links", queryset=ObservationChild.objects
                                 .select_related("child")))
                    .order_by("published_at", "id"))
    if not _staff(request):
        observations = observations.filter(child_links__child_id__in=family_child_ids(
            request.user, request.setting)).distinct()
    observations = list(observations)
    _add_thumbnails(observations, request.user)
    for o in observations:
        if not o.thumbs:
            continue
        rooms = {link.child.room_id for link in o.child_links.all()}
        for board in boards:
            if board.day == o.observed_on and (board.room_id is None or board.room_id in rooms):
                board.observations.append(o)


@login_required
@require_GET
def today(request):
    """The daily boards of the rooms the person's children are in (staff: every room)."""
    if request.setting is None:
        raise PermissionDenied
    page = Paginator(_boards_for(request).order_by("-day", "room__name"), 10).get_page(
        request.GET.get("page"))
    _add_board_photos(request, page.object_list)
    return render(request, "learning_journal/today.html", {
        "page": page, "can_write": rules.has_perm("learning_journal.write_daily_board",
                                                  request.user, request.setting)})


@login_required
@require_perm("learning_journal.write_daily_board")
def today_edit(request, board_uuid=None):
    instance = None
    if board_uuid is not None:
        instance = DailyBoard.objects.filter(setting=request.setting,
                                             uuid=parse_uuid(board_uuid)).first()
        if instance is None:
            raise Http404
    form = DailyBoardForm(request.POST or None, instance=instance, setting=request.setting)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_daily_board(
                request.user, request.setting, form.cleaned_data,
                instance=DailyBoard.objects.get(pk=instance.pk) if instance else None)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("The daily board is saved; the room's families can "
                                        "read it."))
            return redirect("journal-today")
    return render(request, "learning_journal/today_form.html", {"form": form,
                                                                "board": instance})


# --- Keepsake ----------------------------------------------------------------------------------

@login_required
def keepsake(request, child_uuid):
    """The family asks for, and downloads, the journal as a PDF and a ZIP of photos, at any
    time; the page shows each keepsake's progress while it is made."""
    child = access_child(request, child_uuid, "learning_journal.request_keepsake",
                             allow_left=True)
    if request.method == "POST":
        try:
            services.request_keepsake(request.user, child)
        except ServiceError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("We are making the keepsake. This page shows how far "
                                        "it has got, then the links to download it."))
        return redirect("journal-keepsake", child.uuid)
    keepsakes = Keepsake.objects.filter(child=child, requested_by=request.user).select_related(
        "child")
    return render(request, "learning_journal/keepsake.html", {
        "child": child, "keepsakes": keepsakes,
        "waiting": any(k.is_waiting for k in keepsakes)})


@login_required
@require_GET
def keepsake_progress(request, keepsake_uuid):
    """How far a keepsake has got (polled by its page every 2 s), then its download links."""
    item = access_keepsake(request, keepsake_uuid)
    services.make_waiting_keepsake(item)
    return render(request, "learning_journal/_keepsake_status.html", {"k": item})


@login_required
@require_GET
def keepsake_pdf(request, keepsake_uuid):
    item = access_keepsake(request, keepsake_uuid)
    if item.status != Keepsake.Status.READY:
        raise Http404
    looked_at(request, item.child, What.PDF, item)
    return _private_file(item.pdf, "application/pdf",
                         download_name=f"{item.child.known_as}-learning-journal.pdf")


@login_required
@require_GET
def keepsake_zip(request, keepsake_uuid):
    item = access_keepsake(request, keepsake_uuid)
    if item.status != Keepsake.Status.READY:
        raise Http404
    looked_at(request, item.child, What.EXPORT, item)
    return _private_file(item.photos_zip, "application/zip",
                         download_name=f"{item.child.known_as}-photos.zip")


# --- Progress check at two ----------------------------------------------------------------------

@login_required
@require_GET
@require_perm("learning_journal.view_check_list")
def check_list(request):
    """Children aged 24-36 months without a completed check, oldest first, with their key
    person and any check in progress; and the checks waiting for sign-off or the family."""
    setting = request.setting
    return render(request, "learning_journal/check_list.html", {
        "rows": children_due_a_check(setting, request.membership),
        "waiting": checks_waiting(setting),
        "can_sign_off": rules.has_perm("learning_journal.sign_off_checks", request.user,
                                       setting)})


@login_required
@require_POST
def check_start(request, child_uuid):
    child = access_child(request, child_uuid, "learning_journal.write_check")
    form = StartCheckForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["outside_age_reason"]))
        return redirect("journal-child", child.uuid)
    try:
        check = services.start_check(
            request.user, child, outside_age_reason=form.cleaned_data["outside_age_reason"])
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("journal-child", child.uuid)
    return redirect("journal-check-edit", check.uuid)


def _may_write(request, check) -> bool:
    return rules.has_perm("learning_journal.write_check", request.user, check.child)


@login_required
@require_GET
def check_detail(request, check_uuid):
    """The check at any stage for staff; for the family once it is sent to them, with the form
    for their comments while it waits for them."""
    check = access_check(request, check_uuid)
    staff = _staff(request)
    family = not staff and is_informed_family(request.user, check.child)
    pdf_ready = services.ensure_check_pdf(check)
    looked_at(request, check.child, What.PROGRESS_CHECK, check)
    return render(request, "learning_journal/check_detail.html", {
        **check_context(check), "is_staff": staff, "pdf_ready": pdf_ready,
        "can_edit": staff and check.is_editable and _may_write(request, check),
        "can_sign_off": (check.status == ProgressCheck.Status.SIGN_OFF and rules.has_perm(
            "learning_journal.sign_off_checks", request.user, request.setting)),
        "can_correct": (staff and check.is_locked and _may_write(request, check)
                        and not check.corrections.exists()),
        "family_form": FamilyCommentsForm() if (
            family and check.status == ProgressCheck.Status.WITH_FAMILY) else None,
        "return_form": ReturnCheckForm(), "correction_form": CorrectionForm(),
        "versions": ProgressCheck.objects.filter(child=check.child).exclude(pk=check.pk)
        .order_by("version") if staff else [],
    })


def _check_for_writing(request, check_uuid):
    check = access_check(request, check_uuid)
    if not _staff(request) or not _may_write(request, check):
        raise PermissionDenied
    return check


@login_required
def check_edit(request, check_uuid):
    """The key person (or a manager) writes the check while it is a draft."""
    check = _check_for_writing(request, check_uuid)
    if not check.is_editable:
        raise PermissionDenied
    data = request.POST if request.method == "POST" else None
    form = CheckForm(data, instance=check, setting=request.setting)
    area_forms = check_area_forms(check, data)
    if request.method == "POST" and form.is_valid() and all(f.is_valid() for f in area_forms):
        areas = {f.instance.area.code: f.cleaned_data for f in area_forms}
        try:
            services.save_check(request.user, check, form.cleaned_data, areas)
            if request.POST.get("action") == "submit":
                services.submit_check(request.user, check)
        except ServiceError as exc:
            form.add_error(None, str(exc))
        else:
            if request.POST.get("action") == "submit":
                messages.success(request, _("The check is saved and waiting for the "
                                            "manager's sign-off."))
                return redirect("journal-check", check.uuid)
            messages.success(request, _("The check is saved."))
            return redirect("journal-check-edit", check.uuid)
    looked_at(request, check.child, What.PROGRESS_CHECK, check)
    return render(request, "learning_journal/check_form.html", {
        **check_context(check), "form": form, "area_forms": area_forms})


def _check_action(request, check_uuid, action, success, *, form_class=None, perm=None):
    check = access_check(request, check_uuid)
    if perm is not None and not perm(check):
        raise PermissionDenied
    kwargs = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("journal-check", check.uuid)
        kwargs = form.cleaned_data
    try:
        result = action(request.user, check, **kwargs)
    except ServiceError as exc:
        messages.error(request, str(exc))
        return redirect("journal-check", check.uuid)
    messages.success(request, success)
    return redirect("journal-check", result.uuid)


@login_required
@require_POST
def check_sign_off(request, check_uuid):
    return _check_action(
        request, check_uuid, services.sign_off_check,
        _("Signed off: the check is sent to the family for their comments."),
        perm=lambda c: rules.has_perm("learning_journal.sign_off_checks", request.user,
                                      request.setting))


@login_required
@require_POST
def check_return(request, check_uuid):
    return _check_action(
        request, check_uuid, lambda user, check, note: services.return_check(
            user, check, note),
        _("The check is sent back to be changed."), form_class=ReturnCheckForm,
        perm=lambda c: rules.has_perm("learning_journal.sign_off_checks", request.user,
                                      request.setting))


@login_required
@require_POST
def check_family_comments(request, check_uuid):
    def perm(check):
        if _staff(request) or not is_informed_family(request.user, check.child):
            raise PermissionDenied
        return True

    return _check_action(
        request, check_uuid,
        lambda user, check, comments, read: services.add_family_comments(
            user, check, comments),
        _("Thank you: your comments are added and the check is complete."),
        form_class=FamilyCommentsForm, perm=perm)


@login_required
@require_POST
def check_correct(request, check_uuid):
    def perm(check):
        return _staff(request) and _may_write(request, check)

    return _check_action(
        request, check_uuid,
        lambda user, check, reason: services.correct_check(user, check, reason),
        _("A correction is started: it is a new version, and the completed check is kept as "
          "it was."), form_class=CorrectionForm, perm=perm)


@login_required
@require_GET
def check_pdf(request, check_uuid):
    """The check's PDF, for staff and for the family once it is sent to them."""
    check = access_check(request, check_uuid)
    if not services.ensure_check_pdf(check):
        if not check.is_shared_with_family:
            raise Http404
        messages.info(request, _("The PDF is being prepared; try again in a minute."))
        return redirect("journal-check", check.uuid)
    looked_at(request, check.child, What.PDF, check)
    return _private_file(check.pdf, "application/pdf", download_name=(
        f"progress-check-{check.child.known_as}-{check.child.last_name}-v{check.version}.pdf"))


@login_required
@require_POST
def check_submit(request, check_uuid):
    return _check_action(
        request, check_uuid, services.submit_check,
        _("The check is waiting for the manager's sign-off."),
        perm=lambda c: _staff(request) and _may_write(request, c))
