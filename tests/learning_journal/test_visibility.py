"""Photo consent: the one rule (learning_journal.visibility), used by the journal page, the
media view and the keepsake. Kim posts a group observation of Ava and Otto with a photo."""

import pytest
from django.urls import reverse

from learning_journal import services
from learning_journal.models import Media
from learning_journal.visibility import visible_media
from tests.factories import ChildAdultFactory, ChildFactory, MembershipFactory
from tests.learning_journal.factories import group_observation, photo_consents


def _media_url(media, thumb=False):
    return reverse("journal-media-thumbnail" if thumb else "journal-media", args=[media.uuid])


def _sees(world, persona, media) -> bool:
    response = world.client_for(persona).get(_media_url(media))
    assert response.status_code in (200, 404), response.status_code
    return response.status_code == 200


class TestTheRule:
    def test_staff_see_every_photo(self, world):
        observation = group_observation(world)
        media = observation.media.get()
        for persona in ("manager", "key_person", "practitioner"):
            assert visible_media(observation, world.users[persona]) == [media]
            assert _sees(world, persona, media)

    def test_with_every_consent_both_families_see_the_photo(self, world):
        photo_consents(world, world.child)
        photo_consents(world, world.other_child)
        media = group_observation(world).media.get()
        assert _sees(world, "parent", media)
        assert _sees(world, "other_parent", media)

    def test_without_otto_s_consent_ava_s_family_does_not_see_it_but_otto_s_does(self, world):
        photo_consents(world, world.child)
        photo_consents(world, world.other_child, others=False)
        observation = group_observation(world)
        media = observation.media.get()
        assert not _sees(world, "parent", media)
        assert _sees(world, "other_parent", media)
        # Pat still sees the observation, without the photo.
        page = world.client_for("parent").get(reverse("journal-child", args=[world.child.uuid]))
        assert "Built a tower." in page.content.decode()
        assert str(media.uuid) not in page.content.decode()

    def test_a_photo_needs_consent_to_photos_in_the_journal(self, world):
        photo_consents(world, world.child, journal=False)
        photo_consents(world, world.other_child)
        media = group_observation(world).media.get()
        assert not _sees(world, "parent", media)  # Ava's own family said no journal photos
        assert not _sees(world, "other_parent", media)

    def test_a_withdrawal_takes_effect_at_once(self, world):
        photo_consents(world, world.child)
        photo_consents(world, world.other_child)
        media = group_observation(world).media.get()
        assert _sees(world, "other_parent", media)
        photo_consents(world, world.child, others=False)
        assert not _sees(world, "other_parent", media)
        assert _sees(world, "parent", media)

    def test_a_looked_after_child_s_photo_is_never_shown_to_other_families(self, world):
        photo_consents(world, world.child)
        photo_consents(world, world.other_child)
        world.other_child.is_looked_after = True
        world.other_child.save()
        media = group_observation(world).media.get()
        assert not _sees(world, "parent", media)
        assert _sees(world, "other_parent", media)  # Otto's own carers do

    def test_staff_say_who_is_in_the_photo(self, world):
        photo_consents(world, world.child)
        photo_consents(world, world.other_child, others=False)
        media = group_observation(world).media.get()
        assert not _sees(world, "parent", media)
        # Otto is not in this photo after all: Ava's family may see it.
        services.set_media_children(world.users["key_person"], media, [world.child])
        assert _sees(world, "parent", media)
        assert _sees(world, "other_parent", media)  # and Ava has consent for other families

    def test_only_children_of_the_observation_can_be_in_its_photo(self, world):
        from preschool.services import ServiceError

        media = group_observation(world, children=[world.child]).media.get()
        with pytest.raises(ServiceError):
            services.set_media_children(world.users["key_person"], media, [world.other_child])

    def test_siblings_photos_count_as_the_family_s_own(self, world):
        photo_consents(world, world.child)
        photo_consents(world, world.other_child, others=False)
        ChildAdultFactory(child=world.other_child, user=world.users["parent"])
        media = group_observation(world).media.get()
        assert _sees(world, "parent", media)  # Otto is Pat's child too

    def test_a_family_s_own_wow_moment_photo_needs_no_consent(self, world):
        from tests.learning_journal.factories import processed_photo

        observation = services.add_wow_moment(
            world.users["parent"], world.child, observed_on=world.child.date_of_birth,
            text="Rode a bike!", media=[processed_photo()])
        media = observation.media.get()
        assert _sees(world, "parent", media)
        assert not _sees(world, "other_parent", media)


class TestTheMediaView:
    @pytest.mark.parametrize("persona", ["carer_no_info", "other_setting", "superuser"])
    def test_a_copied_address_answers_404_to_anyone_who_may_not_see_it(self, world, persona):
        photo_consents(world, world.child)
        photo_consents(world, world.other_child)
        media = group_observation(world).media.get()
        for thumb in (False, True):
            assert world.client_for(persona).get(_media_url(media, thumb)).status_code == 404

    def test_a_draft_s_photos_are_for_staff_only(self, world):
        photo_consents(world, world.child)
        photo_consents(world, world.other_child)
        media = group_observation(world, publish=False).media.get()
        assert _sees(world, "practitioner", media)
        assert not _sees(world, "parent", media)

    def test_a_family_not_in_the_observation_sees_nothing(self, world):
        photo_consents(world, world.child)
        media = group_observation(world, children=[world.child]).media.get()
        assert not _sees(world, "other_parent", media)

    def test_a_removed_photo_is_gone_for_everyone(self, world):
        photo_consents(world, world.child)
        media = group_observation(world, children=[world.child]).media.get()
        services.remove_media(world.users["key_person"], media)
        assert not _sees(world, "key_person", media)
        assert not _sees(world, "parent", media)
        assert Media.objects.filter(pk=media.pk).exists()  # the record stays

    def test_the_response_is_private_and_a_jpeg(self, world):
        media = group_observation(world).media.get()
        response = world.client_for("key_person").get(_media_url(media))
        assert response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"]
        assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"

    def test_another_setting_s_staff_get_404(self, world):
        media = group_observation(world).media.get()
        other_staff = MembershipFactory(setting=world.setting_b, role="practitioner").user
        from tests.factories import enrol_totp

        enrol_totp(other_staff)
        client = world.client_for("anonymous")
        client.force_login(other_staff)
        assert client.get(_media_url(media)).status_code == 404


def test_the_rule_runs_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from learning_journal.visibility import visible_media_map

    photo_consents(world, world.child)
    observations = [group_observation(world, children=[world.child], photos=1)]
    viewer = world.users["parent"]
    with CaptureQueriesContext(connection) as few:
        visible_media_map(observations, viewer)
    for _ in range(10):
        kid = ChildFactory(setting=world.setting_a, room=world.room)
        photo_consents(world, kid)
        observations.append(group_observation(world, children=[world.child, kid], photos=2))
    viewer = type(viewer).objects.get(pk=viewer.pk)
    with CaptureQueriesContext(connection) as many:
        result = visible_media_map(observations, viewer)
    assert len(few) == len(many)
    assert sum(len(v) for v in result.values()) == 21
