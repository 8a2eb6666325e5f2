"""The inbox, the navigation's count and a conversation keep a constant number of queries,
whether there is one conversation or a thousand."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from messaging.models import Conversation
from tests.messaging.factories import add_conversations, reply


def _queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def _add(world, n):
    add_conversations(world.setting_a, world.room, world.memberships["key_person"],
                      world.users["parent"], n)


@pytest.mark.parametrize("persona", ["key_person", "manager", "parent"])
def test_the_inbox_of_a_thousand_conversations_keeps_its_query_count(world, persona):
    client = world.client_for(persona)
    url = reverse("messaging-inbox")
    _add(world, 1)
    few, _ = _queries(client, url)
    _add(world, 999)
    many, page = _queries(client, url)
    assert few == many, f"{persona}: {few} queries with one conversation, {many} with 1,000"
    assert "Page 1 of 40" in page
    if persona == "parent":  # the key person's reply is the last message of each
        assert 'Messages</span> <span class="badge rounded-pill text-bg-light">1000<' in page
    print(f"{persona}: {many} queries")
    assert many <= 12


def test_the_unread_filter_keeps_its_query_count(world):
    client = world.client_for("parent")
    url = reverse("messaging-inbox") + "?show=unread"
    _add(world, 2)
    few, _ = _queries(client, url)
    _add(world, 200)
    many, _ = _queries(client, url)
    assert few == many


def test_a_long_conversation_keeps_its_query_count(world):
    _add(world, 1)
    conversation = Conversation.objects.get()
    client = world.client_for("parent")
    few, _ = _queries(client, conversation.get_absolute_url())
    for i in range(30):
        reply(world, conversation, text=f"Reply {i}")
    many, page = _queries(client, conversation.get_absolute_url())
    assert few == many and "Reply 29" in page


def test_a_poll_is_cheap_and_keeps_its_query_count(world):
    """An open conversation asks every few seconds: as every request, the session and the
    person; then the conversation with its access check, the new messages, who has seen."""
    _add(world, 1)
    conversation = Conversation.objects.get()
    client = world.client_for("key_person")
    url = reverse("messaging-poll", args=[conversation.uuid])
    after = {"after": conversation.last_message_at.isoformat()}
    with CaptureQueriesContext(connection) as quiet:
        assert client.get(url, after).status_code == 200
    for i in range(30):
        reply(world, conversation, persona="parent", text=f"Reply {i}")
    client.get(url, after)  # the 30 new messages, read
    latest = Conversation.objects.get().last_message_at.isoformat()
    with CaptureQueriesContext(connection) as again:
        assert client.get(url, {"after": latest}).status_code == 200
    # 4 for the session, the person, their memberships and second factor; 3 to save the
    # session (its idle timeout); 3 of its own.
    assert len(quiet.captured_queries) == len(again.captured_queries) == 10
