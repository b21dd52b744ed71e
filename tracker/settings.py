"""Settings from the environment (12-factor). Defaults give the embedded setup:
SQLite in the project folder and Celery running tasks eagerly in-process."""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="insecure-dev-key-change-me" if DEBUG else "")
if not SECRET_KEY:
    raise environ.ImproperlyConfigured("Set SECRET_KEY (or DEBUG=true for development).")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Day a reporting period starts: 1 = calendar months, 15 = official 15th-to-14th cut-offs.
REPORT_CUTOFF_DAY = env.int("REPORT_CUTOFF_DAY", default=1)
# Periodic reports (issue 14): who sends a report of the whole province, and from where.
REPORT_ISSUER = env.str("REPORT_ISSUER", default="Thành ủy Đà Nẵng")
REPORT_PLACE = env.str("REPORT_PLACE", default="Đà Nẵng")
# Excel import of tasks (issue 14): the largest file and row count accepted, and up to how
# many rows an import is created at once rather than in Celery with a progress bar.
TASK_IMPORT_MAX_BYTES = env.int("TASK_IMPORT_MAX_BYTES", default=5_000_000)
TASK_IMPORT_MAX_ROWS = env.int("TASK_IMPORT_MAX_ROWS", default=20_000)
TASK_IMPORT_SYNC_ROWS = env.int("TASK_IMPORT_SYNC_ROWS", default=200)

# Demo logins may only be created where this is true (the run command sets it).
DEMO_DATA_ALLOWED = env.bool("DEMO_DATA_ALLOWED", default=DEBUG)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "template_partials",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "axes",
    "accounts",
    "resolutions",
    "tasks",
    "reports",
    "targets",  # issue 15
    "proposals",  # issue 15
    "criteria",  # issue 15
    "directions",  # issue 15
    "demo",
    "operations",  # issue 18: health, metrics, job runs, replica
]

MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",  # issue 18: request metrics
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.gzip.GZipMiddleware",  # issue 19: pages gzipped (BREACH-masked by Django)
    # issue 19: outside every middleware that may sign a user out (the idle time-out)
    "tracker.pwa.ClearSiteDataOnSignOut",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tracker.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tracker.messages.HtmxMessagesMiddleware",  # issue 16: messages after htmx swaps
    "accounts.middleware.AccountMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
    "operations.replica.ReplicaMiddleware",  # issue 18: lagging reads on the replica
    "django_prometheus.middleware.PrometheusAfterMiddleware",
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
                "django.template.context_processors.i18n",
                "csp.context_processors.nonce",
                "tasks.context_processors.lifecycle",  # issue 10: may_manage
                "accounts.context_processors.accounts",
                "reports.context_processors.reports",  # issue 14: the periodic report's entry
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query to machine code (JIT) once its estimated cost passes
    # jit_above_cost. A dashboard of a past day estimates high (a subquery for each extended
    # task) and spent 600 ms compiling a query that runs in 80 ms: see bench/README.md.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite cannot hold the membership constraint that counts a null unit (the central
    # level) as a value; the embedded default relies on the service's own check of the
    # same rule (accounts/memberships.py), PostgreSQL holds both.
    SILENCED_SYSTEM_CHECKS = ["models.W047"]
# issue 18: a streaming replica for the reads that may lag (operations/replica.py)
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {
        **env.db("DATABASE_REPLICA_URL"),
        "OPTIONS": DATABASES["default"].get("OPTIONS", {}),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "TEST": {"MIRROR": "default"},
    }
    DATABASE_ROUTERS = ["operations.replica.ReplicaRouter"]
# Seconds a browser that wrote reads the primary, so its next page shows its write.
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# issue 12: password policy, sign-in protection, sessions, audit retention.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=10)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)
# Failures are counted per user name, and per user name + address: a guesser locks out the
# account guessed at, never everyone behind the office's one address.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=1.0)
AXES_RESET_ON_SUCCESS = True
# A failure during a lockout does not extend it, so "locked until" stays true.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_address"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
# Directory sign-in (LDAP / Active Directory), off unless LDAP_SERVER_URI is set.
LDAP_GROUP_MEMBERSHIPS: list[tuple[str, str, str]] = []
if env.str("LDAP_SERVER_URI", default=""):
    import os

    from accounts.directory_settings import ldap_settings

    vars().update(ldap_settings(os.environ))
    AUTHENTICATION_BACKENDS.insert(1, "accounts.directory.DirectoryBackend")
# Proxies in front of the app that append to X-Forwarded-For (0: the app faces clients).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Minutes without a request after which a session ends.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30)
# Days the audit trail is kept; the daily purge job removes older events.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["tracker.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Evidence files live outside MEDIA_ROOT: only the permission-checked view reads them.
EVIDENCE_ROOT = env.path("EVIDENCE_ROOT", default=BASE_DIR / "private" / "evidence")
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_BACKEND",
            default="django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "tracker.storage.StaticStorage",
        )
    },
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="theodoi@localhost")

# Celery: Redis when REDIS_URL is set, otherwise tasks run eagerly in-process.
REDIS_URL = env.str("REDIS_URL", default="")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A user's action enqueues delivery after commit: fail fast when Redis is unreachable (the
# notification waits in the outbox for the periodic delivery run).
CELERY_BROKER_TRANSPORT_OPTIONS = {"socket_connect_timeout": 3}
# The worker and beat wait out a Redis outage of any length (the default gives up after 100
# tries, and a beat that gave up would never run the periodic delivery again).
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# issue 18: queues by kind of work (tracker/queues.py); beat records each send at once, so
# /healthz sees a stopped beat
from tracker import queues  # noqa: E402

CELERY_TASK_QUEUES = queues.QUEUES
CELERY_TASK_ROUTES = queues.ROUTES
CELERY_BEAT_SYNC_EVERY = 1
# A periodic job this late past its due time makes /healthz unhealthy (beat down).
HEALTH_BEAT_GRACE_SECONDS = env.int("HEALTH_BEAT_GRACE_SECONDS", default=300)
# /metrics for `Authorization: Bearer <METRICS_TOKEN>`; unset: for loopback scrapers only.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

CACHES = {
    "default": (
        {
            # An accelerator: while Redis is unreachable every request still succeeds.
            "BACKEND": "tracker.failsafe_cache.FailSafeRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.token_cache.CachedTokenAuthentication",  # issue 17
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "tracker.api.HasRole",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "tracker.api.ContentNegotiation",  # issue 17
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PARSER_CLASSES": [
        "tracker.api.JSONParser",  # deep nesting is bad input (400), not a server error
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "tracker.api.Pagination",
    "DEFAULT_THROTTLE_CLASSES": ["tracker.api.TokenRateThrottle"],
    # Requests per token (or per browser session, or per address when anonymous).
    "DEFAULT_THROTTLE_RATES": {"token": env.str("API_THROTTLE_RATE", default="1000/minute")},
    "EXCEPTION_HANDLER": "tracker.api.exception_handler",
    "DATE_FORMAT": "iso-8601",
    "COERCE_DECIMAL_TO_STRING": False,
}
# Seconds a summary stays cached; any change of the data makes it stale at once anyway.
API_SUMMARY_CACHE_SECONDS = env.int("API_SUMMARY_CACHE_SECONDS", default=600)
SPECTACULAR_SETTINGS = {
    "TITLE": "Resolution Tracker API",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "DESCRIPTION": (
        "Figures and tasks of Resolution Tracker for other systems. Authenticate with "
        "`Authorization: Token <token>` (from `POST /api/v1/auth/token/`) or a browser "
        "session. Dates are ISO 8601; units and documents are named by their codes "
        "(`DN-SKHCN`, `57-NQ/TW`). Errors are JSON: `{field: [messages]}` for bad input "
        "(400), `{detail: message}` otherwise (401, 403, 404, 412, 429)."
    ),
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tracker.api.add_error_responses",
    ],
    "ENUM_NAME_OVERRIDES": {
        "TaskStatusEnum": "tasks.models.Task.Status",
        "ExtensionStatusEnum": "tasks.models.Extension.Status",
        # issue 10: two fields named "kind"
        "UnitKindEnum": "resolutions.models.Unit.Kind",
        "ChangeRequestKindEnum": "tasks.models.ChangeRequest.Kind",
        "ProposalStateEnum": "proposals.models.Proposal.State",  # issue 15
    },
}

# Everything the browser loads comes from this app (closed government networks).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
    }
}

SESSION_COOKIE_SECURE = env.bool("SECURE_COOKIES", default=False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# issue 12: HTTPS in production, from the environment (see README "Production").
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=False)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]  # issue 18: probes on plain HTTP
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=False)
# Behind a TLS proxy that sets X-Forwarded-Proto (and strips it from clients' requests).
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https")
    if env.bool("SECURE_PROXY_SSL_HEADER", default=False)
    else None
)
SESSION_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# issue 18: LOG_FORMAT=json writes one JSON object a line (web, worker and beat alike).
from tracker.logs import JSON_FORMATTER  # noqa: E402

LOG_FORMAT = env.str("LOG_FORMAT", default="text")
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": JSON_FORMATTER},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
