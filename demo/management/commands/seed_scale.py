"""Large, realistic data for benchmarks: many settings, each with staff, rooms and children.

Each setting is made from a random generator seeded with its index (``scale-<index>``), so
setting ``scale-0`` has the same children, journal and messages whether the database holds
one setting or a hundred (bench/flat_cost.py compares the two). Dates count back from today.

Besides the people, each setting gets what its pages show on an ordinary morning: key persons,
a session every child attends every day (all day, so no sign-out is ever a late collection),
photo consents, a medicine in force for a few children, a conversation with the key person for
each child, news posts, sent reminders, the register of past days and, with
``--observations-per-child``, a journal: that many observations for each child over the last
two years, a fifth of them group observations with two to four other children of the room, a
fifth with a photo, some with a comment from the family. The photos are a few small JPEGs
stored once through the default storage and shared by every photo row (the files of old
photos need not differ for the pages). With ``--progress-points``, that many assessment points
(on entry, then terms back from today) with an assessment of every child at each, shared with
the family, and the children's groups the cohort view compares (sex, SEND, EAL, funding), from
a generator of its own so that the rest of the data stays the same.
"""

import io
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from attendance.models import AttendanceRecord, RegularSession, Session
from consents.models import ConsentAnswer, ConsentForm, ConsentKind, MedicationPermission
from demo.worlds import DEMO_PASSWORD
from families.models import Child, ChildAdult, Room
from keyperson.models import Assignment
from learning_journal.eyfs import ensure_framework
from learning_journal.models import Area, Comment, Media, Observation, ObservationChild
from messaging.models import Conversation, Message
from news.models import Post
from preschool.models import AuditEvent, Membership, Reminder, Role, Setting, User
from progress.constants import DEVELOPMENT_MATTERS
from progress.frameworks import ensure_frameworks
from progress.models import Assessment, AssessmentPoint, Band, Framework, Judgement

FIRST = ["Amelia", "Olivia", "Isla", "Ava", "Mia", "Freya", "Lily", "Noah", "Oliver", "Leo",
         "Arthur", "Oscar", "George", "Harry", "Muhammad", "Theo", "Zara", "Maya", "Ruby", "Alfie"]
LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
        "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
        "Wood", "Khan"]
DOINGS = ["built a tall tower with the wooden blocks and counted them",
          "shared the watering can with a friend in the garden",
          "made marks with chalk and said it was a letter to Grandma",
          "sorted the shells by size and talked about big and small",
          "sang the whole of the tidy-up song", "climbed the A-frame and came down carefully",
          "listened to the story and guessed what happens next",
          "mixed red and yellow paint and found orange"]
NEXT_STEPS = ["Offer more counting games.", "Encourage turn-taking in small groups.", "",
              "Model new words during play.", ""]
MESSAGES = ["Morning! Just to say she slept badly last night.",
            "Thanks for letting us know, we'll keep an eye on her.",
            "Grandad is collecting today.", "Noted, thank you.",
            "Could you pop some spare clothes in her bag?", "Will do!"]
# Photos of the seeded journal: a few small JPEGs, stored once and shared by every photo row.
SHARED_PHOTOS = 4
BATCH = 5000


def shared_photos() -> list[tuple[str, str]]:
    """The stored names of the shared photos and their thumbnails, made once per storage."""
    from PIL import Image

    names = []
    for i in range(SHARED_PHOTOS):
        name = f"journal/scale-shared/photo-{i}.jpg"
        thumb = f"journal/scale-shared/photo-{i}-thumb.jpg"
        for stored, size in ((name, (800, 600)), (thumb, (320, 240))):
            if not default_storage.exists(stored):
                buffer = io.BytesIO()
                Image.new("RGB", size, (60 * i % 255, 140, 200 - 30 * i)).save(buffer, "JPEG")
                default_storage.save(stored, ContentFile(buffer.getvalue()))
        names.append((name, thumb))
    return names


class Command(BaseCommand):
    help = "Create settings full of children, families and staff for benchmarks (bench/)."

    def add_arguments(self, parser):
        parser.add_argument("--setting-count", type=int, default=3)
        parser.add_argument("--children", type=int, default=60, help="children per setting")
        parser.add_argument("--audit-events", type=int, default=2000,
                            help="audit events per setting")
        parser.add_argument("--observations-per-child", type=int, default=0,
                            help="journal observations per child (the capacity benchmark "
                                 "uses 300)")
        parser.add_argument("--register-days", type=int, default=20,
                            help="past weekdays of the register, every child each day")
        parser.add_argument("--progress-points", type=int, default=0,
                            help="assessment points, each with every child's shared "
                                 "assessment (the cohort benchmark uses 6)")

    def handle(self, *args, setting_count: int, children: int, audit_events: int,
               observations_per_child: int, register_days: int, progress_points: int,
               **options):
        password = make_password(DEMO_PASSWORD)
        photos = shared_photos() if observations_per_child else []
        start = Setting.objects.filter(slug__startswith="scale-").count()
        for s in range(start, start + setting_count):
            began = timezone.now()
            with transaction.atomic():
                setting = self.seed_setting(s, children=children, audit_events=audit_events,
                                            observations_per_child=observations_per_child,
                                            register_days=register_days, password=password,
                                            photos=photos, progress_points=progress_points)
            self.stdout.write(f"{setting.name}: {children} children, "
                              f"{children * observations_per_child} observations "
                              f"({(timezone.now() - began).total_seconds():.1f} s)")

    def seed_setting(self, s: int, *, children: int, audit_events: int,
                     observations_per_child: int, register_days: int, password: str,
                     photos: list[tuple[str, str]], progress_points: int = 0) -> Setting:
        # One generator a setting, seeded with its index: the same setting, whatever comes
        # before it.
        rng = random.Random(2026 * 1000 + s)  # noqa: S311 - reproducible fake data
        today = date.today()
        now = timezone.now()
        setting = Setting.objects.create(name=f"Scale Pre-school {s + 1}", slug=f"scale-{s}")
        # Created in the new setting's scope, as any work about one setting is.
        with scope(setting=setting):
            rooms = [Room.objects.create(setting=setting, name=n)
                     for n in ("Caterpillars", "Butterflies", "Ladybirds")]
            staff = User.objects.bulk_create([
                User(email=f"staff{i}.scale{s}@bench.example", full_name=f"Staff {i} of {s}",
                     password=password) for i in range(max(children // 8, 3))])
            memberships = Membership.objects.bulk_create(
                [Membership(user=u, setting=setting,
                            role=Role.MANAGER if i == 0 else Role.PRACTITIONER)
                 for i, u in enumerate(staff)])
            manager, practitioners = staff[0], memberships[1:]
            parents = User.objects.bulk_create([
                User(email=f"parent{i}.scale{s}@bench.example",
                     full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)}", password=password)
                for i in range(children)])
            Membership.objects.bulk_create(
                [Membership(user=u, setting=setting, role=Role.PARENT) for u in parents])
            EmailAddress.objects.bulk_create(
                [EmailAddress(user=u, email=u.email, verified=True, primary=True)
                 for u in staff + parents])
            kids = Child.objects.bulk_create([
                Child(setting=setting, room=rooms[i % len(rooms)], first_name=rng.choice(FIRST),
                      last_name=rng.choice(LAST),
                      date_of_birth=today - timedelta(days=rng.randint(300, 1800)),
                      start_date=today - timedelta(days=rng.randint(100, 700)),
                      is_looked_after=rng.random() < 0.03)
                for i in range(children)])
            ChildAdult.objects.bulk_create([
                ChildAdult(child=k, user=p, name=p.full_name, relationship="Parent",
                           has_parental_responsibility=True, may_receive_information=True,
                           lives_with_child=True, is_emergency_contact=True, may_collect=True,
                           phone="07700 900000")
                for k, p in zip(kids, parents, strict=True)])
            # Another adult on a few children's records, under a court order.
            ChildAdult.objects.bulk_create([
                ChildAdult(child=k, name=f"{rng.choice(FIRST)} {k.last_name}",
                           relationship="Father", restriction="Court order: no contact.")
                for k in kids if rng.random() < 0.05])
            AuditEvent.objects.bulk_create([
                AuditEvent(setting=setting, actor=manager, actor_label=manager.full_name,
                           action="bench.event", object_label=f"Event {i}")
                for i in range(audit_events)])
            # Each room's practitioners are the key persons of its children.
            by_room = {room.pk: [m for i, m in enumerate(practitioners)
                                 if i % len(rooms) == r] or list(practitioners)
                       for r, room in enumerate(rooms)}
            key_person = {}
            for i, kid in enumerate(kids):
                team = by_room[rooms[i % len(rooms)].pk]
                key_person[kid.pk] = team[i // len(rooms) % len(team)]
            Assignment.objects.bulk_create([
                Assignment(setting=setting, child=k, staff=key_person[k.pk], kind="key",
                           started_on=k.start_date or today, assigned_by=manager)
                for k in kids])
            self.seed_day_to_day(setting, rng, kids, parents, manager, key_person, today, now,
                                 register_days)
            if observations_per_child:
                self.seed_journal(setting, rng, kids, parents, key_person, rooms, today,
                                  observations_per_child, photos)
            if progress_points:
                self.seed_progress(setting, random.Random(2026 * 1000 + s + 500_000),  # noqa: S311
                                   kids, key_person, manager, today, progress_points)
        return setting

    def seed_day_to_day(self, setting, rng, kids, parents, manager, key_person, today, now,
                        register_days):
        session = Session.objects.create(setting=setting, name="All day",
                                         starts_at=time(0, 0), ends_at=time(23, 59, 59))
        RegularSession.objects.bulk_create([
            RegularSession(setting=setting, child=k, session=session, weekday=wd,
                           started_on=k.start_date, added_by=manager)
            for k in kids for wd in range(7)])
        parent_of = dict(zip([k.pk for k in kids], parents, strict=True))
        # The register of past weekdays: every child in at about 08:40, out at about 15:10.
        days = [d for d in (today - timedelta(days=n) for n in range(1, 3 * register_days))
                if d.weekday() < 5][:register_days]
        records = []
        for day in days:
            for k in kids:
                kp = key_person[k.pk].user
                arrive = datetime.combine(day, time(8, 30)) + timedelta(
                    minutes=rng.randint(0, 45))
                leave = datetime.combine(day, time(15, 0)) + timedelta(minutes=rng.randint(0, 40))
                records.append(AttendanceRecord(
                    setting=setting, child=k, room_id=k.room_id, session=session, date=day,
                    signed_in_at=timezone.make_aware(arrive), signed_in_by=kp,
                    dropped_off_by=parent_of[k.pk].full_name,
                    signed_out_at=timezone.make_aware(leave), signed_out_by=kp,
                    collected_by=parent_of[k.pk].full_name, collected_by_relationship="Parent",
                    collection_check=AttendanceRecord.Check.NAMED, created_by=kp))
        AttendanceRecord.objects.bulk_create(records, batch_size=BATCH)
        # Photo consents (a few families say no), so the journal's photos are shown.
        for kind in (ConsentKind.PHOTOS_JOURNAL, ConsentKind.PHOTOS_OTHER_FAMILIES):
            form = ConsentForm.objects.create(setting=setting, kind=kind, title=kind.label,
                                              wording="I agree.", created_by=manager)
            ConsentAnswer.objects.bulk_create([
                ConsentAnswer(form=form, child=k, given=rng.random() < 0.9,
                              answered_by=parent_of[k.pk]) for k in kids])
        # A medicine in force for one child in ten: doses can be recorded.
        MedicationPermission.objects.bulk_create([
            MedicationPermission(
                setting=setting, child=k, medicine="Salbutamol inhaler", prescribed=True,
                prescriber="doctor", prescriber_name="Park Surgery", dose_amount=Decimal(2),
                dose_unit="puff", when_to_give="When wheezy or short of breath",
                min_hours_between=Decimal(0), route="inhaled", reason="Asthma",
                start_date=today - timedelta(days=60), end_date=today + timedelta(days=300),
                storage="with_child", declaration="I give permission.",
                declared_name=parent_of[k.pk].full_name, requested_by=parent_of[k.pk],
                status=MedicationPermission.Status.ACCEPTED, checked_by=manager,
                checked_at=now - timedelta(days=60))
            for i, k in enumerate(kids) if i % 10 == 3])
        # A conversation with the key person about each child, a few messages each.
        conversations = Conversation.objects.bulk_create([
            Conversation(setting=setting, child=k, audience=Conversation.Audience.KEY_PERSON,
                         started_by=parent_of[k.pk], created_at=now - timedelta(days=30))
            for k in kids])
        messages = []
        for conversation, k in zip(conversations, kids, strict=True):
            for n in range(rng.randint(2, 8)):
                from_staff = n % 2 == 1
                messages.append(Message(
                    conversation=conversation, from_staff=from_staff,
                    sender=key_person[k.pk].user if from_staff else parent_of[k.pk],
                    text=MESSAGES[n % len(MESSAGES)],
                    created_at=now - timedelta(days=30 - 3 * n, hours=rng.randint(0, 8))))
        Message.objects.bulk_create(messages, batch_size=BATCH)
        last = {}
        for message in messages:
            last[message.conversation_id] = message
        for conversation in conversations:
            conversation.last_message = last[conversation.pk]
            conversation.last_message_at = last[conversation.pk].created_at
        Conversation.objects.bulk_update(conversations, ["last_message", "last_message_at"])
        Post.objects.bulk_create([
            Post(setting=setting, author=manager, title=f"News of week {n}",
                 body="This week we planted beans and read The Tiger Who Came to Tea.",
                 created_at=now - timedelta(days=7 * n), publish_at=now - timedelta(days=7 * n),
                 published_at=now - timedelta(days=7 * n)) for n in range(1, 21)])
        # Reminders sent on past days (the chase of consent forms).
        Reminder.objects.bulk_create([
            Reminder(kind="bench.sent", object_key=f"{setting.pk}-{n}",
                     recipient_email=p.email, recipient=p, setting=setting,
                     due_on=today - timedelta(days=n), due_at=now - timedelta(days=n),
                     status=Reminder.Status.SENT, sent_at=now - timedelta(days=n))
            for n in range(1, 4) for p in parents])

    def seed_journal(self, setting, rng, kids, parents, key_person, rooms, today, per_child,
                     photos):
        ensure_framework()  # the areas of learning (loaded by a migration)
        areas = list(Area.objects.order_by("pk").values_list("pk", flat=True))
        room_kids = {room.pk: [k for k in kids if k.room_id == room.pk] for room in rooms}
        parent_of = dict(zip([k.pk for k in kids], parents, strict=True))
        # The observations of ``per_child`` rounds: in each, one about every child.
        for first in range(0, per_child, max(1, BATCH // max(len(kids), 1))):
            rounds = range(first, min(per_child, first + max(1, BATCH // max(len(kids), 1))))
            plan = []
            for n in rounds:
                day = today - timedelta(days=int(730 * (per_child - n) / per_child))
                for k in kids:
                    others = []
                    if rng.random() < 0.2:
                        mates = [m for m in room_kids[k.room_id] if m.pk != k.pk]
                        others = rng.sample(mates, min(len(mates), rng.randint(2, 4)))
                    family = rng.random() < 0.05
                    author = parent_of[k.pk] if family and not others else (
                        key_person[k.pk].user)
                    published = n < per_child - 2 or rng.random() < 0.7
                    plan.append((Observation(
                        setting=setting, observed_on=day, author=author,
                        source=(Observation.Source.FAMILY if author is parent_of[k.pk]
                                else Observation.Source.STAFF),
                        status=(Observation.Status.PUBLISHED if published
                                else Observation.Status.DRAFT),
                        text=f"{k.first_name} {rng.choice(DOINGS)}.",
                        published_at=(timezone.make_aware(datetime.combine(day, time(16)))
                                      if published else None),
                        published_by=author if published else None), [k, *others]))
            observations = Observation.objects.bulk_create([o for o, _ in plan],
                                                           batch_size=BATCH)
            ObservationChild.objects.bulk_create([
                ObservationChild(observation=o, child=c, next_step=rng.choice(NEXT_STEPS))
                for o, group in plan for c in group], batch_size=BATCH)
            AreasLink = Observation.areas.through
            AreasLink.objects.bulk_create([
                AreasLink(observation_id=o.pk, area_id=a)
                for o in observations for a in rng.sample(areas, rng.randint(1, 2))],
                batch_size=BATCH)
            media = []
            for o, group in plan:
                if photos and rng.random() < 0.2:
                    name, thumb = rng.choice(photos)
                    media.append((Media(setting=setting, observation=o, kind=Media.Kind.PHOTO,
                                        file=name, thumbnail=thumb, width=800, height=600,
                                        size_bytes=20_000, uploaded_by=o.author), group))
            Media.objects.bulk_create([m for m, _ in media], batch_size=BATCH)
            Shown = Media.children_shown.through
            Shown.objects.bulk_create([Shown(media_id=m.pk, child_id=c.pk)
                                       for m, group in media for c in group], batch_size=BATCH)
            Comment.objects.bulk_create([
                Comment(setting=setting, observation=o, child=group[0],
                        author=parent_of[group[0].pk], body="Lovely! She told us all about it.")
                for o, group in plan if o.is_published and rng.random() < 0.1],
                batch_size=BATCH)

    def seed_progress(self, setting, rng, kids, key_person, manager, today, count):
        """``count`` assessment points (on entry, then terms of 91 days back from today) and
        every child's shared assessment at each, an area judgement for each area: most on
        track, fewer for the groups a setting watches."""
        ensure_framework()
        ensure_frameworks()
        for kid in kids:
            kid.sex = rng.choice(["female", "male", "female", "male", ""])
            kid.sen_status = rng.choice(["none"] * 8 + ["monitoring", "support", "ehcp"])
            kid.english_additional_language = rng.random() < 0.25
            kid.funded_two_year_old = rng.random() < 0.15
            kid.early_years_pupil_premium = rng.random() < 0.1
        Child.objects.bulk_update(kids, ["sex", "sen_status", "english_additional_language",
                                         "funded_two_year_old", "early_years_pupil_premium"])
        framework = Framework.objects.get(code=DEVELOPMENT_MATTERS)
        bands = list(Band.objects.filter(framework=framework).order_by("order"))
        points = [AssessmentPoint(setting=setting, kind=AssessmentPoint.Kind.ENTRY,
                                  name="On entry", starts_on=today - timedelta(days=800),
                                  created_by=manager)]
        for n in range(count - 1, 0, -1):
            ends = today + timedelta(days=30) - timedelta(days=91 * (n - 1))
            points.append(AssessmentPoint(
                setting=setting, kind=AssessmentPoint.Kind.DATED, name=f"Term {count - n}",
                starts_on=ends - timedelta(days=90), ends_on=ends, created_by=manager))
        points = AssessmentPoint.objects.bulk_create(points)
        now = timezone.now()
        assessments = []
        for point in points:
            day = min(point.ends_on or point.starts_on + timedelta(days=30), today)
            for kid in kids:
                # On entry: from the day the child started, and was born.
                started = max(kid.start_date or kid.date_of_birth, kid.date_of_birth)
                on = min(max(day, started), today) if point.is_entry else day
                if kid.date_of_birth > on:
                    continue  # not born yet at this point
                months = kid.age_in_months(on)
                band = next((b for b in bands if b.to_months and months < b.to_months),
                            bands[-1])
                by = key_person[kid.pk].user
                assessments.append(Assessment(
                    setting=setting, child=kid, point=point, framework=framework, band=band,
                    assessed_on=on, age_months=months, room_id=kid.room_id,
                    status=Assessment.Status.SHARED, recorded_by=by,
                    shared_at=now, shared_by=by))
        assessments = Assessment.objects.bulk_create(assessments, batch_size=BATCH)
        areas = list(Area.objects.order_by("order"))
        child_of = {k.pk: k for k in kids}
        statuses = [Judgement.Status.ON_TRACK, Judgement.Status.WORKING_TOWARDS,
                    Judgement.Status.NOT_YET]
        judgements = []
        for assessment in assessments:
            kid = child_of[assessment.child_id]
            behind = 0.15 + (0.2 if kid.sen_status in ("support", "ehcp") else 0) + (
                0.1 if kid.english_additional_language else 0)
            for area in areas:
                roll = rng.random()
                status = statuses[0] if roll > behind else statuses[1 if roll > behind / 3
                                                                    else 2]
                judgements.append(Judgement(assessment=assessment, area=area, status=status,
                                            comment="Seeded for the benchmark."))
        Judgement.objects.bulk_create(judgements, batch_size=BATCH)
