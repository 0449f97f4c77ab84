"""Settings for the CPP Knowledge Portal, read from environment variables.

Development defaults need nothing set: an SQLite file beside the code, DEBUG on.
Production (DEBUG=0) refuses to start without SECRET_KEY and ALLOWED_HOSTS.
"""

import datetime
import hashlib
import os
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be 0 or 1, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def envsize(name: str, default_mb: int) -> int:
    """A size given in megabytes (MB = 1024 × 1024 bytes), returned in bytes."""
    return envint(name, str(default_mb)) * 1024 * 1024


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", "1")

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG=0")
    SECRET_KEY = "insecure-development-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG=0")

SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL must start with http:// or https://, not {SITE_URL!r}")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "csp",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "content_state",
    "outbox",
    "accounts",
    "cities",
    "deep_dives",
    "knowledge",
    "search",
    "submissions",
    "kits",
    "api",
    "sitewide",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, which answers for static files without going further.
    "cpp_portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers the API's preflight requests and adds the CORS headers to its answers (only under /api/).
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "cpp_portal.middleware.StripNullCharactersMiddleware",
    "cpp_portal.middleware.RefuseOversizedRequestsMiddleware",
    "content_state.middleware.ContentStateMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Marks request.user verified when the session passed the second factor (django-otp).
    "django_otp.middleware.OTPMiddleware",
    "cpp_portal.middleware.PrivateForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After the messages, which tell a visitor why they were signed out or sent to the second factor.
    "accounts.sessions.SessionLimitsMiddleware",
    "accounts.two_factor.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes requires: it turns a locked-out login into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cpp_portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cpp_portal.context_processors.site",
            ],
            "libraries": {"content_tags": "cpp_portal.content_tags"},
        },
    },
]

WSGI_APPLICATION = "cpp_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", "0"),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The demo's parallel requests wait for each other instead of failing with "database is
    # locked": readers never block the writer (WAL), and a transaction takes the write lock when it
    # begins (IMMEDIATE), so it waits up to `timeout` seconds for it rather than failing halfway.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": envint("SQLITE_BUSY_TIMEOUT_SECONDS", "20"),
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ja", _("Japanese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Tokyo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.getenv("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]

# Uploaded files are never served from MEDIA_ROOT directly: every file goes through a view that
# checks who may see it, so MEDIA_URL is not routed anywhere.
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media-not-served/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Several server processes must share one cache (CACHE_URL=redis://host:6379/0), so that a publish
# seen by one is seen by all; one process (the demo, the tests) does with memory of its own.
CACHE_URL = os.getenv("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "cpp_portal.redis_cache.ReusingRedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL.startswith(("redis://", "rediss://"))
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cpp-portal"}
    )
}

# Rendered pages and parts are used only while the content they show is unchanged (content_state/);
# this only bounds how long they take up room.
FRAGMENT_CACHE_SECONDS = envint("FRAGMENT_CACHE_SECONDS", "3600")
# Each process looks at the content state's change log at least this often, which is how writes that
# bypass the ORM's signals (a bulk update, raw SQL, COPY) reach the cached pages.
CONTENT_STATE_POLL_SECONDS = envint("CONTENT_STATE_POLL_SECONDS", "1")

# The library's catalogue (knowledge/catalogue.py) is saved here, one copy per machine for all its server
# processes. A catalogue that was built in less than CATALOGUE_BUILD_INLINE_SECONDS is built again at
# once after a change; a slower one in the background, while the previous one serves.
CATALOGUE_DIR = Path(
    os.getenv("CATALOGUE_DIR", "")
    or Path(tempfile.gettempdir())
    / f"cpp-portal-catalogue-{hashlib.sha256(repr(DATABASES['default']['NAME']).encode()).hexdigest()[:12]}"
)
CATALOGUE_BUILD_INLINE_SECONDS = float(os.getenv("CATALOGUE_BUILD_INLINE_SECONDS", "0.3"))

# Search ranks at most this many candidates per kind of result (the newest title or summary matches
# first, then the rest), and counts matches exactly up to SEARCH_EXACT_COUNT_LIMIT (beyond: an estimate).
SEARCH_ENGINE = "search.engine.Engine"
SEARCH_CANDIDATES = envint("SEARCH_CANDIDATES", "1000")
SEARCH_EXACT_COUNT_LIMIT = envint("SEARCH_EXACT_COUNT_LIMIT", "5000")
# A phrase is looked for in the whole text of at most this many entries that hold its words (the newest);
# beyond, in their titles and summaries only, and its total is estimated.
SEARCH_PHRASE_CHECK_LIMIT = envint("SEARCH_PHRASE_CHECK_LIMIT", "1000")

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "submissions:dashboard"
LOGOUT_REDIRECT_URL = "home"

# django-axes counts failed sign-ins: SIGN_IN_FAILURE_LIMIT failures for one user name from one address, or
# SIGN_IN_ADDRESS_FAILURE_LIMIT from one address over any user names, pause signing in from there for
# AXES_COOLOFF_MINUTES (accounts/sign_in_limits.py). The lock-out page says the same whether or not the
# account exists.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
SIGN_IN_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", "5")
SIGN_IN_ADDRESS_FAILURE_LIMIT = envint("SIGN_IN_ADDRESS_FAILURE_LIMIT", "30")
AXES_FAILURE_LIMIT = "accounts.sign_in_limits.failure_limit"
AXES_HANDLER = "accounts.sign_in_limits.SignInAttempts"
AXES_COOLOFF_TIME = datetime.timedelta(minutes=envint("AXES_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.locked_out"
AXES_VERBOSE = False
# Two-factor sign-in (django-otp, accounts/two_factor.py): staff must set up an authenticator app at
# their first sign-in and give a code at each one after; officials may turn it on.
OTP_TOTP_ISSUER = "CPP Knowledge Portal"
RECOVERY_CODE_COUNT = 10
# Signed-in sessions end after SESSION_IDLE_MINUTES without a request, and SESSION_ABSOLUTE_HOURS after
# signing in whatever happens (accounts/sessions.py). Changing the email, the password or the second
# factor asks for the password again (and the second factor) unless it was given in the last
# RECENT_AUTHENTICATION_MINUTES.
SESSION_IDLE_TIMEOUT = datetime.timedelta(minutes=envint("SESSION_IDLE_MINUTES", "120"))
SESSION_ABSOLUTE_TIMEOUT = datetime.timedelta(hours=envint("SESSION_ABSOLUTE_HOURS", "12"))
SESSION_COOKIE_AGE = int(SESSION_ABSOLUTE_TIMEOUT.total_seconds())
RECENT_AUTHENTICATION_TIMEOUT = datetime.timedelta(minutes=envint("RECENT_AUTHENTICATION_MINUTES", "10"))
# Requests for a password reset email: at most this many an hour from one address, and to one address.
PASSWORD_RESET_LIMIT = envint("PASSWORD_RESET_LIMIT", "5")

# Where a request comes from, for every throttle (cpp_portal/client_address.py): REMOTE_ADDR, unless the
# portal runs behind TRUSTED_PROXY_COUNT reverse proxies that each append to TRUSTED_PROXY_HEADER (as
# nginx's $proxy_add_x_forwarded_for does). With 0, that header is ignored.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", "0")
TRUSTED_PROXY_HEADER = "HTTP_" + os.getenv("TRUSTED_PROXY_HEADER", "X-Forwarded-For").upper().replace(
    "-", "_"
)
AXES_CLIENT_IP_CALLABLE = "cpp_portal.client_address.client_address"

# Email goes out through the outbox (outbox/): Django's send_mail writes a row in the transaction of the
# change it announces, and a worker sends it with OUTBOX_DELIVERY_BACKEND, over SMTP when EMAIL_HOST is
# set, else printed on the worker's console.
EMAIL_BACKEND = "outbox.backends.OutboxBackend"
EMAIL_HOST = os.getenv("EMAIL_HOST", "")
OUTBOX_DELIVERY_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = envint("EMAIL_PORT", "587")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "1")
EMAIL_TIMEOUT = envint("EMAIL_TIMEOUT", "20")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "CPP Knowledge Portal <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The task queue (Celery, cpp_portal/celery.py). Production points CELERY_BROKER_URL at Redis or RabbitMQ
# (redis://127.0.0.1:6379/2, amqp://guest:guest@127.0.0.1:5672//), shared by every app server and worker.
# Without it, the queue is a folder on this machine (kombu's filesystem transport): the demo's worker,
# started by `make run`, needs no server, and runs the same tasks through the same code.
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "filesystem://")
QUEUE_DIR = Path(os.getenv("QUEUE_DIR", BASE_DIR / "var" / "queue"))
if CELERY_BROKER_URL.startswith("filesystem://"):
    for folder in ("messages", "processed", "control"):
        (QUEUE_DIR / folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(QUEUE_DIR / "messages"),
        "data_folder_out": str(QUEUE_DIR / "messages"),
        "processed_folder": str(QUEUE_DIR / "processed"),
        "store_processed": False,
        "control_folder": str(QUEUE_DIR / "control"),
    }
else:
    # A job taken by a worker that then vanished (killed, machine lost) goes back to the queue after this.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", "900")}
# A request that cannot reach the broker gives up at once: what the job was for is in the database, and
# the periodic sweeps (CELERY_BEAT_SCHEDULE) queue it again.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.5}
CELERY_TASK_IGNORE_RESULT = True
# A job is acknowledged when it has finished, not when it starts, and a worker process that dies in the
# middle of a job gives it back: a killed worker loses no job (every task can run twice safely).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_BEAT_SCHEDULE = {
    "deliver-due-emails": {"task": "outbox.tasks.deliver_due_emails", "schedule": 30.0},
    "process-waiting-files": {"task": "knowledge.tasks.process_waiting_files", "schedule": 60.0},
    "refresh-kits": {"task": "kits.tasks.refresh_kits", "schedule": 300.0},
}
CELERY_BEAT_SCHEDULE_FILENAME = str(QUEUE_DIR / "beat-schedule")

# Uploads. Files above FILE_UPLOAD_MAX_MEMORY_SIZE stream to a temporary file on disk (Django's default
# handlers); the limits below are checked on every file, and a request far larger than the largest
# allowed file is refused before it is read.
UPLOAD_MAX_DOCUMENT_SIZE = envsize("UPLOAD_MAX_DOCUMENT_MB", 50)
UPLOAD_MAX_IMAGE_SIZE = envsize("UPLOAD_MAX_IMAGE_MB", 15)
UPLOAD_MAX_VIDEO_SIZE = envsize("UPLOAD_MAX_VIDEO_MB", 500)
UPLOAD_MAX_IMAGE_PIXELS = envint("UPLOAD_MAX_IMAGE_PIXELS", "50000000")
UPLOAD_MAX_FILES = envint("UPLOAD_MAX_FILES", "20")
# Room for the form fields and a few files beside the largest one allowed.
UPLOAD_MAX_REQUEST_SIZE = max(
    UPLOAD_MAX_DOCUMENT_SIZE, UPLOAD_MAX_IMAGE_SIZE, UPLOAD_MAX_VIDEO_SIZE
) + envsize("UPLOAD_REQUEST_MARGIN_MB", 20)
FILE_UPLOAD_PERMISSIONS = 0o640
# A deep dive's kit (kits/) leaves out videos larger than this, which its second, full kit holds.
KIT_VIDEO_LIMIT = envsize("KIT_VIDEO_LIMIT_MB", 25)

# The budget of processing one file (re-encoding an image; a PDF's or a Word file's text and thumbnail),
# done by the task queue in a child process that cannot spend more (file_processing/sandbox.py). A file
# over budget is refused with a message; one whose processing fails for another reason (storage or
# database out of reach) is tried again, FILE_PROCESSING_ATTEMPTS times in all.
FILE_PROCESSING_CPU_SECONDS = envint("FILE_PROCESSING_CPU_SECONDS", "30")
FILE_PROCESSING_WALL_SECONDS = envint("FILE_PROCESSING_WALL_SECONDS", "60")
FILE_PROCESSING_MEMORY = envsize("FILE_PROCESSING_MEMORY_MB", 1024)
FILE_PROCESSING_OUTPUT = envsize("FILE_PROCESSING_OUTPUT_MB", 100)
FILE_PROCESSING_ATTEMPTS = envint("FILE_PROCESSING_ATTEMPTS", "5")
# A file still waiting this long after its last attempt began is queued again by the periodic sweep.
FILE_PROCESSING_STALLED_AFTER = datetime.timedelta(seconds=envint("FILE_PROCESSING_STALLED_SECONDS", "300"))

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Content Security Policy: nothing inline, nothing from another origin.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", "https://i.ytimg.com", "https://i.vimeocdn.com"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": ["https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Sent with every response, static files too (cpp_portal.middleware.SecurityHeadersMiddleware): no page
# may use the camera, microphone, location, payments or devices, and no other site may embed the portal's
# files or pages as images, scripts or media.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "camera",
        "microphone",
        "geolocation",
        "payment",
        "usb",
        "serial",
        "bluetooth",
        "hid",
        "midi",
        "magnetometer",
        "display-capture",
    )
)
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
if not DEBUG:
    # The demo (`make run`) serves plain HTTP on 127.0.0.1 and turns these off; a real deployment keeps them.
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "1")
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", "1")
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "WARNING")},
    # Every sign-in outcome, sign-out and time-out, with user name and address (accounts/security_log.py).
    "loggers": {"cpp_portal.security": {"level": os.getenv("SECURITY_LOG_LEVEL", "INFO")}},
}

# Library pages show this many outputs at a time.
LIBRARY_PAGE_SIZE = 20

# OAI-PMH at /oai/ (knowledge/oai/). Record identifiers are oai:<OAI_REPOSITORY_IDENTIFIER>:<id>, so keep the
# identifier once harvesters know it, even if the site moves. The admin addresses are shown to harvesters.
OAI_REPOSITORY_IDENTIFIER = os.getenv("OAI_REPOSITORY_IDENTIFIER", "") or urlsplit(SITE_URL).hostname
OAI_ADMIN_EMAILS = envlist("OAI_ADMIN_EMAILS", "cpp-portal@example.org" if DEBUG else "")
if not OAI_ADMIN_EMAILS:
    raise ImproperlyConfigured("OAI_ADMIN_EMAILS must be set when DEBUG=0: harvesters write to it")
OAI_PAGE_SIZE = envint("OAI_PAGE_SIZE", "100")
OAI_RESUMPTION_TOKEN_LIFETIME = datetime.timedelta(hours=envint("OAI_RESUMPTION_TOKEN_HOURS", "24"))

# RSS and Atom feeds show this many of the newest outputs.
FEED_SIZE = 30

# The read API (api/): Django REST framework, its schema by drf-spectacular, its documentation served
# from the portal's own static files (the sidecar), readable from any origin's scripts.
API_RATE_LIMIT = os.getenv("API_RATE_LIMIT", "120/min")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.ApiKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_FILTER_BACKENDS": ["api.filters.StrictFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.StableCursorPagination",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.PerClientRateThrottle"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "CPP Knowledge Portal API",
    "DESCRIPTION": (
        "What the City Partnership Program's portal publishes: outputs with their files, lessons and "
        "translations, lessons, cities, Technical Deep Dives with their sessions, participants and action "
        "plans, and themes. Read-only. Lists use cursor pagination (follow `next`); every answer has an "
        "ETag for If-None-Match. Without a key you see what the public sees; with an official's key "
        "(`Authorization: Bearer ...`, made on the account page) also that official's city's drafts."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_error_answers",
    ],
    "ENUM_NAME_OVERRIDES": {
        "OutputStatusEnum": "knowledge.models.Output.Status",
        "ActionPlanStatusEnum": "deep_dives.models.ActionPlan.Status",
    },
}
CORS_URLS_REGEX = r"^/api/(?!docs/).*$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "authorization", "if-none-match")
CORS_EXPOSE_HEADERS = ("ETag", "Retry-After")
CORS_PREFLIGHT_MAX_AGE = 86400

# Harvesting in (manage.py harvest_oai): how much of a source is read at most before anything is written.
HARVEST_MAX_PAGES = envint("HARVEST_MAX_PAGES", "200")
HARVEST_MAX_RESPONSE_BYTES = envsize("HARVEST_MAX_RESPONSE_MB", 20)
HARVEST_TIMEOUT_SECONDS = envint("HARVEST_TIMEOUT_SECONDS", "60")
