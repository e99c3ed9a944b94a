"""The production settings need three variables, refuse to start without any of them, default the rest."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

REQUIRED = {
    "DJANGO_SECRET_KEY": "x" * 60,
    "DJANGO_ALLOWED_HOSTS": "maillage.example",
    "DATABASE_URL": "postgres://maillage:secret@127.0.0.1:5432/maillage",
}
PROBE = (
    "import django, json; django.setup(); from django.conf import settings as s; "
    "db = s.DATABASES['default']; "
    "print(json.dumps({'cache': s.CACHES['default']['BACKEND'], 'db': db['ENGINE'], "
    "'max_age': db['CONN_MAX_AGE'], 'health': db['CONN_HEALTH_CHECKS'], "
    "'static': s.STORAGES['staticfiles']['BACKEND'], 'debug': s.DEBUG, "
    "'mail': s.MAILERS['default']['BACKEND']}))"
)


def run_with(variables: dict[str, str]) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "MAILLAGE_", "EMAIL_"))
    }
    env.pop("DATABASE_URL", None)
    env.update({"DJANGO_SETTINGS_MODULE": "maillage.settings.production", **variables})
    return subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-c", PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize("missing", sorted(REQUIRED))
def test_production_refuses_to_start_without_a_required_variable(missing: str) -> None:
    """Without one of the three variables, nothing starts, and the message names the variable."""
    result = run_with({name: value for name, value in REQUIRED.items() if name != missing})
    assert result.returncode != 0
    assert f"La variable d'environnement {missing} est obligatoire" in result.stderr


def test_production_serves_with_the_three_variables_and_safe_defaults() -> None:
    """Three variables are enough: shared cache, persistent checked connections, SMTP, hashed files."""
    result = run_with(REQUIRED)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {
        "cache": "django.core.cache.backends.db.DatabaseCache",
        "db": "django.db.backends.postgresql",
        "max_age": 600,
        "health": True,
        "static": "whitenoise.storage.CompressedManifestStaticFilesStorage",
        "debug": False,
        "mail": "django.core.mail.backends.smtp.EmailBackend",
    }


HEALTH_PROBE = (
    "import django; django.setup(); from django.test import Client; "
    "r = Client().get('/sante/', headers={'host': 'maillage.example'}, secure=True); "
    "print(r.status_code, r.content.decode())"
)


def test_health_answers_503_when_the_database_is_unreachable(tmp_path: Path) -> None:
    """With the database gone, /sante/ answers 503 and says so, without the database's address."""
    missing = tmp_path / "pas-de-dossier" / "maillage.sqlite3"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MAILLAGE_"))}
    env.update({**REQUIRED, "DJANGO_SETTINGS_MODULE": "maillage.settings.production"})
    env["DATABASE_URL"] = f"sqlite:///{missing}"
    result = subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, "-c", HEALTH_PROBE],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    status, body = result.stdout.strip().split(" ", 1)
    assert status == "503"
    assert json.loads(body) == {"statut": "erreur", "base_de_donnees": "injoignable"}
    assert "pas-de-dossier" not in body
