"""Settings for the test suite: fast hashing, local static files, no outside services."""

from maillage.settings.base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105 (a test key, never deployed)
DEBUG = False
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Live-server tests serve static files straight from the finders (no collectstatic in tests).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Tasks run inline, as soon as enqueued; one test runs the real database worker (tests/tasks/).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    import os
    import tempfile
    from pathlib import Path

    # The concurrency tests write from several threads, each with its own connection: they need one
    # database file (WAL, busy timeout), not the shared-cache memory database whose table locks fail
    # at once instead of waiting. One file per process, removed by the test runner at the end.
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"maillage-test-{os.getpid()}.sqlite3")
    }
