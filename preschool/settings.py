"""Settings of the pre-school partnership portal.

Everything is read from environment variables (see README, "Configuration"), strictly: a bad
value stops start-up with a message naming the variable.
"""

import ipaddress
from pathlib import Path
from urllib.parse import urlparse

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONE, SELF
from kombu import Queue

from preschool.env import EnvError, env_bool, env_choice, env_int, env_list, env_rate, env_str
from preschool.lib.object_storage import s3_storage, signed_url_origin

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", False)

SECRET_KEY = env_str("SECRET_KEY", required=not DEBUG)
if not SECRET_KEY:
    # Only reachable with DEBUG on: a fixed, public key is fine for a local demo.
    SECRET_KEY = "insecure-local-demo-key-never-use-in-production-0123456789"  # noqa: S105
elif not DEBUG and len(SECRET_KEY) < 50:
    raise EnvError("SECRET_KEY must be at least 50 characters long.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
if not ALLOWED_HOSTS:
    raise EnvError("ALLOWED_HOSTS must be set when DEBUG is off (comma-separated host names).")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "preschool.admin_site.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "rules.apps.AutodiscoverRulesConfig",
    "preschool",
    "families",
    "notifications",
    "keyperson",
    "learning_journal",
    "progress",
    "consents",
    "collection",
    "attendance",
    "complaints",
    "policies",
    "push",
    "messaging",
    "events",
    "news",
    "privacy",
    "subject_access",
    "retention",
    "setting_export",
    "backups",
    "demo",
    "ninja",
    "api",
    "offline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "preschool.request_context.RequestContextMiddleware",
    "preschool.metrics.RequestMetricsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "api.middleware.ApiTokenMiddleware",
    "preschool.middleware.PersonLanguageMiddleware",
    "preschool.middleware.SessionActivityMiddleware",
    "preschool.middleware.PrivatePagesMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "preschool.middleware.TenancyMiddleware",
    "families.looks.RecordViewsMiddleware",
    "preschool.middleware.StaffMFAMiddleware",
]

ROOT_URLCONF = "preschool.urls"
WSGI_APPLICATION = "preschool.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "preschool.context_processors.portal",
                "notifications.context_processors.bell",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
except ValueError as exc:
    raise EnvError(f"DATABASE_URL is not a database URL Django understands ({exc}).") from None
if _db["ENGINE"] not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
    raise EnvError("DATABASE_URL must be a postgres:// or sqlite:// URL.")
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["CONN_MAX_AGE"] = 0
    # Taps on the register come close together: WAL lets readers go on while one writes, a
    # transaction takes the write lock when it starts (so it waits instead of failing half-way
    # with "database is locked"), and a writer waits up to the timeout for the lock.
    _db["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("SQLITE_TIMEOUT_SECONDS", 20, minimum=1),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so that a real Celery worker in the tests can read the test data.
    _db["TEST"] = {"NAME": str(BASE_DIR / ".test-db.sqlite3")}
else:
    # A connection kept between requests (CONN_MAX_AGE) is checked before it is reused, so one
    # left broken by a database restart is replaced instead of failing the request. A Celery
    # worker opens a new connection for each task (its Django fix-up, with CELERY_DB_REUSE_MAX
    # left unset).
    _db["CONN_HEALTH_CHECKS"] = True
# Behind PgBouncer in transaction pooling, each transaction may run on another server
# connection, so nothing may outlive a transaction on the server. Django's server-side cursors
# (``.iterator()``) do outside a transaction block: "pgbouncer" turns them off and
# ``.iterator()`` then reads its rows in one go. The portal needs nothing else of a session:
# psycopg2 prepares no statements on the server, the retention run's ``SET LOCAL`` ends with
# its transaction, and no code takes advisory locks or LISTENs.
DATABASE_POOLER = env_choice("DATABASE_POOLER", "none", ["none", "pgbouncer"])
if DATABASE_POOLER == "pgbouncer":
    if _db["ENGINE"] != "django.db.backends.postgresql":
        raise EnvError("DATABASE_POOLER=pgbouncer needs a postgres:// DATABASE_URL.")
    _db["DISABLE_SERVER_SIDE_CURSORS"] = True
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (also holds allauth's login rate limits, so it must be shared by all processes) ---
CACHE_URL = env_str("CACHE_URL", "db://")
_database_cache = {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                   "LOCATION": "portal_cache"}
if CACHE_URL.startswith(("redis://", "rediss://")):
    # With Redis down, the database cache takes over: sign-in keeps working, limits still count.
    CACHES = {"default": {"BACKEND": "preschool.cache.RedisOrDatabaseCache",
                          "LOCATION": CACHE_URL, "KEY_PREFIX": "preschool",
                          "OPTIONS": {"FALLBACK": "database"}},
              "database": _database_cache}
elif CACHE_URL == "db://":
    CACHES = {"default": _database_cache}
else:
    raise EnvError("CACHE_URL must be redis://host:port/db or db:// (the database cache).")

# --- Accounts -------------------------------------------------------------------------------
AUTH_USER_MODEL = "preschool.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
     "OPTIONS": {"user_attributes": ("email", "full_name")}},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
     "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

ACCOUNT_ADAPTER = "preschool.adapters.AccountAdapter"
ACCOUNT_FORMS = {"signup": "preschool.forms.InvitationSignupForm"}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
# Signing out leads through the page that wipes what a staff tablet kept offline (offline/).
ACCOUNT_LOGOUT_REDIRECT_URL = "offline-signed-out"
ACCOUNT_EMAIL_NOTIFICATIONS = True
ACCOUNT_REAUTHENTICATION_TIMEOUT = env_int("REAUTHENTICATION_SECONDS", 300, minimum=60)
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's defaults, written out so they are visible and reviewable. They need a cache that all
# processes share: Redis in production (the database cache while Redis is down), the database
# cache otherwise.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reauthenticate": "10/m/user",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = env_str("SITE_NAME", "Pre-school portal")
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG

# "Your devices and sessions" (allauth.usersessions): a session's "last active" is kept by
# preschool.middleware.SessionActivityMiddleware, one UPDATE every few minutes at most, instead
# of allauth's tracking, which writes on every request.
USERSESSIONS_ADAPTER = "preschool.adapters.UserSessionsAdapter"
USERSESSIONS_TRACK_ACTIVITY = False
SESSION_ACTIVITY_SECONDS = 300
# The cookie that makes a browser a known device (no email on its next sign-ins).
KNOWN_DEVICE_COOKIE_DAYS = env_int("KNOWN_DEVICE_COOKIE_DAYS", 400, minimum=30, maximum=400)

# Staff and managers must enrol in two-factor authentication before they reach any page.
REQUIRE_STAFF_MFA = env_bool("REQUIRE_STAFF_MFA", True)

SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=5, maximum=24 * 60)
SESSION_COOKIE_AGE = SESSION_IDLE_MINUTES * 60
SESSION_SAVE_EVERY_REQUEST = True  # the age counts from the last request: an idle timeout
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# EYFS covers children from birth to five; a child on roll is at most six (reception age).
CHILD_MAX_AGE_YEARS = 6

INVITATION_VALID_DAYS = env_int("INVITATION_VALID_DAYS", 7, minimum=1, maximum=60)

# --- Security headers -----------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
PERMISSIONS_POLICY = {
    "accelerometer": [],
    "camera": [],
    "geolocation": [],
    "gyroscope": [],
    "magnetometer": [],
    "microphone": [],
    "payment": [],
    "usb": [],
    "publickey-credentials-create": ["self"],
    "publickey-credentials-get": ["self"],
}

# --- The API (api/) ------------------------------------------------------------------------
# Requests allowed to the API (/api/v1/), as <requests>/<s|m|h|d> (api/throttling.py): per
# personal access token, per person signed in (the portal's own pages, offline capture's sync),
# and per address for the operations open to anyone (none today). A tablet back on the Wi-Fi
# sends a morning's queued register marks and observations at once (a room's sign-ins and
# sign-outs, a few dozen notes: one or two hundred requests), so 600 a minute lets three such
# bursts through in a minute while a runaway script is held to ten requests a second.
API_RATE_TOKEN = env_rate("API_RATE_TOKEN", "600/m")
API_RATE_PERSON = env_rate("API_RATE_PERSON", "600/m")
API_RATE_ANONYMOUS = env_rate("API_RATE_ANONYMOUS", "60/m")

# --- Email ----------------------------------------------------------------------------------
_email_backends = {
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}
EMAIL_BACKEND = _email_backends[
    env_choice("EMAIL_BACKEND", "console" if DEBUG else "smtp", list(_email_backends))
]
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1, maximum=65535)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "emails"))
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Pre-school portal <portal@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The portal's operators (comma-separated addresses): emailed by the bulk-access alarm when the
# person it is about is their setting's only manager (privacy/services.py), and by Django of
# server errors.
ADMINS = [(address, address) for address in env_list("ADMINS", [])]
SITE_NAME = env_str("SITE_NAME", "Pre-school portal")
# Used to build absolute links in emails sent by background tasks (no request there).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000" if DEBUG else "").rstrip("/")
if not SITE_URL:
    raise EnvError("SITE_URL must be set when DEBUG is off (e.g. https://portal.example.org).")
if urlparse(SITE_URL).scheme not in ("http", "https"):
    raise EnvError("SITE_URL must start with http:// or https://.")

# --- Files ----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploads hold children's photos and records: stored outside the web root and served only
# through views that check access. There is deliberately no public MEDIA_URL.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
_default_storage: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage",
                          "OPTIONS": {"location": MEDIA_ROOT, "base_url": "/nowhere/"}}
# With a bucket, uploads go to an S3-compatible object store instead, so that any web or
# worker machine reads what another wrote. Its objects are private (no ACL is sent: the
# bucket's own, which must grant nobody public read); a file is handed out only by a checked
# view, streamed through it or as a redirect to a URL signed for a few minutes (MEDIA_DELIVERY).
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
_S3_ONLY = ["MEDIA_S3_ENDPOINT_URL", "MEDIA_S3_REGION", "MEDIA_S3_ACCESS_KEY_ID",
            "MEDIA_S3_SECRET_ACCESS_KEY", "MEDIA_S3_ADDRESSING_STYLE", "MEDIA_S3_PREFIX",
            "MEDIA_DELIVERY", "MEDIA_SIGNED_URL_SECONDS"]
# How a checked view hands out a stored file: "stream" sends the bytes through the web
# process; "signed-url" answers with a redirect to the object store, signed after the check.
MEDIA_DELIVERY = "stream"
MEDIA_SIGNED_URL_SECONDS = 300
MEDIA_SIGNED_URL_ORIGIN = ""
if not MEDIA_S3_BUCKET:
    _stray = [name for name in _S3_ONLY if env_str(name)]
    if _stray:
        raise EnvError(f"{', '.join(_stray)} only apply to object storage: set MEDIA_S3_BUCKET "
                       "too, or unset them to keep uploads in MEDIA_ROOT.")
else:
    _endpoint = env_str("MEDIA_S3_ENDPOINT_URL")
    _endpoint_parts = urlparse(_endpoint)
    if _endpoint and (_endpoint_parts.scheme not in ("http", "https")
                      or not _endpoint_parts.hostname
                      or _endpoint_parts.path not in ("", "/")):
        raise EnvError("MEDIA_S3_ENDPOINT_URL must be an http(s)://host[:port] URL, or empty "
                       "for Amazon S3.")
    _access_key = env_str("MEDIA_S3_ACCESS_KEY_ID")
    _secret_key = env_str("MEDIA_S3_SECRET_ACCESS_KEY")
    if bool(_access_key) != bool(_secret_key):
        raise EnvError("MEDIA_S3_ACCESS_KEY_ID and MEDIA_S3_SECRET_ACCESS_KEY go together: set "
                       "both, or neither to use the machine's own AWS credentials.")
    _region = env_str("MEDIA_S3_REGION")
    if not _endpoint and not _region:
        raise EnvError("MEDIA_S3_REGION must be set for Amazon S3 (e.g. eu-west-2).")
    # Other S3-compatible stores are mostly addressed by path; Amazon S3 by bucket host name.
    _addressing = env_choice("MEDIA_S3_ADDRESSING_STYLE", "path" if _endpoint else "virtual",
                             ["path", "virtual"])
    _prefix = env_str("MEDIA_S3_PREFIX").strip("/")
    MEDIA_DELIVERY = env_choice("MEDIA_DELIVERY", "signed-url", ["signed-url", "stream"])
    MEDIA_SIGNED_URL_SECONDS = env_int("MEDIA_SIGNED_URL_SECONDS", 300, minimum=60, maximum=900)
    _default_storage = s3_storage(
        bucket=MEDIA_S3_BUCKET, endpoint_url=_endpoint, region=_region, access_key=_access_key,
        secret_key=_secret_key, addressing_style=_addressing, prefix=_prefix,
        signed_url_seconds=MEDIA_SIGNED_URL_SECONDS)
    if MEDIA_DELIVERY == "signed-url":
        # Images and videos then load from the store: exactly its origin is allowed, and only
        # in this mode (a streamed file comes from the portal itself).
        MEDIA_SIGNED_URL_ORIGIN = signed_url_origin(
            bucket=MEDIA_S3_BUCKET, endpoint_url=_endpoint, region=_region,
            addressing_style=_addressing)
        _directives = CONTENT_SECURITY_POLICY["DIRECTIVES"]
        _directives["img-src"] = [*_directives["img-src"], MEDIA_SIGNED_URL_ORIGIN]
        _directives["media-src"] = [SELF, MEDIA_SIGNED_URL_ORIGIN]
STORAGES = {
    "default": _default_storage,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                    if not DEBUG else "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o600

# --- Background work ------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
if CELERY_BROKER_URL and not CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    raise EnvError("CELERY_BROKER_URL must be a redis:// URL, or empty to run tasks in-process.")
# With no broker (the local demo), tasks run in-process when they are queued.
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = env_bool("CELERY_TASK_EAGER_PROPAGATES", False)
# Tasks wait in four queues, by what a delay costs, so that a burst of one kind of work never
# holds up another: each queue can have workers of its own (docker-compose.yml runs a service
# for each), and a worker started without -Q takes all four.
# - email: what people are told, by email or push (a dose of medicine given, a child not yet
#   collected, a sign-in from a new device): due within seconds, each quick to send.
# - pdf: progress-check PDFs, about a second each, asked for in bursts (a room's checks
#   signed off together).
# - media: the work over many photos that takes minutes: keepsakes, subject access bundles,
#   whole-setting exports.
# - celery (the default): beat's scans and the nightly retention run, the bulk-access check.
# A task not named here goes to the default queue.
QUEUE_OF_TASK = {
    "preschool.tasks.send_reminders": "email",
    "preschool.tasks.send_reminder": "email",
    "preschool.tasks.send_email_message": "email",
    "notifications.tasks.deliver_notifications": "email",
    "push.tasks.send_push": "email",
    "subject_access.tasks.send_bundle_link": "email",
    "learning_journal.tasks.render_check_pdf": "pdf",
    "learning_journal.tasks.make_keepsake": "media",
    "subject_access.tasks.build_bundle": "media",
    "setting_export.tasks.build_setting_export": "media",
}
QUEUES = ["celery", "email", "pdf", "media"]
# Put before every queue's name: a test run uses its own, so that runs sharing a Redis never mix.
_queue_prefix = env_str("CELERY_QUEUE_PREFIX", "")
CELERY_TASK_DEFAULT_QUEUE = _queue_prefix + "celery"
CELERY_TASK_QUEUES = [Queue(_queue_prefix + name) for name in QUEUES]
CELERY_TASK_ROUTES = {task: {"queue": _queue_prefix + queue}
                      for task, queue in QUEUE_OF_TASK.items()}
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_PUBLISH_RETRY = False  # a request must not hang on a broker that is down
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_timeout": 2, "socket_connect_timeout": 2}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Europe/London"
REMINDER_SCAN_SECONDS = env_int("REMINDER_SCAN_SECONDS", 300, minimum=10)
# A reminder claimed by a worker that died before sending is given to another after this long.
REMINDER_CLAIM_TIMEOUT_SECONDS = env_int("REMINDER_CLAIM_TIMEOUT_SECONDS", 600, minimum=30)
# A notification by email waits this long, and is not sent if read in the portal meanwhile.
NOTIFICATION_EMAIL_DELAY_SECONDS = env_int("NOTIFICATION_EMAIL_DELAY_SECONDS", 180, minimum=0)
CELERY_BEAT_SCHEDULE = {
    "scan-reminders": {"task": "preschool.tasks.scan_reminders", "schedule": REMINDER_SCAN_SECONDS},
    # Scheduled news posts go out within a minute of their time.
    "publish-due-posts": {"task": "news.tasks.publish_due_posts", "schedule": 60},
    # Pushes held by quiet hours go out when they end; notifications whose task was lost.
    "deliver-waiting-notifications": {
        "task": "notifications.tasks.deliver_waiting_notifications", "schedule": 60},
    # A whole-setting export's file is deleted once its download time is over.
    "delete-expired-setting-exports": {
        "task": "setting_export.tasks.delete_expired_setting_exports", "schedule": 3600},
    # The bulk-access alarm's backstop: managers are told within the minute even when the
    # check a page queued was lost (privacy/alarm.py).
    "scan-recent-looks": {"task": "privacy.tasks.scan_recent_looks", "schedule": 60},
    # The retention run (retention.nightly): keepsake notices, the managers' lists, erasures.
    # Answers kept for API retries (Idempotency-Key) are deleted after a week.
    "delete-old-idempotency-keys": {"task": "api.tasks.delete_old_idempotency_keys",
                                    "schedule": crontab(hour=3, minute=15)},
    # Offline capture's device keys of browsers not seen for a week.
    "delete-unused-device-keys": {"task": "offline.tasks.delete_unused_device_keys",
                                  "schedule": crontab(hour=3, minute=20)},
    "retention-nightly": {"task": "retention.tasks.nightly_run",
                          "schedule": crontab(hour=2, minute=30)},
}

# --- Web push (the push app) ------------------------------------------------------------------
# The VAPID key pair that signs every push (RFC 8292): `python manage.py vapid_keys` prints a
# new one. The public key is the browser's applicationServerKey (base64url, 65 bytes), the
# private key its 32-byte secret (base64url). With no keys, push is off and the devices page
# says so.
VAPID_PUBLIC_KEY = env_str("VAPID_PUBLIC_KEY", "")
VAPID_PRIVATE_KEY = env_str("VAPID_PRIVATE_KEY", "")
VAPID_SUBJECT = env_str("VAPID_SUBJECT", "")
if any((VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT)):
    if not all((VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT)):
        raise EnvError("VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY and VAPID_SUBJECT are set together "
                       "(or none of them, which turns web push off).")
    if not VAPID_SUBJECT.startswith(("mailto:", "https://")):
        raise EnvError("VAPID_SUBJECT must be a mailto: or https:// address push services can "
                       "reach the portal's operators at.")
# A browser names the address its push service takes pushes at, and a worker then POSTs to it:
# only these push services' hosts (a leading dot: any host under it), over HTTPS, so that a
# subscription cannot point the worker at an address inside the network.
PUSH_SERVICE_HOSTS = env_list("PUSH_SERVICE_HOSTS", [
    "fcm.googleapis.com",  # Chrome, Edge on Android, Opera, Samsung Internet
    "updates.push.services.mozilla.com",  # Firefox
    ".notify.windows.com",  # Edge on Windows (a host per region)
    "web.push.apple.com",  # Safari
])
# Plain HTTP endpoints: only for a local push server (the tests').
PUSH_ALLOW_HTTP_ENDPOINTS = env_bool("PUSH_ALLOW_HTTP_ENDPOINTS", False)
PUSH_TIMEOUT_SECONDS = env_int("PUSH_TIMEOUT_SECONDS", 10, minimum=1, maximum=60)
# How long a push service keeps a push for a device that is offline.
PUSH_TTL_SECONDS = env_int("PUSH_TTL_SECONDS", 24 * 60 * 60, minimum=0, maximum=28 * 24 * 60 * 60)

# --- Language and time ----------------------------------------------------------------------
LANGUAGE_CODE = "en-gb"  # the source language (preschool/i18n.py)
# The interface's languages: English and the five commonest main languages of England after
# it (Census 2021). The names are the languages' own, as the switcher shows them.
LANGUAGES = [
    ("en-gb", "English"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("pa", "ਪੰਜਾਬੀ"),
    ("ur", "اردو"),
    ("bn", "বাংলা"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Date and number formats of the languages Django has none for (Urdu, Panjabi).
FORMAT_MODULE_PATH = ["preschool.formats"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_TAGS = {40: "danger"}

# --- Monitoring -----------------------------------------------------------------------------
# /metrics answers the operators' Prometheus (preschool/metrics.py): a request bearing the
# token, or one from these networks (its REMOTE_ADDR: behind a proxy, the proxy's address, so
# list the monitoring network only where it reaches the portal directly). Neither set: 404.
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
if METRICS_TOKEN and len(METRICS_TOKEN) < 32:
    raise EnvError("METRICS_TOKEN must be at least 32 characters long.")
try:
    METRICS_ALLOWED_NETWORKS = [ipaddress.ip_network(network)
                                for network in env_list("METRICS_ALLOWED_NETWORKS", [])]
except ValueError as exc:
    raise EnvError(f"METRICS_ALLOWED_NETWORKS must be a comma-separated list of networks such "
                   f"as 10.0.0.0/8 ({exc}).") from None

# Error reports to Sentry when SENTRY_DSN is set (preschool/sentry.py), without personal data.
SENTRY_DSN = env_str("SENTRY_DSN", "")
SENTRY_ENVIRONMENT = env_str("SENTRY_ENVIRONMENT", "production")
_sentry_rate = env_str("SENTRY_TRACES_SAMPLE_RATE", "0")
try:
    SENTRY_TRACES_SAMPLE_RATE = float(_sentry_rate)
except ValueError:
    raise EnvError(f"SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1, not "
                   f"{_sentry_rate!r}.") from None
if not 0 <= SENTRY_TRACES_SAMPLE_RATE <= 1:
    raise EnvError("SENTRY_TRACES_SAMPLE_RATE must be a number from 0 to 1.")
if SENTRY_DSN:
    from preschool.sentry import start_sentry

    start_sentry(SENTRY_DSN, environment=SENTRY_ENVIRONMENT,
                 traces_sample_rate=SENTRY_TRACES_SAMPLE_RATE)

# Logs: one JSON object a line in production (LOG_FORMAT=json), plain text for a developer.
# Every line carries the request id (and in a worker the task's name and id); none carries a
# child's data (preschool/logs.py).
LOG_FORMAT = env_choice("LOG_FORMAT", "plain" if DEBUG else "json", ["json", "plain"])
# The server-error emails Django sends ADMINS carry nothing of a person's (preschool/logs.py);
# with DEBUG, the development server's error page keeps everything for the developer.
if not DEBUG:
    DEFAULT_EXCEPTION_REPORTER = "preschool.logs.PortalExceptionReporter"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_errors_on_one_line": {"()": "preschool.logs.ClientErrorsOnOneLine"},
                "request_context": {"()": "preschool.logs.RequestContext"},
                "without_query_string": {"()": "preschool.logs.WithoutQueryString"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "preschool.logs.PortalJsonFormatter",
                 "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s %(task_name)s "
                        "%(task_id)s",
                 "rename_fields": {"levelname": "level", "name": "logger"}},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT,
                             "filters": ["request_context"]}},
    "loggers": {
        # 403s and 404s as one line each; 500s keep their traceback.
        "django.request": {"filters": ["client_errors_on_one_line"]},
        # The development server's request lines, through the console, without query strings.
        "django.server": {"filters": ["without_query_string"], "propagate": True},
    },
    "root": {"handlers": ["console"], "level": env_choice(
        "LOG_LEVEL", "INFO", ["DEBUG", "INFO", "WARNING", "ERROR"])},
}
