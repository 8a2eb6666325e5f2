"""The key person and back-up key person of each child (EYFS: every child is assigned a key
person; see shared reference, "Key person and daily record")."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from families.models import Child
from preschool.models import Membership, Setting


class AssignmentQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)

    def for_setting(self, setting):
        return self.filter(setting=setting)


class Assignment(models.Model):
    """A practitioner as a child's key person or back-up, from one date to another.

    Changing the key person ends the current assignment and starts a new one, so the history
    of who was the child's key person, and when, is kept.
    """

    class Kind(models.TextChoices):
        KEY = "key", "Key person"
        BACKUP = "backup", "Back-up key person"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT,
                              related_name="keyperson_assignments")
    staff = models.ForeignKey(Membership, on_delete=models.PROTECT,
                              related_name="keyperson_assignments")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    started_on = models.DateField(default=timezone.localdate)
    ended_on = models.DateField(null=True, blank=True)
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["child", "kind", "-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["child", "kind"], condition=Q(ended_on__isnull=True),
                                    name="one_current_assignment_per_child_and_kind"),
        ]

    def __str__(self):
        return f"{self.staff.user} as {self.get_kind_display().lower()} of {self.child}"
