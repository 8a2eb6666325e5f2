"""The keepsake: the journal as a PDF and a ZIP of photos, made in a Celery task for the person
who asked, with only what they may see."""

import io
import zipfile
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from learning_journal.models import Keepsake
from tests.learning_journal.factories import group_observation, photo_consents
from tests.learning_journal.test_checks import pdf_text


def _leaving(world):
    world.child.leaving_date = timezone.localdate() + timedelta(days=10)
    world.child.save()


def test_the_family_gets_the_journal_and_only_the_photos_they_may_see(world, sent):
    photo_consents(world, world.child)
    photo_consents(world, world.other_child, others=False)
    group_observation(world, children=[world.child], text="AVA-ALONE", photos=2)
    group_observation(world, text="WITH-OTTO", photos=1)  # Otto: no consent for others
    group_observation(world, children=[world.child], text="DRAFT-ONLY", publish=False)
    _leaving(world)
    client = world.client_for("parent")
    with sent():
        response = client.post(reverse("journal-keepsake", args=[world.child.uuid]))
    assert response.status_code == 302
    keepsake = Keepsake.objects.get()
    assert keepsake.status == "ready" and keepsake.requested_by == world.users["parent"]
    assert (keepsake.observation_count, keepsake.photo_count) == (2, 2)
    pdf = b"".join(client.get(reverse("journal-keepsake-pdf",
                                      args=[keepsake.uuid])).streaming_content)
    text = pdf_text(pdf)
    assert "AVA-ALONE" in text and "WITH-OTTO" in text and "DRAFT-ONLY" not in text
    archive = zipfile.ZipFile(io.BytesIO(b"".join(client.get(
        reverse("journal-keepsake-zip", args=[keepsake.uuid])).streaming_content)))
    assert len(archive.namelist()) == 2
    # Nobody else may download Pat's keepsake.
    for persona in ("manager", "other_parent", "carer_no_info"):
        assert world.client_for(persona).get(
            reverse("journal-keepsake-pdf", args=[keepsake.uuid])).status_code == 404


def test_no_keepsake_before_a_leaving_date(world):
    response = world.client_for("parent").post(reverse("journal-keepsake",
                                                       args=[world.child.uuid]), follow=True)
    assert "no leaving date" in response.content.decode()
    assert not Keepsake.objects.exists()


def test_a_second_request_while_one_is_waiting_makes_no_second(world):
    _leaving(world)
    client = world.client_for("parent")
    client.post(reverse("journal-keepsake", args=[world.child.uuid]))
    client.post(reverse("journal-keepsake", args=[world.child.uuid]))
    assert Keepsake.objects.count() == 1
