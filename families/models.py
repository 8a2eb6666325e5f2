"""Children and the adults around them.

The rule that matters most: only an adult linked to a child with the right to receive
information ever sees that child's records (EYFS: parents have access to all records about
their child, subject to court orders and safeguarding; see shared reference, "Records").
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse

from preschool.models import Setting


class Room(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=100)

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["setting", "name"], name="room_name_unique")]

    def __str__(self):
        return self.name


class ChildQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def current(self):
        return self.filter(leaving_date__isnull=True)

    def visible_to(self, user, setting):
        """Children of ``setting`` that ``user`` may see.

        Staff of the setting see every child of it; a parent or carer sees only the children
        they are linked to with the right to receive information.
        """
        from preschool.permissions import membership_in

        membership = membership_in(user, setting)
        if membership is None:
            return self.none()
        qs = self.filter(setting=setting)
        if membership.can_view_all_children:
            return qs
        return qs.filter(adults__user=user, adults__may_receive_information=True).distinct()


class Child(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="children")
    room = models.ForeignKey(Room, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="children")
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    start_date = models.DateField(null=True, blank=True)
    leaving_date = models.DateField(null=True, blank=True)
    home_languages = models.CharField(max_length=200, blank=True)
    english_additional_language = models.BooleanField("English as an additional language",
                                                      default=False)
    is_looked_after = models.BooleanField(
        "looked after by the local authority", default=False,
        help_text="Photos of a looked-after child are never shared with other families.")
    shared_care = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ChildQuerySet.as_manager()

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name_plural = "children"

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("child-detail", args=[self.uuid])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_name

    def age_in_months(self, on: date | None = None) -> int:
        on = on or date.today()
        months = (on.year - self.date_of_birth.year) * 12 + on.month - self.date_of_birth.month
        if on.day < self.date_of_birth.day:
            months -= 1
        return months

    @property
    def age_display(self) -> str:
        months = self.age_in_months()
        years, rest = divmod(months, 12)
        if years == 0:
            return f"{rest} months"
        return f"{years} yr {rest} mo" if rest else f"{years} yr"


class ChildAdult(models.Model):
    """An adult in a child's life, with what the setting may share with and expect of them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="adults")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="child_links")
    name = models.CharField(max_length=150, help_text="As the child's record shows it.")
    relationship = models.CharField(max_length=60)
    has_parental_responsibility = models.BooleanField(default=False)
    may_receive_information = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    is_emergency_contact = models.BooleanField(default=False)
    may_collect = models.BooleanField(default=False)
    legal_contact_only = models.BooleanField(default=False)
    # Staff-only: a court order or safeguarding restriction. Never shown to families.
    restriction = models.TextField(blank=True)

    class Meta:
        ordering = ["-has_parental_responsibility", "name"]
        constraints = [
            models.UniqueConstraint(fields=["child", "user"], condition=Q(user__isnull=False),
                                    name="one_link_per_adult_and_child"),
        ]

    def __str__(self):
        return f"{self.name} ({self.relationship} of {self.child})"
