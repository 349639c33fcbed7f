"""Settings for the C40 Cities portal. The environment is read here and only here."""

import os
import re
import socket
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import FileSystemStorage
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from c40site.env import (
    env_bool,
    env_int,
    env_list,
    public_origin,
    s3_origin,
    s3_storage,
    tile_sources,
    url_origin,
)
from core.client import parse_trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "").strip()
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off (production)."
        )
    SECRET_KEY = "django-insecure-development-only-key"  # noqa: S105 (DEBUG only)
# Old keys still accepted while a new one rolls out across the fleet (sessions, password
# reset links); drop them once every server runs with the new key.
SECRET_KEY_FALLBACKS = env_list("DJANGO_SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")


# The one origin every absolute URL is built from (canonical, hreflang, og:url, feed, sitemap,
# exports, API links). Never the request's Host or scheme: cached pages are shared by everyone.
C40_PUBLIC_URL = os.environ.get("C40_PUBLIC_URL", "").strip()
if not C40_PUBLIC_URL:
    if not DEBUG:
        raise ImproperlyConfigured(
            "C40_PUBLIC_URL must be set when DJANGO_DEBUG is off (production), "
            "e.g. https://cities.c40.org."
        )
    C40_PUBLIC_URL = "http://127.0.0.1:8000"
C40_PUBLIC_URL = public_origin(C40_PUBLIC_URL)

INSTALLED_APPS = [
    "modeltranslation",  # before django.contrib.admin, as the library requires
    "core.admin_site.C40AdminConfig",  # django.contrib.admin, under the portal's name
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "simple_history",
    "axes",
    "core",
    "cities",
    "networks",
    "spotlights",
    "ops",
    "sitesearch",
]

MIDDLEWARE = [
    # First: a load balancer's probe (/healthz, /readyz) is answered before host validation,
    # the HTTPS redirect, sessions and locale.
    "core.health.HealthCheckMiddleware",
    # Outermost otherwise: it logs and times every response, redirects and cached pages too.
    "core.requestlog.RequestLogMiddleware",
    # A cached page is served here, before the rest: it was stored with the headers the
    # security and CSP middleware gave it, and the cache answers conditional requests itself.
    "core.pagecache.PageCacheMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.replica.ReplicaMiddleware",
    # A page not found under an address whose slug changed: 301 to where it lives now.
    "core.redirects.SlugRedirectMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lock-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "c40site.urls"
WSGI_APPLICATION = "c40site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.language_links",
            ],
        },
    },
]


def database(url):
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.postgresql":
        # The JIT compiler spent 300 ms compiling a 5 ms page query: short web queries never
        # repay it.
        config.setdefault("OPTIONS", {})["options"] = "-c jit=off"
        # A database that hangs instead of refusing fails /readyz in seconds, not at the
        # worker timeout.
        config["OPTIONS"]["connect_timeout"] = 5
    return config


# An empty DATABASE_URL counts as unset (dj-database-url would return {}).
DATABASES = {
    "default": database(
        os.environ.get("DATABASE_URL", "").strip() or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
    )
}
# Optional read replica: public pages read content from it; writes, the admin and signed-in
# editors use the primary (core/replica.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "").strip()
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = database(DATABASE_REPLICA_URL)
    DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
# For this many seconds after a content change every read goes to the primary, so a page
# rendered (and cached) right after a publish never comes from a replica that lags behind.
REPLICA_LAG_SECONDS = env_int("C40_REPLICA_LAG_SECONDS", 10)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The covering index on published spotlights is PostgreSQL's (production); SQLite, the
# newcomer's database, builds it without the extra columns, which is all W040 says.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

REDIS_URL = os.environ.get("REDIS_URL", "").strip()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # A Redis that hangs costs a page a second at most (the cache is optional).
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages are cached for this many seconds (0: off), and invalidated on every content
# change. Off by default without Redis: a per-process memory cache would be invalidated only
# in the process that saved, so other server processes would keep serving the old page.
PAGE_CACHE_SECONDS = env_int("C40_PAGE_CACHE_SECONDS", 600 if REDIS_URL else 0)
# Each server process also keeps the pages it serves most in memory, up to this many bytes,
# served with no round trip to Redis while Redis reports the page generation unchanged
# (core/localpages.py). 0: off.
PAGE_LOCAL_BYTES = env_int("C40_PAGE_LOCAL_MB", 32) * 1024 * 1024
# Renders one server process runs at once, and how many more may wait (at most this many
# seconds) for one; any further render is answered 503 at once (core/rendergate.py). Keep
# slots + queue below C40_THREADS: the threads left over serve cached pages during a flood.
RENDER_SLOTS = env_int("C40_RENDER_SLOTS", 1)
RENDER_QUEUE = env_int("C40_RENDER_QUEUE", 2)
RENDER_WAIT_SECONDS = env_int("C40_RENDER_WAIT_SECONDS", 10)
# How long a CDN in front may serve a page before asking again (its `s-maxage`).
PAGE_CDN_SECONDS = env_int("C40_PAGE_CDN_SECONDS", 60)

# Every account here is staff: passwords of at least 12 characters, not common, not all
# digits, not like the user's name or email.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", _("English")),
    ("zh-hans", _("Simplified Chinese")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Content is shown only in the language asked for: an empty translation is a
# data error caught by the tests, never silently filled from English.
MODELTRANSLATION_DEFAULT_LANGUAGE = LANGUAGE_CODE
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ()}
# The admin's language tabs need jQuery UI; it is vendored so the admin works offline.
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

# Static files: hashed names, so any app server or a CDN can serve them for a year. A CDN
# address (https://cdn.example.org/static/) goes in DJANGO_STATIC_URL; WhiteNoise still
# answers its path on every app server, the CDN's origin.
STATIC_URL = os.environ.get("DJANGO_STATIC_URL", "").strip() or "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# The manifest (staticfiles.json: every static file and its hashed name) is written beside
# STATIC_ROOT, not in it: WhiteNoise serves whatever STATIC_ROOT holds, and that list is no
# visitor's business. Each app server reads it from its own release, like STATIC_ROOT.
STATIC_MANIFEST_ROOT = BASE_DIR / "staticfiles-manifest"
# Uploaded media: the local folder by default (one server, or a folder every server mounts);
# an S3 bucket (or any S3-compatible store) when AWS_STORAGE_BUCKET_NAME is set. Credentials
# come from boto3's usual chain (AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, an instance role).
MEDIA_BUCKET = os.environ.get("AWS_STORAGE_BUCKET_NAME", "").strip()
STORAGES = {
    "default": s3_storage(MEDIA_BUCKET)
    if MEDIA_BUCKET
    else {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed copies made by collectstatic; WhiteNoise serves them with
    # far-future cache headers. Development serves the source files as they are.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    if DEBUG
    else {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "OPTIONS": {"manifest_storage": FileSystemStorage(location=STATIC_MANIFEST_ROOT)},
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
# Uploaded images served by Django itself: development, and a single production server
# without a web server or object storage in front.
SERVE_MEDIA = not MEDIA_BUCKET and env_bool("DJANGO_SERVE_MEDIA", DEBUG)

# Open data (API, CSV, GeoJSON, feed): the licence and attribution stated on every export.
OPEN_DATA_LICENCE = {
    "name": os.environ.get("C40_DATA_LICENCE_NAME", "").strip() or "CC BY 4.0",
    "url": os.environ.get("C40_DATA_LICENCE_URL", "").strip()
    or "https://creativecommons.org/licenses/by/4.0/",
}
OPEN_DATA_PUBLISHER = "C40 Cities Climate Leadership Group"
OPEN_DATA_SOURCES = [
    "C40's 20-year book",
    "https://www.c40.org/",
]

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNICODE_JSON": True,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "C40 Cities open data API",
    "DESCRIPTION": (
        "Read-only data of the C40 Cities portal: cities, regions, countries, initiative "
        "areas, networks, accelerators and published city spotlights, each text in English "
        "(`en`) and Simplified Chinese (`zh-hans`)."
    ),
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": False,
    "LICENSE": {"name": OPEN_DATA_LICENCE["name"], "url": OPEN_DATA_LICENCE["url"]},
}

# Map: the world outline ships as a static file; an online tile layer (a URL template such
# as https://tile.example.org/{z}/{x}/{y}.png) is added only when configured.
MAP_TILE_URL = os.environ.get("C40_MAP_TILE_URL", "").strip()
MAP_TILE_ATTRIBUTION = os.environ.get("C40_MAP_TILE_ATTRIBUTION", "").strip()

C40_BOOK_PATH = BASE_DIR / "fixtures" / "sources" / "c40-at-20-book.zh.txt"

# HTTPS: production sits behind a TLS-terminating proxy that sets X-Forwarded-Proto.
# DJANGO_HTTPS=false is only for plain-HTTP runs on loopback (make serve-prod, the benchmarks,
# the load and fleet tests), never for a site on the internet.
HTTPS = not DEBUG and env_bool("DJANGO_HTTPS", True)
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: scripts, styles, images and data only from this site; no inline
# script or style anywhere (a nonce is offered for the rare template that needs one, but no
# public page uses it: a cached page would replay an old nonce).
STATIC_ORIGIN = url_origin(STATIC_URL)
MEDIA_ORIGIN = [s3_origin(STORAGES["default"]["OPTIONS"])] if MEDIA_BUCKET else []
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, *STATIC_ORIGIN, CSP.NONCE],
    "style-src": [CSP.SELF, *STATIC_ORIGIN, CSP.NONCE],
    "img-src": [CSP.SELF, *STATIC_ORIGIN, *MEDIA_ORIGIN, *tile_sources(MAP_TILE_URL)],
    "font-src": [CSP.SELF, *STATIC_ORIGIN],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "report-uri": "/csp-report/",
}

# Review emails (spotlights/reviews.py): printed to the console in development; in production
# sent through the SMTP server the environment names (default: the machine's own mail server).
MAILERS = {
    "default": (
        {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
        if DEBUG
        else {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("EMAIL_HOST", "").strip() or "localhost",
                "port": env_int("EMAIL_PORT", 587),
                "username": os.environ.get("EMAIL_HOST_USER", "").strip(),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 10,
            },
        }
    )
}
DEFAULT_FROM_EMAIL = (
    os.environ.get("DEFAULT_FROM_EMAIL", "").strip() or "C40 Cities <noreply@localhost>"
)

# The admin: its address (an unguessable one keeps the login page away from scanners),
# sign-in lock-out (django-axes), idle sessions ending.
ADMIN_URL = os.environ.get("DJANGO_ADMIN_URL", "").strip().strip("/") or "admin"
admin_segments = ADMIN_URL.split("/")
if (
    not re.fullmatch(r"[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*", ADMIN_URL)
    or {".", ".."} & set(admin_segments)
    or admin_segments[0]
    in {code for code, _name in LANGUAGES} | {"api", "i18n", "static", "media", "csp-report"}
):
    raise ImproperlyConfigured(
        f"DJANGO_ADMIN_URL must be a path such as 'staff-7f3k/' that no public page uses, "
        f"not {ADMIN_URL!r}."
    )
ADMIN_URL += "/"
# A session ends when the browser closes or a working day after sign-in, whichever comes
# first. (Not renewed per request: that would put a cookie on every public page an editor
# reads, and such pages cannot come from the page cache.)
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out sign-in
    "django.contrib.auth.backends.ModelBackend",
]
# Locked after 5 failures of one account from one address, so a stranger cannot lock an
# editor out from elsewhere; and an address after 20 failures across any accounts, so one
# client cannot try a password on every account (spotlights/lockout.py says why two limits).
# Unlocked after the cool-off or by `manage.py axes_reset_username` / `axes_reset_ip`.
AXES_FAILURE_LIMIT = env_int("C40_LOGIN_FAILURE_LIMIT", 5)
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("C40_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("C40_LOGIN_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "spotlights.lockout.AddressLimitHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "spotlights.lockout.locked_out"
AXES_CLIENT_STR_CALLABLE = "spotlights.lockout.client_description"
AXES_ENABLE_ACCESS_FAILURE_LOG = False
AXES_CLIENT_IP_CALLABLE = "core.client.client_address"
# The proxies in front (load balancers, CDN edges): addresses or CIDRs. X-Forwarded-For is
# believed only from them (core/client.py); empty: the connecting address is the client's.
if os.environ.get("C40_TRUSTED_PROXY_COUNT", "").strip():
    raise ImproperlyConfigured(
        "C40_TRUSTED_PROXY_COUNT is no longer read: set C40_TRUSTED_PROXIES to the proxies' "
        "addresses or networks instead (such as C40_TRUSTED_PROXIES=10.0.0.0/24)."
    )
TRUSTED_PROXIES = parse_trusted_proxies(os.environ.get("C40_TRUSTED_PROXIES", ""))

# Logs: one record per line on stderr, a JSON object (C40_LOG_FORMAT=json, the default in
# production) or text (the default with DEBUG); one record per request (core/requestlog.py).
# Records about a request carry its method, path, view, user id and request id, never its query
# string, addresses, names, cookies or body. INSTANCE names this server in every JSON record.
LOG_FORMAT = os.environ.get("C40_LOG_FORMAT", "").strip().lower() or ("text" if DEBUG else "json")
if LOG_FORMAT not in {"json", "text"}:
    raise ImproperlyConfigured(f"C40_LOG_FORMAT must be 'json' or 'text', not {LOG_FORMAT!r}.")
INSTANCE = os.environ.get("C40_INSTANCE", "").strip() or socket.gethostname()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"no_personal_data": {"()": "core.logs.NoPersonalData"}},
    "formatters": {
        "text": {
            "()": "core.logs.TextFormatter",
            "format": "{asctime} {levelname} {name}: {message}",
            "style": "{",
        },
        "json": {"()": "core.logs.JsonFormatter", "instance": INSTANCE},
    },
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["no_personal_data"],
        }
    },
    "root": {"handlers": ["stderr"], "level": "INFO"},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
        # Development's runserver logs each request itself.
        "django.server": {"level": "WARNING"},
        # One line per request (with DEBUG only server errors: runserver reports the others).
        "c40site.requests": {"level": "WARNING" if DEBUG else "INFO"},
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
    },
}
