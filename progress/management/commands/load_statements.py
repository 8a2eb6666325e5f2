"""Load a framework's published statements from a CSV file, for every setting that follows it.

    manage.py load_statements statements.csv

Columns (with a header row): ``framework`` (``dm2023`` or ``b5m2021``), ``band`` (a band's code,
such as ``three_and_four`` or ``range_3``), ``area`` (CL, PSED, PD, L, M, UW, EAD), ``aspect``
(an aspect's name, or empty) and ``text``. Load only text whose licence allows it: Development
Matters is Crown copyright under the Open Government Licence v3.0 (progress/frameworks.py).
The file replaces the framework's statements in one transaction; a row that names an unknown
framework, band, area or aspect stops the load with its line number, and nothing changes.
"""

import csv
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from learning_journal.models import Area, Aspect
from progress.models import Band, Framework, FrameworkStatement

COLUMNS = ("framework", "band", "area", "aspect", "text")


class Command(BaseCommand):
    help = "Load a framework's published statements from a CSV file."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"No file at {path}.")
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if tuple(reader.fieldnames or ()) != COLUMNS:
                raise CommandError(f"The columns must be: {', '.join(COLUMNS)}.")
            rows = list(reader)
        frameworks = {f.code: f for f in Framework.objects.all()}
        bands = {(b.framework_id, b.code): b for b in Band.objects.all()}
        areas = {a.code: a for a in Area.objects.all()}
        aspects = {(a.area_id, a.name): a for a in Aspect.objects.all()}
        statements = []
        for line, row in enumerate(rows, start=2):
            framework = frameworks.get(row["framework"].strip())
            band = bands.get((framework.pk, row["band"].strip())) if framework else None
            area = areas.get(row["area"].strip())
            aspect_name = row["aspect"].strip()
            aspect = aspects.get((area.pk, aspect_name)) if area and aspect_name else None
            text = row["text"].strip()
            if framework is None or band is None or area is None or not text or (
                    aspect_name and aspect is None):
                raise CommandError(f"Line {line}: an unknown framework, band, area or aspect, "
                                   "or no text.")
            statements.append(FrameworkStatement(framework=framework, band=band, area=area,
                                                 aspect=aspect, text=text, order=line - 1))
        codes = {s.framework_id for s in statements}
        with transaction.atomic():
            FrameworkStatement.objects.filter(framework_id__in=codes).delete()
            FrameworkStatement.objects.bulk_create(statements)
        self.stdout.write(f"Loaded {len(statements)} statements.")
