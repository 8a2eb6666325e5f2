"""Large, realistic data for benchmarks: many settings, each with staff, rooms and children."""

import random
from datetime import date, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django_scopes import scope

from demo.worlds import DEMO_PASSWORD
from families.models import Child, ChildAdult, Room
from preschool.models import AuditEvent, Membership, Role, Setting, User

FIRST = ["Amelia", "Olivia", "Isla", "Ava", "Mia", "Freya", "Lily", "Noah", "Oliver", "Leo",
         "Arthur", "Oscar", "George", "Harry", "Muhammad", "Theo", "Zara", "Maya", "Ruby", "Alfie"]
LAST = ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
        "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
        "Wood", "Khan"]


class Command(BaseCommand):
    help = "Create settings full of children, families and staff for benchmarks (bench/)."

    def add_arguments(self, parser):
        parser.add_argument("--setting-count", type=int, default=3)
        parser.add_argument("--children", type=int, default=60, help="children per setting")
        parser.add_argument("--audit-events", type=int, default=2000,
                            help="audit events per setting")

    @transaction.atomic
    def handle(self, *args, setting_count: int, children: int, audit_events: int, **options):
        rng = random.Random(2026)  # noqa: S311 - reproducible fake data
        password = make_password(DEMO_PASSWORD)
        today = date.today()
        start = Setting.objects.filter(slug__startswith="scale-").count()
        for s in range(start, start + setting_count):
            setting = Setting.objects.create(name=f"Scale Pre-school {s + 1}", slug=f"scale-{s}")
            # Created in the new setting's scope, as any work about one setting is.
            with scope(setting=setting):
                rooms = [Room.objects.create(setting=setting, name=n)
                         for n in ("Caterpillars", "Butterflies", "Ladybirds")]
                staff = User.objects.bulk_create([
                    User(email=f"staff{i}.scale{s}@bench.example", full_name=f"Staff {i} of {s}",
                         password=password) for i in range(max(children // 8, 3))])
                Membership.objects.bulk_create(
                    [Membership(user=u, setting=setting,
                                role=Role.MANAGER if i == 0 else Role.PRACTITIONER)
                     for i, u in enumerate(staff)])
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
                    Child(setting=setting, room=rng.choice(rooms), first_name=rng.choice(FIRST),
                          last_name=rng.choice(LAST),
                          date_of_birth=today - timedelta(days=rng.randint(300, 1800)),
                          is_looked_after=rng.random() < 0.03)
                    for _ in range(children)])
                ChildAdult.objects.bulk_create([
                    ChildAdult(child=k, user=p, name=p.full_name, relationship="Parent",
                               has_parental_responsibility=True, may_receive_information=True,
                               lives_with_child=True, is_emergency_contact=True, may_collect=True,
                               restriction=("Court order: no contact."
                                            if rng.random() < 0.05 else ""))
                    for k, p in zip(kids, parents, strict=True)])
                AuditEvent.objects.bulk_create([
                    AuditEvent(setting=setting, actor=staff[0], actor_label=staff[0].full_name,
                               action="bench.event", object_label=f"Event {i}")
                    for i in range(audit_events)])
                self.stdout.write(f"{setting.name}: {children} children, {len(staff)} staff; "
                                  f"manager {staff[0].email}")
