"""An adult's request to erase their data, and what processing it erased and kept."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('preschool', '0004_membership_paused_by_the_bulk_access_alarm'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AdultErasure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('uuid', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('received_at', models.DateField(default=django.utils.timezone.localdate, verbose_name='received on')),
                ('received_how', models.CharField(choices=[('in_person', 'In person'), ('phone', 'By phone'), ('email', 'By email'), ('letter', 'By letter'), ('portal', 'Through the portal')], max_length=10, verbose_name='how it was received')),
                ('recorded_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('outcome', models.CharField(choices=[('pending', 'Waiting to be processed'), ('done', 'Processed')], default='pending', max_length=8)),
                ('processed_at', models.DateTimeField(blank=True, null=True)),
                ('erased', models.JSONField(blank=True, default=dict)),
                ('kept', models.JSONField(blank=True, default=list, help_text='[{type, count, until}] of what was kept, by rule.')),
                ('processed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('recorded_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('setting', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='preschool.setting')),
                ('user', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-recorded_at'],
            },
        ),
    ]
