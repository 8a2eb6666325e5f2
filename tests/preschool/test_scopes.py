"""A setting's rows are read only inside that setting's scope (preschool/tenancy.py).

The tests themselves run with scopes disabled (tests/conftest.py); ``scope(...)`` turns
scoping back on, as it is everywhere in the portal.
"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.http import HttpResponse
from django.test import RequestFactory
from django_scopes import ScopeError, scope

from families.models import Child, Room
from learning_journal.models import JournalSettings
from preschool.middleware import TenancyMiddleware
from preschool.tenancy import setting_of, setting_scope


def test_it_refuses_a_query_on_a_settings_rows_outside_a_scope(world):
    with scope():
        with pytest.raises(ScopeError):
            list(Child.objects.all())
        with pytest.raises(ScopeError):
            Child.objects.filter(setting=world.setting_a).exists()  # even when it names one
        with pytest.raises(ScopeError):
            Room.objects.count()
        with pytest.raises(ScopeError):
            world.setting_a.children.first()  # reverse relations use the scoped manager


def test_it_reads_no_rows_in_the_scope_of_no_setting(world):
    with setting_scope(None):
        assert list(Child.objects.all()) == []
        assert not Child.objects.current().filter(setting=world.setting_a).exists()


def test_it_shows_only_the_scopes_setting_without_being_asked(world):
    with scope(setting=world.setting_a):
        assert set(Child.objects.all()) == {world.child, world.other_child}
        assert not Child.objects.filter(pk=world.child_b.pk).exists()
        with pytest.raises(Child.DoesNotExist):
            Child.objects.get(uuid=world.child_b.uuid)
    with scope(setting=world.setting_b):
        assert list(Child.objects.current()) == [world.child_b]  # queryset methods kept
        assert list(world.setting_a.children.all()) == []


def test_a_setting_singleton_is_read_in_its_scope(world):
    JournalSettings.objects.create(setting=world.setting_b, require_review=True)
    with scope(setting=world.setting_a):
        assert JournalSettings.of(world.setting_a).pk is None  # the defaults, unsaved
        assert JournalSettings.of(world.setting_b).pk is None  # B's row is not A's to read
    with scope(setting=world.setting_b):
        assert JournalSettings.of(world.setting_b).require_review is True


def test_it_finds_the_setting_of_a_row_for_work_that_starts_from_an_id(world):
    with scope():  # outside any setting's scope, as a task starts
        assert setting_of(Child, world.child_b.pk) == world.setting_b.pk
        assert setting_of(Child, 0) is None


def _request(user):
    request = RequestFactory().get("/")
    request.user = user
    request.session = SessionStore()
    return request


def _children_seen(request) -> HttpResponse:
    return HttpResponse(",".join(sorted(c.first_name for c in Child.objects.all())))


def test_a_request_sees_only_its_settings_rows(world):
    middleware = TenancyMiddleware(_children_seen)
    assert middleware(_request(world.users["manager"])).content == b"Ava,Otto"
    assert middleware(_request(world.users["other_setting"])).content == b"Bella"


def test_a_request_with_no_setting_reads_no_settings_rows(world):
    middleware = TenancyMiddleware(_children_seen)
    assert middleware(_request(AnonymousUser())).content == b""
    assert middleware(_request(world.users["superuser"])).content == b""
