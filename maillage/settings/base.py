"""Settings shared by every environment; secrets and hosts come from the environment."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "maillage.concurrency",
    "maillage.territories",
    "maillage.structures",
    "maillage.imports",
    "maillage.accounts",
    "maillage.memberships",
    "maillage.history",
    "maillage.contributions",
    "maillage.observatory",
    "maillage.opendata",
    "maillage.quality",
    "maillage.surveys",
    "maillage.links",
    "maillage.alerts",
    "maillage.bookings",
    "maillage.lending",
    "maillage.employers",
    "maillage.places",
    "maillage.events",
    "maillage.conventions",
    "maillage.schemes",
    "maillage.resources",
    "maillage.initiatives",
    "maillage.calls",
    "maillage.portals",
    "maillage.accompaniment",
    # Operating an instance: scheduled jobs, backups and restores (knows commands by name only).
    "maillage.operations",
    "maillage.www",
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Background work (e-mails, PDF diagnostics, recomputes, large exports): tasks stored in the
    # database, run by `manage.py db_worker`.
    "django_tasks_db",
    # Only for its templates and static files: the API docs then load Swagger UI from the site itself,
    # as the Content Security Policy requires, instead of a CDN.
    "ninja",
]

AUTH_USER_MODEL = "accounts.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Every page states its Content Security Policy (SECURE_CSP below), static files included.
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # A NUL in the address is refused with a 400 before any view reads it (PostgreSQL would raise).
    "maillage.www.middleware.RefuseNulMiddleware",
    # Outside sessions, CSRF and messages: widgets may be framed anywhere and never set a cookie (ADR 21).
    "maillage.www.embed.middleware.EmbedHeadersMiddleware",
    # Partners' own host names serve their portal (ADR 21).
    "maillage.www.portals.hosts.PortalHostMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: tells whether the session passed the second factor (request.user.is_verified).
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "maillage.urls"

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
                "maillage.www.context_processors.moderation",
            ],
        },
    },
]

WSGI_APPLICATION = "maillage.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (postgres://…) switches to PostgreSQL.
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'var' / 'maillage.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes; IMMEDIATE avoids lock upgrades failing mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # 64 MB of page cache and reads through mmap: the search reads its indexes from memory (issue 13).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
        "PRAGMA mmap_size=268435456;",
        # Seconds a writer waits for another one's transaction (SQLite's busy timeout) before failing.
        "timeout": 10,
    }
else:
    # JIT compiles any statement estimated above jit_above_cost: the directory's counted pages run in
    # 10 ms and paid 830 ms of compilation (docs/benchmarks.md, "PostgreSQL, 200,000 structures").
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Logins are by e-mail (the manager folds case): the stock backend is enough; the login page adds the
# lockout, the e-mail confirmation and the second factor on top of it.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]

# Rate-limit counters and login attempts live in the database (accounts.RateCounter, LoginAttempt), which
# every worker shares; nothing of them is kept in this per-process cache.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "maillage",
    }
}
# How many reverse proxies of ours stand in front of the site. 0: the client is REMOTE_ADDR and any
# X-Forwarded-For is ignored (any client can write one). N: the N-th address from the right of
# X-Forwarded-For, the one the outermost of our proxies saw (maillage.accounts.ratelimit.client_ip).
MAILLAGE_PROXY_COUNT = int(os.environ.get("MAILLAGE_PROXY_COUNT", "0"))

# Requests per client IP and per period ("10/m", "100/h") on the pages that an attacker would hammer.
RATE_LIMITS = {
    "login": os.environ.get("MAILLAGE_RATE_LOGIN", "10/m"),
    "signup": os.environ.get("MAILLAGE_RATE_SIGNUP", "10/h"),
    "password_reset": os.environ.get("MAILLAGE_RATE_PASSWORD_RESET", "10/h"),
    "resend_confirmation": os.environ.get("MAILLAGE_RATE_RESEND_CONFIRMATION", "10/h"),
}
# The search API's limit, per client IP (read by maillage.api.structures).
API_SEARCH_RATE = os.environ.get("MAILLAGE_RATE_SEARCH_API", "120/m")

# Lockout: this many failed logins for one e-mail address (as typed) or from one IP within the window
# refuse any further login, even with the right password, for the duration.
ACCOUNTS_LOCKOUT_EMAIL_FAILURES = 5
ACCOUNTS_LOCKOUT_IP_FAILURES = 20
ACCOUNTS_LOCKOUT_WINDOW_SECONDS = 15 * 60
ACCOUNTS_LOCKOUT_DURATION_SECONDS = 15 * 60
# Login attempts are personal data (address typed, IP): `purge_login_attempts` deletes older ones.
ACCOUNTS_LOGIN_ATTEMPTS_RETENTION_DAYS = 30
# An e-mail confirmation link works once, for this long.
ACCOUNTS_EMAIL_CONFIRMATION_MAX_AGE_SECONDS = 3 * 24 * 3600
# Between the password and the second factor's code, the half-logged-in state lasts this long.
ACCOUNTS_OTP_STEP_MAX_AGE_SECONDS = 5 * 60
# A password reset link lasts one day (Django's default is three).
PASSWORD_RESET_TIMEOUT = 24 * 3600

# Second factor (TOTP): the name authenticator applications show beside the account.
OTP_TOTP_ISSUER = "maillage"

# Content Security Policy: scripts and styles only from the site's own files, never inline (no
# 'unsafe-inline'): templates wire behaviour through data- attributes and static/js/*.js. Scripts that
# set styles through the CSSOM (Leaflet) are not affected by style-src. data: images are the small icons
# embedded in Leaflet's and Swagger UI's stylesheets.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
# "774 133 habitants", as French readers expect.
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end packages come from npm (package-lock.json) and are served from node_modules, never a CDN.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", NODE_MODULES / "leaflet.markercluster" / "dist"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Reference data packages installed by `make run` (see docs/architecture.md).
DECOUPAGE_ADMINISTRATIF_DIR = NODE_MODULES / "@etalab" / "decoupage-administratif"

MAILERS: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
}

# Background tasks: enqueued after commit, persisted in the database and run by `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Failed logins, lockouts, second-factor failures: what an operator watches for attacks.
    "loggers": {
        "maillage.security": {"level": "INFO"},
        # Scheduled jobs and background tasks: one summary line each, and every failed e-mail.
        "maillage.jobs": {"level": "INFO"},
        # WeasyPrint warns about screen-only CSS properties it ignores in the shared stylesheet.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "ERROR"},
    },
}

# Accounts: log in by e-mail; pages that need an account send visitors here.
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "home"
DEFAULT_FROM_EMAIL = os.environ.get(
    "DJANGO_DEFAULT_FROM_EMAIL", "maillage <ne-pas-repondre@maillage.localhost>"
)

# Uploaded files (logos). Served by the web server in production, by Django's static view in development.
MEDIA_URL = "media/"
MEDIA_ROOT = BASE_DIR / "var" / "media"
LOGO_MAX_BYTES = 1024 * 1024

# Backups (`manage.py backup`, restored by `manage.py restore`): where the archives go, how many are kept.
MAILLAGE_BACKUP_DIR = Path(os.environ.get("MAILLAGE_BACKUP_DIR") or BASE_DIR / "var" / "backups")
MAILLAGE_BACKUP_KEEP = int(os.environ.get("MAILLAGE_BACKUP_KEEP", "14"))
# Folder of PostgreSQL's pg_dump and pg_restore (as recent as the server); empty: found on PATH.
MAILLAGE_PG_BIN_DIR = os.environ.get("MAILLAGE_PG_BIN_DIR", "")

# Contributions: a structure whose record nobody confirmed for this many days is "stale", and its
# managers are reminded by e-mail (command `remind_stale_structures`).
STRUCTURE_CONFIRMATION_REMINDER_DAYS = int(os.environ.get("MAILLAGE_CONFIRMATION_REMINDER_DAYS", "365"))

# Statistical secrecy, one rule for the whole instance: no published figure rests on fewer units than
# this (survey answers, pooled items, places, loans, cases…).
STATISTICAL_SECRECY_MIN = int(os.environ.get("MAILLAGE_STATISTICAL_SECRECY_MIN", "5"))

# Observatory: `prune_snapshots` keeps the last snapshot of every calendar year and this many others.
OBSERVATORY_SNAPSHOT_KEEP = int(os.environ.get("MAILLAGE_SNAPSHOT_KEEP", "12"))

# Directory exports: up to this many rows a download starts at once; beyond, signed-in people get it
# prepared in the background and a link by e-mail, valid this long.
EXPORT_IMMEDIATE_LIMIT = int(os.environ.get("MAILLAGE_EXPORT_IMMEDIATE_LIMIT", "5000"))
EXPORT_LINK_MAX_AGE_SECONDS = 7 * 24 * 3600

# Open data (`manage.py publish_opendata`, daily): where the dated files are written and served from.
OPENDATA_ROOT = Path(os.environ.get("MAILLAGE_OPENDATA_ROOT") or BASE_DIR / "var" / "opendata")
# Attachments of accompaniment cases: outside MEDIA_ROOT, never served by the web server, backed up.
ACCOMPANIMENT_PRIVATE_ROOT = Path(os.environ.get("MAILLAGE_PRIVATE_ROOT") or BASE_DIR / "var" / "private")
# Dated files older than this many days are removed (their records stay; the current file always stays).
OPENDATA_KEEP_DAYS = int(os.environ.get("MAILLAGE_OPENDATA_KEEP_DAYS", "31"))

# The site's public address, for links in e-mails sent outside a request (reminders): "https://…".
SITE_URL = os.environ.get("MAILLAGE_SITE_URL", "")
# Where people write about their personal data (privacy page); empty shows a neutral sentence.
MAILLAGE_CONTACT_EMAIL = os.environ.get("MAILLAGE_CONTACT_EMAIL", "")
