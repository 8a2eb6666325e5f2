"""The staff's lists of observations (latest on the journal home, those waiting for review) and
the rooms' daily boards show photo thumbnails: only those the person may see (the one rule of
learning_journal/visibility.py), in a fixed number of queries however many rows."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from learning_journal.models import DailyBoard, JournalSettings, Media
from tests.learning_journal.factories import group_observation, photo_consents
from tests.learning_journal.test_query_counts import _queries


def _thumbs(page: str) -> set[str]:
    return set(re.findall(r"/journal/media/([0-9a-f-]{36})/thumbnail/", page))


def _board(world):
    DailyBoard.objects.get_or_create(
        setting=world.setting_a, room=world.room, day=timezone.localdate(),
        defaults={"what_we_did": "Towers", "author": world.users["key_person"]})


def _with_photos(world, n):
    photo_consents(world, world.child)
    photo_consents(world, world.other_child)
    for _ in range(n):
        group_observation(world, photos=2)
    _board(world)


def _waiting_with_photos(world, n):
    JournalSettings.objects.get_or_create(setting=world.setting_a,
                                          defaults={"require_review": True})
    for _ in range(n):
        group_observation(world, photos=2)


@pytest.mark.parametrize(("name", "persona", "add"), [
    ("journal-home", "key_person", _with_photos),
    ("journal-review", "manager", _waiting_with_photos),
    ("journal-today", "key_person", _with_photos),
    ("journal-today", "parent", _with_photos),
])
def test_thumbnails_keep_a_constant_query_count(world, name, persona, add):
    client = world.client_for(persona)
    url = reverse(name)
    add(world, 1)
    few = _queries(client, url)
    assert _thumbs(client.get(url).content.decode())
    add(world, 24)
    many = _queries(client, url)
    assert few == many, f"{name} as {persona}: {few} queries with few rows, {many} with many"


def test_the_board_shows_a_family_only_the_photos_they_may_see(world):
    photo_consents(world, world.child)
    photo_consents(world, world.other_child, others=False)  # Otto: not for other families
    ava_alone = group_observation(world, children=[world.child], photos=1)
    with_otto = group_observation(world, photos=1)
    otto_alone = group_observation(world, children=[world.other_child], photos=1)
    draft = group_observation(world, children=[world.child], photos=1, publish=False)
    _board(world)
    photo = {o.pk: str(Media.objects.get(observation=o).uuid)
             for o in (ava_alone, with_otto, otto_alone, draft)}
    url = reverse("journal-today")
    # Pat: Ava's own photo; not the group photo (Otto has no consent for other families),
    # nor Otto's own observation, nor a draft.
    assert _thumbs(world.client_for("parent").get(url).content.decode()) == {photo[ava_alone.pk]}
    # Olly, Otto's father: his son's photos, the group one too (Ava allows other families).
    assert _thumbs(world.client_for("other_parent").get(url).content.decode()) == {
        photo[with_otto.pk], photo[otto_alone.pk]}
    # Staff: every published photo; Casey (no right to information) sees none.
    assert _thumbs(world.client_for("key_person").get(url).content.decode()) == {
        photo[ava_alone.pk], photo[with_otto.pk], photo[otto_alone.pk]}
    assert not _thumbs(world.client_for("carer_no_info").get(url).content.decode())


def test_a_withdrawn_consent_takes_the_photo_off_the_lists_at_once(world):
    photo_consents(world, world.child)
    photo_consents(world, world.other_child)
    group_observation(world, photos=1)
    _board(world)
    url = reverse("journal-today")
    assert _thumbs(world.client_for("parent").get(url).content.decode())
    photo_consents(world, world.other_child, others=False)
    assert not _thumbs(world.client_for("parent").get(url).content.decode())


def test_staff_lists_link_each_thumbnail_to_its_photo(world):
    JournalSettings.objects.create(setting=world.setting_a, require_review=True)
    observation = group_observation(world, children=[world.child], photos=1)
    media = Media.objects.get(observation=observation)
    for name, persona in (("journal-home", "key_person"), ("journal-review", "manager")):
        page = world.client_for(persona).get(reverse(name)).content.decode()
        assert f'href="/journal/media/{media.uuid}/"' in page
        assert "Photo 1 of the observation on" in page
