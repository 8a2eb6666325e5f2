"""The setting's policies (with their versions, read confirmations and reviews with parents'
comments) and questionnaires (with confidential answers and a "you said, we did" plan).

A published policy version is never edited: a change is a new version, so what families read
and confirmed, and what the committee signed, stays on record.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from policies.constants import RATING_LABELS
from preschool.models import Setting
from preschool.tenancy import setting_scoped


class PolicyQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def published(self):
        return self.filter(current_version__isnull=False)


class Policy(models.Model):
    """One of the setting's policies. Its text lives in versions; ``current_version`` is the
    one published last (None until the first is published)."""

    class Category(models.TextChoices):
        PARTNERSHIP = "partnership", _("Working with families")
        SAFEGUARDING = "safeguarding", _("Safeguarding and welfare")
        HEALTH = "health", _("Health and safety")
        LEARNING = "learning", _("Learning and development")
        INCLUSION = "inclusion", _("Inclusion and equality")
        ADMIN = "admin", _("Admissions, fees and administration")
        STAFFING = "staffing", _("Staffing")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Families and staff")
        FAMILIES = "families", _("Families (staff can read it too)")
        STAFF = "staff", _("Staff only")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="policies")
    title = models.CharField(max_length=150)
    category = models.CharField(max_length=14, choices=Category.choices)
    audience = models.CharField(
        _("who reads it"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE,
        help_text=_("They are asked to confirm they have read each new version."))
    related = models.ManyToManyField("self", blank=True, symmetrical=True,
                                     verbose_name=_("related policies"))
    # Set on the policies the portal ships as defaults, so creating them twice is impossible.
    default_key = models.CharField(max_length=40, blank=True, editable=False)
    current_version = models.ForeignKey("PolicyVersion", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped(PolicyQuerySet)

    class Meta:
        ordering = ["category", "title"]
        verbose_name_plural = "policies"
        constraints = [
            models.UniqueConstraint(fields=["setting", "default_key"], condition=~Q(default_key=""),
                                    name="one_default_policy_of_each_kind"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("policies-detail", args=[self.uuid])

    @property
    def for_families(self) -> bool:
        return self.audience in (self.Audience.EVERYONE, self.Audience.FAMILIES)

    @property
    def for_staff(self) -> bool:
        return self.audience in (self.Audience.EVERYONE, self.Audience.STAFF)


class PolicyVersion(models.Model):
    """One version of a policy. A draft (``published_at`` empty) is edited until it is
    published; from then on it is never changed. At most one draft per policy."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    body = models.TextField(
        max_length=60000,
        help_text=_('Plain text. A line starting with "## " is a heading (families can comment '
                  'on each heading\'s section); a line starting with "- " is a bullet point; a '
                  "blank line starts a new paragraph."))
    change_summary = models.TextField(_("summary of changes"), max_length=3000, blank=True)
    adopted_on = models.DateField(_("adopted or reviewed on"), null=True, blank=True)
    next_review_on = models.DateField(_("next review by"), null=True, blank=True)
    chair_name = models.CharField(_("chair of the committee (typed name)"), max_length=150,
                                  blank=True)
    manager_name = models.CharField(_("manager (typed name)"), max_length=150, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="policy_version_unique"),
            models.UniqueConstraint(fields=["policy"], condition=Q(published_at__isnull=True),
                                    name="one_draft_per_policy"),
        ]

    def __str__(self):
        return f"{self.policy} v{self.number}{'' if self.published_at else ' (draft)'}"

    def get_absolute_url(self):
        return reverse("policies-version", args=[self.uuid])

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @property
    def review_is_due(self) -> bool:
        return (self.next_review_on is not None
                and self.next_review_on <= timezone.localdate())


class ReadConfirmation(models.Model):
    """Someone confirmed they have read and understood a published version."""

    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT,
                                related_name="confirmations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="policy_confirmations")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_at"]
        constraints = [models.UniqueConstraint(fields=["version", "user"],
                                               name="one_confirmation_per_version")]

    def __str__(self):
        return f"{self.user} read {self.version}"


class ReviewQuerySet(models.QuerySet):
    def open(self):
        """Not closed by publishing; may still be past its closing date."""
        return self.filter(closed_at__isnull=True)

    def taking_comments(self, today=None):
        today = today or timezone.localdate()
        return self.open().filter(closes_on__gte=today)


class Review(models.Model):
    """A policy's draft opened to comments from families and staff until ``closes_on``.

    Publishing the draft closes the review; each commenter is told what became of their
    comments. At most one open review per policy.
    """

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    policy = models.ForeignKey(Policy, on_delete=models.PROTECT, related_name="reviews")
    draft = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="reviews")
    introduction = models.TextField(
        _("what you would like people to look at"), max_length=2000, blank=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    closes_on = models.DateField(_("comments close on"))
    closed_at = models.DateTimeField(null=True, blank=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at"]
        constraints = [models.UniqueConstraint(fields=["policy"],
                                               condition=Q(closed_at__isnull=True),
                                               name="one_open_review_per_policy")]

    def __str__(self):
        return f"Review of {self.policy} (closes {self.closes_on:%d %b %Y})"

    def get_absolute_url(self):
        return reverse("policies-review", args=[self.uuid])

    @property
    def is_taking_comments(self) -> bool:
        return self.closed_at is None and timezone.localdate() <= self.closes_on


class ReviewComment(models.Model):
    """A comment on a review's draft, on the whole policy or one section (a "## " heading).

    The manager decides what becomes of it (adopted, answered or declined) and may reply; the
    commenter is told when the new version is published.
    """

    class Decision(models.TextChoices):
        PENDING = "pending", _("Waiting for a decision")
        ADOPTED = "adopted", _("Adopted: the policy was changed")
        ANSWERED = "answered", _("Answered")
        DECLINED = "declined", _("Not adopted")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                               related_name="policy_comments")
    section = models.CharField(max_length=200, blank=True,
                               help_text=_("The heading commented on; empty for the whole policy."))
    body = models.TextField(_("your comment"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(max_length=10, choices=Decision.choices,
                                default=Decision.PENDING)
    reply = models.TextField(max_length=2000, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["section", "created_at"]

    def __str__(self):
        return f"Comment by {self.author} on {self.review.policy}"


# --- Questionnaires ----------------------------------------------------------------------------

class QuestionnaireQuerySet(models.QuerySet):
    def for_setting(self, setting):
        return self.filter(setting=setting)

    def sent(self):
        return self.exclude(status=Questionnaire.Status.DRAFT)

    def taking_answers(self, today=None):
        """Open and not past their closing date (as ``Questionnaire.is_open``)."""
        today = today or timezone.localdate()
        return self.filter(status=Questionnaire.Status.OPEN).filter(
            Q(closes_on__isnull=True) | Q(closes_on__gte=today))


class Questionnaire(models.Model):
    """Questions sent to families; the answers are summarised for the manager, who publishes
    a "you said, we did" plan.

    When ``is_confidential``, the setting sees the answers but never who gave them: who has
    answered is kept apart (``HasAnswered``), with no link to the answers, and the answers
    carry no time and random keys, so neither their order nor a timestamp can be matched to
    a person.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Being written")
        OPEN = "open", _("Open for answers")
        CLOSED = "closed", _("Closed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="questionnaires")
    title = models.CharField(max_length=150)
    introduction = models.TextField(max_length=2000, blank=True)
    is_confidential = models.BooleanField(
        _("confidential"), default=True,
        help_text=_("You see the answers, but not who gave them. Cannot be changed once sent."))
    closes_on = models.DateField(_("answers close on"), null=True, blank=True)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    action_plan_introduction = models.TextField(max_length=2000, blank=True)
    action_plan_published_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = setting_scoped(QuestionnaireQuerySet)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("policies-questionnaire", args=[self.uuid])

    @property
    def closing_date_passed(self) -> bool:
        return self.closes_on is not None and timezone.localdate() > self.closes_on

    @property
    def is_open(self) -> bool:
        """Open and not past its closing date."""
        return self.status == self.Status.OPEN and not self.closing_date_passed

    @property
    def shown_status(self) -> str:
        """The status people see: an open questionnaire past its closing date is closed
        (it takes no more answers), though nobody has closed it by hand."""
        if self.status == self.Status.OPEN and self.closing_date_passed:
            return self.Status.CLOSED
        return self.status

    def get_shown_status_display(self) -> str:
        return str(self.Status(self.shown_status).label)


class Question(models.Model):
    class Kind(models.TextChoices):
        RATING = "rating", _("A rating from 1 (poor) to 5 (excellent)")
        CHOICE = "choice", _("One choice from a list")
        MULTIPLE = "multiple", _("Any number of choices from a list")
        TEXT = "text", _("Their own words")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT,
                                      related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=8, choices=Kind.choices)
    text = models.CharField(_("question"), max_length=300)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(_("an answer is required"), default=False)

    class Meta:
        ordering = ["questionnaire", "position"]
        constraints = [models.UniqueConstraint(fields=["questionnaire", "position"],
                                               name="question_position_unique")]

    def __str__(self):
        return self.text

    @property
    def options(self) -> list[str]:
        if self.kind == self.Kind.RATING:
            return [f"{n} ({label})" for n, label in RATING_LABELS.items()]
        return list(self.choices)


class Response(models.Model):
    """One family member's answers. For a confidential questionnaire it names nobody, has no
    time, and its key is random (so its place in the table says nothing)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT,
                                      related_name="responses")
    respondent = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.PROTECT, related_name="+")
    submitted_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return f"Answers to {self.questionnaire}"


class Answer(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(max_length=3000, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["response", "question"],
                                               name="one_answer_per_question")]

    def __str__(self):
        return f"Answer to {self.question}"


class HasAnswered(models.Model):
    """That a family member has answered a questionnaire, kept apart from their answers, so
    each answers once while a confidential questionnaire's answers stay unlinked to them."""

    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT,
                                      related_name="answered_by")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["questionnaire", "user"],
                                               name="answer_each_questionnaire_once")]

    def __str__(self):
        return f"{self.user} answered {self.questionnaire}"


class ActionPoint(models.Model):
    """One line of the "you said, we did" plan."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    questionnaire = models.ForeignKey(Questionnaire, on_delete=models.PROTECT,
                                      related_name="action_points")
    you_said = models.TextField(_("you said"), max_length=1000)
    we_did = models.TextField(_("we will / we did"), max_length=1000)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.you_said[:60]
