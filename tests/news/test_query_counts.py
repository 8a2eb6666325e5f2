"""The news and events pages and home sections keep a constant number of queries."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from events import services as event_services
from news import services
from news.models import Post
from tests.events.factories import event
from tests.news.factories import add_families, post


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _add(world, n):
    """``n`` posts (one with a photo) read and confirmed by Pat, ``n`` families more, and
    ``n`` events Pat answered."""
    parents = add_families(world.setting_a, n, room=world.room)
    for i in range(n):
        made = post(world, title=f"Post {i}", audience=Post.Audience.SETTING,
                    with_photo=i == 0)
        services.mark_read(world.users["parent"], made)
        services.acknowledge(world.users["parent"], made)
        services.mark_read(parents[i], made)
        ev = event(world, title=f"Event {i}", days_ahead=10 + i)
        event_services.answer(world.users["parent"], ev, child=world.child, going=True,
                              adults=1, children=1)


@pytest.fixture
def first_post(world):
    return post(world, title="First", audience=Post.Audience.SETTING, with_photo=True)


@pytest.fixture
def first_event(world):
    return event(world, title="First event")


@pytest.mark.parametrize(("name", "persona"), [
    ("news-list", "manager"), ("news-list", "parent"),
    ("news-detail", "manager"), ("news-detail", "parent"),
    ("events-list", "manager"), ("events-list", "parent"),
    ("events-detail", "manager"), ("events-detail", "parent"),
    ("home", "parent"), ("home", "manager"),
])
def test_pages_keep_a_constant_query_count(world, first_post, first_event, name, persona):
    args = {"news-detail": [first_post.uuid], "events-detail": [first_event.uuid]}.get(name)
    url = reverse(name, args=args)
    client = world.client_for(persona)
    _add(world, 2)
    client.get(url)  # the parent's first visit records a read: count the next ones
    few = _queries(client, url)
    _add(world, 25)
    many = _queries(client, url)
    assert few == many, f"{name} as {persona}: {few} queries with few rows, {many} with many"


def test_the_weekly_context_is_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    from news.weekly import WEEKLY_EMAIL
    from preschool.lib import reminders
    from preschool.models import Reminder

    _add(world, 3)
    reminders.schedule(WEEKLY_EMAIL, object_key="w", recipient_email=world.users["parent"].email,
                       recipient=world.users["parent"], setting=world.setting_a)
    reminder = Reminder.objects.get(kind=WEEKLY_EMAIL)
    with django_assert_max_num_queries(12):
        assert reminders.KINDS[WEEKLY_EMAIL].context(reminder) is not None
