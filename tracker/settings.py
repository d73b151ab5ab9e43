"""Hindsight settings: one module, configured from the environment.

Every variable read here is listed in the README. With none set, the project runs
on SQLite under var/ with Celery tasks executed eagerly, so a new user needs
nothing installed.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
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


DEBUG = envbool("DEBUG", "true")

SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # Only ever used with DEBUG on; a deployment without a key refuses to start.
    SECRET_KEY = "dev-only-insecure-key-do-not-deploy"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

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
    "claims",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
            "NAME": VAR_DIR / "hindsight.sqlite3",
            # Concurrent web and eager-task writes wait for the lock instead of failing.
            "OPTIONS": {"timeout": 20},
        }
    }
if os.getenv("TEST_DATABASE_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DATABASE_NAME"]}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Roles are groups carrying permissions; every check asks user.has_perm (claims/groups.py). This
# backend is Django's ModelBackend reading a user's permissions in one query.
AUTHENTICATION_BACKENDS = ["claims.groups.PermissionsBackend"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.getenv("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# Serve straight from the finders so `runserver` and tests need no collectstatic.
WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "admin:login"

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
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

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"claims": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")}},
}


# REST API (api/). Reads are public unless API_PUBLIC_READ=false; writes need the permission
# of what they write, which the role groups carry (api/permissions.py).
def envrate(name: str, default: str) -> str:
    value = os.getenv(name, default).strip()
    number, _, period = value.partition("/")
    if not number.isdigit() or period[:1] not in ("s", "m", "h", "d"):
        raise ImproperlyConfigured(f"{name}={value!r}: use requests/period, e.g. 120/minute")
    return value


API_PUBLIC_READ = envbool("API_PUBLIC_READ", "true")
# Read on every request (api/throttling.py), so tests and deployments can change them.
API_THROTTLE_ANON = envrate("API_THROTTLE_ANON", "120/minute")
API_THROTTLE_USER = envrate("API_THROTTLE_USER", "1200/minute")
API_PAGE_SIZE = envint("API_PAGE_SIZE", "50")
API_MAX_PAGE_SIZE = envint("API_MAX_PAGE_SIZE", "200")
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header is what turns "no credentials" into a 401.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["api.permissions.ReadOrCurate"],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonThrottle", "api.throttling.UserThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.Pagination",
    "PAGE_SIZE": API_PAGE_SIZE,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
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
    "REDOC_DIST": "SIDECAR",
}
