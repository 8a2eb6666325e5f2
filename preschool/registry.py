"""Extension points through which each app adds to the shared pages.

- Home sections: ``register_home_section(func)``; ``func(request)`` returns a list of
  ``HomeSection`` (a template, its context, and whether it needs the person today) for the
  person's home page, or ``[]``. Each provider must run a constant number of queries.
- Navigation: ``register_nav(func)``; ``func(membership)`` returns ``(label, url)`` items,
  asked by the navigation context processor. ``register_manage_nav(func)`` likewise, for the
  managers' "Manage" menu (the setting's running: people, the audit log, news, questionnaires),
  so that a manager's bar keeps to one line of a laptop.
- The account menu (under the person's name): ``register_account_menu(func)``;
  ``func(user)`` returns ``(label, url)`` items for a signed-in person (push: "Notifications on
  this device").
- Home page context: ``register_home_context(func)``; ``func(request)`` returns a dict added to
  the context of the person's home page (families: the children on roll, or the family's own).
- A child's page: ``register_child_section(func)``; ``func(request, child)`` returns a list of
  ``HomeSection`` for the child's page (the person may see the child: ``access_child``). Those
  ordered below 50 open the page's first column; the others follow the record.
- Invitations: ``register_invitation_accepted(func)``; ``func(invitation, user)`` runs inside
  the transaction that accepts an invitation (families link the new account to the child).
- Leaving: ``register_membership_ended(func)``; ``func(membership)`` runs inside the
  transaction that ends a membership (keyperson ends the person's assignments).
- Pausing: ``register_membership_paused(func)``; ``func(membership)`` runs inside the
  transaction in which the bulk-access alarm pauses a membership (offline deletes the
  person's device keys, so what their tablets keep can no longer be read).
- Looks at records: ``register_looks_written(func)``; ``func(request, looks)`` runs after
  ``families.looks.RecordViewsMiddleware`` has written a request's looks (the privacy app's
  bulk-access alarm queues a check of the person). It must stay cheap: it runs on every page
  that shows a sensitive record.

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
HOME_CONTEXT: list[Callable] = []
CHILD_SECTIONS: list[Callable] = []
NAV_ITEMS: list[Callable] = []
MANAGE_NAV_ITEMS: list[Callable] = []
ACCOUNT_MENU: list[Callable] = []
INVITATION_ACCEPTED: list[Callable] = []
MEMBERSHIP_ENDED: list[Callable] = []
MEMBERSHIP_PAUSED: list[Callable] = []
LOOKS_WRITTEN: list[Callable] = []


def register_home_section(func: Callable) -> Callable:
    if func not in HOME_SECTIONS:
        HOME_SECTIONS.append(func)
    return func


def register_home_context(func: Callable) -> Callable:
    if func not in HOME_CONTEXT:
        HOME_CONTEXT.append(func)
    return func


def register_child_section(func: Callable) -> Callable:
    if func not in CHILD_SECTIONS:
        CHILD_SECTIONS.append(func)
    return func


def register_nav(func: Callable) -> Callable:
    if func not in NAV_ITEMS:
        NAV_ITEMS.append(func)
    return func


def register_account_menu(func: Callable) -> Callable:
    if func not in ACCOUNT_MENU:
        ACCOUNT_MENU.append(func)
    return func


def home_sections(request) -> list[HomeSection]:
    sections = [s for provider in HOME_SECTIONS for s in provider(request)]
    return sorted(sections, key=lambda s: s.order)


def home_context(request) -> dict:
    return {key: value for provider in HOME_CONTEXT for key, value in provider(request).items()}


def child_sections(request, child) -> tuple[list[HomeSection], list[HomeSection]]:
    """The sections of a child's page: those that open its first column, then the others."""
    sections = sorted((s for provider in CHILD_SECTIONS for s in provider(request, child)),
                      key=lambda s: s.order)
    return [s for s in sections if s.order < 50], [s for s in sections if s.order >= 50]


def nav_items(membership) -> list[tuple[str, str]]:
    return [item for provider in NAV_ITEMS for item in provider(membership)]


def register_manage_nav(func: Callable) -> Callable:
    if func not in MANAGE_NAV_ITEMS:
        MANAGE_NAV_ITEMS.append(func)
    return func


def manage_nav_items(membership) -> list[tuple[str, str]]:
    return [item for provider in MANAGE_NAV_ITEMS for item in provider(membership)]


def account_menu_items(user) -> list[tuple[str, str]]:
    return [item for provider in ACCOUNT_MENU for item in provider(user)]


def register_invitation_accepted(func: Callable) -> Callable:
    if func not in INVITATION_ACCEPTED:
        INVITATION_ACCEPTED.append(func)
    return func


def register_membership_ended(func: Callable) -> Callable:
    if func not in MEMBERSHIP_ENDED:
        MEMBERSHIP_ENDED.append(func)
    return func


def register_membership_paused(func: Callable) -> Callable:
    if func not in MEMBERSHIP_PAUSED:
        MEMBERSHIP_PAUSED.append(func)
    return func


def register_looks_written(func: Callable) -> Callable:
    if func not in LOOKS_WRITTEN:
        LOOKS_WRITTEN.append(func)
    return func


def looks_written(request, looks: list) -> None:
    for func in LOOKS_WRITTEN:
        func(request, looks)
