"""The managers' page: asking for an export behind the password, watching it being built,
downloading it through an expiring link; each step audited, and the looks recorded."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from families.models import RecordView
from preschool.models import AuditEvent
from setting_export import services, tasks
from setting_export.models import SettingExport
from tests.complaints.conftest import recently_reauthenticated
from tests.setting_export.factories import built_export


def _manager(world):
    return recently_reauthenticated(world.client_for("manager"), world.users["manager"])


def test_it_asks_for_the_password_again(world):
    client = world.client_for("manager")
    for response in (client.get(reverse("setting-export")),
                     client.post(reverse("setting-export-start")),
                     client.get(reverse("setting-export-download",
                                        args=[built_export(world).uuid]))):
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_reauthenticate"))
    assert not SettingExport.objects.exclude(status="ready").exists()


def test_it_is_in_the_managers_menu_only(world):
    page = world.client_for("manager").get(reverse("home")).content.decode()
    assert reverse("setting-export") in page and "Export all the setting&#x27;s data" in page
    for persona in ("key_person", "parent"):
        assert reverse("setting-export") not in world.client_for(persona).get(
            reverse("home")).content.decode()


def test_it_builds_the_export_and_hands_it_out(world):
    client = _manager(world)
    page = client.get(reverse("setting-export"))
    assert page.status_code == 200 and "Build the export" in page.content.decode()
    response = client.post(reverse("setting-export-start"), follow=True)
    assert "We are building the export" in response.content.decode()
    export = SettingExport.objects.get()
    assert export.status == "queued" and 'hx-trigger="every 2s"' in response.content.decode()
    assert AuditEvent.objects.filter(action="setting_export.requested",
                                     object_id=str(export.uuid)).exists()
    # Asking again while it is being built does not start a second.
    client.post(reverse("setting-export-start"))
    assert SettingExport.objects.count() == 1

    # Without a broker the page's poll builds it (with one, the task: tests/.../test_worker).
    status = client.get(reverse("setting-export-progress", args=[export.uuid]))
    export.refresh_from_db()
    assert export.status == "ready" and export.progress == 100, export.error
    assert export.expires_at - export.finished_at == timedelta(days=7)
    assert reverse("setting-export-download", args=[export.uuid]) in status.content.decode()
    assert export.row_count > 10

    download = client.get(reverse("setting-export-download", args=[export.uuid]))
    assert download.status_code == 200
    assert download["Cache-Control"] == "private, no-store"
    assert download["Content-Type"] == "application/zip"
    assert 'filename="acorn-test-export-' in download["Content-Disposition"]
    with zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content))) as archive:
        assert b"Parentchild" in archive.read("families/child.csv")
    assert AuditEvent.objects.filter(action="setting_export.downloaded").count() == 1
    client.get(reverse("setting-export-download", args=[export.uuid]))
    assert AuditEvent.objects.filter(action="setting_export.downloaded").count() == 2
    # Mona has every child's records in hand: one look a child of Acorn when it was built for
    # her, and one at each download; none of Riverside's.
    looks = RecordView.objects.filter(what="export", viewer=world.users["manager"])
    assert sorted(looks.values_list("child__first_name", flat=True)) == ["Ava"] * 3 + ["Otto"] * 3
    assert {look.object_id for look in looks} == {str(export.uuid)}


def test_an_export_past_its_time_is_deleted_and_no_longer_handed_out(world):
    export = built_export(world, finished=timezone.now() - timedelta(days=8))
    name = export.file.name
    assert default_storage.exists(name)
    client = _manager(world)
    assert client.get(reverse("setting-export-download", args=[export.uuid])).status_code == 404
    assert "Expired" in client.get(reverse("setting-export")).content.decode()
    assert tasks.delete_expired_setting_exports() == 1
    export.refresh_from_db()
    assert export.status == "expired" and not export.file and not default_storage.exists(name)
    assert AuditEvent.objects.filter(action="setting_export.expired").exists()
    fresh = built_export(world)
    assert tasks.delete_expired_setting_exports() == 0
    assert default_storage.exists(fresh.file.name)


def test_the_next_build_deletes_the_expired_files_too(world):
    old = built_export(world, finished=timezone.now() - timedelta(days=8))
    name = old.file.name
    export = services.request_export(world.users["manager"], world.setting_a)
    tasks.build_setting_export(export.pk)
    old.refresh_from_db()
    assert old.status == "expired" and not default_storage.exists(name)
    export.refresh_from_db()
    assert export.status == "ready"


def test_a_build_that_fails_says_so(world, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr("setting_export.archive.write_archive", broken)
    export = services.request_export(world.users["manager"], world.setting_a)
    assert tasks.build_setting_export(export.pk) == "failed"
    export.refresh_from_db()
    assert export.status == "failed" and "disk full" in export.error
    assert "could not be built" in _manager(world).get(reverse("setting-export")).content.decode()
    # A task delivered again builds nothing.
    assert tasks.build_setting_export(export.pk) == "not-needed"


def test_only_a_manager_may_ask(world):
    from preschool.services import ServiceError

    with pytest.raises(ServiceError):
        services.request_export(world.users["key_person"], world.setting_a)
    with pytest.raises(ServiceError):
        services.request_export(world.users["other_setting"], world.setting_a)
    assert not SettingExport.objects.exists()


def test_the_page_keeps_its_number_of_queries(world, django_assert_max_num_queries):
    client = _manager(world)
    client.get(reverse("setting-export"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("setting-export"))
    for _ in range(8):
        built_export(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("setting-export")).status_code == 200
