"""Security settings: the Content Security Policy on every page, and `check --deploy` in production."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)


def outside_django_environment() -> dict[str, str]:
    """Return this process's environment without the DJANGO_* variables the test run set."""
    # The browser harness sets DJANGO_ALLOW_ASYNC_UNSAFE, which a deployment must never have.
    return {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}


def policy(header: str) -> dict[str, list[str]]:
    directives = [part.strip().split() for part in header.split(";") if part.strip()]
    return {name: values for name, *values in directives}


@pytest.mark.parametrize("url", ["/", "/compte/connexion/", "/compte/inscription/", "/structures/"])
def test_pages_forbid_inline_script(client: Client, url: str) -> None:
    """Every page carries a CSP allowing scripts and styles from the site only, never inline."""
    response = client.get(url)
    assert response.status_code == 200
    csp = policy(response["Content-Security-Policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["default-src"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_account_pages_have_no_inline_script_or_style(client: Client) -> None:
    """The templates obey the policy they are served with."""
    for url in ("/compte/connexion/", "/compte/inscription/", "/compte/mot-de-passe/oublie/"):
        text = client.get(url).content.decode()
        assert "<script>" not in text
        assert " style=" not in text


def test_check_deploy_passes_with_the_production_settings() -> None:
    """`manage.py check --deploy` is clean (warnings included) with the production settings."""
    env = {
        **outside_django_environment(),
        "DJANGO_SETTINGS_MODULE": "maillage.settings.production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "maillage.example",
        "DATABASE_URL": "sqlite:///unused.sqlite3",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_need_their_hosts() -> None:
    """Without DJANGO_ALLOWED_HOSTS, the production settings refuse to load rather than serve any host."""
    env = outside_django_environment()
    env.update({"DJANGO_SETTINGS_MODULE": "maillage.settings.production", "DJANGO_SECRET_KEY": "x" * 60})
    result = subprocess.run(
        [sys.executable, "-c", "import maillage.settings.production"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_the_api_docs_load_swagger_from_the_site_itself(client: Client) -> None:
    """The CSP allows scripts from the site only: Swagger UI is served from static files, never a CDN."""
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    text = response.content.decode()
    assert '<script src="/static/ninja/swagger-ui-bundle.js"></script>' in text
    assert "cdn" not in text
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
