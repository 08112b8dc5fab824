"""Settings for the enforcement case management system.

One module, read from the environment (STYLE.md §13). Without any environment variable the
system runs on the *embedded default*: SQLite and Celery on kombu's ``filesystem://`` broker under
``var/``, no servers needed. Production sets DATABASE_URL (PostgreSQL), CELERY_BROKER_URL (Redis),
SECRET_KEY and DEBUG=0 — see docker-compose.yml.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DEBUG", False)
_DEV_SECRET = "dev-only-insecure-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    # Safe production default: refuse to start without a real key rather than run with a known one.
    from django.core.exceptions import ImproperlyConfigured

    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_htmx",
    "simple_history",
    # Login throttling (issue #8): failed logins counted per username + IP, lockout for a cool-off.
    "axes",
    "courts",
    "cases",
    "transfers",
    "reports",
    "documents",
    "tracking",
    "relief",
    "imports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "enforcement.middleware.CourtLocaleMiddleware",  # Chinese pages whatever the browser; the API negotiates
    "enforcement.middleware.ApiNotFoundMiddleware",  # JSON 404 for unrouted /api/ URLs, DEBUG or not
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "enforcement.middleware.HtmxLoginMiddleware",  # an expired session's fragment: the whole page to the login
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last: turns a lockout flagged during authentication into the lockout page (courts.views.locked_out).
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "enforcement.urls"
WSGI_APPLICATION = "enforcement.wsgi.application"
ASGI_APPLICATION = "enforcement.asgi.application"

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
                "django.template.context_processors.i18n",
                "enforcement.navigation.nav",
            ],
        },
    },
]

# --- database -------------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded default serves the web process and a worker at once: wait for the write lock
    # instead of failing with "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # IMMEDIATE: a write transaction takes the lock when it begins, so two writers queue instead of one
    # failing on lock upgrade; WAL lets readers run while the worker writes (Django 5.1+ options).
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": 30, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;",
    })
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: on a province's million cases a dashboard query crosses JIT's cost threshold and
    # PostgreSQL spends seconds compiling it to save milliseconds (measured with bench/, issue #7).
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "courts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# django-axes first: it refuses a locked-out username+IP before the password is even checked.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lockout lasts the cool-off from the locking failure; tries meanwhile do not prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "courts.views.locked_out"
# The client address is REMOTE_ADDR (no django-ipware: X-Forwarded-For could be forged to dodge the lockout).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# --- language and time -------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# Stored in UTC, shown in China Standard Time (STYLE.md §7).
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- static files: everything is vendored and served locally (court intranets are offline) ----
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production (needs collectstatic); plain files in development
        # and in tests that serve straight from static/ (STATIC_MANIFEST=0).
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Without collected files (development, tests) WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = not STORAGES["staticfiles"]["BACKEND"].startswith("whitenoise")
if WHITENOISE_USE_FINDERS:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# Uploaded and generated files (documents generated for cases). Never served as static media: every
# download goes through a view that checks the reader may see the case.
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))

# --- REST API -----------------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "enforcement.schema.AutoSchema",  # + the framework's own error answers
    "COERCE_DECIMAL_TO_STRING": True,
    "EXCEPTION_HANDLER": "enforcement.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "执行案件管理系统 API",
    "DESCRIPTION": "Court enforcement case management — REST API v1.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"CaseStatusEnum": "cases.models.CaseStatus.choices",
                            "CheckedResultEnum": "cases.models.assets.CHECKED_RESULTS",
                            "DesignationDecisionEnum": "transfers.models.Decision.choices", "DesignationRequestStatusEnum": "transfers.models.RequestStatus.choices", "DesignationRequestSourceEnum": "transfers.models.RequestSource.choices", "AssignmentKindEnum": "transfers.models.AssignmentKind.choices", "EntrustedActEnum": "transfers.models.EntrustedAct.choices",  # cross execution API
                            # Party kinds are taken by registration and by pre-enforcement tracking (issue #9).
                            "PartyKindEnum": "cases.models.PartyKind.choices"},
    # Swagger UI served from the sidecar package, never a CDN (offline intranets).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# --- Celery -----------------------------------------------------------------------------------
# Embedded default: kombu's filesystem transport, folders under var/celery, file:// results.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
_CELERY_DIR = VAR_DIR / "celery"
if CELERY_BROKER_URL.startswith("filesystem://"):
    for sub in ("queue", "processed", "results", "control"):
        (_CELERY_DIR / sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_CELERY_DIR / "queue"),
        "data_folder_out": str(_CELERY_DIR / "queue"),
        "data_folder_processed": str(_CELERY_DIR / "processed"),
        "store_processed": False,
        # Exchange/routing tables: without this kombu writes ./control in whatever directory a
        # process starts in, and processes started elsewhere would not share routing.
        "control_folder": str(_CELERY_DIR / "control"),
        "polling_interval": 0.1,
    }
    CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND", f"file://{_CELERY_DIR / 'results'}")
else:
    # Socket timeouts: a broker that hangs without closing the connection (paused, failover, a
    # firewall dropping packets) must fail a publish within seconds, not hold the web request
    # forever; the outbox keeps the row pending for the resend job. (The worker's BRPOP runs in the
    # event loop, where kombu's own health check applies instead.)
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600, "socket_timeout": 3, "socket_connect_timeout": 3}
    CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# --- notifications (阳光执行, DESIGN.md §12) ------------------------------------------------------
# Pluggable: "cases.notifications.LogBackend" (default), "cases.notifications.ConsoleBackend";
# production plugs an SMS gateway class with the same send() signature.
NOTIFICATION_BACKEND = os.environ.get("NOTIFICATION_BACKEND", "cases.notifications.LogBackend")

# --- security (production defaults; DEBUG relaxes them for the local demo) -----------------------
SESSION_COOKIE_HTTPONLY = True
# Production is served over HTTPS only (usually TLS ended at a proxy that sets X-Forwarded-Proto):
# SECURE_COOKIES=0 turns the HTTPS-only defaults off (bin/test, a plain-HTTP trial install).
HTTPS_ONLY = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = HTTPS_ONLY
CSRF_COOKIE_SECURE = HTTPS_ONLY
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS_ONLY)
# One year of HSTS in production (`manage.py check --deploy` is clean with the production environment).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000" if HTTPS_ONLY else "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS_ONLY)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS_ONLY)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}


# django-celery-beat's DatabaseScheduler installs these entries into its tables at start-up.
# The province's and each jurisdiction's default dashboard, pre-computed (reports.snapshots).
REPORT_SNAPSHOT_MINUTES = int(os.environ.get("REPORT_SNAPSHOT_MINUTES", "30"))

CELERY_BEAT_SCHEDULE = {
    "refresh-dashboard-snapshots": {
        "task": "reports.tasks.refresh_dashboard_snapshots",
        "schedule": REPORT_SNAPSHOT_MINUTES * 60.0,
    },
    "resend-pending-notifications": {
        "task": "cases.tasks.resend_pending_notifications",
        "schedule": 60.0,
    },
    # Legacy-ledger imports (imports.tasks): re-send jobs left queued by a broker outage or
    # orphaned by a dead worker.
    "resume-stalled-imports": {
        "task": "imports.tasks.resume_stalled_imports",
        "schedule": 120.0,
    },
    # The escalation ladder (transfers.tasks): daily, in the small hours court time.
    "escalation-sweep": {
        "task": "transfers.tasks.escalation_sweep",
        "schedule": crontab(hour=int(os.environ.get("ESCALATION_SWEEP_HOUR", "1")), minute=30),
    },
    # The hard-case ledger's rules (reports.tasks): daily, after the escalation sweep.
    "hard-case-sweep": {
        "task": "reports.tasks.hard_case_sweep",
        "schedule": crontab(hour=int(os.environ.get("HARD_CASE_SWEEP_HOUR", "2")), minute=15),
    },
}

# A CSRF failure shows a page in the UI's language instead of Django's English one.
CSRF_FAILURE_VIEW = "enforcement.views.csrf_failure"
