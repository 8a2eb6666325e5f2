"""The capacity benchmark's data and load test work: seed_scale makes a setting's journal,
register and messages consistently (the same setting from the same seed), and the load
test's people go through their whole morning against a real gunicorn without one failed
request (bench/locustfile.py with its plan from bench/capacity_plan.py)."""

import csv
import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count
from django_scopes import scopes_disabled

from attendance.models import AttendanceRecord, RegularSession
from consents.models import MedicationPermission
from families.models import Child
from keyperson.models import Assignment
from learning_journal.models import Comment, Media, Observation, ObservationChild
from messaging.models import Conversation
from preschool.models import Setting
from tests.servers import database_url_of_the_test, gunicorn

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))


def seed(setting_count=1) -> None:
    call_command("seed_scale", setting_count=setting_count, children=3, audit_events=2,
                 observations_per_child=5, register_days=2, stdout=StringIO())


def journal_of(slug):
    """What a setting's journal says, about whom and when."""
    setting = Setting.objects.get(slug=slug)
    return sorted(
        (link.child.first_name, link.child.last_name, link.observation.observed_on,
         link.observation.text, link.next_step)
        for link in ObservationChild.objects.filter(observation__setting=setting)
        .select_related("child", "observation"))


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": settings.MEDIA_ROOT}}}
    return settings.MEDIA_ROOT


@scopes_disabled()
def test_it_seeds_a_journal_register_and_messages_that_hold_together(db, media_root):
    seed()
    setting = Setting.objects.get(slug="scale-0")
    children = Child.objects.filter(setting=setting)
    assert children.count() == 3
    # Every child: a key person from the staff of the setting, a usual session every day,
    # the register of two past days, a conversation with the key person.
    for child in children:
        assignment = Assignment.objects.current().get(child=child, kind="key")
        assert assignment.staff.setting_id == setting.pk and assignment.staff.role != "parent"
        assert RegularSession.objects.current().filter(child=child).count() == 7
        assert AttendanceRecord.objects.filter(child=child, signed_out_at__isnull=False) \
            .count() == 2
        conversation = Conversation.objects.get(child=child, audience="key_person")
        assert conversation.last_message.conversation_id == conversation.pk
        assert conversation.last_message_at == conversation.messages.last().created_at
    # Five observations about each child, each about children of one room.
    observations = Observation.objects.filter(setting=setting)
    assert observations.count() == 15
    for observation in observations.annotate(rooms=Count("children__room", distinct=True)):
        assert observation.rooms == 1
    assert not AttendanceRecord.objects.filter(setting=setting, signed_out_at__isnull=True) \
        .exists()
    # Photos share a few stored files, which exist; comments are by the child's family.
    for media in Media.objects.filter(setting=setting):
        assert media.file.storage.exists(media.file.name)
        assert set(media.children_shown.all()) == set(media.observation.children.all())
    for comment in Comment.objects.filter(setting=setting):
        assert comment.child.adults.filter(user=comment.author).exists()
    assert MedicationPermission.objects.in_force().filter(setting=setting).count() <= 1


class Undo(Exception):
    pass


@scopes_disabled()
def test_it_makes_a_setting_from_its_own_seed_whatever_came_before(db, media_root):
    # Two settings in one run...
    with pytest.raises(Undo), transaction.atomic():
        seed(setting_count=2)
        in_one_run = journal_of("scale-1")
        raise Undo
    # ...and one at a time: the second setting is the same.
    seed()
    seed()
    assert journal_of("scale-1") == in_one_run
    assert len(in_one_run) >= 15


def test_it_runs_the_mornings_rush_against_gunicorn_without_a_failed_request(
        transactional_db, media_root, tmp_path):
    from capacity_plan import make_plan

    # Forty children: enough staff for a register in each room and a key person with a
    # child's medicine; the test's plan is four families and two children a room.
    call_command("seed_scale", setting_count=1, children=40, audit_events=2,
                 observations_per_child=2, register_days=1, stdout=StringIO())
    with scopes_disabled():
        plan = make_plan(1)
    plan = [p for p in plan if p["kind"] != "family"] + [
        p for p in plan if p["kind"] == "family"][:4]
    for person in plan:
        person["children"] = person.get("children", [])[:2]
    assert [p["kind"] for p in plan].count("practitioner") == 1
    (tmp_path / "plan.json").write_text(json.dumps(plan))
    from PIL import Image

    Image.new("RGB", (640, 480), (120, 160, 90)).save(tmp_path / "photo.jpg", "JPEG")
    env = {"DATABASE_URL": database_url_of_the_test(), "CACHE_URL": "db://",
           "REQUIRE_STAFF_MFA": "false", "SESSION_IDLE_MINUTES": "120",
           "MEDIA_ROOT": str(media_root), "EMAIL_BACKEND": "memory",
           "SECURE_SSL_REDIRECT": "false"}
    with gunicorn(env, workers=2) as base:
        subprocess.run(
            [str(Path(sys.executable).parent / "locust"), "-f", str(ROOT / "bench/locustfile.py"),
             "--headless", "-u", str(len(plan)), "-r", str(len(plan)), "--run-time", "12s",
             "--host", base, "--csv", str(tmp_path / "rush"), "--only-summary",
             "--stop-timeout", "5"],
            env={**os.environ, "CAPACITY_PLAN": str(tmp_path / "plan.json"),
                 # The 45 minutes in 8 seconds.
                 "CAPACITY_SPEEDUP": "340", "CAPACITY_PHOTO": str(tmp_path / "photo.jpg")},
            cwd=ROOT, capture_output=True, text=True, timeout=60)
    with open(tmp_path / "rush_stats.csv") as f:
        rows = {row["Name"]: row for row in csv.DictReader(f)}
    failures = (tmp_path / "rush_failures.csv").read_text()
    assert rows["Aggregated"]["Failure Count"] == "0", failures
    # Each kind of request of the morning was made.
    for name in ("family: home", "family: journal", "family: conversation",
                 "staff: register", "staff: sign in (tap)", "staff: ratio banner",
                 "staff: publish observation with photo", "staff: sign out (tap)"):
        assert int(rows[name]["Request Count"]) >= 1, name
    assert int(rows["staff: sign in (tap)"]["Request Count"]) == 6
    assert int(rows["staff: record dose"]["Request Count"]) == 1


def test_the_progress_data_assesses_no_child_before_their_birth(db, media_root):
    """seed_scale's assessments (the cohort benchmark's): children born at any time in the last
    five years, points reaching back two years, and no assessment before a child's birth."""
    from progress.models import Assessment

    call_command("seed_scale", setting_count=1, children=40, audit_events=2, register_days=2,
                 progress_points=6, stdout=StringIO())
    assessments = list(Assessment.objects.select_related("child", "point"))
    assert {a.child_id for a in assessments if a.point.is_entry} == {
        a.child_id for a in assessments}  # every child has an entry assessment
    for assessment in assessments:
        child = assessment.child
        assert assessment.assessed_on >= child.date_of_birth
        assert assessment.age_months == child.age_in_months(assessment.assessed_on)
