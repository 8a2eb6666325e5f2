"""Extension points through which each app adds to the shared pages.

- Home sections: ``register_home_section(func)``; ``func(request)`` returns a list of
  ``HomeSection`` (a template, its context, and whether it needs the person today) for the
  person's home page, or ``[]``. Each provider must run a constant number of queries.
- Navigation: ``register_nav(func)``; ``func(membership)`` returns ``(label, url)`` items,
  asked by the navigation context processor.
- Invitations: ``register_invitation_accepted(func)``; ``func(invitation, user)`` runs inside
  the transaction that accepts an invitation (families link the new account to the child).

Apps register in their ``AppConfig.ready()``. Plain function lists, called in order; no
signals.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class HomeSection:
    template: str
    context: dict = field(default_factory=dict)
    order: int = 50
    # Something in the section needs the person today: a count above zero, an alert, a list
    # of things to do. Staff homes lead with these and say "Nothing needs you today" when
    # there are none; a section that only informs (today's register, the key children)
    # says False and follows them.
    needs_attention: bool = True


HOME_SECTIONS: list[Callable] = []
NAV_ITEMS: list[Callable] = []
INVITATION_ACCEPTED: list[Callable] = []


def register_home_section(func: Callable) -> Callable:
    if func not in HOME_SECTIONS:
        HOME_SECTIONS.append(func)
    return func


def register_nav(func: Callable) -> Callable:
    if func not in NAV_ITEMS:
        NAV_ITEMS.append(func)
    return func


def home_sections(request) -> list[HomeSection]:
    sections = [s for provider in HOME_SECTIONS for s in provider(request)]
    return sorted(sections, key=lambda s: s.order)


def nav_items(membership) -> list[tuple[str, str]]:
    return [item for provider in NAV_ITEMS for item in provider(membership)]


def register_invitation_accepted(func: Callable) -> Callable:
    if func not in INVITATION_ACCEPTED:
        INVITATION_ACCEPTED.append(func)
    return func
