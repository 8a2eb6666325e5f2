"""The archive of a whole-setting export (setting_export/archive.py): every table of the
setting as CSV and JSON that read back, the files its rows point at, no row of another
setting, no secret, and a number of queries that does not grow with the setting."""

import csv
import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress, EmailConfirmation
from allauth.mfa.models import Authenticator
from django.apps import apps
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from collection.models import CollectionPassword
from complaints.models import Attachment
from events.models import CalendarFeed
from families.models import Allergy, RecordView
from learning_journal.models import Media
from preschool.models import User, log_action
from push.models import PushSubscription
from setting_export.archive import rows_of, write_archive
from setting_export.classification import EXPORTED
from tests.complaints.factories import concern
from tests.factories import ChildAdultFactory, ChildFactory
from tests.learning_journal.factories import group_observation

PUSH_KEY = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
PUSH_AUTH = "tBHItJI5svbpez7KI4CCXg"
CALENDAR_TOKEN_HASH = "c0ffee" * 10 + "abcd"


def export(setting) -> tuple[zipfile.ZipFile, object]:
    buffer = io.BytesIO()
    summary = write_archive(setting, buffer)
    buffer.seek(0)
    return zipfile.ZipFile(buffer), summary


def everything_in(archive: zipfile.ZipFile) -> bytes:
    """Every entry, decompressed, one after the other."""
    return b"\n".join(archive.read(name) for name in archive.namelist())


def table(archive, label) -> tuple[list[dict], list[dict]]:
    app, model = label.split(".")
    base = f"{app}/{model.lower()}"
    with archive.open(f"{base}.csv") as raw:
        rows = list(csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline="")))
    return rows, json.loads(archive.read(f"{base}.json"))


@pytest.fixture
def riverside(world):
    """Setting B's records, each naming RIVERSIDE-ONLY, on every kind of path to a setting."""
    Allergy.objects.create(child=world.child_b, allergen="RIVERSIDE-ONLY peanut",
                           severity="severe", action="Pen.")
    ChildAdultFactory(child=world.child_b, user=None, name="RIVERSIDE-ONLY Grandad",
                      relationship="Grandfather")
    log_action(world.users["other_setting"], "test.riverside", world.child_b,
               label="RIVERSIDE-ONLY event")
    concern(world, setting=world.setting_b, child=world.child_b, persona="other_setting",
            subject="RIVERSIDE-ONLY complaint")
    attachment = Attachment.objects.create(
        concern=concern(world, setting=world.setting_b, child=world.child_b,
                        persona="other_setting"),
        file=ContentFile(b"%PDF-1.4 RIVERSIDE-ONLY", name="riverside.pdf"),
        original_name="riverside.pdf", content_type="application/pdf", size=24,
        uploaded_by=world.users["other_setting"])
    RecordView.objects.create(setting=world.setting_b, child=world.child_b,
                              viewer=world.users["other_setting"], viewer_role="manager",
                              what="record", object_type="RIVERSIDE-ONLY")
    return attachment


def test_it_holds_every_table_as_csv_and_json_that_read_back(world, riverside):
    archive, summary = export(world.setting_a)
    names = set(archive.namelist())
    for label in EXPORTED:
        csv_rows, json_rows = table(archive, label)
        expected = rows_of(apps.get_model(label), world.setting_a).count()
        assert len(csv_rows) == len(json_rows) == summary.rows[label] == expected, label
    assert "README.txt" in names
    children, children_json = table(archive, "families.Child")
    assert sorted(r["first_name"] for r in children) == ["Ava", "Otto"]
    assert {r["setting_id"] for r in children} == {str(world.setting_a.pk)}
    assert {r["uuid"] for r in children_json} == {str(world.child.uuid),
                                                    str(world.other_child.uuid)}
    # The people: Acorn's six members (the superuser, Bea and Rita are not Acorn's).
    people, _ = table(archive, "preschool.User")
    assert sorted(r["email"] for r in people) == sorted(
        world.users[p].email for p in ("manager", "key_person", "practitioner", "parent",
                                       "carer_no_info", "other_parent"))
    assert "password" not in people[0]
    # Append-only tables are there: the audit trail and the looks.
    log_action(world.users["manager"], "test.acorn", world.child)
    archive, summary = export(world.setting_a)
    events, _ = table(archive, "preschool.AuditEvent")
    assert "test.acorn" in {e["action"] for e in events}
    readme = archive.read("README.txt").decode()
    assert "families/child: 2" in readme and "Acorn Test Pre-school" in readme
    assert "setting_export: 0001_whole_setting_exports" in readme


def test_no_row_of_another_setting_is_in_it(world, riverside):
    archive, _ = export(world.setting_a)
    content = everything_in(archive)
    assert b"RIVERSIDE-ONLY" not in content
    for text in ("Bella", "Riverchild", "Rita Riverparent", world.users["other_setting"].email,
                 str(world.child_b.uuid), str(world.setting_b.uuid)):
        assert text.encode() not in content, text
    assert b"Parentchild" in content  # Acorn's own child is, of course
    # And the other way round.
    archive, _ = export(world.setting_b)
    content = everything_in(archive)
    assert b"RIVERSIDE-ONLY" in content and b"Parentchild" not in content
    assert f"media/{riverside.file.name}" in archive.namelist()


def test_no_secret_is_in_it(world, client):
    """Grep the archive, every entry decompressed, for each kind of secret the portal keeps."""
    manager, parent = world.users["manager"], world.users["parent"]
    PushSubscription.objects.create(user=parent, endpoint="https://push.example.org/x",
                                    p256dh=PUSH_KEY, auth=PUSH_AUTH)
    CalendarFeed.objects.create(setting=world.setting_a, user=parent,
                                token_hash=CALENDAR_TOKEN_HASH)
    password = CollectionPassword(setting=world.setting_a, child=world.child,
                                  for_date=timezone.localdate(), collector_name="Uma Uncle",
                                  set_by=parent)
    password.set_password("purple tractor")
    password.save()
    confirmation = EmailConfirmation.create(EmailAddress.objects.get(user=parent))
    confirmation.save()
    client.force_login(manager)
    session_key = client.session.session_key
    totp = Authenticator.objects.get(user=manager, type=Authenticator.Type.TOTP)

    secrets = {
        "a password hash": manager.password,
        "a collection password hash": password.password_hash,
        "a calendar feed's token hash": CALENDAR_TOKEN_HASH,
        "a push key": PUSH_KEY, "a push secret": PUSH_AUTH,
        "a session key": session_key,
        "an email confirmation key": confirmation.key,
        "a TOTP seed": totp.data["secret"],
    }
    assert all(secrets.values()) and Session.objects.filter(session_key=session_key).exists()
    archive, _ = export(world.setting_a)
    for raw in (everything_in(archive), archive.fp.getvalue()):
        for what, secret in secrets.items():
            assert secret.encode() not in raw, f"{what} is in the export"
    # The rows are there, without their secrets.
    passwords, _ = table(archive, "collection.CollectionPassword")
    assert passwords[0]["collector_name"] == "Uma Uncle" and "password_hash" not in passwords[0]
    assert "push/pushsubscription.csv" not in archive.namelist()


def test_it_holds_the_files_its_rows_point_at(world, riverside):
    observation = group_observation(world, photos=2)
    photos = list(Media.objects.filter(observation=observation))
    letter = Attachment.objects.create(
        concern=concern(world), file=ContentFile(b"%PDF-1.4 Acorn letter", name="letter.pdf"),
        original_name="letter.pdf", content_type="application/pdf", size=21,
        uploaded_by=world.users["manager"])
    archive, summary = export(world.setting_a)
    names = set(archive.namelist())
    for media in photos:
        for stored in (media.file, media.thumbnail):
            assert archive.read(f"media/{stored.name}") == default_storage.open(
                stored.name).read()
    assert archive.read(f"media/{letter.file.name}") == b"%PDF-1.4 Acorn letter"
    assert f"media/{riverside.file.name}" not in names
    assert summary.files == 2 * len(photos) + 1 and not summary.missing_files
    rows, json_rows = table(archive, "learning_journal.Media")
    assert {r["file"] for r in rows} == {m.file.name for m in photos}

    # A file gone from storage is named in the README; the export still completes.
    default_storage.delete(letter.file.name)
    archive, summary = export(world.setting_a)
    assert summary.missing_files == [letter.file.name]
    assert letter.file.name in archive.read("README.txt").decode()


def test_text_a_spreadsheet_would_run_is_kept_as_text_in_the_csv(world):
    Allergy.objects.create(child=world.child, allergen="=HYPERLINK(\"x\")", severity="mild",
                           action="-")
    archive, _ = export(world.setting_a)
    rows, json_rows = table(archive, "families.Allergy")
    assert rows[0]["allergen"] == "'=HYPERLINK(\"x\")"
    assert json_rows[0]["allergen"] == "=HYPERLINK(\"x\")"


def _grow(world, n):
    for _ in range(n):
        child = ChildFactory(setting=world.setting_a, room=world.room)
        ChildAdultFactory(child=child)
        Allergy.objects.create(child=child, allergen="Egg", severity="mild", action="Avoid.")
        log_action(world.users["manager"], "test.added", child)


def _queries(setting) -> int:
    with CaptureQueriesContext(connection) as ctx:
        export(setting)
    return len(ctx.captured_queries)


def test_its_queries_do_not_grow_with_the_setting(world):
    _grow(world, 8)
    few = _queries(world.setting_a)
    _grow(world, 20)
    assert User.objects.count() > 20
    assert _queries(world.setting_a) == few
    # One query a table, and one for the migrations of the README.
    assert few <= len(EXPORTED) + 2


def _peak_memory(setting) -> int:
    import tempfile
    import tracemalloc

    with tempfile.TemporaryFile() as target:
        tracemalloc.start()
        try:
            write_archive(setting, target)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()


def test_its_memory_stays_flat_as_the_setting_grows(world):
    """Rows are streamed from a server-side cursor into the ZIP, never held all at once."""
    def notes(n):
        Allergy.objects.bulk_create(
            Allergy(child=world.child, allergen=f"Allergen {i}", severity="mild",
                    action="A long note about what to do. " * 100) for i in range(n))

    notes(1000)
    small = _peak_memory(world.setting_a)
    notes(5000)  # six times the rows, about 18 MB more text
    large = _peak_memory(world.setting_a)
    assert large < small * 1.5 and large < 12 * 1024 * 1024, (small, large)


def test_the_people_are_members_past_and_present_and_the_childrens_adults(world):
    from preschool.models import Role
    from tests.factories import MembershipFactory, UserFactory

    left = MembershipFactory(setting=world.setting_a, role=Role.PRACTITIONER,
                             ended_at=timezone.now()).user
    grandma = UserFactory(full_name="Gran Linkedonly")
    ChildAdultFactory(child=world.child, user=grandma, relationship="Grandmother")
    both = MembershipFactory(setting=world.setting_b, role=Role.PARENT,
                             user=world.users["parent"])
    archive, _ = export(world.setting_a)
    people, _ = table(archive, "preschool.User")
    emails = {r["email"] for r in people}
    assert {left.email, grandma.email, world.users["parent"].email} <= emails
    assert world.users["other_setting"].email not in emails
    assert world.users["superuser"].email not in emails
    memberships, _ = table(archive, "preschool.Membership")
    assert str(both.uuid) not in {m["uuid"] for m in memberships}
    addresses, _ = table(archive, "account.EmailAddress")
    assert {a["email"] for a in addresses} == set(
        EmailAddress.objects.filter(user__email__in=emails).values_list("email", flat=True))
