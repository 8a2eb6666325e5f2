"""A whole-setting export: every table of the setting as CSV and JSON, and its files, in one
ZIP, so that a setting can leave the service with its data (``setting_export/archive.py``)."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from preschool.models import Setting
from preschool.tenancy import setting_scoped

# The portal's choice: a built export can be downloaded for this long, then its file is
# deleted (the archive holds every child's records: it must not linger in storage).
AVAILABLE_FOR = timedelta(days=7)


def export_path(instance, filename):
    return f"exports/{instance.setting.uuid}/{filename}"


class SettingExport(models.Model):
    """One export a manager asked for. Built by a Celery task, which keeps ``progress``
    (0-100) as it goes; downloadable until ``expires_at``, when its file is deleted."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Could not be built")
        EXPIRED = "expired", _("Expired")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    file = models.FileField(upload_to=export_path, max_length=200, blank=True)
    size_bytes = models.PositiveBigIntegerField(default=0)
    row_count = models.PositiveIntegerField(default=0)
    file_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True,
                                      help_text=_("When a task claimed it; it is built once."))
    finished_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Export of {self.setting} asked for by {self.requested_by}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.QUEUED

    @property
    def is_downloadable(self) -> bool:
        return (self.status == self.Status.READY and bool(self.file)
                and self.expires_at is not None and self.expires_at > timezone.now())
