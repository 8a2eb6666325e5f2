from django.db import migrations, models


def fill(apps, schema_editor):
    """The age of each child on the day of each assessment there is already."""
    Assessment = apps.get_model("progress", "Assessment")
    rows = list(Assessment.objects.select_related("child"))
    for row in rows:
        born, on = row.child.date_of_birth, row.assessed_on
        months = (on.year - born.year) * 12 + on.month - born.month
        row.age_months = max(months - (1 if on.day < born.day else 0), 0)
    Assessment.objects.bulk_update(rows, ["age_months"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("progress", "0002_frameworks_and_their_bands")]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="age_months",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
