"""Tenancy by construction: a setting's rows are read only inside that setting's scope.

Every model that belongs to one setting takes ``objects = setting_scoped(TheQuerySet)``.
Inside ``scope(setting=...)`` its queries are filtered to that setting without being asked;
outside any scope they raise ``ScopeError``, so a query that forgot its setting fails loudly
instead of showing another setting's children (a QuerySet method of the model's own, such as
``Child.objects.current()``, fails even sooner, with an AttributeError on django-scopes'
``DisabledQuerySet``). ``TenancyMiddleware`` opens the request's scope; tasks, commands and
the admin open theirs (django-scopes, used as pretix uses it).

``AuditEvent`` is scoped like the rest: its lines name children and staff. It is written
with ``create()``, which django-scopes allows anywhere, so a task can log outside a scope;
a line with no setting (a person's own account) is read only in the admin.

Not scoped, on purpose: ``Setting`` itself; ``Membership`` (read across settings to choose
the request's setting and to list the switcher before any scope exists); ``Invitation``
(accepted by someone who is not yet a member, so before any scope of its setting); and
``Reminder`` (the reminder queue is worked across settings, one reminder at a time, each
sent inside its own setting's scope). Models with no ``setting`` column (ChildAdult,
PolicyVersion, Booking...) are reached through a scoped parent; scoping them through a join
would add that join to every query of them.
"""

from contextlib import AbstractContextManager

from django.db import models
from django_scopes import ScopedManager, scope, scopes_disabled

__all__ = ["setting_of", "setting_scope", "setting_scoped"]

# Filters on ``setting__in=[]``: no row, and no query sent.
NO_SETTING: list = []


def setting_scoped(queryset_class: type[models.QuerySet] = models.QuerySet) -> models.Manager:
    """A default manager filtered to the current scope's setting, keeping the queryset's
    own methods (``Child.objects.in_room(...)`` still works)."""
    return ScopedManager(setting="setting", _manager_class=models.Manager.from_queryset(
        queryset_class))


def setting_scope(setting: "models.Model | int | None") -> AbstractContextManager:
    """The scope of one setting (a Setting or its id).

    With no setting, the scope of no setting: every setting's rows read as none, as they did
    when each query filtered on ``setting=None``. Never ``scope(setting=None)``, which
    django-scopes reads as every setting.
    """
    return scope(setting=NO_SETTING if setting is None else setting)


def setting_of(model: type[models.Model], pk: int) -> int | None:
    """The id of the setting a row belongs to, or None if there is no such row.

    For work that starts from a row's id (a task): it opens that setting's scope before it
    reads the row. This one lookup reads across settings, and only the setting's id.
    """
    with scopes_disabled():
        return model._default_manager.filter(pk=pk).values_list("setting_id", flat=True).first()
