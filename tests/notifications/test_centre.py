"""The bell, the list, opening a notification, marking all read, and the preferences pages."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_scopes import scope

from notifications.models import Category, Channel, Notification, Preference, QuietHours
from notifications.services import is_local_path, notify


def tell(world, user, n=1, category=Category.CONSENT, url="/consents/"):
    with scope(setting=world.setting_a):
        for i in range(n):
            notify(setting=world.setting_a, recipients=[user], category=category,
                   title=f"Consent forms to answer {i}", url=url, child=world.child)


def test_it_opens_a_notification_marks_it_read_and_goes_to_its_page(world):
    tell(world, world.users["parent"])
    n = Notification.objects.get()
    response = world.client_for("parent").get(reverse("notifications-open", args=[n.uuid]))
    assert response.status_code == 302 and response["Location"] == "/consents/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_another_persons_notification_is_404(world):
    tell(world, world.users["parent"])
    n = Notification.objects.get()
    for persona in ("other_parent", "manager", "other_setting"):
        response = world.client_for(persona).get(reverse("notifications-open", args=[n.uuid]))
        assert response.status_code == 404
    assert Notification.objects.get().read_at is None


@pytest.mark.parametrize("url", ["https://evil.example/", "//evil.example/", "/\\evil.example",
                                 "javascript:alert(1)", "evil"])
def test_a_notification_links_only_to_a_path_of_the_portal(world, url):
    assert not is_local_path(url)
    with pytest.raises(ValueError):
        tell(world, world.users["parent"], url=url)


def test_the_list_is_newest_first_and_mark_all_read_empties_the_bell(world):
    tell(world, world.users["parent"], n=3)
    client = world.client_for("parent")
    page = client.get(reverse("notifications-list")).content.decode()
    assert page.index("answer 2") < page.index("answer 0")
    assert "3 unread" in page
    response = client.post(reverse("notifications-read-all"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and 'hx-swap-oob="true"' in response.content.decode()
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert "unread" not in client.get(reverse("notifications-list")).content.decode()


def test_the_list_runs_the_same_queries_with_many_rows(world, django_assert_num_queries):
    client = world.client_for("parent")
    tell(world, world.users["parent"], n=2)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("notifications-list"))
    tell(world, world.users["parent"], n=80)
    with django_assert_num_queries(len(few.captured_queries)):
        assert client.get(reverse("notifications-list")).status_code == 200


def test_the_bell_costs_one_query_on_a_page(world, settings):
    client = world.client_for("parent")
    tell(world, world.users["parent"], n=5)
    with CaptureQueriesContext(connection) as with_bell:
        assert b"5 unread" in client.get(reverse("profile")).content
    processors = settings.TEMPLATES[0]["OPTIONS"]["context_processors"]
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {
        **settings.TEMPLATES[0]["OPTIONS"],
        "context_processors": [p for p in processors if "bell" not in p]}}]
    with CaptureQueriesContext(connection) as without:
        client.get(reverse("profile"))
    assert len(with_bell.captured_queries) - len(without.captured_queries) == 1


def test_needs_your_action_on_the_home_page_until_it_is_done(world):
    tell(world, world.users["parent"])
    client = world.client_for("parent")
    assert "Needs your action" in client.get(reverse("home")).content.decode()
    Notification.objects.update(read_at="2026-11-01T10:00Z")
    assert "Needs your action" not in client.get(reverse("home")).content.decode()


def test_a_person_chooses_their_channels_and_quiet_hours(world):
    client = world.client_for("parent")
    data = {f"c-{c}": Channel.EMAIL for c in Category.values}
    data |= {"c-post": Channel.WEEKLY, "q-enabled": "on", "q-starts": "20:00", "q-ends": "06:30"}
    response = client.post(reverse("notifications-preferences"), data)
    assert response.status_code == 302
    assert Preference.objects.get(user=world.users["parent"], category="post").channel == "weekly"
    assert str(world.users["parent"].quiet_hours) == "20:00-06:30"


def test_safeguarding_cannot_be_turned_off_and_nothing_is_saved(world):
    client = world.client_for("manager")
    data = {f"c-{c}": Channel.EMAIL for c in Category.values} | {"c-safeguarding": "off"}
    response = client.post(reverse("notifications-preferences"), data)
    assert response.status_code == 200
    assert "cannot be turned off" in response.content.decode()
    assert not Preference.objects.exists()


def test_managers_set_the_settings_defaults_and_others_may_not(world):
    data = dict.fromkeys(Category.values, Channel.EMAIL) | {"post": Channel.PORTAL}
    assert world.client_for("parent").post(reverse("notifications-defaults"),
                                           data).status_code == 403
    response = world.client_for("manager").post(reverse("notifications-defaults"), data)
    assert response.status_code == 302
    default = Preference.objects.get(user__isnull=True, category="post")
    assert default.channel == "portal" and default.setting == world.setting_a


def test_quiet_hours_that_start_and_end_together_are_refused_and_nothing_is_saved(world):
    data = {f"c-{c}": Channel.EMAIL for c in Category.values}
    data |= {"q-enabled": "on", "q-starts": "20:00", "q-ends": "20:00"}
    response = world.client_for("parent").post(reverse("notifications-preferences"), data)
    assert response.status_code == 200
    assert "must start and end at different times" in response.content.decode()
    assert not Preference.objects.exists()
    assert not QuietHours.objects.exists()


def test_staff_see_their_working_hours_rather_than_quiet_hours(world):
    page = world.client_for("key_person").get(reverse("notifications-preferences"))
    html = page.content.decode()
    assert "outside your working hours (Mon, Tue, Wed, Thu, Fri, 08:00 to 18:00)" in html
    assert 'name="q-starts"' not in html


def test_it_shows_nothing_more_of_a_child_to_a_person_restricted_since(world):
    """A court order recorded after Pat was told of Ava: the centre no longer shows Pat what
    it told of her (the bell, the list, "Needs your action", opening one), as the emails
    and pushes no longer carry it; what concerns the whole setting still shows."""
    from families.models import ChildAdult

    tell(world, world.users["parent"])
    with scope(setting=world.setting_a):
        notify(setting=world.setting_a, recipients=[world.users["parent"]],
               category=Category.EVENT, title="New event: Sports day", url="/events/")
    about_ava = Notification.objects.get(child=world.child)
    client = world.client_for("parent")
    assert "Consent forms to answer 0" in client.get(reverse("home")).content.decode()
    ChildAdult.objects.filter(child=world.child, user=world.users["parent"]).update(
        restriction="Court order: no information about the child.")
    listed = client.get(reverse("notifications-list")).content.decode()
    assert "Sports day" in listed and "Consent forms to answer" not in listed
    assert "1 unread" in listed
    assert "Consent forms to answer" not in client.get(reverse("home")).content.decode()
    opened = client.get(reverse("notifications-open", args=[about_ava.uuid]))
    assert opened.status_code == 404
    # Staff still see theirs about Ava.
    tell(world, world.users["key_person"])
    staff_list = world.client_for("key_person").get(reverse("notifications-list"))
    assert "Consent forms to answer 0" in staff_list.content.decode()
