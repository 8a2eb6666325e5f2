"""Who has looked at a child's record: what managers and the child's family are shown.

Kim (Ava's key person), Perry (a practitioner) and Mona (the manager) look at Ava's record;
Pat (Ava's mother) sees their roles and when, their names only if the setting chooses, and
never what families are not told of (a restriction, a safeguarding flag, a complaint).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from families.looks import record_looks
from families.models import RecordView
from preschool.models import Role
from privacy.models import PrivacyOptions
from tests.factories import ChildAdultFactory, ChildFactory, MembershipFactory, UserFactory

What = RecordView.What


def look(world, persona, what=What.RECORD, child=None, role=None):
    membership = world.memberships[persona]
    record_looks(world.users[persona], world.setting_a, role or membership.role,
                 [child or world.child], what)


def page(world, persona, name="privacy-looks-child", query="", status=200, **kwargs):
    url = reverse(name, kwargs=kwargs or ({"child_uuid": world.child.uuid}
                                          if name == "privacy-looks-child" else None))
    response = world.client_for(persona).get(url + query)
    assert response.status_code == status
    return response.content.decode()


def test_the_manager_sees_names_roles_and_what(world):
    look(world, "key_person", What.HEALTH)
    look(world, "practitioner", What.MEDICATION)
    html = page(world, "manager")
    assert "Kim Keyperson" in html and "Perry Practitioner" in html
    assert "Health and allergies" in html and "Medication" in html


def test_the_manager_filters_by_what(world):
    look(world, "key_person", What.HEALTH)
    look(world, "practitioner", What.MEDICATION)
    html = page(world, "manager", query="?what=health")
    assert "Kim Keyperson" in html and "Perry Practitioner" not in html


def test_the_family_sees_roles_not_names(world):
    look(world, "key_person", What.HEALTH)
    look(world, "practitioner", What.RECORD)
    look(world, "manager", What.ACCIDENT)
    html = page(world, "parent")
    assert "Key person" in html and "Practitioner" in html and "Manager" in html
    for name in ("Kim Keyperson", "Perry Practitioner", "Mona Manager"):
        assert name not in html


def test_the_family_sees_names_when_the_setting_chooses(world):
    PrivacyOptions.objects.create(setting=world.setting_a, show_staff_names_to_families=True)
    look(world, "key_person", What.HEALTH)
    html = page(world, "parent")
    assert "Kim Keyperson (Key person)" in html


def test_the_family_is_never_told_of_restrictions_safeguarding_or_complaints(world):
    for what in (What.RESTRICTION, What.SAFEGUARDING, What.COMPLAINT):
        look(world, "manager", what)
    html = page(world, "parent")
    assert "Nobody has looked yet." in html
    for label in ("Restrictions on contact", "Safeguarding", "Complaint"):
        assert label not in html.split("<table", 1)[1]
    # Nor by asking for them by name: the filter does not know them.
    html = page(world, "parent", query="?what=restriction")
    assert "Restrictions on contact" not in html.split("<table", 1)[1]
    assert "Nobody has looked yet." in html


def test_the_familys_own_looks_are_you_and_a_parent_or_carer(world):
    other_mum = UserFactory(full_name="Morgan Secondparent")
    MembershipFactory(user=other_mum, setting=world.setting_a, role=Role.PARENT)
    ChildAdultFactory(child=world.child, user=other_mum, relationship="Stepmother")
    look(world, "parent")
    record_looks(other_mum, world.setting_a, Role.PARENT, [world.child], What.RECORD)
    html = page(world, "parent")
    assert "You" in html and "A parent or carer" in html
    assert "Morgan Secondparent" not in html and "Pat Parent" not in html.split("<table", 1)[1]


def test_another_familys_looks_are_never_shown(world):
    look(world, "other_parent", What.RECORD, child=world.other_child)
    html = page(world, "parent")
    assert "Olly Otherparent" not in html and "A parent or carer" not in html
    assert "Olly Otherparent" not in page(world, "other_parent", child_uuid=world.other_child.uuid)


def test_other_staff_may_not_see_the_log(world):
    page(world, "practitioner", status=403)
    page(world, "key_person", status=403)


def test_the_childs_page_shows_managers_the_latest_looks(world):
    look(world, "key_person", What.HEALTH)
    html = world.client_for("manager").get(world.child.get_absolute_url()).content.decode()
    assert "Who has looked at this record" in html and "Kim Keyperson" in html
    assert reverse("privacy-looks-child", args=[world.child.uuid]) in html


def test_the_childs_page_links_the_family_to_who_looked(world):
    look(world, "key_person", What.HEALTH)
    html = world.client_for("parent").get(world.child.get_absolute_url()).content.decode()
    assert reverse("privacy-looks-child", args=[world.child.uuid]) in html
    assert "Kim Keyperson" not in html.split('id="h-who-looked"', 1)[1]


def test_practitioners_see_no_who_looked_section(world):
    html = world.client_for("practitioner").get(world.child.get_absolute_url()).content.decode()
    assert 'id="h-who-looked"' not in html


def test_the_setting_page_filters_by_person_child_what_and_date(world):
    look(world, "key_person", What.HEALTH)
    look(world, "practitioner", What.MEDICATION, child=world.other_child)
    html = page(world, "manager", "privacy-looks")
    assert "Kim Keyperson" in html and "Perry Practitioner" in html
    html = page(world, "manager", "privacy-looks", "?person=perry")
    assert "Kim Keyperson" not in html and "Otto" in html
    html = page(world, "manager", "privacy-looks", "?child=ava")
    assert "Perry Practitioner" not in html and "Kim Keyperson" in html
    html = page(world, "manager", "privacy-looks", "?what=medication")
    assert "Kim Keyperson" not in html and "Perry Practitioner" in html
    tomorrow = timezone.localdate() + timedelta(days=1)
    html = page(world, "manager", "privacy-looks", f"?date_from={tomorrow}")
    assert "Nothing recorded for this filter." in html
    html = page(world, "manager", "privacy-looks", f"?date_from={tomorrow}&date_to=2020-01-01")
    assert "The start date is after the end date." in html


def test_the_setting_page_shows_only_this_settings_looks(world):
    look(world, "key_person", What.HEALTH)
    assert "Kim Keyperson" not in page(world, "other_setting", "privacy-looks")


def test_the_manage_menu_links_the_setting_page(world):
    html = world.client_for("manager").get(reverse("home")).content.decode()
    assert reverse("privacy-looks") in html
    html = world.client_for("key_person").get(reverse("home")).content.decode()
    assert reverse("privacy-looks") not in html


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add_looks(world, n):
    for _ in range(n):
        child = ChildFactory(setting=world.setting_a, room=world.room)
        staff = UserFactory()
        MembershipFactory(user=staff, setting=world.setting_a, role=Role.PRACTITIONER)
        for what in (What.RECORD, What.HEALTH):
            record_looks(staff, world.setting_a, Role.PRACTITIONER, [world.child, child], what)


@pytest.mark.parametrize(("persona", "name"), [
    ("manager", "privacy-looks-child"), ("parent", "privacy-looks-child"),
    ("manager", "privacy-looks"), ("manager", "child-detail"),
])
def test_the_pages_keep_a_constant_query_count(world, persona, name):
    PrivacyOptions.objects.create(setting=world.setting_a, show_staff_names_to_families=True)
    client = world.client_for(persona)
    url = reverse(name, args=[world.child.uuid] if name != "privacy-looks" else [])
    _add_looks(world, 1)
    few = _queries(client, url)
    _add_looks(world, 30)  # more than a page
    many = _queries(client, url)
    assert few == many, f"{name}: {few} queries with few looks, {many} with many"


def test_the_childs_page_writes_its_looks_in_one_query(world, settings):
    """Logging the looks costs the child's page exactly one query (one INSERT)."""
    url = world.child.get_absolute_url()
    client = world.client_for("manager")
    client.get(url)  # warm the session and caches alike for both counts
    with_looks = _queries(client, url)
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE
                           if m != "families.looks.RecordViewsMiddleware"]
    client = world.client_for("manager")  # a client loads the middleware once
    client.get(url)
    without = _queries(client, url)
    assert with_looks == without + 1
