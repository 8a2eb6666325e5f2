"""Whether a notification may still go beyond the portal, asked by the app whose page it links
to, just before its email, digest line or push is sent.

A notification is made for those who may hear of it then; its email may go minutes or a day
later (the batching window, quiet hours, digests). The centre checks the child
(``families.access.who_may_hear``) or the membership again itself; an app whose page can close
to a person for other reasons meanwhile (a post withdrawn, a restriction recorded on a child in
a post's audience) registers a check by the page's URL name from its ``AppConfig.ready()``:
``register_check("news-detail", check)``, where ``check(notification, **url_kwargs)`` returns
whether the recipient may still see the page. A page with no check registered is kept.
"""

from collections.abc import Callable

from django.urls import Resolver404, resolve

CHECKS: dict[str, Callable[..., bool]] = {}


def register_check(url_name: str, check: Callable[..., bool]) -> None:
    CHECKS[url_name] = check


def still_shown(notification) -> bool:
    """Whether the page ``notification`` links to may still be shown to its recipient."""
    try:
        match = resolve(notification.url.split("#", 1)[0].split("?", 1)[0])
    except Resolver404:
        return True
    check = CHECKS.get(match.url_name or "")
    return True if check is None else check(notification, **match.kwargs)
