"""Staff observations: drafts, publishing (with or without a manager's review), group
observations, next steps, areas, and every kind of bad input leaving nothing stored."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from learning_journal import services
from learning_journal.models import Area, Aspect, JournalSettings, Media, Observation
from preschool.models import AuditEvent
from tests.learning_journal.factories import (
    group_observation,
    image_bytes,
    mp4_bytes,
    photo,
    upload,
)
from tests.learning_journal.test_media import png_header_claiming


def _post(client, world, *, children=None, action="publish", files=(), **data):
    children = children if children is not None else [world.child, world.other_child]
    form = {"children": [str(c.uuid) for c in children],
            "observed_on": timezone.localdate().isoformat(),
            "text": "Ava and Otto built a tall tower and counted the blocks.",
            "areas": [Area.objects.get(code="M").pk],
            "aspects": [Aspect.objects.get(name="Fine Motor Skills").pk],
            "action": action, **data}
    if files:
        form["media"] = list(files)
    return client.post(reverse("journal-observation-new"), form)


class TestPosting:
    def test_a_practitioner_publishes_a_group_observation_with_a_photo(self, world, sent):
        client = world.client_for("key_person")
        with sent():
            response = _post(client, world, files=[photo()])
        observation = Observation.objects.get()
        assert response["Location"] == reverse("journal-observation", args=[observation.uuid])
        assert observation.status == Observation.Status.PUBLISHED
        assert {link.child for link in observation.child_links.all()} == {
            world.child, world.other_child}
        # An aspect brings its area with it.
        assert {a.code for a in observation.areas.all()} == {"M", "PD"}
        media = observation.media.get()
        assert set(media.children_shown.all()) == {world.child, world.other_child}
        # Both families hear of it; Casey (no right to information) does not.
        recipients = sorted(m.to[0] for m in mail.outbox)
        assert recipients == ["other.parent@example.org", "parent@example.org"]
        assert AuditEvent.objects.filter(action="observation.published").exists()

    def test_a_draft_is_seen_by_staff_only(self, world):
        _post(world.client_for("key_person"), world, action="draft")
        observation = Observation.objects.get()
        assert observation.status == Observation.Status.DRAFT
        url = reverse("journal-child-observation", args=[world.child.uuid, observation.uuid])
        assert world.client_for("practitioner").get(url).status_code == 200
        assert world.client_for("parent").get(url).status_code == 404
        journal = world.client_for("parent").get(reverse("journal-child",
                                                         args=[world.child.uuid]))
        assert "tall tower" not in journal.content.decode()

    def test_each_family_sees_the_group_observation_in_their_own_child_s_journal(self, world):
        observation = group_observation(world)
        for persona, child in (("parent", world.child), ("other_parent", world.other_child)):
            client = world.client_for(persona)
            page = client.get(reverse("journal-child", args=[child.uuid])).content.decode()
            assert "Built a tower." in page
            url = reverse("journal-child-observation", args=[child.uuid, observation.uuid])
            assert client.get(url).status_code == 200
        # ... and not through the other child's journal.
        url = reverse("journal-child-observation", args=[world.other_child.uuid,
                                                         observation.uuid])
        assert world.client_for("parent").get(url).status_code == 404
        # The staff page with every child is for staff.
        assert world.client_for("parent").get(
            reverse("journal-observation", args=[observation.uuid])).status_code == 404

    def test_next_steps_are_per_child_and_each_family_sees_only_their_own(self, world):
        observation = group_observation(world, publish=False)
        services.update_observation(
            world.users["key_person"], observation, observed_on=observation.observed_on,
            text=observation.text, children=[world.child, world.other_child],
            next_steps={world.child.pk: "AVA-STEP: stack five", world.other_child.pk:
                        "OTTO-STEP: count to ten"})
        services.publish_observation(world.users["key_person"], observation)
        ava = world.client_for("parent").get(
            reverse("journal-child-observation", args=[world.child.uuid, observation.uuid]))
        assert "AVA-STEP" in ava.content.decode()
        assert "OTTO-STEP" not in ava.content.decode()
        assert "Otto" not in ava.content.decode()  # nor who else was in it

    def test_html_in_the_text_is_refused_with_a_clear_message(self, world):
        response = _post(world.client_for("key_person"), world,
                         text="Lovely <script>alert(1)</script>")
        assert response.status_code == 200
        assert "HTML or script tags" in response.content.decode()
        assert not Observation.objects.exists()

    def test_text_that_only_looks_like_maths_is_kept_and_escaped(self, world):
        _post(world.client_for("key_person"), world, text="Knows 3 < 4 & loves it <3")
        observation = Observation.objects.get()
        page = world.client_for("parent").get(
            reverse("journal-child-observation", args=[world.child.uuid, observation.uuid]))
        assert "3 &lt; 4 &amp; loves it &lt;3" in page.content.decode()

    def test_publishing_without_any_child_is_refused(self, world):
        response = _post(world.client_for("key_person"), world, children=[])
        assert response.status_code == 200
        assert "Choose at least one child before publishing" in response.content.decode()
        assert not Observation.objects.exists()

    def test_a_child_of_another_setting_cannot_be_tagged(self, world, media_root):
        response = _post(world.client_for("key_person"), world,
                         children=[world.child, world.child_b], files=[photo()])
        assert "Choose only children of this setting" in response.content.decode()
        assert not Observation.objects.exists()
        assert not any(media_root.rglob("*.jpg"))

    def test_a_date_in_the_future_is_refused(self, world):
        tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
        response = _post(world.client_for("key_person"), world, observed_on=tomorrow)
        assert "in the future" in response.content.decode()
        assert not Observation.objects.exists()

    @pytest.mark.parametrize(("data", "name", "message"), [
        (b"%PDF-1.4 not a picture", "notes.pdf", "is not a JPEG, PNG or HEIC photo"),
        (image_bytes()[:200], "broken.jpg", "could not be read"),
        (png_header_claiming(30000, 30000), "bomb.png", "megapixels"),
        (mp4_bytes(brand=b"qt  "), "clip.mov", "QuickTime"),
        (mp4_bytes()[:40], "cut.mp4", "could not be read"),
        (b"", "empty.jpg", "empty"),
    ])
    def test_a_bad_file_is_refused_and_nothing_is_stored(self, world, media_root, data, name,
                                                         message):
        response = _post(world.client_for("key_person"), world,
                         files=[photo("good.jpg"), upload(data, name)])
        assert response.status_code == 200
        content = response.content.decode()
        assert name in content and message in content
        assert not Observation.objects.exists() and not Media.objects.exists()
        assert not any(p.is_file() for p in media_root.rglob("*"))

    def test_an_mp4_video_is_accepted_as_it_is(self, world):
        data = mp4_bytes()
        _post(world.client_for("key_person"), world, files=[upload(data, "clip.mp4",
                                                                   "video/mp4")])
        media = Media.objects.get()
        assert media.kind == "video" and not media.thumbnail
        with media.file.open("rb") as f:
            assert f.read() == data
        response = world.client_for("key_person").get(reverse("journal-media",
                                                              args=[media.uuid]))
        assert response["Content-Type"] == "video/mp4"

    def test_too_many_files_are_refused(self, world):
        response = _post(world.client_for("key_person"), world,
                         files=[photo(f"p{i}.jpg") for i in range(11)])
        assert "at most 10" in response.content.decode()
        assert not Observation.objects.exists()

    def test_families_cannot_post_staff_observations(self, world):
        assert _post(world.client_for("parent"), world).status_code == 403
        assert not Observation.objects.exists()


class TestReview:
    def test_with_review_on_a_practitioner_s_observation_waits_for_a_manager(self, world,
                                                                             sent):
        services.set_journal_settings(world.users["manager"], world.setting_a,
                                      require_review=True)
        with sent():
            _post(world.client_for("key_person"), world)
        observation = Observation.objects.get()
        assert observation.status == Observation.Status.REVIEW
        assert not mail.outbox
        assert world.client_for("parent").get(reverse(
            "journal-child-observation", args=[world.child.uuid, observation.uuid])
        ).status_code == 404
        approve = reverse("journal-observation-approve", args=[observation.uuid])
        assert world.client_for("key_person").post(approve).status_code == 403
        with sent():
            world.client_for("manager").post(approve)
        observation.refresh_from_db()
        assert observation.status == Observation.Status.PUBLISHED
        assert observation.published_by == world.users["manager"]
        assert len(mail.outbox) == 2

    def test_a_manager_s_own_observation_is_published_at_once(self, world):
        JournalSettings.objects.create(setting=world.setting_a, require_review=True)
        _post(world.client_for("manager"), world)
        assert Observation.objects.get().status == Observation.Status.PUBLISHED

    def test_only_a_manager_changes_the_setting(self, world):
        url = reverse("journal-settings")
        assert world.client_for("key_person").post(url, {"require_review": "on"}
                                                   ).status_code == 403
        world.client_for("manager").post(url, {"require_review": "on"})
        assert JournalSettings.of(world.setting_a).require_review


class TestChanging:
    def test_the_author_changes_a_draft_and_children_leave_its_photos_too(self, world):
        observation = group_observation(world, publish=False)
        url = reverse("journal-observation-edit", args=[observation.uuid])
        assert world.client_for("practitioner").get(url).status_code == 403
        response = world.client_for("key_person").post(url, {
            "children": [str(world.child.uuid)], "observed_on": observation.observed_on,
            "text": "Only Ava, in the end.", "action": "draft",
            f"next_step_{world.child.uuid}": "Try a taller tower."})
        assert response.status_code == 302
        observation.refresh_from_db()
        assert observation.text == "Only Ava, in the end."
        assert list(observation.media.get().children_shown.all()) == [world.child]
        assert observation.child_links.get().next_step == "Try a taller tower."

    def test_a_published_observation_is_no_longer_changed(self, world):
        observation = group_observation(world)
        url = reverse("journal-observation-edit", args=[observation.uuid])
        assert world.client_for("key_person").get(url).status_code == 403

    def test_the_key_person_links_areas_and_next_steps_after_publishing(self, world):
        observation = group_observation(world, author="manager")
        url = reverse("journal-observation-annotate", args=[observation.uuid])
        # Perry is neither the author nor anyone's key person here.
        assert world.client_for("practitioner").get(url).status_code == 403
        response = world.client_for("key_person").post(url, {
            "areas": [Area.objects.get(code="CL").pk],
            f"next_step_{world.child.uuid}": "Name the colours.",
            f"next_step_{world.other_child.uuid}": ""})
        assert response.status_code == 302
        assert {a.code for a in observation.areas.all()} == {"CL"}
        assert observation.child_links.get(child=world.child).next_step == "Name the colours."

    def test_a_child_who_has_left_is_not_tagged(self, world):
        world.other_child.leaving_date = timezone.localdate() - timedelta(days=1)
        world.other_child.save()
        response = _post(world.client_for("key_person"), world)
        assert "Choose only children of this setting who are on the roll" in \
            response.content.decode()
