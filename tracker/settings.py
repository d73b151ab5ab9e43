"""Hindsight settings: one module, configured from the environment.

Every variable read here is listed in the README. With none set, the project runs
on SQLite under var/ with Celery tasks executed eagerly, so a new user needs
nothing installed.
"""

from __future__ import annotations

import os
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name}={value!r}: use true or false")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: must be a whole number") from None


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def envrate(name: str, default: str) -> str:
    value = os.getenv(name, default).strip()
    number, _, period = value.partition("/")
    if not number.isdigit() or period[:1] not in ("s", "m", "h", "d"):
        raise ImproperlyConfigured(f"{name}={value!r}: use requests/period, e.g. 120/minute")
    return value


def envchoice(name: str, default: str, choices: tuple[str, ...]) -> str:
    value = os.getenv(name, default).strip()
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r}: use one of {', '.join(choices)}")
    return value


def envdate(name: str, default: str) -> date:
    value = os.getenv(name, default).strip()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r}: use a day as YYYY-MM-DD") from None


def envheader(name: str) -> tuple[str, str] | None:
    """`X-Forwarded-Proto: https` as Django wants it: ("HTTP_X_FORWARDED_PROTO", "https")."""
    value = os.getenv(name, "").strip()
    if not value:
        return None
    header, sep, expected = value.partition(":")
    if not sep or not header.strip() or not expected.strip():
        raise ImproperlyConfigured(f"{name}={value!r}: use Header-Name: value, e.g. X-Forwarded-Proto: https")
    return "HTTP_" + header.strip().upper().replace("-", "_"), expected.strip()


# Off unless asked for: `make demo`, `make serve` and the tests set DEBUG=true themselves.
DEBUG = envbool("DEBUG", "false")

DEV_SECRET_KEY = "dev-only-insecure-key-do-not-deploy"
MAKE_A_KEY = 'make one with: python -c "import secrets; print(secrets.token_urlsafe(50))"'
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not DEBUG:
    # A short or well-known key lets anyone forge sessions and password-reset links.
    if not SECRET_KEY:
        raise ImproperlyConfigured(
            f"SECRET_KEY must be set when DEBUG is off: {MAKE_A_KEY} (for development, set DEBUG=true)"
        )
    if SECRET_KEY == DEV_SECRET_KEY or SECRET_KEY.startswith("django-insecure-"):
        raise ImproperlyConfigured(
            f"SECRET_KEY is the development key, refused when DEBUG is off: {MAKE_A_KEY}"
        )
    if len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5:
        raise ImproperlyConfigured(
            f"SECRET_KEY has {len(SECRET_KEY)} characters ({len(set(SECRET_KEY))} different); "
            f"at least 50 (5 different) are needed when DEBUG is off: {MAKE_A_KEY}"
        )
elif not SECRET_KEY:
    SECRET_KEY = DEV_SECRET_KEY

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# HTTPS, cookies and proxies (README, Deploying). With DEBUG off the defaults assume HTTPS:
# behind a proxy that terminates TLS, set SECURE_PROXY_SSL_HEADER, or every request looks like
# plain HTTP and is redirected to itself.
SECURE_BY_DEFAULT = "false" if DEBUG else "true"
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", SECURE_BY_DEFAULT)
SECURE_PROXY_SSL_HEADER = envheader("SECURE_PROXY_SSL_HEADER")
USE_X_FORWARDED_HOST = envbool("USE_X_FORWARDED_HOST", "false")
USE_X_FORWARDED_PORT = envbool("USE_X_FORWARDED_PORT", "false")
# Browsers remember HSTS for SECURE_HSTS_SECONDS even after it is turned off: opt in on purpose.
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", "false")
SECURE_CONTENT_TYPE_NOSNIFF = envbool("SECURE_CONTENT_TYPE_NOSNIFF", "true")
SECURE_REFERRER_POLICY = os.getenv("SECURE_REFERRER_POLICY", "same-origin")
SECURE_CROSS_ORIGIN_OPENER_POLICY = os.getenv("SECURE_CROSS_ORIGIN_OPENER_POLICY", "same-origin")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", SECURE_BY_DEFAULT)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", SECURE_BY_DEFAULT)
SESSION_COOKIE_HTTPONLY = envbool("SESSION_COOKIE_HTTPONLY", "true")
CSRF_COOKIE_HTTPONLY = envbool("CSRF_COOKIE_HTTPONLY", "false")
SESSION_COOKIE_SAMESITE = envchoice("SESSION_COOKIE_SAMESITE", "Lax", ("Strict", "Lax", "None"))
CSRF_COOKIE_SAMESITE = envchoice("CSRF_COOKIE_SAMESITE", "Lax", ("Strict", "Lax", "None"))
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", str(60 * 60 * 24 * 14))
# How many proxies in front of the app append to X-Forwarded-For. 0: the header is ignored and
# the client is the socket's peer, so a client cannot pick its own address to dodge the limits.
NUM_PROXIES = envint("NUM_PROXIES", "0")
if NUM_PROXIES < 0:
    raise ImproperlyConfigured(f"NUM_PROXIES must be 0 or more, got {NUM_PROXIES}.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "tracker",
    "claims",
    "api",
]

MIDDLEWARE = [
    # First: /healthz and /readyz answer probes before host checks, HTTPS redirects or throttles.
    "tracker.health.HealthMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # After sessions, before CommonMiddleware (Django's order): the language cookie, else
    # Accept-Language, picks the dashboard's and the admin's language.
    "django.middleware.locale.LocaleMiddleware",
    # The API's texts are a contract: /api/ answers in English whatever the client's language.
    "tracker.i18n.EnglishApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view queries: PostgreSQL cannot compare a string with a NUL byte in it.
    "tracker.nul_bytes.NulByteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tracker.throttling.AnonymousPageThrottleMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# The largest request body, in bytes (Django's default, 2.5 MiB): a bigger one gets 413, naming it.
DATA_UPLOAD_MAX_MEMORY_SIZE = envint("DATA_UPLOAD_MAX_MEMORY_SIZE", str(2_621_440))

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                # LANGUAGE_CODE for <html lang> and the language switcher.
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite under var/ unless DATABASE_URL points elsewhere (postgres://user@host/db).
VAR_DIR = BASE_DIR / "var"
DATABASE_URL = os.getenv("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "hindsight.sqlite3"),
            # Concurrent web and eager-task writes wait for the lock instead of failing.
            "OPTIONS": {"timeout": 20},
        }
    }
if os.getenv("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("PASSWORD_MIN_LENGTH", "12")},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The cache holds the throttle and login-lockout counters. Local memory counts per process, so
# a deployment with several processes sets CACHE_URL (a Redis shared by all of them).
CACHE_URL = os.getenv("CACHE_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL={CACHE_URL!r}: use redis://host:port/db")
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": os.getenv("CACHE_KEY_PREFIX", "hindsight"),
            # A Redis that does not answer fails the request in seconds instead of hanging it.
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Login lockout (django-axes), for the admin's login page, which is also the dashboard's: after
# LOGIN_FAILURE_LIMIT wrong passwords for one username from one client, that pair is refused for
# LOGIN_COOLOFF_MINUTES, right password or not.
# Roles are groups carrying permissions; every check asks user.has_perm (claims/groups.py).
# PermissionsBackend is Django's ModelBackend reading a user's permissions in one query.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "claims.groups.PermissionsBackend",
]
AXES_FAILURE_LIMIT = envint("LOGIN_FAILURE_LIMIT", "10")
AXES_COOLOFF_TIME = timedelta(minutes=envint("LOGIN_COOLOFF_MINUTES", "15"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "lockout.html"
# The same client address as the API throttles (NUM_PROXIES decides whether to believe
# X-Forwarded-For).
AXES_CLIENT_IP_CALLABLE = "tracker.clients.client_ip"
# Counters in the shared cache when there is one; otherwise in the database (axes' tables),
# which every process shares too, unlike local memory.
AXES_HANDLER = (
    "axes.handlers.cache.AxesCacheHandler" if CACHE_URL else "axes.handlers.database.AxesDatabaseHandler"
)

# Anonymous dashboard and admin pages, per client address (tracker/throttling.py).
PAGE_THROTTLE_ANON = envrate("PAGE_THROTTLE_ANON", "120/minute")

# English unless the language cookie (set by the switcher) or Accept-Language asks otherwise.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("zh-hant", "繁體中文")]
# Compiled catalogues are committed, so `make demo` needs no gettext tools.
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates stay ISO (YYYY-MM-DD, as the templates write them) in every language. No thousands
# separator: English and Chinese group digits alike (1,234), and turned on it would also group
# the ids the pages print in anchors and in `verify_record --head N:hash`.
TIME_ZONE = os.getenv("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = "tracker.formats"  # ISO dates in every language (tracker/formats/)

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# With DEBUG on (runserver, the demo, the tests), files come straight from the finders, so nothing
# needs collectstatic. With it off (`make serve-prod` runs collectstatic), WhiteNoise serves the
# compressed copies under hashed names, cached for ever.
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# Content-Security-Policy (django-csp). Scripts and styles come from this site only, inline ones
# only with the per-response nonce (the API docs' templates in templates/drf_spectacular/ carry
# it); nothing is loaded from another host.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, NONCE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        # ReDoc runs its search index in a worker it makes from a blob: URL.
        "worker-src": [SELF, "blob:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGIN_URL = "admin:login"

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
# With the file backend (what `make demo` uses) each message is one file in this folder.
EMAIL_FILE_PATH = os.getenv("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.getenv("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", "25")
EMAIL_HOST_USER = os.getenv("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.getenv("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", "false")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "hindsight@localhost")

# Celery: with no broker, tasks run in-process so the embedded default needs no Redis.
CELERY_BROKER_URL = os.getenv("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.getenv("CELERY_RESULT_BACKEND", "") or None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Fail fast when Redis is down so a web request that enqueues a task does not hang.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    # An unreachable (not just refusing) Redis would otherwise block the request for minutes.
    "socket_connect_timeout": 2,
}

FLAG_DUE_EVERY_MINUTES = envint("FLAG_DUE_EVERY_MINUTES", "60")
DIGEST_HOUR = envint("DIGEST_HOUR", "8")
DUE_SOON_DAYS = envint("DUE_SOON_DAYS", "14")
# The folder whose files curators may start corpus runs over from the admin and the API (paths
# are given relative to it); empty: only `manage.py extract_corpus` can start one.
CORPUS_ROOT = os.getenv("CORPUS_ROOT", "").strip()
# The longest source text accepted, in characters (a book is about a million): a larger file is
# refused by name, never stored and then served whole.
MAX_SOURCE_CHARS = envint("MAX_SOURCE_CHARS", "5000000")
if MAX_SOURCE_CHARS < 1:
    raise ImproperlyConfigured(f"MAX_SOURCE_CHARS must be 1 or more, got {MAX_SOURCE_CHARS}.")
# A longer text is served in ranges of at most this many code points (the API's
# /api/sources/{id}/text/, the source page's pages), never in one response.
SOURCE_PAGE_CHARS = envint("SOURCE_PAGE_CHARS", "100000")
if SOURCE_PAGE_CHARS < 1000:
    raise ImproperlyConfigured(f"SOURCE_PAGE_CHARS must be 1000 or more, got {SOURCE_PAGE_CHARS}.")
# The days a prediction can plausibly be said on or fall due in (claims.dates): outside them a
# date is a typo (0001-01-01, 9999-12-31) or a horizon that overflowed, refused with the reason.
EARLIEST_PLAUSIBLE_DATE = envdate("EARLIEST_PLAUSIBLE_DATE", "1900-01-01")
LATEST_PLAUSIBLE_DATE = envdate("LATEST_PLAUSIBLE_DATE", "2200-12-31")
if EARLIEST_PLAUSIBLE_DATE >= LATEST_PLAUSIBLE_DATE:
    raise ImproperlyConfigured(
        f"EARLIEST_PLAUSIBLE_DATE ({EARLIEST_PLAUSIBLE_DATE}) must be before LATEST_PLAUSIBLE_DATE "
        f"({LATEST_PLAUSIBLE_DATE})."
    )
# How many independent reviewers must judge a prediction before its verdict stands. Each new
# prediction keeps the value in force when it was created, so changing it never re-decides
# a prediction already under review.
REVIEWERS_REQUIRED = envint("REVIEWERS_REQUIRED", "1")
if REVIEWERS_REQUIRED < 1:
    raise ImproperlyConfigured(f"REVIEWERS_REQUIRED must be 1 or more, got {REVIEWERS_REQUIRED}.")
CELERY_BEAT_SCHEDULE = {
    "flag-due-predictions": {
        "task": "claims.tasks.flag_due_predictions_task",
        "schedule": FLAG_DUE_EVERY_MINUTES * 60,
    },
    "send-reviewer-digest": {
        "task": "claims.tasks.send_reviewer_digests_task",
        "schedule": crontab(hour=DIGEST_HOUR, minute=0),
    },
}

# One JSON object per line with LOG_FORMAT=json (tracker/logs.py), for a log collector; gunicorn's
# access and error logs follow the same setting (tracker/gunicorn_conf.py).
LOG_FORMAT = envchoice("LOG_FORMAT", "text", ("text", "json"))
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
        "json": {"()": "tracker.logs.JSONFormatter"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "claims": {"level": os.getenv("LOG_LEVEL", "INFO")},
        "tracker": {"level": os.getenv("LOG_LEVEL", "INFO")},
        # Errors (a 500's traceback, a refused host) reach the console with DEBUG off too;
        # Django's own console handler only speaks with DEBUG on.
        "django": {"handlers": [], "level": "INFO"},
    },
}
# With JSON logs the worker and beat log through the configuration above, not Celery's own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"


# REST API (api/). Reads are public unless API_PUBLIC_READ=false; writes need the permission
# of what they write, which the role groups carry (api/permissions.py).
API_PUBLIC_READ = envbool("API_PUBLIC_READ", "true")
# Read on every request (api/throttling.py), so tests and deployments can change them.
API_THROTTLE_ANON = envrate("API_THROTTLE_ANON", "120/minute")
API_THROTTLE_USER = envrate("API_THROTTLE_USER", "1200/minute")
# Wrong tokens per client address; past it every token from that client gets 429 until the
# window has passed, so guessing stops even when a guess would be right.
API_THROTTLE_BAD_TOKEN = envrate("API_THROTTLE_BAD_TOKEN", "20/minute")
API_PAGE_SIZE = envint("API_PAGE_SIZE", "50")
API_MAX_PAGE_SIZE = envint("API_MAX_PAGE_SIZE", "200")
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header is what turns "no credentials" into a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # The client address the throttles count by; django-axes uses the same (tracker/clients.py).
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadOrCurate"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonThrottle", "api.throttling.UserThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    # JSON only: the schema then offers the one body type the serializers are written for, and a
    # form body is a 415 instead of a half-parsed request (lists and nesting do not survive forms).
    "DEFAULT_PARSER_CLASSES": ["api.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Hindsight API",
    "DESCRIPTION": "Predictions made by public figures, anchored to the exact words of their sources, "
    "and what became of them.",
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api",
    "COMPONENT_SPLIT_REQUEST": True,
    # Served from the drf-spectacular-sidecar package: the docs work offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # No badge from swagger.io's online validator: nothing is loaded from another host.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "REDOC_DIST": "SIDECAR",
    # Predictions and review events both have a "kind": one enum name for each choice set.
    "ENUM_NAME_OVERRIDES": {
        "PredictionKindEnum": "claims.models.predictions.Kind",
        "OutcomeKindEnum": "claims.models.outcomes.OutcomeKind",
    },
}
