"""Settings for a developer's machine: `make run`."""

import os

from maillage.settings.base import *  # noqa: F403

DEBUG = True
# A development key is generated per machine by `make run` (var/secret_key); never used in production.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "dev-only-insecure-key-not-for-production"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# `make run` starts no worker: tasks run inline (`manage.py db_worker` is for deployed sites).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
