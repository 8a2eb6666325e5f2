"""A manager checks and releases the bundle after re-authenticating; the requester downloads
it through an expiring link, signed in as themselves; every download is audited."""

import re
from datetime import timedelta

from django.core import mail
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from families.models import ChildAdult, RecordView
from notifications.models import Notification
from preschool.models import AuditEvent
from subject_access.models import SubjectAccessRequest, hash_token
from tests.subject_access.conftest import recently_reauthenticated
from tests.subject_access.factories import released, sar

Status = SubjectAccessRequest.Status
ZIP = b"PK\x05\x06" + b"\0" * 18


def _ready(world, **fields):
    request = sar(world, status=Status.READY, **fields)
    request.bundle.save("bundle.zip", ContentFile(ZIP))
    return request


def _manager(world):
    return recently_reauthenticated(world.client_for("manager"), world.users["manager"])


def _link_in(message) -> str:
    found = re.search(r"http://testserver(/subject-access/\S+/download/\S+/)", message.body)
    assert found is not None
    return found[1]


def test_release_needs_a_recent_password_and_nothing_changes_without(world):
    request = _ready(world)
    response = world.client_for("manager").post(reverse("subject-access-release",
                                                        args=[request.uuid]))
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    request.refresh_from_db()
    assert request.status == Status.READY and not request.link_token_hash


def test_checking_the_bundle_needs_a_recent_password_and_is_audited(world):
    request = _ready(world)
    response = world.client_for("manager").get(reverse("subject-access-check",
                                                       args=[request.uuid]))
    assert response.status_code == 302 and "/accounts/reauthenticate/" in response["Location"]
    response = _manager(world).get(reverse("subject-access-check", args=[request.uuid]))
    assert response.status_code == 200 and b"".join(response.streaming_content) == ZIP
    assert response["Cache-Control"] == "private, no-store"
    assert AuditEvent.objects.filter(action="subject_access.checked").count() == 1
    assert RecordView.objects.filter(what="export", viewer=world.users["manager"]).count() == 1


def test_the_released_link_downloads_the_bundle_for_the_parent_only(world, sent):
    request = _ready(world)
    with sent():
        response = _manager(world).post(reverse("subject-access-release", args=[request.uuid]))
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.RELEASED and request.released_by == world.users["manager"]
    assert request.link_expires_at > timezone.now() + timedelta(days=13)
    message = mail.outbox[-1]
    assert message.to == ["parent@example.org"]
    link = _link_in(message)
    token = link.rstrip("/").rsplit("/", 1)[1]
    # Only the token's hash is stored.
    assert request.link_token_hash == hash_token(token)
    assert token not in str(SubjectAccessRequest.objects.filter(pk=request.pk).values().get())
    assert Notification.objects.filter(recipient=world.users["parent"],
                                       url=request.get_absolute_url()).exists()
    for persona in ("manager", "other_parent", "key_person", "other_setting"):
        assert world.client_for(persona).get(link).status_code == 404, persona
    assert world.client_for("anonymous").get(link).status_code == 302  # sign in first

    response = world.client_for("parent").get(link)
    assert response.status_code == 200 and b"".join(response.streaming_content) == ZIP
    request.refresh_from_db()
    assert request.status == Status.DOWNLOADED and request.downloaded_at is not None
    world.client_for("parent").get(link)  # again: each download is in the trail
    assert AuditEvent.objects.filter(action="subject_access.downloaded",
                                     actor=world.users["parent"]).count() == 2
    assert RecordView.objects.filter(what="export", viewer=world.users["parent"],
                                     child=world.child).count() == 2


def test_an_expired_or_replaced_link_is_410_and_a_request_not_released_has_none(world):
    request, token = released(world)
    url = reverse("subject-access-download", args=[request.uuid, token])
    parent = world.client_for("parent")
    assert parent.get(reverse("subject-access-download",
                              args=[request.uuid, "x" + token])).status_code == 410
    assert parent.get(url).status_code == 200
    SubjectAccessRequest.objects.filter(pk=request.pk).update(
        link_expires_at=timezone.now() - timedelta(minutes=1))
    response = parent.get(url)
    assert response.status_code == 410
    assert "This download link no longer works" in response.content.decode()
    assert AuditEvent.objects.filter(action="subject_access.downloaded").count() == 1
    # A request not released has no link at all.
    other = sar(world)
    assert parent.get(reverse("subject-access-download",
                              args=[other.uuid, token])).status_code == 404


def test_a_new_link_replaces_the_old_one(world, sent):
    request, old = released(world)
    with sent():
        response = _manager(world).post(reverse("subject-access-reissue", args=[request.uuid]))
    assert response.status_code == 302
    new = _link_in(mail.outbox[-1])
    parent = world.client_for("parent")
    assert parent.get(reverse("subject-access-download",
                              args=[request.uuid, old])).status_code == 410
    assert parent.get(new).status_code == 200
    assert AuditEvent.objects.filter(action="subject_access.link_reissued").count() == 1


def test_a_parent_restricted_since_cannot_download(world):
    request, token = released(world)
    ChildAdult.objects.filter(child=world.child, user=world.users["parent"]).update(
        restriction="Court order made since.")
    response = world.client_for("parent").get(reverse("subject-access-download",
                                                      args=[request.uuid, token]))
    assert response.status_code == 404


def test_a_requester_without_an_account_is_handed_the_copy_and_it_is_recorded(world):
    request = _ready(world, persona=None)
    manager = _manager(world)
    response = manager.post(reverse("subject-access-release", args=[request.uuid]),
                            follow=True)
    assert "has no account" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.READY
    response = manager.post(reverse("subject-access-hand-over", args=[request.uuid]),
                            {"how": "In person, passport checked, encrypted memory stick."})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.DOWNLOADED and request.released_by == world.users["manager"]
    event = AuditEvent.objects.get(action="subject_access.handed_over")
    assert event.changes == {"how": "In person, passport checked, encrypted memory stick."}


def test_a_refusal_needs_a_reason_and_the_parent_reads_it(world):
    request = sar(world)
    manager = world.client_for("manager")
    response = manager.post(reverse("subject-access-refuse", args=[request.uuid]),
                            {"reason": " "})
    assert response.status_code == 200
    request.refresh_from_db()
    assert request.status == Status.RECEIVED
    manager.post(reverse("subject-access-refuse", args=[request.uuid]),
                 {"reason": "We could not confirm who you are."})
    request.refresh_from_db()
    assert request.status == Status.REFUSED and request.answered_at is not None
    page = world.client_for("parent").get(request.get_absolute_url()).content.decode()
    assert "We could not confirm who you are." in page


def test_the_timeline_shows_what_happened(world, sent):
    request = _ready(world)
    with sent():
        _manager(world).post(reverse("subject-access-release", args=[request.uuid]))
    page = world.client_for("manager").get(request.get_absolute_url()).content.decode()
    assert "Released to the person who asked" in page
    # Pat's page says a link was emailed; it never shows the link.
    mine = world.client_for("parent").get(request.get_absolute_url()).content.decode()
    assert "We have emailed you a download link" in mine and "/download/" not in mine


def test_an_adults_link_works_for_that_adult_only(world):
    request, token = released(world, child=None, subject_user=world.users["parent"])
    url = reverse("subject-access-download", args=[request.uuid, token])
    assert world.client_for("manager").get(url).status_code == 404
    assert world.client_for("parent").get(url).status_code == 200


def test_an_adults_data_asked_for_by_someone_else_is_handed_over_not_sent(world):
    request = _ready(world, child=None, subject_user=world.users["other_parent"])
    response = _manager(world).post(reverse("subject-access-release", args=[request.uuid]),
                                    follow=True)
    assert "released online only to that adult" in response.content.decode()
    request.refresh_from_db()
    assert request.status == Status.READY and not request.link_token_hash


def test_the_log_pdf_lists_every_request_after_a_fresh_password(world, tmp_path):
    import subprocess

    sar(world, received_at=timezone.now() - timedelta(days=40))
    sar(world, child=None, subject_user=world.users["parent"], status=Status.REFUSED,
        outcome_reason="Identity not shown.", answered_at=timezone.now())
    url = reverse("subject-access-log-pdf")
    assert world.client_for("manager").get(url).status_code == 302  # password first
    response = _manager(world).get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "log.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout
    assert "Log of requests for a copy of data" in text
    assert "Ava Parentchild" in text and "(overdue)" in text
    assert "Identity not shown." in text
    assert AuditEvent.objects.filter(action="subject_access.log_exported").count() == 1
