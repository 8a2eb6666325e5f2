"""Authorization matrix: the learning journal's URLs (see tests/test_authorization_matrix.py).

Ava's family is Pat (with the right to information); Casey is linked to Ava without it, so sees
nothing of hers; Olly is the parent of Otto. Kim is Ava's key person; Perry another
practitioner, who sees every journal but neither writes Ava's progress check nor changes
Kim's drafts.
"""

from django.utils import timezone

from learning_journal import services, tasks
from learning_journal.eyfs import ensure_framework
from learning_journal.models import DailyBoard, JournalSettings, Keepsake, ProgressCheck
from tests.authz import LOGIN, expect
from tests.learning_journal.factories import (
    complete_check_data,
    group_observation,
    make_two,
    photo_consents,
    signed_off_check,
)


def _observation(world, **kwargs):
    ensure_framework()
    return group_observation(world, children=[world.child], **kwargs)


def _published(world):
    return {"observation_uuid": _observation(world).uuid}


def _draft(world):
    return {"observation_uuid": _observation(world, publish=False, photos=0).uuid}


def _in_review(world):
    JournalSettings.objects.create(setting=world.setting_a, require_review=True)
    return {"observation_uuid": _observation(world, photos=0).uuid}


def _by_manager(world):
    return {"observation_uuid": _observation(world, author="manager", photos=0).uuid}


def _media(world):
    photo_consents(world, world.child)
    return {"media_uuid": _observation(world).media.get().uuid}


def _child(world):
    return {"child_uuid": world.child.uuid}


def _child_observation(world):
    return {"child_uuid": world.child.uuid, "observation_uuid": _observation(world).uuid}


def _keepsake(world):
    ensure_framework()
    keepsake = Keepsake.objects.create(setting=world.setting_a, child=world.child,
                                       requested_by=world.users["parent"])
    tasks.make_keepsake(keepsake.pk)
    return {"keepsake_uuid": keepsake.uuid}


def _board(world):
    board = DailyBoard.objects.create(setting=world.setting_a, room=world.room,
                                      day=timezone.localdate(), what_we_did="Planted beans",
                                      author=world.users["key_person"])
    return {"board_uuid": board.uuid}


def _draft_check(world):
    ensure_framework()
    make_two(world.child)
    return {"check_uuid": services.start_check(world.users["key_person"], world.child).uuid}


def _check_for_sign_off(world):
    ensure_framework()
    make_two(world.child)
    check = services.start_check(world.users["key_person"], world.child)
    services.save_check(world.users["key_person"], check, *complete_check_data())
    services.submit_check(world.users["key_person"], check)
    return {"check_uuid": check.uuid}


def _check_with_family(world):
    ensure_framework()
    check = signed_off_check(world)
    tasks.render_check_pdf(check.pk)
    return {"check_uuid": check.uuid}


def _completed_check(world):
    ensure_framework()
    check = signed_off_check(world)
    check = services.add_family_comments(world.users["parent"], check, "Thanks")
    assert ProgressCheck.objects.get(pk=check.pk).is_locked
    return {"check_uuid": check.uuid}


# Who may see Ava at all: staff of Acorn and Pat. Everyone else: 404.
SEE_AVA = {"manager": 200, "key_person": 200, "practitioner": 200, "parent": 200}
STAFF_A = {"manager": 200, "key_person": 200, "practitioner": 200}
# Pages of "the current setting": every member (Bea sees Riverside's); the superuser has none.
MEMBERS = expect(200, superuser=403)
STAFF_PAGES = expect(403, manager=200, key_person=200, practitioner=200, other_setting=200)
MANAGER_PAGES = expect(403, manager=200, other_setting=200)
# Writing Ava's progress check: her key person and managers.
WRITE_CHECK = {"manager": 302, "key_person": 302, "practitioner": 403}

MATRIX = {
    "journal-home": ("get", None, MEMBERS),
    "journal-observation-new": ("get", None, STAFF_PAGES),
    "journal-observation": ("get", _published, expect(404, **STAFF_A)),
    "journal-observation-edit": ("get", _draft, expect(
        404, manager=200, key_person=200, practitioner=403)),
    "journal-observation-publish": ("post", _draft, expect(
        404, manager=302, key_person=302, practitioner=403)),
    "journal-observation-approve": ("post", _in_review, expect(
        404, manager=302, key_person=403, practitioner=403)),
    # An empty note: the page again with the message (a redirect); nothing changes.
    "journal-observation-return": ("post", _in_review, expect(
        404, manager=302, key_person=403, practitioner=403)),
    "journal-observation-annotate": ("get", _by_manager, expect(
        404, manager=200, key_person=200, practitioner=403)),
    "journal-review": ("get", None, MANAGER_PAGES),
    "journal-settings": ("get", None, MANAGER_PAGES),
    "journal-media": ("get", _media, expect(404, **SEE_AVA)),
    "journal-media-thumbnail": ("get", _media, expect(404, **SEE_AVA)),
    "journal-media-children": ("post", _media, expect(
        404, manager=302, key_person=302, practitioner=302)),
    "journal-media-remove": ("post", _media, expect(
        404, manager=302, key_person=302, practitioner=403)),
    "journal-child": ("get", _child, expect(404, **SEE_AVA)),
    "journal-child-side": ("get", _child, expect(404, **SEE_AVA)),
    "journal-child-observation": ("get", _child_observation, expect(404, **SEE_AVA)),
    # An empty comment: the page again, with the message (for those who may comment).
    "journal-comment": ("post", _child_observation, expect(404, **SEE_AVA)),
    "journal-wow-new": ("get", _child, expect(
        404, parent=200, manager=403, key_person=403, practitioner=403)),
    "journal-diary": ("get", _child, expect(404, **SEE_AVA)),
    "journal-keepsake": ("get", _child, expect(404, **SEE_AVA)),
    # Ava is three here: starting a check answers with a message (a redirect).
    "journal-check-start": ("post", _child, expect(404, parent=403, **WRITE_CHECK)),
    # A keepsake is for the person who asked for it (it holds what they may see).
    "journal-keepsake-pdf": ("get", _keepsake, expect(404, parent=200)),
    "journal-keepsake-zip": ("get", _keepsake, expect(404, parent=200)),
    "journal-keepsake-progress": ("get", _keepsake, expect(404, parent=200)),
    "journal-today": ("get", None, MEMBERS),
    "journal-today-new": ("get", None, STAFF_PAGES),
    "journal-today-edit": ("get", _board, expect(
        403, anonymous=LOGIN, manager=200, key_person=200, practitioner=200,
        other_setting=404)),
    "journal-check-list": ("get", None, STAFF_PAGES),
    "journal-check": ("get", _check_with_family, expect(404, parent=200, **STAFF_A)),
    "journal-check-edit": ("get", _draft_check, expect(
        404, manager=200, key_person=200, practitioner=403)),
    "journal-check-submit": ("post", _draft_check, expect(404, **WRITE_CHECK)),
    "journal-check-sign-off": ("post", _check_for_sign_off, expect(
        404, manager=302, key_person=403, practitioner=403)),
    "journal-check-return": ("post", _check_for_sign_off, expect(
        404, manager=302, key_person=403, practitioner=403)),
    "journal-check-family-comments": ("post", _check_with_family, expect(
        404, parent=302, manager=403, key_person=403, practitioner=403)),
    "journal-check-correct": ("post", _completed_check, expect(
        404, parent=403, **WRITE_CHECK)),
    "journal-check-pdf": ("get", _check_with_family, expect(404, parent=200, **STAFF_A)),
}
