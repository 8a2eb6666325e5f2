import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    """The assessments there are already: the child's room now, the best that is known."""
    Assessment = apps.get_model("progress", "Assessment")
    Child = apps.get_model("families", "Child")
    Assessment.objects.update(room_id=Subquery(
        Child.objects.filter(pk=OuterRef("child_id")).values("room_id")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("families", "0006_child_sex_and_funding"),
        ("progress", "0003_age_at_assessment"),
    ]

    operations = [
        migrations.AddField(
            model_name="assessment",
            name="room",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="+", to="families.room"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
