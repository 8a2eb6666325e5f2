"""Learning journal operations with side effects.

Each takes the acting user, runs in a transaction, writes the audit trail with log_action,
notifies people through learning_journal.notify (emails go out on commit, through the
reminders mechanism) and queues PDF work with transaction.on_commit. A ServiceError carries a
message for the person; when one is raised nothing is stored (files written during the call
are removed again).

Uploads arrive already checked and cleaned (learning_journal.media.process_upload, called by
the forms), so a bad file never reaches this module.
"""

import logging
from datetime import timedelta

import rules
from django.conf import settings
from django.core.files.storage import default_storage
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from families.access import is_informed_family
from families.models import Child
from learning_journal import notify
from learning_journal.checks import is_check_age
from learning_journal.eyfs import CHECK_AREA_CODES
from learning_journal.media import MAX_FILES_PER_OBSERVATION
from learning_journal.models import (
    Area,
    CheckArea,
    Comment,
    DailyBoard,
    DiaryEntry,
    JournalSettings,
    Keepsake,
    Media,
    Notice,
    Observation,
    ObservationChild,
    ObservationReturn,
    ProgressCheck,
)
from learning_journal.permissions import (
    can_annotate_observation,
    can_change_observation,
    is_journal_manager,
    is_journal_staff,
)
from learning_journal.registry import check_prefill
from notifications.models import Category
from notifications.services import notify as tell
from preschool.models import log_action
from preschool.services import ServiceError

log = logging.getLogger(__name__)


# --- Files written during a call are removed if the call fails --------------------------------

class _Files:
    """Names of files stored during one service call, deleted if the call fails."""

    def __init__(self):
        self.names = []

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None:
            _delete_files(self.names)
        return False


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def _store_media(files: _Files, actor, observation, processed, children) -> list[Media]:
    items = []
    for p in processed:
        media = Media(setting=observation.setting, observation=observation, kind=p.kind,
                      width=p.width, height=p.height, size_bytes=p.size_bytes,
                      uploaded_by=actor)
        media.file.save(p.file.name, p.file, save=False)
        files.names.append(media.file.name)
        if p.thumbnail is not None:
            media.thumbnail.save(p.thumbnail.name, p.thumbnail, save=False)
            files.names.append(media.thumbnail.name)
        media.save()
        media.children_shown.set(children)
        items.append(media)
    return items


def _queue(task, *args):
    """Queue a task after commit; a broker that is down is logged, not raised (the pages that
    need the result queue it again)."""
    def send():
        try:
            task.delay(*args)
        except Exception:  # kombu raises several types for an unreachable broker
            log.warning("Could not queue %s%r; it will be queued again.", task.name, args,
                        exc_info=True)
    transaction.on_commit(send)


# --- Checks shared by observations ----------------------------------------------------------

def _check_children(setting, children):
    for child in children:
        if child.setting_id != setting.pk:
            raise ServiceError(_("Choose only children of this setting."))
        if child.has_left:
            raise ServiceError(_("%(name)s has left; their journal can no longer change.")
                               % {"name": child.known_as})


def _check_date(day):
    if day > timezone.localdate():
        raise ServiceError(_("The date is in the future: record what has already happened."))


def _check_media_count(existing: int, new: int):
    if existing + new > MAX_FILES_PER_OBSERVATION:
        raise ServiceError(_("An observation can have at most %(count)s photos and videos.")
                           % {"count": MAX_FILES_PER_OBSERVATION})


def _areas_with_aspects(areas, aspects) -> list:
    """The chosen areas plus the area of every chosen aspect."""
    ids = {a.pk for a in areas} | {a.area_id for a in aspects}
    return list(Area.objects.filter(pk__in=ids))


def _set_links(observation, *, areas, aspects, characteristics):
    observation.areas.set(_areas_with_aspects(areas, aspects))
    observation.aspects.set(aspects)
    observation.characteristics.set(characteristics)


def _names(objects) -> list[str]:
    return sorted(str(o) for o in objects)


# --- Staff observations ------------------------------------------------------------------------

def create_observation(actor, setting, *, observed_on, text, children, areas=(), aspects=(),
                       characteristics=(), next_steps=None, media=(), publish=False) -> Observation:
    """A staff observation of one or more children (a group observation when several), saved as
    a draft; with ``publish``, published at once (or sent for review, see
    ``publish_observation``). Photos and videos show every child tagged, until staff say
    otherwise."""
    if not is_journal_staff(actor, setting):
        raise ServiceError(_("Only staff of this setting can record observations."))
    with _Files() as files, transaction.atomic():
        _check_children(setting, children)
        _check_date(observed_on)
        _check_media_count(0, len(media))
        observation = Observation.objects.create(
            setting=setting, source=Observation.Source.STAFF, observed_on=observed_on,
            text=text, author=actor)
        next_steps = next_steps or {}
        ObservationChild.objects.bulk_create([
            ObservationChild(observation=observation, child=c,
                             next_step=next_steps.get(c.pk, "")) for c in children])
        _set_links(observation, areas=areas, aspects=aspects, characteristics=characteristics)
        _store_media(files, actor, observation, media, children)
        log_action(actor, "observation.created", observation, changes={
            "children": _names(children), "media": len(media)})
        if publish:
            observation = publish_observation(actor, observation)
    return observation


def update_observation(actor, observation, *, observed_on, text, children, areas=(),
                       aspects=(), characteristics=(), next_steps=None, media=()) -> Observation:
    """Change an observation that is not published yet (its author, or a manager). A child
    taken off it is taken off its photos too; a child added is shown in them (the safe
    default: more children's consents then apply to other families)."""
    with _Files() as files, transaction.atomic():
        observation = Observation.objects.select_for_update().select_related("setting").get(
            pk=observation.pk)
        if not can_change_observation(actor, observation):
            raise ServiceError(_("This observation can no longer be changed."))
        _check_children(observation.setting, children)
        _check_date(observed_on)
        existing_media = list(observation.media.filter(removed_at__isnull=True))
        _check_media_count(len(existing_media), len(media))
        changes: dict[str, object] = {}
        if observed_on != observation.observed_on:
            changes["date"] = [str(observation.observed_on), str(observed_on)]
        if text != observation.text:
            changes["text"] = "changed"
        observation.observed_on, observation.text = observed_on, text
        observation.save()
        links = {link.child_id: link for link in observation.child_links.all()}
        wanted = {c.pk: c for c in children}
        removed = [cid for cid in links if cid not in wanted]
        added = [c for cid, c in wanted.items() if cid not in links]
        if removed:
            ObservationChild.objects.filter(observation=observation,
                                            child_id__in=removed).delete()
            for item in existing_media:
                item.children_shown.remove(*removed)
        next_steps = next_steps or {}
        for cid, link in links.items():
            if cid in wanted and link.next_step != next_steps.get(cid, ""):
                link.next_step = next_steps.get(cid, "")
                link.save(update_fields=["next_step"])
        ObservationChild.objects.bulk_create([
            ObservationChild(observation=observation, child=c,
                             next_step=next_steps.get(c.pk, "")) for c in added])
        for item in existing_media:
            item.children_shown.add(*added)
        if removed or added:
            changes["children"] = _names(children)
        _set_links(observation, areas=areas, aspects=aspects, characteristics=characteristics)
        _store_media(files, actor, observation, media, children)
        if media:
            changes["media_added"] = len(media)
        log_action(actor, "observation.changed", observation, changes=changes)
    return observation


@transaction.atomic
def publish_observation(actor, observation) -> Observation:
    """Publish a staff observation into each tagged child's journal and tell their families.

    Where the setting asks for review (JournalSettings.require_review), a practitioner's
    observation waits for a manager instead; a manager's is published at once.
    """
    observation = Observation.objects.select_for_update().select_related("setting").get(
        pk=observation.pk)
    if not can_change_observation(actor, observation):
        raise ServiceError(_("This observation can no longer be published by you."))
    children = [link.child for link in observation.child_links.select_related("child__setting")]
    if not children:
        raise ServiceError(_("Choose at least one child before publishing: an observation "
                             "belongs in a child's journal."))
    _check_children(observation.setting, children)
    options = JournalSettings.of(observation.setting)
    if options.require_review and not is_journal_manager(actor, observation.setting):
        if observation.status != Observation.Status.REVIEW:
            observation.status = Observation.Status.REVIEW
            observation.submitted_at = timezone.now()
            observation.save(update_fields=["status", "submitted_at", "updated_at"])
            log_action(actor, "observation.sent_for_review", observation)
        return observation
    return _publish(actor, observation, children)


def _publish(actor, observation, children):
    observation.status = Observation.Status.PUBLISHED
    observation.published_at = timezone.now()
    observation.published_by = actor
    observation.save(update_fields=["status", "published_at", "published_by", "updated_at"])
    log_action(actor, "observation.published", observation,
               changes={"children": _names(children)})
    for child in children:
        notify.notify(notify.family_recipients(child, exclude=actor), child=child,
                      event=Notice.Event.PUBLISHED, observation=observation)
    return observation


@transaction.atomic
def approve_observation(actor, observation) -> Observation:
    """A manager approves an observation waiting for review: it is published."""
    observation = Observation.objects.select_for_update().select_related("setting").get(
        pk=observation.pk)
    if not is_journal_manager(actor, observation.setting):
        raise ServiceError(_("Only a manager can approve observations."))
    if observation.status != Observation.Status.REVIEW:
        raise ServiceError(_("This observation is not waiting for review."))
    children = [link.child for link in observation.child_links.select_related("child__setting")]
    if not children:
        raise ServiceError(_("Choose at least one child before publishing."))
    _check_children(observation.setting, children)
    return _publish(actor, observation, children)


@transaction.atomic
def return_observation(actor, observation, note: str) -> ObservationReturn:
    """A manager sends an observation waiting for review back to its author with a note: it
    is a draft again, which the author changes and sends again. The note is kept."""
    observation = Observation.objects.select_for_update().select_related("setting").get(
        pk=observation.pk)
    if not is_journal_manager(actor, observation.setting):
        raise ServiceError(_("Only a manager can return observations."))
    if observation.status != Observation.Status.REVIEW:
        raise ServiceError(_("This observation is not waiting for review."))
    note = note.strip()
    if not note:
        raise ServiceError(_("Say what needs changing."))
    returned = ObservationReturn.objects.create(observation=observation, note=note,
                                                returned_by=actor)
    observation.status = Observation.Status.DRAFT
    observation.save(update_fields=["status", "updated_at"])
    log_action(actor, "observation.returned", observation,
               changes={"note": note})
    return returned


@transaction.atomic
def annotate_observation(actor, observation, *, areas, aspects, characteristics,
                         next_steps) -> Observation:
    """Link a published observation (a family's wow moment included) to areas of learning and
    write each child's next step."""
    observation = Observation.objects.select_for_update().select_related("setting").get(
        pk=observation.pk)
    links = list(observation.child_links.select_related("child__setting"))
    if not can_annotate_observation(actor, observation, [link.child for link in links]):
        raise ServiceError(_("Only the key person, the author or a manager can do this."))
    if not observation.is_published:
        raise ServiceError(_("Change the draft itself until it is published."))
    if any(link.child.has_left for link in links):
        raise ServiceError(_("A child of this observation has left; their journal can no "
                             "longer change."))
    _set_links(observation, areas=areas, aspects=aspects, characteristics=characteristics)
    changed = []
    for link in links:
        step = next_steps.get(link.child_id, link.next_step)
        if step != link.next_step:
            link.next_step = step
            link.save(update_fields=["next_step"])
            changed.append(link.child.full_name)
    log_action(actor, "observation.linked", observation, changes={
        "areas": _names(observation.areas.all()), "next_steps_for": changed})
    return observation


@transaction.atomic
def set_media_children(actor, media, children) -> Media:
    """Say which of the observation's children are in a photo or video (staff)."""
    media = Media.objects.select_for_update().select_related("observation__setting").get(
        pk=media.pk)
    if not is_journal_staff(actor, media.setting):
        raise ServiceError(_("Only staff can change who is in a photo."))
    tagged = set(media.observation.child_links.values_list("child_id", flat=True))
    if any(c.pk not in tagged for c in children):
        raise ServiceError(_("Choose only children this observation is about."))
    media.children_shown.set(children)
    log_action(actor, "observation.media_children", media.observation,
               changes={"media": str(media.uuid), "children": _names(children)})
    return media


@transaction.atomic
def remove_media(actor, media) -> Media:
    """Take a photo or video off an observation (its author or a manager): nobody sees it
    again and the file is deleted once the change is committed; the row stays for the
    record."""
    media = Media.objects.select_for_update().select_related("observation__setting").get(
        pk=media.pk)
    observation = media.observation
    if not (is_journal_staff(actor, media.setting)
            and (observation.author_id == actor.pk
                 or is_journal_manager(actor, media.setting))):
        raise ServiceError(_("Only the observation's author or a manager can remove a photo."))
    if media.removed_at is None:
        media.removed_at, media.removed_by = timezone.now(), actor
        media.save(update_fields=["removed_at", "removed_by"])
        names = [n for n in (media.file.name, media.thumbnail.name) if n]
        transaction.on_commit(lambda: _delete_files(names))
        log_action(actor, "observation.media_removed", observation,
                   changes={"media": str(media.uuid)})
    return media


@transaction.atomic
def set_journal_settings(actor, setting, *, require_review: bool):
    if not is_journal_manager(actor, setting):
        raise ServiceError(_("Only a manager can change the journal's settings."))
    options, _created = JournalSettings.objects.select_for_update().get_or_create(setting=setting)
    if options.require_review != require_review:
        log_action(actor, "journal_settings.changed", options, setting=setting,
                   changes={"require_review": [options.require_review, require_review]})
        options.require_review = require_review
        options.updated_by = actor
        options.save()
    return options


# --- Families ------------------------------------------------------------------------------------

def add_wow_moment(actor, child, *, observed_on, text, media=()) -> Observation:
    """A family's "wow moment" from home, about their own child only, published at once; the
    key person is told."""
    if not is_informed_family(actor, child):
        raise ServiceError(_("Only the child's family can add a wow moment."))
    with _Files() as files, transaction.atomic():
        _check_children(child.setting, [child])
        _check_date(observed_on)
        _check_media_count(0, len(media))
        now = timezone.now()
        observation = Observation.objects.create(
            setting=child.setting, source=Observation.Source.FAMILY,
            status=Observation.Status.PUBLISHED, observed_on=observed_on, text=text,
            author=actor, published_at=now, published_by=actor)
        ObservationChild.objects.create(observation=observation, child=child)
        _store_media(files, actor, observation, media, [child])
        log_action(actor, "observation.wow_moment", observation,
                   changes={"child": child.full_name, "media": len(media)})
        staff = notify.staff_recipients(child, exclude=actor)
        notify.notify(staff, child=child, event=Notice.Event.WOW, observation=observation)
        _tell_in_each_language(
            staff, lambda: _("%(author)s added a wow moment from home for %(name)s") % {
                "author": actor.full_name, "name": child.known_as},
            setting=child.setting, category=Category.WOW_MOMENT,
            url=_observation_url(child, observation), child=child, emailed_by_app=True)
    return observation


@transaction.atomic
def add_comment(actor, observation, child, body: str) -> Comment:
    """A comment in ``child``'s thread of a published observation, by staff or the child's
    family; the other side is told (staff comment: the family; family comment: the key person
    and the observation's author)."""
    if not observation.is_published:
        raise ServiceError(_("Comments can be added once the observation is published."))
    if child.has_left:
        raise ServiceError(_("%(name)s has left; their journal can no longer change.")
                           % {"name": child.known_as})
    if not observation.child_links.filter(child=child).exists():
        raise ServiceError(_("This observation is not in this child's journal."))
    staff = is_journal_staff(actor, child.setting)
    if not staff and not is_informed_family(actor, child):
        raise ServiceError(_("Only staff and the child's family can comment."))
    body = body.strip()
    if not body:
        raise ServiceError(_("Write a comment first."))
    comment = Comment.objects.create(setting=child.setting, observation=observation,
                                     child=child, author=actor, by_staff=staff, body=body)
    log_action(actor, "observation.commented", observation,
               changes={"child": child.full_name})
    if staff:
        recipients = notify.family_recipients(child, exclude=actor)
    else:
        author = observation.author if not observation.is_from_family else None
        recipients = notify.staff_recipients(child, exclude=actor, also=[author])
    notify.notify(recipients, child=child, event=Notice.Event.COMMENT, observation=observation,
                  comment=comment)
    _tell_in_each_language(
        recipients, lambda: _("%(author)s commented on an observation in %(name)s's journal")
        % {"author": actor.full_name, "name": child.known_as},
        setting=child.setting, category=Category.COMMENT,
        url=_observation_url(child, observation), child=child, emailed_by_app=True)
    return comment


def _tell_in_each_language(recipients, title, **kwargs) -> None:
    """``tell`` with ``title()`` made lazily: it stores the title in each recipient's
    language (a notification's title is stored for its recipient)."""
    tell(recipients=recipients, title=lazy(title, str)(), **kwargs)


def _observation_url(child, observation) -> str:
    return reverse("journal-child-observation", args=[child.uuid, observation.uuid])


DIARY_FIELDS = ("day", "sleep", "food", "mood", "notes")


@transaction.atomic
def add_diary_entry(actor, child, data: dict) -> DiaryEntry:
    """An entry in the home and setting diary; the other side (family or key person) is
    told."""
    staff = is_journal_staff(actor, child.setting)
    if not staff and not is_informed_family(actor, child):
        raise ServiceError(_("Only staff and the child's family can write in the diary."))
    if child.has_left:
        raise ServiceError(_("%(name)s has left; their diary can no longer change.")
                           % {"name": child.known_as})
    _check_date(data["day"])
    if not any(data.get(f) for f in ("sleep", "food", "mood", "notes")):
        raise ServiceError(_("Write something about sleep, food, mood or a note."))
    entry = DiaryEntry.objects.create(setting=child.setting, child=child, author=actor,
                                      by_staff=staff, **{f: data.get(f) or "" for f in
                                                         DIARY_FIELDS})
    log_action(actor, "diary.added", entry, changes={"day": str(entry.day)})
    recipients = (notify.family_recipients(child, exclude=actor) if staff
                  else notify.staff_recipients(child, exclude=actor))
    notify.notify(recipients, child=child, event=Notice.Event.DIARY)
    return entry


BOARD_FIELDS = ("room", "day", "what_we_did", "planning", "try_at_home")


@transaction.atomic
def save_daily_board(actor, setting, data: dict, instance=None) -> DailyBoard:
    """The room's "what we did today" for a day, or a change to it (staff)."""
    if not is_journal_staff(actor, setting):
        raise ServiceError(_("Only staff can write the daily board."))
    room = data.get("room")
    if room is not None and room.setting_id != setting.pk:
        raise ServiceError(_("Choose a room of this setting."))
    _check_date(data["day"])
    clash = DailyBoard.objects.filter(setting=setting, room=room, day=data["day"])
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise ServiceError(
            _("There is already a board for %(room)s on %(date)s: change that one instead.")
            % {"room": room or _("the whole setting"),
               "date": date_format(data["day"], "d F Y")})
    if instance is None:
        board = DailyBoard.objects.create(setting=setting, author=actor,
                                          **{f: data.get(f) for f in BOARD_FIELDS})
        log_action(actor, "daily_board.written", board)
        return board
    changes = {f: "changed" for f in BOARD_FIELDS if getattr(instance, f) != data.get(f)}
    for f in BOARD_FIELDS:
        setattr(instance, f, data.get(f))
    instance.save()
    if changes:
        log_action(actor, "daily_board.changed", instance, changes=changes)
    return instance


@transaction.atomic
def request_keepsake(actor, child) -> Keepsake:
    """Ask for the keepsake (the journal as a PDF and a ZIP of photos) of a child, at any time.
    Made in a Celery task for ``actor``, with what they may see; a keepsake still waiting is
    returned instead of a second one."""
    from learning_journal import tasks

    if not (is_informed_family(actor, child) or is_journal_staff(actor, child.setting)):
        raise ServiceError(_("Only the child's family can ask for the keepsake."))
    waiting = Keepsake.objects.filter(child=child, requested_by=actor,
                                      status=Keepsake.Status.QUEUED).first()
    if waiting is not None:
        return waiting
    keepsake = Keepsake.objects.create(setting=child.setting, child=child, requested_by=actor)
    log_action(actor, "keepsake.requested", keepsake)
    if not settings.CELERY_TASK_ALWAYS_EAGER:
        _queue(tasks.make_keepsake, keepsake.pk)
    # Without a broker (``make run``) tasks run in-process: sent from here, it would hold this
    # request until the keepsake is made. The page's progress request sends it instead.
    return keepsake


# A keepsake not started this long after it was asked for is sent to the workers again (the
# broker may have been down when it was asked for; the task makes it only once).
KEEPSAKE_RESEND_AFTER = timedelta(minutes=1)


def make_waiting_keepsake(keepsake) -> None:
    """Called by the keepsake's progress request: send a keepsake that no task has started, or
    whose task was lost (at once without a broker, where the task runs in this request;
    otherwise once KEEPSAKE_RESEND_AFTER has passed)."""
    from learning_journal import tasks

    now = timezone.now()
    if not keepsake.is_waiting or (keepsake.started_at is not None and keepsake.started_at
                                   >= now - tasks.KEEPSAKE_CLAIM_EXPIRES):
        return
    if settings.CELERY_TASK_ALWAYS_EAGER:
        tasks.make_keepsake.delay(keepsake.pk)
        keepsake.refresh_from_db()
    elif keepsake.created_at < now - KEEPSAKE_RESEND_AFTER:
        _queue(tasks.make_keepsake, keepsake.pk)


# --- Progress check at two -------------------------------------------------------------------

def _may_write_check(actor, child) -> bool:
    return rules.has_perm("learning_journal.write_check", actor, child)


def _lock_check(check) -> ProgressCheck:
    return (ProgressCheck.objects.select_for_update().select_related("child__setting", "setting")
            .get(pk=check.pk))


@transaction.atomic
def start_check(actor, child, *, outside_age_reason: str = "") -> ProgressCheck:
    """Start the child's progress check at two (their key person, back-up or a manager), with
    the three prime areas to fill in. EYFS: due between 24 and 36 months (eyfs.md); outside
    that age only with ``outside_age_reason``, which is kept on the check."""
    if not _may_write_check(actor, child):
        raise ServiceError(_("The child's key person or a manager writes the progress check."))
    if child.has_left:
        raise ServiceError(_("%(name)s has left the setting.") % {"name": child.known_as})
    Child.objects.select_for_update().filter(pk=child.pk).first()  # one start at a time
    existing = ProgressCheck.objects.open().filter(child=child).first()
    if existing is not None:
        return existing
    if ProgressCheck.objects.completed().filter(child=child).exists():
        raise ServiceError(_("%(name)s's progress check is complete. To change it, start a "
                             "correction from the check.") % {"name": child.known_as})
    outside_age_reason = outside_age_reason.strip()
    if is_check_age(child, timezone.localdate()):
        outside_age_reason = ""
    elif not outside_age_reason:
        raise ServiceError(_("The progress check is for children aged between two and three; "
                             "%(name)s is %(age)s. To do it now, say why.")
                           % {"name": child.known_as, "age": child.age_display})
    check = ProgressCheck.objects.create(setting=child.setting, child=child, written_by=actor,
                                         outside_age_reason=outside_age_reason)
    _add_check_areas(check, prefill=check_prefill(child))
    log_action(actor, "progress_check.started", check,
               changes={"outside_age_reason": outside_age_reason} if outside_age_reason
               else None)
    return check


def _add_check_areas(check, copy_from=None, prefill=None):
    """The check's prime areas: a correction's copied from the version it corrects; a new
    check's from ``prefill`` (``registry.check_prefill``: by area code, what the child's
    latest assessment says), else empty."""
    previous = {a.area_id: a for a in copy_from.areas.all()} if copy_from else {}
    prefill = prefill or {}
    areas = []
    for area in Area.objects.filter(code__in=CHECK_AREA_CODES):
        if area.pk in previous:
            copied = previous[area.pk]
            values = {"strengths": copied.strengths, "progress": copied.progress,
                      "support": copied.support}
        else:
            given = prefill.get(area.code, {})
            progress = given.get("progress", "")
            values = {"strengths": given.get("strengths", ""),
                      "progress": progress if progress in CheckArea.Progress.values else "",
                      "support": ""}
        areas.append(CheckArea(check_record=check, area=area, **values))
    CheckArea.objects.bulk_create(areas)


CHECK_FIELDS = ("parents_views", "child_voice", "significant_concerns", "targeted_plan", "senco")
AREA_FIELDS = ("strengths", "progress", "support")


@transaction.atomic
def save_check(actor, check, data: dict, areas: dict) -> ProgressCheck:
    """Save the check while it is being written. ``areas``: {area code: {strengths, progress,
    support}}."""
    check = _lock_check(check)
    if not _may_write_check(actor, check.child):
        raise ServiceError(_("The child's key person or a manager writes the progress check."))
    if not check.is_editable:
        raise ServiceError(_("This check can no longer be changed here."))
    senco = data.get("senco")
    if senco is not None and (senco.setting_id != check.setting_id or not senco.is_senco
                              or not senco.is_active):
        raise ServiceError(_("Choose the setting's SENCO."))
    changes = [f for f in CHECK_FIELDS if getattr(check, f) != data.get(f)]
    for f in CHECK_FIELDS:
        setattr(check, f, data.get(f))
    if check.written_by_id != actor.pk:
        check.written_by = actor
    check.save()
    for area in check.areas.select_related("area"):
        values = areas.get(area.area.code, {})
        if any(getattr(area, f) != values.get(f, "") for f in AREA_FIELDS):
            for f in AREA_FIELDS:
                setattr(area, f, values.get(f, ""))
            area.save()
            changes.append(area.area.code)
    if changes:
        log_action(actor, "progress_check.saved", check,
                   changes={"changed": changes})
    return check


def check_problems(check) -> list[str]:
    """What is missing before the check can go to the manager (eyfs.md: strengths and any
    area where progress is less than expected, in each prime area; the parents' views; a
    targeted plan, involving the SENCO, where there are significant concerns)."""
    problems = []
    for area in check.areas.select_related("area"):
        if not area.strengths.strip():
            problems.append(_("%(area)s: the child's strengths.") % {"area": area.area.label})
        if not area.progress:
            problems.append(_("%(area)s: whether progress is as expected.")
                            % {"area": area.area.label})
        if area.progress == CheckArea.Progress.LESS and not area.support.strip():
            problems.append(_("%(area)s: what we will do to support the child.")
                            % {"area": area.area.label})
    if not check.parents_views.strip():
        problems.append(_("The parents' views."))
    if check.significant_concerns:
        if not check.targeted_plan.strip():
            problems.append(_("A targeted plan, since there are significant concerns."))
        if check.senco_id is None:
            problems.append(_("The SENCO involved in the targeted plan."))
    return problems


@transaction.atomic
def submit_check(actor, check) -> ProgressCheck:
    """Send a complete check to a manager for sign-off."""
    check = _lock_check(check)
    if not _may_write_check(actor, check.child):
        raise ServiceError(_("The child's key person or a manager writes the progress check."))
    if check.status != ProgressCheck.Status.DRAFT:
        raise ServiceError(_("This check has already been sent for sign-off."))
    problems = check_problems(check)
    if problems:
        raise ServiceError(_("Before it can be signed off, the check needs: %(problems)s")
                           % {"problems": " ".join(problems)})
    check.status = ProgressCheck.Status.SIGN_OFF
    check.submitted_at = timezone.now()
    check.returned_note = ""
    check.save(update_fields=["status", "submitted_at", "returned_note", "updated_at"])
    log_action(actor, "progress_check.submitted", check)
    return check


@transaction.atomic
def return_check(actor, check, note: str) -> ProgressCheck:
    """A manager sends the check back to be changed, saying what needs changing."""
    check = _lock_check(check)
    if not is_journal_manager(actor, check.setting):
        raise ServiceError(_("Only a manager can send a check back."))
    if check.status != ProgressCheck.Status.SIGN_OFF:
        raise ServiceError(_("This check is not waiting for sign-off."))
    if not note.strip():
        raise ServiceError(_("Say what needs changing."))
    check.status = ProgressCheck.Status.DRAFT
    check.returned_note = note.strip()
    check.save(update_fields=["status", "returned_note", "updated_at"])
    log_action(actor, "progress_check.returned", check)
    return check


@transaction.atomic
def sign_off_check(actor, check) -> ProgressCheck:
    """A manager signs the check off: it is sent to the family (who are told), and its PDF is
    made in the background."""
    from learning_journal import tasks
    from preschool.permissions import membership_in

    check = _lock_check(check)
    membership = membership_in(actor, check.setting)
    if membership is None or not membership.can_sign_off_progress_checks:
        raise ServiceError(_("Only a manager can sign off a progress check."))
    if check.status != ProgressCheck.Status.SIGN_OFF:
        raise ServiceError(_("This check is not waiting for sign-off."))
    problems = check_problems(check)
    if problems:
        raise ServiceError(_("The check is not complete: %(problems)s")
                           % {"problems": " ".join(problems)})
    now = timezone.now()
    check.status = ProgressCheck.Status.WITH_FAMILY
    check.signed_off_by, check.signed_off_at, check.sent_at = actor, now, now
    check.save(update_fields=["status", "signed_off_by", "signed_off_at", "sent_at",
                              "updated_at"])
    log_action(actor, "progress_check.signed_off", check)
    notify.notify(notify.family_recipients(check.child), child=check.child,
                  event=Notice.Event.CHECK_SENT, check=check)
    _queue(tasks.render_check_pdf, check.pk)
    return check


@transaction.atomic
def add_family_comments(actor, check, comments: str) -> ProgressCheck:
    """The family has read the check and adds their comments: it is then complete and locked
    (eyfs.md: parents' views are part of the check). The key person is told; the PDF is made
    again with the comments."""
    from learning_journal import tasks

    check = _lock_check(check)
    if not is_informed_family(actor, check.child):
        raise ServiceError(_("Only the child's family can add their comments."))
    if check.status != ProgressCheck.Status.WITH_FAMILY:
        raise ServiceError(_("This check is complete and can no longer change."))
    check.status = ProgressCheck.Status.COMPLETED
    check.family_comments = comments.strip()
    check.family_commented_by = actor
    check.completed_at = timezone.now()
    check.save(update_fields=["status", "family_comments", "family_commented_by",
                              "completed_at", "updated_at"])
    log_action(actor, "progress_check.family_comments", check)
    notify.notify(notify.staff_recipients(check.child, also=[check.written_by]),
                  child=check.child, event=Notice.Event.CHECK_COMMENTED, check=check)
    _queue(tasks.render_check_pdf, check.pk)
    return check


@transaction.atomic
def correct_check(actor, check, reason: str) -> ProgressCheck:
    """A correction of a completed check: a new version, pointing at the one it corrects, that
    goes through writing, sign-off and the family again. The completed one is never changed."""
    check = _lock_check(check)
    if not _may_write_check(actor, check.child):
        raise ServiceError(_("The child's key person or a manager writes the progress check."))
    if not check.is_locked:
        raise ServiceError(_("Only a completed check is corrected; change this one directly."))
    if not reason.strip():
        raise ServiceError(_("Say what the correction is for."))
    if ProgressCheck.objects.open().filter(child=check.child).exists():
        raise ServiceError(_("%(name)s already has a check being written.")
                           % {"name": check.child.known_as})
    latest = ProgressCheck.objects.filter(child=check.child).latest("version")
    correction = ProgressCheck.objects.create(
        setting=check.setting, child=check.child, version=latest.version + 1, corrects=check,
        correction_reason=reason.strip(), written_by=actor,
        **{f: getattr(check, f) for f in CHECK_FIELDS})
    _add_check_areas(correction, copy_from=check)
    log_action(actor, "progress_check.correction_started", correction,
               changes={"corrects": check.version, "reason": reason.strip()})
    return correction


def ensure_check_pdf(check) -> bool:
    """Queue the PDF again when it is missing or older than the check's stage (a broker that
    was down when it was first queued). True when the PDF is ready."""
    from learning_journal import tasks

    if not check.is_shared_with_family:
        return False
    if check.pdf and check.pdf_status == check.status:
        return True
    stamp = check.completed_at or check.sent_at
    if stamp is None or timezone.now() - stamp > timedelta(seconds=30):
        try:
            tasks.render_check_pdf.delay(check.pk)
        except Exception:
            log.warning("Could not queue the PDF of check %s.", check.pk, exc_info=True)
    return False
