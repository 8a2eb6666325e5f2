"""What a family notices: the child's name, the leaving message, the adults' roles, the home's
buttons."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from families.models import Child, ChildAdult


@pytest.fixture
def avie(world):
    """Ava, registered as Ava and known as Avie."""
    Child.objects.filter(pk=world.child.pk).update(preferred_name="Avie")
    world.child.refresh_from_db()
    return world.child


class TestOneDisplayName:
    def test_it_names_the_child_by_the_name_they_are_known_by(self, avie):
        assert avie.full_name == "Avie Parentchild"
        assert str(avie) == "Avie Parentchild"
        assert avie.legal_name == "Ava Parentchild"

    @pytest.mark.parametrize("url_name", ["child-detail", "journal-child", "consents-child",
                                          "keyperson-child"])
    @pytest.mark.parametrize("persona", ["parent", "key_person", "manager"])
    def test_it_uses_the_known_name_on_every_page(self, world, avie, url_name, persona):
        page = world.client_for(persona).get(reverse(url_name, args=[avie.uuid]))
        assert page.status_code == 200
        html = page.content.decode()
        assert "Avie" in html
        # The registered name appears once, labelled, on the child record only.
        registered = html.count("Ava Parentchild")
        if url_name == "child-detail":
            assert registered == 1 and "Registered name: Ava Parentchild" in html
        else:
            assert registered == 0

    @pytest.mark.parametrize("url_name", ["journal-home", "journal-observation-new"])
    def test_it_uses_the_known_name_on_staff_lists(self, world, avie, url_name):
        html = world.client_for("key_person").get(reverse(url_name)).content.decode()
        assert "Avie Parentchild" in html
        assert "Ava Parentchild" not in html


class TestMarkingAsLeaving:
    def _leave(self, world, on: date) -> str:
        response = world.client_for("manager").post(
            reverse("child-leave", args=[world.child.uuid]),
            {"leaving_date": on.isoformat()}, follow=True)
        return response.content.decode()

    def test_it_says_the_record_stays_open_until_a_future_leaving_date(self, world):
        html = self._leave(world, date.today() + timedelta(days=30))
        assert "will leave on" in html
        assert "can still be changed" in html
        assert "can no longer be changed" not in html
        world.child.refresh_from_db()
        assert not world.child.has_left

    def test_it_says_the_record_is_read_only_once_the_child_has_left(self, world):
        html = self._leave(world, date.today())
        assert "has left" in html
        assert "can no longer be changed" in html


class TestAdultsRolesShownToFamilies:
    @pytest.fixture
    def grandmother(self, world):
        return ChildAdult.objects.create(
            child=world.child, name="Gran Grandmother", relationship="Grandmother",
            is_emergency_contact=True, may_receive_information=False,
            has_parental_responsibility=False, lives_with_child=False)

    def test_it_shows_the_family_a_neutral_description(self, world, grandmother):
        html = world.client_for("parent").get(world.child.get_absolute_url()).content.decode()
        assert "Gran Grandmother" in html
        assert "No information to be shared" not in html
        assert "text-bg-warning" not in html
        assert "Not sent updates about Ava" in html
        assert "Emergency contact" in html

    def test_it_keeps_the_warning_for_staff(self, world, grandmother):
        html = world.client_for("key_person").get(world.child.get_absolute_url()).content.decode()
        assert "No information to be shared" in html


class TestParentHomeButtons:
    def test_the_key_person_buttons_look_like_buttons_that_work(self, world):
        html = world.client_for("parent").get(reverse("home")).content.decode()
        for url in (reverse("keyperson-settling-in", args=[world.child.uuid]),
                    reverse("keyperson-meeting-request", args=[world.child.uuid])):
            tag = html[:html.index(f'href="{url}"')].rsplit("<a ", 1)[1]
            assert "btn-outline-primary" in tag
            assert "btn-outline-secondary" not in tag
