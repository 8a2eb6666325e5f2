"""The frameworks and their bands as data, with their source and licence: a frozen copy of
progress/frameworks.py, as data migrations must not import code that later changes."""

from django.db import migrations

FRAMEWORKS = [
    ("dm2023", "Development Matters", "Department for Education, revised September 2023",
     "https://www.gov.uk/government/publications/development-matters--2",
     "Crown copyright, Open Government Licence v3.0",
     "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/",
     [("birth_to_three", "Birth to three", 0, 36),
      ("three_and_four", "3 and 4-year-olds", 36, 60)]),
    ("b5m2021", "Birth to 5 Matters", "The Early Years Coalition, 2021",
     "https://birthto5matters.org.uk/",
     "The Early Years Coalition's; only the names of the ranges are used",
     "https://birthto5matters.org.uk/",
     [(f"range_{n}", f"Range {n}", None, None) for n in range(1, 7)]),
]


def load(apps, schema_editor):
    Framework = apps.get_model("progress", "Framework")
    Band = apps.get_model("progress", "Band")
    for code, name, publisher, source, licence, licence_url, bands in FRAMEWORKS:
        framework, _ = Framework.objects.get_or_create(code=code, defaults={
            "name": name, "publisher": publisher, "source_url": source, "licence": licence,
            "licence_url": licence_url})
        for order, (band_code, band_name, from_months, to_months) in enumerate(bands, start=1):
            Band.objects.get_or_create(framework=framework, code=band_code, defaults={
                "name": band_name, "order": order, "from_months": from_months,
                "to_months": to_months})


def unload(apps, schema_editor):
    Framework = apps.get_model("progress", "Framework")
    Band = apps.get_model("progress", "Band")
    codes = [f[0] for f in FRAMEWORKS]
    Band.objects.filter(framework__code__in=codes).delete()
    Framework.objects.filter(code__in=codes).delete()


class Migration(migrations.Migration):
    dependencies = [("progress", "0001_assessment_points_and_judgements")]

    operations = [migrations.RunPython(load, unload)]
