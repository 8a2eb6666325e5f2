"""Children and the adults around them.

The rule that matters most: only an adult linked to a child with the right to receive
information ever sees that child's records (EYFS: parents have access to all records about
their child, subject to court orders and safeguarding; see shared reference, "Records").
"""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from preschool.models import ExpiringAppendOnlyQuerySet, Setting
from preschool.permissions import membership_in
from preschool.tenancy import setting_scoped


class Room(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="rooms")
    name = models.CharField(max_length=100)

    objects = setting_scoped()

    class Meta:
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["setting", "name"], name="room_name_unique")]

    def __str__(self):
        return self.name


class ChildQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def current(self):
        """On the roll today: not yet left (a leaving date in the future still counts)."""
        return self.filter(Q(leaving_date__isnull=True) | Q(leaving_date__gt=date.today()))

    def left(self):
        return self.filter(leaving_date__lte=date.today())

    def visible_to(self, user, setting):
        """Children of ``setting`` that ``user`` may see.

        Staff of the setting see every child of it; a parent or carer sees only the children
        they are linked to with the right to receive information.
        """
        membership = membership_in(user, setting)
        if membership is None:
            return self.none()
        qs = self.filter(setting=setting)
        if membership.can_view_all_children:
            return qs
        return qs.filter(Exists(ChildAdult.objects.filter(HEARS, child=OuterRef("pk"), user=user)))


class SenStatus(models.TextChoices):
    NONE = "none", _("None identified")
    MONITORING = "monitoring", _("Being monitored")
    SUPPORT = "support", _("SEN support")
    EHCP = "ehcp", _("Education, health and care plan")


class Sex(models.TextChoices):
    """As the early years census records it; blank when the family has not said."""

    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


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
    home_languages = models.CharField(_("languages spoken at home"), max_length=200, blank=True)
    english_additional_language = models.BooleanField(_("English as an additional language"),
                                                      default=False)
    is_looked_after = models.BooleanField(
        _("looked after by the local authority"), default=False,
        help_text=_("Photos of a looked-after child are never shared with other families."))
    shared_care = models.BooleanField(
        _("care is shared between homes"), default=False)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    # What the setting is funded for: the progress cohort view compares these groups.
    funded_two_year_old = models.BooleanField(
        _("funded two-year-old place"), default=False,
        help_text=_("The child has a place funded for two-year-olds from families who get "
                    "some help (the local authority's funding)."))
    early_years_pupil_premium = models.BooleanField(
        _("Early Years Pupil Premium"), default=False,
        help_text=_("The setting receives the Early Years Pupil Premium for the child."))
    gp_name = models.CharField(_("GP (doctor)"), max_length=150, blank=True)
    gp_practice = models.CharField(_("GP practice"), max_length=200, blank=True)
    gp_phone = models.CharField(_("GP practice phone"), max_length=30, blank=True)
    health_visitor = models.CharField(_("health visitor"), max_length=150, blank=True)
    health_visitor_phone = models.CharField(_("health visitor phone"), max_length=30, blank=True)
    dietary_requirements = models.TextField(
        _("dietary requirements"), blank=True,
        help_text=_("What the child must not eat or must have (religious, medical, vegetarian)."))
    dietary_preferences = models.TextField(_("food likes and dislikes"), blank=True)
    medical_needs = models.TextField(
        _("medical and special health needs"), blank=True,
        help_text=_("Conditions, care plans, anything staff must know to keep the child well."))
    sen_status = models.CharField(_("special educational needs"), max_length=12,
                                  choices=SenStatus.choices, default=SenStatus.NONE)
    sen_notes = models.TextField(_("SEN notes"), blank=True)
    senco = models.ForeignKey("preschool.Membership", null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+", verbose_name=_("SENCO"))
    other_settings = models.TextField(
        _("other settings the child attends"), blank=True,
        help_text=_("A childminder, another nursery or school: name and days. We share "
                  "information with them only with your consent."))
    religious_cultural_requirements = models.TextField(
        _("religious or cultural requirements"), blank=True)
    registration_completed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped(ChildQuerySet)

    class Meta:
        ordering = ["first_name", "last_name"]
        verbose_name_plural = _("children")

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("child-detail", args=[self.uuid])

    @property
    def full_name(self) -> str:
        """The name the portal shows everywhere: the name the child is known by, then the
        family name ("Leo Nowak" for Leon known as Leo). The legal name is ``legal_name``."""
        return f"{self.known_as} {self.last_name}"

    @property
    def legal_name(self) -> str:
        """First and family name as registered (the EYFS child record's full name)."""
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
    def has_left(self) -> bool:
        return self.leaving_date is not None and self.leaving_date <= date.today()

    @property
    def age_display(self) -> str:
        months = self.age_in_months()
        years, rest = divmod(months, 12)
        if years == 0:
            # The English keeps "months" for any number; other languages take their plurals.
            return ngettext("%(months)d months", "%(months)d months", rest) % {"months": rest}
        if rest:
            return gettext("%(years)d yr %(months)d mo") % {"years": years, "months": rest}
        return gettext("%(years)d yr") % {"years": years}


# A link through which an adult sees the child's records and is told about the child: the
# right to receive information, and no court or safeguarding restriction recorded on it
# (families/access.py). The one definition: filter links with ``ChildAdult.objects.filter(HEARS)``.
HEARS = Q(may_receive_information=True, restriction="")


class ChildAdult(models.Model):
    """An adult in a child's life, with what the setting may share with and expect of them."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="adults")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.PROTECT, related_name="child_links")
    name = models.CharField(max_length=150, help_text=_("As the child's record shows it."))
    relationship = models.CharField(max_length=60)
    has_parental_responsibility = models.BooleanField(default=False)
    may_receive_information = models.BooleanField(default=False)
    lives_with_child = models.BooleanField(default=False)
    is_emergency_contact = models.BooleanField(default=False)
    may_collect = models.BooleanField(default=False)
    legal_contact_only = models.BooleanField(
        default=False, help_text=_("Has contact by a court order, without day-to-day care."))
    is_organisation = models.BooleanField(
        _("an organisation, not a person"), default=False,
        help_text=_("A local authority with parental responsibility for a looked-after child: "
                  "never offered as someone who brings or collects the child."))
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    invitation = models.ForeignKey("preschool.Invitation", null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="child_adults")
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


class Allergy(models.Model):
    """An allergy and what to do about it. Never deleted: an allergy that no longer applies
    is ended, so the history stays."""

    class Severity(models.TextChoices):
        MILD = "mild", _("Mild")
        MODERATE = "moderate", _("Moderate")
        SEVERE = "severe", _("Severe")
        ANAPHYLAXIS = "anaphylaxis", _("Anaphylaxis (life-threatening)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="allergies")
    allergen = models.CharField(_("allergic to"), max_length=150)
    severity = models.CharField(max_length=12, choices=Severity.choices)
    reaction = models.TextField(_("what happens"), blank=True)
    action = models.TextField(_("what to do"), help_text=_("Medicine, who to call, any care plan."))
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-severity", "allergen"]
        verbose_name_plural = _("allergies")

    def __str__(self):
        return f"{self.allergen} ({self.get_severity_display().lower()})"


class AllAboutMe(models.Model):
    """The "All About Me" booklet, in the family's own words."""

    child = models.OneToOneField(Child, on_delete=models.PROTECT, related_name="all_about_me")
    likes = models.TextField(_("things I like"), blank=True)
    dislikes = models.TextField(_("things I don't like"), blank=True)
    routines = models.TextField(_("my routines (sleep, meals, toileting)"), blank=True)
    comforters = models.TextField(_("what comforts me"), blank=True)
    words = models.TextField(_("words I use"), blank=True,
                             help_text=_("Family words, words in other languages, names I use."))
    can_do = models.TextField(_("things I can do"), blank=True)
    family_and_culture = models.TextField(_("my family, festivals and culture"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("All About Me")
        verbose_name_plural = _("All About Me booklets")

    def __str__(self):
        return f"All About Me: {self.child}"


class AgreementQuerySet(models.QuerySet):
    def current_for(self, setting):
        return self.filter(setting=setting).order_by("-version").first()


class PartnershipAgreement(models.Model):
    """One version of a setting's parent partnership agreement. Versions are never edited:
    a change is a new version, so what each parent signed stays on record."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="agreements")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200, default="Parent partnership agreement")
    text = models.TextField()
    published_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped(AgreementQuerySet)

    class Meta:
        ordering = ["setting", "-version"]
        constraints = [models.UniqueConstraint(fields=["setting", "version"],
                                               name="agreement_version_unique")]

    def __str__(self):
        return f"{self.title} v{self.version}"


class AgreementSignature(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    agreement = models.ForeignKey(PartnershipAgreement, on_delete=models.PROTECT,
                                  related_name="signatures")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="signatures")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")
    typed_name = models.CharField(_("your full name, as your signature"), max_length=150)
    signed_on = models.DateField()
    signed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_at"]
        constraints = [models.UniqueConstraint(fields=["agreement", "child", "user"],
                                               name="one_signature_per_version")]

    def __str__(self):
        return f"{self.typed_name} signed {self.agreement} for {self.child}"


class RecordChange(models.Model):
    """One change to a child's record: who changed what, when, from what to what.

    Changes made by families to contacts, who may collect, allergies and health needs are
    flagged for the key person and the manager until one of them has seen them.
    """

    class Area(models.TextChoices):
        DETAILS = "details", _("Child's details")
        HEALTH = "health", _("Health and diet")
        ALLERGIES = "allergies", _("Allergies")
        CONTACTS = "contacts", _("Adults and contacts")
        ABOUT_ME = "about_me", _("All About Me")
        ENROLMENT = "enrolment", _("Start and leaving")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="changes")
    area = models.CharField(max_length=12, choices=Area.choices)
    summary = models.CharField(max_length=300)
    changes = models.JSONField(default=dict, help_text="{field: [before, after]}")
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    changed_at = models.DateTimeField(auto_now_add=True)
    needs_review = models.BooleanField(default=False)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = setting_scoped()

    class Meta:
        ordering = ["-changed_at"]
        indexes = [models.Index(fields=["setting", "needs_review", "reviewed_at"])]

    def __str__(self):
        return f"{self.child}: {self.summary}"


class RecordView(models.Model):
    """One look at a sensitive part of a child's record: who, when, which child, what.

    Written only through ``families.looks`` (one INSERT a request, however many records the
    page shows). Append-only like the audit trail, and kept as long as it (6 years): the
    child's row may be anonymised before then, never the fact that someone looked.
    """

    class What(models.TextChoices):
        RECORD = "record", _("Child's record")
        HEALTH = "health", _("Health and allergies")
        MEDICATION = "medication", _("Medication")
        ACCIDENT = "accident", _("Accidents and injuries")
        RESTRICTION = "restriction", _("Restrictions on contact")
        PROGRESS_CHECK = "progress_check", _("Progress check at two")
        COMPLAINT = "complaint", _("Complaint")
        SAFEGUARDING = "safeguarding", _("Safeguarding")
        EXPORT = "export", _("Export")
        PDF = "pdf", _("Printed record (PDF)")

    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, null=True, on_delete=models.SET_NULL,
                              related_name="record_views")
    viewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="+")
    # The viewer's role when they looked (families are shown roles, not names).
    viewer_role = models.CharField(max_length=16)
    what = models.CharField(max_length=16, choices=What.choices)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    session_hash = models.CharField(max_length=16, blank=True,
                                    help_text="A short hash of the session: where from.")
    at = models.DateTimeField(default=timezone.now)

    objects = setting_scoped(ExpiringAppendOnlyQuerySet)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["child", "-at"], name="recordview_child_at"),
            models.Index(fields=["at"], name="recordview_at"),
            models.Index(fields=["setting", "viewer", "at"], name="recordview_viewer_at"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.viewer_id} {self.what} {self.child_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Looks at records are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Looks at records are append-only.")
