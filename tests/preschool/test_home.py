"""Staff homes lead with what needs the person today, say so when nothing does, and show no
tiles counting nothing."""

import re

from django.urls import reverse

from families.models import RecordChange

ZERO_TILE = re.compile(r'class="tile-count[^"]*">\s*0\s*<')


def _home(world, persona: str) -> str:
    response = world.client_for(persona).get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _change_to_check(world) -> None:
    """A family changed Otto's allergies; the practitioner becomes his key person."""
    from keyperson.models import Assignment

    Assignment.objects.create(setting=world.setting_a, child=world.other_child,
                              staff=world.memberships["practitioner"], kind=Assignment.Kind.KEY,
                              assigned_by=world.users["manager"])
    RecordChange.objects.create(setting=world.setting_a, child=world.other_child,
                                area="allergies",
                                summary="Allergy added", changed_by=world.users["parent"],
                                needs_review=True, changes={"Allergic to": ["", "Egg"]})


def test_it_shows_no_tile_that_counts_nothing(world):
    for persona in ("manager", "key_person", "practitioner"):
        html = _home(world, persona)
        assert not ZERO_TILE.search(html), persona


def test_it_says_when_nothing_needs_the_practitioner_today(world):
    html = _home(world, "practitioner")
    assert "Nothing needs you today" in html
    # What only informs follows: the practitioner's meeting requests (none).
    assert "No meeting requests waiting for you" in html


def test_it_leads_with_what_needs_the_person(world):
    _change_to_check(world)
    html = _home(world, "practitioner")
    assert "Nothing needs you today" not in html
    assert html.index("change to check") < html.index("Register today")


def test_the_manager_home_leads_with_work_and_ends_with_the_setting(world):
    # Ava has a key person but no back-up; Otto has neither.
    html = _home(world, "manager")
    assert "Nothing needs you today" not in html
    assert html.index("Children without a key person") < html.index("Your setting")
    assert html.index("Your setting") < html.index("Audit log</a></h2>")
