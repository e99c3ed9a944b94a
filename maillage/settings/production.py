"""Settings for a deployed site: three variables are required, everything else has a safe default.

Required: DJANGO_SECRET_KEY, DJANGO_ALLOWED_HOSTS, DATABASE_URL. Every variable read here or in base.py
is listed, with its default, in deploy/maillage.env.example (a test keeps the two in step).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from maillage.settings.base import *  # noqa: F403
from maillage.settings.base import BASE_DIR


def _required(name: str) -> str:
    """Return the environment variable `name`, or refuse to start with a message naming it."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"La variable d'environnement {name} est obligatoire avec les réglages de production "
            "(maillage.settings.production) : voir deploy/maillage.env.example et docs/deploiement.md."
        )
    return value


SECRET_KEY = _required("DJANGO_SECRET_KEY")
DEBUG = False
# The site's own names, comma-separated: a deployment without them answers nothing rather than anything.
ALLOWED_HOSTS = [host.strip() for host in _required("DJANGO_ALLOWED_HOSTS").split(",") if host.strip()]

# No silent fallback on the development SQLite file: the operator says where the data lives
# (postgres://… or sqlite:////var/lib/maillage/maillage.sqlite3).
DATABASES = {
    "default": dj_database_url.parse(
        _required("DATABASE_URL"),
        # Persistent connections, checked before reuse so a restarted PostgreSQL costs no failed request.
        conn_max_age=int(os.environ.get("MAILLAGE_DB_CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        # 64 MB of page cache and reads through mmap: the search reads its indexes from memory (issue 13).
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536; "
        "PRAGMA mmap_size=268435456;",
    }
else:
    # No JIT: it compiled 10 ms statements for 830 ms (docs/benchmarks.md, "PostgreSQL, 200,000 structures").
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# Rate-limit and lockout counters shared by every gunicorn worker (table made by `createcachetable`).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "maillage_cache",
    }
}

# Collected by `collectstatic`, served by WhiteNoise: hashed names cached for a year, gzip/brotli copies.
STATIC_ROOT = Path(os.environ.get("MAILLAGE_STATIC_ROOT") or BASE_DIR / "staticfiles")
MEDIA_ROOT = Path(os.environ.get("MAILLAGE_MEDIA_ROOT") or BASE_DIR / "var" / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Source maps are only fetched by developer tools: compressing them (brotli) took most of collectstatic.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = (
    *("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br"),
    *("woff", "woff2", "mp4", "webm", "pdf", "map"),
)

# Reverse proxies in front of gunicorn (nginx: 1); the client address is read behind that many hops.
MAILLAGE_PROXY_COUNT = int(os.environ.get("MAILLAGE_PROXY_COUNT", "1"))

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = True
# A monitor probing gunicorn directly (http://127.0.0.1:8000/sante/) gets the answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_SECURE = True
# No script reads the CSRF cookie: forms carry the token ({% csrf_token %}) and HTMX only sends GETs.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

MAILERS = {
    "default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": os.environ.get("EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("EMAIL_PORT", "587")),
            "username": os.environ.get("EMAIL_HOST_USER", ""),
            "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
            "use_tls": True,
            # A stuck SMTP server fails the sending task (recorded, retried by hand) instead of hanging it.
            "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
        },
    }
}
