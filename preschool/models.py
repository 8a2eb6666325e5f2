"""The core of the portal: settings (the tenants), people, their roles, and the audit trail."""

import hashlib
import uuid
from datetime import date, datetime, time, timedelta
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core import signing
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from preschool.request_context import client_ip
from preschool.tenancy import setting_scoped


class Setting(models.Model):
    """A pre-school (an EYFS group setting): the tenant every record belongs to."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80, unique=True)
    ofsted_urn = models.CharField(
        _("Ofsted URN"), max_length=10, blank=True,
        validators=[RegexValidator(r"^(EY|SC)?\d{6,7}$",
                                   _("An Ofsted URN is 6 or 7 digits, sometimes after EY or SC."))],
    )
    address_line_1 = models.CharField(max_length=200, blank=True)
    address_line_2 = models.CharField(max_length=200, blank=True)
    town = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.name)[:80]
        super().save(*args, **kwargs)

    @property
    def address(self) -> str:
        parts = [self.address_line_1, self.address_line_2, self.town, self.postcode]
        return ", ".join(p for p in parts if p)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("A user needs an email address.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)


LANGUAGES = [
    ("en", _("English")), ("ar", _("Arabic")), ("bn", _("Bengali")), ("zh", _("Chinese")),
    ("fr", _("French")), ("gu", _("Gujarati")), ("it", _("Italian")), ("lt", _("Lithuanian")),
    ("pa", _("Panjabi")), ("pl", _("Polish")), ("pt", _("Portuguese")), ("ro", _("Romanian")),
    ("so", _("Somali")), ("es", _("Spanish")), ("ta", _("Tamil")), ("tr", _("Turkish")),
    ("uk", _("Ukrainian")), ("ur", _("Urdu")), ("cy", _("Welsh")), ("other", _("Another language")),
]


class User(AbstractBaseUser, PermissionsMixin):
    """Anyone who logs in: parents and carers, practitioners, managers. Email is the login."""

    class ContactMethod(models.TextChoices):
        EMAIL = "email", _("Email")
        PHONE = "phone", _("Phone call")
        TEXT = "text", _("Text message")
        IN_PERSON = "in_person", _("In person at drop-off or collection")
        LETTER = "letter", _("Letter")

    class Format(models.TextChoices):
        STANDARD = "standard", _("Standard")
        LARGE_PRINT = "large_print", _("Large print")
        EASY_READ = "easy_read", _("Easy read")
        TRANSLATED = "translated", _("Translated into my language")
        SPOKEN = "spoken", _("Read to me / explained in person")

    class Frequency(models.TextChoices):
        INSTANT = "instant", _("As it happens")
        DAILY = "daily", _("One email a day (digest)")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(_("email address"), max_length=254, unique=True)
    full_name = models.CharField(max_length=150)
    phone = models.CharField(max_length=30, blank=True)
    preferred_language = models.CharField(max_length=8, choices=LANGUAGES, default="en")
    preferred_contact_method = models.CharField(
        max_length=12, choices=ContactMethod.choices, default=ContactMethod.EMAIL)
    preferred_format = models.CharField(
        max_length=12, choices=Format.choices, default=Format.STANDARD)
    notification_frequency = models.CharField(
        _("email notifications"), max_length=8, choices=Frequency.choices,
        default=Frequency.INSTANT)
    is_staff = models.BooleanField(
        _("Django admin access"), default=False,
        help_text=_("For the portal's operators only; pre-school staff do not need it."))
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_unique_ci")]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    MANAGER = "manager", _("Manager")
    PRACTITIONER = "practitioner", _("Practitioner")
    PARENT = "parent", _("Parent or carer")


STAFF_ROLES = (Role.MANAGER, Role.PRACTITIONER)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)

    def for_setting(self, setting):
        return self.filter(setting=setting)

    def staff(self):
        return self.filter(role__in=STAFF_ROLES)


class Membership(models.Model):
    """A person's role in one setting. Rights are read from its capabilities, never its role."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                             related_name="memberships")
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(max_length=16, choices=Role.choices)
    job_title = models.CharField(max_length=100, blank=True)
    is_senco = models.BooleanField(_("SENCO"), default=False,
                                   help_text=_("Special educational needs co-ordinator."))
    is_committee_member = models.BooleanField(default=False)
    is_safeguarding_lead = models.BooleanField(
        _("designated safeguarding lead"), default=False,
        help_text=_("Receives the messages staff flag as a safeguarding concern."))
    # Staff's working hours (the setting's local time): families writing outside them are told
    # when to expect a reply, and notifications wait for them (quiet hours).
    working_days = models.CharField(
        max_length=7, default="01234", validators=[RegexValidator(r"^[0-6]{0,7}$")],
        help_text=_("The days worked, Monday 0 to Sunday 6: 01234 is Monday to Friday."))
    works_from = models.TimeField(default=time(8, 0))
    works_until = models.TimeField(default=time(18, 0))
    out_of_office = models.CharField(
        _("out-of-office note"), max_length=300, blank=True,
        help_text=_("Shown to families who write to you while it is set."))
    out_of_office_until = models.DateField(null=True, blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    # The bulk-access alarm (privacy app) pauses a membership that read far more children's
    # records than its role's pattern; it stays paused until a manager looks.
    paused_at = models.DateTimeField(null=True, blank=True)
    pause_reason = models.CharField(max_length=300, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["setting__name", "role", "user__full_name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "setting"], condition=Q(ended_at__isnull=True),
                                    name="one_active_membership_per_setting"),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.setting})"

    # Capabilities: views and predicates ask these, never the role itself.
    @property
    def is_active(self) -> bool:
        return self.ended_at is None

    @property
    def is_staff_member(self) -> bool:
        return self.is_active and self.role in STAFF_ROLES

    @property
    def is_family(self) -> bool:
        return self.is_active and self.role == Role.PARENT

    @property
    def can_manage_setting(self) -> bool:
        return self.is_active and self.role == Role.MANAGER

    can_manage_staff = can_manage_setting
    can_invite_people = can_manage_setting
    can_view_audit_log = can_manage_setting
    can_manage_consents = can_manage_setting
    can_manage_complaints = can_manage_setting
    can_manage_policies = can_manage_setting
    can_sign_off_progress_checks = can_manage_setting

    @property
    def can_view_all_children(self) -> bool:
        return self.is_staff_member

    can_record_observations = can_view_all_children
    can_record_attendance = can_view_all_children
    can_record_medication = can_view_all_children

    @property
    def can_comment_on_policy_reviews(self) -> bool:
        return self.is_active

    @property
    def home_template(self) -> str:
        if self.can_manage_setting:
            return "preschool/home_manager.html"
        if self.is_staff_member:
            return "preschool/home_practitioner.html"
        return "preschool/home_family.html"

    def is_working_at(self, moment: datetime) -> bool:
        """Whether a member of staff is at work at ``moment`` (aware, or the local time):
        a working day, between their hours, and no out-of-office note running that day."""
        local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
        if self.is_out_of_office_on(local.date()):
            return False
        return (str(local.weekday()) in self.working_days
                and self.works_from <= local.time() < self.works_until)

    def is_out_of_office_on(self, day: date) -> bool:
        return bool(self.out_of_office) and (self.out_of_office_until is None
                                             or day <= self.out_of_office_until)

    def next_working_start(self, moment: datetime) -> datetime | None:
        """When a member of staff is next at work after ``moment`` (aware), in local time:
        ``moment`` itself if they are at work; None if they have no working days."""
        local = timezone.localtime(moment)
        if self.is_working_at(local):
            return local
        for ahead in range(0, 400):  # an out-of-office note may run for months
            day = local.date() + timedelta(days=ahead)
            if str(day.weekday()) not in self.working_days or self.is_out_of_office_on(day):
                continue
            start = timezone.make_aware(datetime.combine(day, self.works_from))
            if start > local:
                return start
        return None

    def end(self):
        """End the membership (people are never deleted: their records keep their names)."""
        self.ended_at = timezone.now()
        self.save(update_fields=["ended_at"])


class AppendOnlyQuerySet(models.QuerySet):
    """Rows the portal only ever adds: the audit trail, the looks at records, a retention
    schedule's history and its erasure log. Changing or deleting them in bulk is refused."""

    def update(self, **kwargs):
        raise TypeError(f"{self.model._meta.label} rows are append-only.")

    def delete(self):
        raise TypeError(f"{self.model._meta.label} rows are append-only.")


class ExpiringAppendOnlyQuerySet(AppendOnlyQuerySet):
    """Append-only rows with a retention period of their own (the audit trail, the looks:
    6 years from the entry)."""

    def erase_at_end_of_retention(self) -> int:
        """Delete these rows: for the retention run only (``retention.erasers``), once their
        period has ended. The database refuses it outside that run's transaction
        (``portal.retention``). Returns the number deleted."""
        return models.QuerySet.delete(self)[0]


class AuditEvent(models.Model):
    """One line of the append-only audit trail. Written only through log_action()."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    setting = models.ForeignKey(Setting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="audit_events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                              on_delete=models.PROTECT, related_name="+")
    actor_label = models.CharField(max_length=300, blank=True)
    action = models.CharField(max_length=80)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=300, blank=True)
    changes = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = setting_scoped(ExpiringAppendOnlyQuerySet)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["setting", "-created_at"])]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_label} {self.action}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit events are append-only.")


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True,
                           expires_at__gt=timezone.now())


class Invitation(models.Model):
    """An invitation to join a setting. The link works once and expires.

    The link carries a signed token naming the invitation, so no secret is stored: the token
    cannot be forged without SECRET_KEY, and accepting is a conditional update that succeeds
    for exactly one request.
    """

    TOKEN_SALT = "preschool.invitation"  # noqa: S105 - a signing namespace, not a secret

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Withdrawn")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    setting = models.ForeignKey(Setting, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    full_name = models.CharField(max_length=150, blank=True)
    role = models.CharField(max_length=16, choices=Role.choices)
    is_senco = models.BooleanField(_("SENCO"), default=False)
    is_committee_member = models.BooleanField(default=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    sent_count = models.PositiveSmallIntegerField(default=0)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"Invitation for {self.email} to {self.setting}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.PENDING

    @property
    def token(self) -> str:
        return signing.Signer(salt=self.TOKEN_SALT).sign_object(str(self.uuid))

    @classmethod
    def from_token(cls, token: str):
        """The invitation a link names, or None for a forged or mangled link."""
        try:
            value = signing.Signer(salt=cls.TOKEN_SALT).unsign_object(token)
            return cls.objects.select_related("setting").get(uuid=uuid.UUID(value))
        except (signing.BadSignature, ValueError, TypeError, cls.DoesNotExist):
            return None

    def get_accept_url(self) -> str:
        return reverse("invitation-accept", args=[self.token])

    def claim(self, user) -> bool:
        """Mark as accepted by ``user``; True for exactly one caller while it is usable."""
        now = timezone.now()
        claimed = Invitation.objects.filter(
            pk=self.pk, accepted_at__isnull=True, revoked_at__isnull=True, expires_at__gt=now,
        ).update(accepted_at=now, accepted_by=user)
        if claimed:
            self.accepted_at, self.accepted_by = now, user
        return bool(claimed)

    def revoke(self):
        Invitation.objects.filter(pk=self.pk, accepted_at__isnull=True).update(
            revoked_at=timezone.now())
        self.refresh_from_db()

    def clean(self):
        if self.email:
            self.email = self.email.strip().lower()


class Reminder(models.Model):
    """One email that is due: an invitation, a chase, a reminder of a deadline.

    Its unique key (kind, object, recipient, due date) means a scan that runs twice creates it
    once; it is claimed with a conditional UPDATE before it is sent, so a retried task or a
    second worker never sends it twice; and one that could not be queued (broker down) stays
    pending and is queued again by the next scan. See preschool/lib/reminders.py.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("No longer needed")
        FAILED = "failed", _("Could not be sent")

    kind = models.CharField(max_length=60)
    object_key = models.CharField(max_length=64)
    recipient_email = models.EmailField()
    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="reminders")
    setting = models.ForeignKey(Setting, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="reminders")
    due_on = models.DateField()
    due_at = models.DateTimeField(db_index=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    queued_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["due_at"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_key", "recipient_email", "due_on"],
                                    name="reminder_unique_key"),
        ]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self):
        return f"{self.kind} for {self.recipient_email} due {self.due_on}"

    def claim(self, *, stale_after_seconds: int) -> bool:
        """Take this reminder for sending; True for exactly one caller.

        A reminder left in SENDING by a worker that died is given out again once the claim is
        older than ``stale_after_seconds``. On success this instance shows the claim (its
        ``attempts`` counted from the value it was read with).
        """
        now = timezone.now()
        stale = now - timedelta(seconds=stale_after_seconds)
        claimed = Reminder.objects.filter(
            Q(status=self.Status.PENDING) | Q(status=self.Status.SENDING, claimed_at__lt=stale),
            pk=self.pk, due_at__lte=now,
        ).update(status=self.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1)
        if claimed == 1:
            self.status, self.claimed_at = self.Status.SENDING, now
            self.attempts += 1
        return claimed == 1

    @property
    def message_id(self) -> str:
        """The email's Message-ID, made from the unique key: the same for every send of this
        reminder, so a copy sent again after a crash (between the SMTP send and ``mark``) is
        one message to mail systems that collapse duplicates by their Message-ID."""
        key = "\0".join([self.kind, self.object_key, self.recipient_email.lower(),
                          self.due_on.isoformat()])
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
        return f"<reminder.{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"

    def mark(self, status, error: str = ""):
        fields = {"status": status, "last_error": error[:2000]}
        if status == self.Status.SENT:
            fields["sent_at"] = timezone.now()
        Reminder.objects.filter(pk=self.pk, status=self.Status.SENDING).update(**fields)



class KnownDevice(models.Model):
    """A browser a person has signed in from, known by a long-lived random cookie.

    Only the SHA-256 of the cookie's token is stored: the table cannot be used to pass as the
    device. A sign-in from a browser with no known token is a new device, and the person is
    told by email (preschool/devices.py). The person's, not a setting's: no ``setting``
    column, no scope (like a push subscription).
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="known_devices")
    token_hash = models.CharField(max_length=64)
    # Read from the User-Agent at the first sign-in (preschool.devices.browser_and_system).
    browser = models.CharField(max_length=40, blank=True)  # "Firefox"
    system = models.CharField(max_length=40, blank=True)  # "Windows"
    ip_address = models.GenericIPAddressField(null=True, blank=True)  # at the first sign-in
    first_seen = models.DateTimeField(default=timezone.now)
    last_seen = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token_hash"],
                                               name="known_device_unique_token")]

    def __str__(self) -> str:
        return f"{self.browser or '?'} / {self.system or '?'}"

    @property
    def label(self) -> str:
        """"Firefox on Windows", in the reader's language."""
        from preschool.devices import label_of

        return label_of(self.browser, self.system)

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()


def log_action(actor, action: str, obj=None, *, setting=None, changes=None,
               label: str | None = None) -> AuditEvent:
    """Append one event to the audit trail. The only way audit events are written.

    ``action`` is "<thing>.<verb>" (e.g. "invitation.sent"). ``setting`` defaults to the
    object's setting. ``changes`` holds what changed (never secrets such as passwords).
    The address of the request being served is recorded for an event someone signed in did;
    an event with no one behind it (an anonymous suggestion, a task) records none.
    """
    if setting is None and obj is not None:
        setting = getattr(obj, "setting", None)
    ip = None
    actor_label = ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_label = f"{actor.full_name} <{actor.email}>"
        ip = client_ip()
    else:
        actor = None
    return AuditEvent.objects.create(
        setting=setting,
        actor=actor,
        actor_label=actor_label,
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(getattr(obj, "uuid", getattr(obj, "pk", ""))) if obj is not None else "",
        object_label=(label if label is not None else str(obj))[:300] if obj is not None else "",
        changes=changes or {},
        ip_address=ip,
    )
