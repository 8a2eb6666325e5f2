"""The keepsake: the journal as a PDF and a ZIP of photos, made in a Celery task for the person
who asked, with only what they may see, at any time; its page shows how far it has got."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from learning_journal import pdfs, tasks
from learning_journal.models import Keepsake
from tests.learning_journal.factories import group_observation, photo_consents
from tests.learning_journal.test_checks import pdf_text


def _progress(client, keepsake):
    return client.get(reverse("journal-keepsake-progress", args=[keepsake.uuid]))


def test_the_family_gets_the_journal_and_only_the_photos_they_may_see(world, sent):
    photo_consents(world, world.child)
    photo_consents(world, world.other_child, others=False)
    group_observation(world, children=[world.child], text="AVA-ALONE", photos=2)
    group_observation(world, text="WITH-OTTO", photos=1)  # Otto: no consent for others
    group_observation(world, children=[world.child], text="DRAFT-ONLY", publish=False)
    assert world.child.leaving_date is None  # asked for at any time, not only on leaving
    client = world.client_for("parent")
    with sent():
        response = client.post(reverse("journal-keepsake", args=[world.child.uuid]))
    assert response.status_code == 302
    keepsake = Keepsake.objects.get()
    # Without a broker the request that asks returns at once: the page's progress request
    # makes it.
    assert keepsake.status == "queued" and keepsake.started_at is None
    page = client.get(response["Location"]).content.decode()
    assert "Being made" in page and 'hx-trigger="every 2s"' in page
    fragment = _progress(client, keepsake).content.decode()
    assert "Download the journal (PDF)" in fragment and "hx-get" not in fragment
    keepsake.refresh_from_db()
    assert keepsake.status == "ready" and keepsake.requested_by == world.users["parent"]
    assert (keepsake.observation_count, keepsake.photo_count) == (2, 2)
    assert (keepsake.progress_done, keepsake.progress_total) == (2, 2)
    pdf = b"".join(client.get(reverse("journal-keepsake-pdf",
                                      args=[keepsake.uuid])).streaming_content)
    text = pdf_text(pdf)
    assert "AVA-ALONE" in text and "WITH-OTTO" in text and "DRAFT-ONLY" not in text
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(
        reverse("journal-keepsake-zip", args=[keepsake.uuid])).streaming_content)))
    assert len(archive.namelist()) == 2
    # Nobody else may download Pat's keepsake, or see how far it has got.
    for persona in ("manager", "other_parent", "carer_no_info"):
        for name in ("journal-keepsake-pdf", "journal-keepsake-progress"):
            assert world.client_for(persona).get(
                reverse(name, args=[keepsake.uuid])).status_code == 404


def test_the_page_shows_how_far_it_has_got(world):
    keepsake = Keepsake.objects.create(
        setting=world.setting_a, child=world.child, requested_by=world.users["parent"],
        started_at=timezone.now(), progress_done=20, progress_total=57)
    client = world.client_for("parent")
    fragment = _progress(client, keepsake).content.decode()
    assert "Being made… 20 of 57 observations" in fragment
    assert 'value="20"' in fragment and 'hx-trigger="every 2s"' in fragment
    page = client.get(reverse("journal-keepsake", args=[world.child.uuid])).content.decode()
    assert "Being made… 20 of 57" in page and "does not start a second" in page


def test_a_long_journal_is_made_in_parts_telling_its_progress(world, monkeypatch):
    monkeypatch.setattr(pdfs, "KEEPSAKE_PART_SIZE", 2)
    photo_consents(world, world.child)
    for n in range(5):
        group_observation(world, children=[world.child], text=f"ENTRY-{n}",
                          photos=1 if n == 3 else 0)
    keepsake = Keepsake.objects.create(setting=world.setting_a, child=world.child,
                                       requested_by=world.users["parent"])
    told = []
    pdf, archive, observations, photos = pdfs.keepsake_files(
        keepsake, lambda done, total: told.append((done, total)))
    assert told == [(0, 5), (2, 5), (4, 5), (5, 5)]
    assert (observations, photos) == (5, 1)
    text = pdf_text(pdf)
    assert all(f"ENTRY-{n}" in text for n in range(5))
    assert text.count("Ava's learning journal") >= 1 and "5 observations" in text
    assert len(zipfile.ZipFile(io.BytesIO(archive)).namelist()) == 1


def test_a_keepsake_is_made_once(world):
    keepsake = Keepsake.objects.create(setting=world.setting_a, child=world.child,
                                       requested_by=world.users["parent"])
    assert tasks.make_keepsake(keepsake.pk) == "made"
    assert tasks.make_keepsake(keepsake.pk) == "not-needed"
    # Started by a worker that was lost: another task may make it once the claim expires.
    lost = Keepsake.objects.create(setting=world.setting_a, child=world.child,
                                   requested_by=world.users["parent"],
                                   started_at=timezone.now() - timedelta(minutes=5))
    assert tasks.make_keepsake(lost.pk) == "not-needed"
    Keepsake.objects.filter(pk=lost.pk).update(
        started_at=timezone.now() - tasks.KEEPSAKE_CLAIM_EXPIRES - timedelta(minutes=1))
    assert tasks.make_keepsake(lost.pk) == "made"


def test_with_a_broker_it_is_sent_to_the_workers_on_commit(world, sent, settings,
                                                           monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    queued = []
    monkeypatch.setattr(tasks.make_keepsake, "delay", lambda *args: queued.append(args))
    client = world.client_for("parent")
    with sent():
        client.post(reverse("journal-keepsake", args=[world.child.uuid]))
    keepsake = Keepsake.objects.get()
    assert queued == [(keepsake.pk,)]
    _progress(client, keepsake)  # just asked for: not sent again
    assert queued == [(keepsake.pk,)]
    Keepsake.objects.filter(pk=keepsake.pk).update(
        created_at=timezone.now() - timedelta(minutes=2))
    with sent():  # still not started two minutes on: the broker may have been down
        _progress(client, keepsake)
    assert queued == [(keepsake.pk,), (keepsake.pk,)]


@pytest.mark.parametrize("persona", ["other_parent", "carer_no_info"])
def test_others_cannot_ask_for_it(world, persona):
    response = world.client_for(persona).post(reverse("journal-keepsake",
                                                      args=[world.child.uuid]))
    assert response.status_code == 404
    assert not Keepsake.objects.exists()


def test_a_second_request_while_one_is_waiting_makes_no_second(world):
    client = world.client_for("parent")
    client.post(reverse("journal-keepsake", args=[world.child.uuid]))
    client.post(reverse("journal-keepsake", args=[world.child.uuid]))
    assert Keepsake.objects.count() == 1
