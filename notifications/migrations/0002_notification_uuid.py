import uuid

from django.conf import settings
from django.db import migrations, models


def give_uuids(apps, schema_editor):
    Notification = apps.get_model("notifications", "Notification")
    for pk in Notification.objects.filter(uuid__isnull=True).values_list("pk", flat=True):
        Notification.objects.filter(pk=pk).update(uuid=uuid.uuid4())


class Migration(migrations.Migration):

    dependencies = [
        ("notifications", "0001_notifications"),
        ("preschool", "0003_staff_hours_and_safeguarding_lead"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField("notification", "uuid", models.UUIDField(null=True, editable=False)),
        migrations.RunPython(give_uuids, migrations.RunPython.noop),
        migrations.AlterField("notification", "uuid",
                              models.UUIDField(default=uuid.uuid4, unique=True, editable=False)),
    ]
