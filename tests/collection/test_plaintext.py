"""A collection password never appears in plain text: not in any table's rows, not in the logs,
not in a page (the admin's included), not in an email.

The whole journey runs through the views: the parent confirms their own password and sets one;
staff check a wrong password and the right one and sign the child out with it; everyone looks
at every page that could show it. Then every row of every table is dumped, the sessions and the
cache decoded, and the plain password (and the wrong one staff typed) searched for.
"""

import base64
import contextlib
import logging
import zlib
from urllib.parse import unquote_plus

from django.contrib.sessions.backends.db import SessionStore
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from attendance.models import AttendanceRecord
from collection.models import CollectionPassword, PasswordAttempt
from families.models import ChildAdult
from preschool.models import AuditEvent
from tests.attendance.factories import ShiftFactory, all_day, reauthenticate

SECRET = "Purple Tractor 42"
WRONG = "Orange Submarine 7"
NEEDLES = ("purple tractor", "tractor 42", "orange submarine", "submarine 7")


def _found_in(text: str) -> list[str]:
    """The needles in ``text``, as it is and URL-decoded (a form body, "purple+tractor")."""
    text = text + "\n" + unquote_plus(text)
    text = " ".join(text.lower().split())
    return [n for n in NEEDLES if n in text]


def _dump_every_table() -> dict[str, str]:
    """Every row of every table of the database, as text."""
    dumps = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            quoted = connection.ops.quote_name(table)
            if connection.vendor == "postgresql":
                cursor.execute(f"SELECT row_to_json(t)::text FROM {quoted} t")  # noqa: S608
            else:
                cursor.execute(f"SELECT * FROM {quoted}")  # noqa: S608
            dumps[table] = "\n".join(str(row) for row in cursor.fetchall())
    return dumps


def _decoded_sessions_and_cache() -> str:
    """What the sessions and the database cache hold, decoded (they are signed, compressed or
    base64-encoded, which would hide the password from a plain search)."""
    from django.contrib.sessions.models import Session

    parts = [str(SessionStore().decode(s.session_data)) for s in Session.objects.all()]
    with connection.cursor() as cursor:
        if "portal_cache" in connection.introspection.table_names():
            cursor.execute("SELECT value FROM portal_cache")
            for (value,) in cursor.fetchall():
                raw = base64.b64decode(value)
                with contextlib.suppress(zlib.error):
                    raw = zlib.decompress(raw)
                parts.append(raw.decode("latin-1"))
    return "\n".join(parts)


def test_a_collection_password_is_never_stored_logged_or_shown(world, caplog, sent):
    caplog.set_level(logging.DEBUG)
    pages = {}

    def look(client, name, url, **extra):
        response = client.get(url, **extra)
        assert response.status_code in (200, 302), (name, response.status_code)
        pages[name] = response.content.decode(errors="replace")

    session = all_day(world)
    ShiftFactory(membership=world.memberships["key_person"], room=world.room)
    with CaptureQueriesContext(connection) as queries, sent():
        # The parent sets the password (and gets the form wrong once).
        parent = world.client_for("parent")
        url = reverse("collection-password-new", args=[world.child.uuid])
        form = {"for_date": timezone.localdate().isoformat(), "collector_name": "Uma Uncle",
                "relationship": "Uncle", "password": SECRET, "password_again": SECRET}
        # Before confirming their own password: allauth must not keep this POST to replay it.
        assert parent.post(url, form).status_code == 302
        sessions_then = _decoded_sessions_and_cache()
        reauthenticate(parent)
        pages["password form, mistyped"] = parent.post(
            url, {**form, "password_again": SECRET + "!"}).content.decode()
        assert parent.post(url, form).status_code == 302
        look(parent, "parent: collection page", reverse("collection-child",
                                                        args=[world.child.uuid]))
        look(parent, "parent: home", reverse("home"))

        # Staff sign Ava in, check a wrong password, then the right one, and sign her out.
        staff = world.client_for("key_person")
        staff.post(reverse("attendance-sign-in", args=[world.child.uuid]),
                   {"session": session.uuid, "dropped_off_by": "Pat Parent"})
        record = AttendanceRecord.objects.get(child=world.child)
        check = reverse("collection-password-check", args=[record.uuid])
        pages["check: wrong (htmx)"] = staff.post(check, {"attempt": WRONG},
                                                  HTTP_HX_REQUEST="true").content.decode()
        pages["check: wrong (page)"] = staff.post(check, {"attempt": WRONG}).content.decode()
        pages["check: right"] = staff.post(check, {"attempt": SECRET},
                                           HTTP_HX_REQUEST="true").content.decode()
        look(staff, "sign-out panel", reverse("collection-sign-out", args=[record.uuid]),
             HTTP_HX_REQUEST="true")
        look(staff, "register", reverse("attendance-register", args=[world.room.uuid]))
        password = CollectionPassword.objects.get()
        pages["signed out"] = staff.post(
            reverse("collection-sign-out", args=[record.uuid]),
            {"collector": f"password:{password.uuid}"}, HTTP_HX_REQUEST="true").content.decode()
        for name, page in [("staff: collection page", reverse("collection-child",
                                                              args=[world.child.uuid])),
                           ("record", reverse("attendance-record", args=[record.uuid])),
                           ("day", reverse("attendance-day")),
                           ("history", reverse("attendance-history")),
                           ("late", reverse("collection-late")),
                           ("staff: home", reverse("home"))]:
            look(staff, name, page)
        manager = world.client_for("manager")
        reauthenticate(manager)
        look(manager, "export", reverse("attendance-export"))
        look(manager, "audit log", reverse("audit-log"))

        # The portal's operators, in the admin.
        admin = world.client_for("superuser")
        for model in (CollectionPassword, PasswordAttempt, AttendanceRecord, AuditEvent):
            meta = model._meta
            look(admin, f"admin {meta.model_name} list",
                 reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist"))
            for obj in model.objects.all()[:20]:
                look(admin, f"admin {meta.model_name} {obj.pk}",
                     reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk]))

    # It all happened: the password was set, checked wrong then right, and used.
    password.refresh_from_db()
    assert password.used_record == record
    assert list(PasswordAttempt.objects.order_by("tried_at").values_list("result", flat=True)) \
        == ["no_match", "no_match", "match"]
    assert mail.outbox, "the parent is told the password was used"
    assert _found_in(f"said: {SECRET}.") and _found_in(WRONG)  # the search finds them

    leaks = {}
    for table, rows in _dump_every_table().items():
        if _found_in(rows):
            leaks[f"table {table}"] = _found_in(rows)
    if _found_in(_decoded_sessions_and_cache()):
        leaks["sessions or cache"] = _found_in(_decoded_sessions_and_cache())
    if _found_in(sessions_then):
        leaks["sessions, before re-authenticating"] = _found_in(sessions_then)
    for record_ in caplog.records:
        text = record_.getMessage() + (record_.exc_text or "")
        if _found_in(text):
            leaks[f"log {record_.name}"] = _found_in(text)
    for query in queries.captured_queries:
        if _found_in(query["sql"]):
            leaks["SQL sent to the database"] = _found_in(query["sql"])
    for name, page in pages.items():
        if _found_in(page):
            leaks[f"page {name}"] = _found_in(page)
    for message in mail.outbox:
        if _found_in(message.subject + message.body):
            leaks[f"email {message.subject}"] = _found_in(message.body)
    assert not leaks, f"the collection password leaked: {leaks}"
    # The search would have found it: the pages do carry the collector's name.
    assert "Uma Uncle" in pages["staff: collection page"]
    assert ChildAdult.objects.filter(child=world.child).exists()
