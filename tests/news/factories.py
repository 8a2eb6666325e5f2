"""Helpers for the news tests."""

from news import services
from news.models import Post
from tests.learning_journal.factories import processed_photo


def post(world, *, audience=Post.Audience.FAMILIES, children=None, needs_acknowledgement=True,
         with_photo=False, children_shown=(), **kwargs) -> Post:
    """A published post by the manager; by default to Ava's family, asking to confirm."""
    if children is None and audience == Post.Audience.FAMILIES:
        children = [world.child]
    return services.create_post(
        world.users["manager"], world.setting_a, title=kwargs.pop("title", "Cake sale"),
        body=kwargs.pop("body", "Bring a cake on Friday."), audience=audience,
        children=children or [], needs_acknowledgement=needs_acknowledgement,
        photo=processed_photo() if with_photo else None,
        photo_description="Cakes on a table" if with_photo else "",
        children_shown=children_shown, **kwargs)
