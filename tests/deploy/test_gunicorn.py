"""The site as deployed: gunicorn, production settings, collected static files, against the test database."""

import gzip
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.deploy.production import (
    SECRET_KEY,
    Server,
    database_url_for_subprocess,
    gunicorn_serve,
    manage,
    production_environment,
)

# The mark makes pytest-django create the test database the server is given (and reach it from here).
pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def server(
    django_db_setup: None, django_db_blocker: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """Serve the migrated test database with gunicorn, as deploy/maillage.service does."""
    folder = tmp_path_factory.mktemp("production")
    with django_db_blocker.unblock():  # type: ignore[attr-defined]
        database_url = database_url_for_subprocess(folder)
    env = production_environment(database_url, folder)
    # The steps of an update in docs/deploiement.md.
    manage(env, "createcachetable")
    manage(env, "collectstatic", "--noinput")
    yield from gunicorn_serve(env, folder)


def test_health_answers_json_when_the_instance_can_serve(server: Server) -> None:
    """/sante/ says the database answers and every migration is applied, without any secret."""
    reply = server.get("/sante/")
    assert reply.status == 200
    assert reply.header("Content-Type") == "application/json"
    assert "no-cache" in reply.header("Cache-Control")
    state = json.loads(reply.body)
    assert state["statut"] == "ok"
    assert state["base_de_donnees"] == "ok"
    assert state["migrations_en_attente"] == 0
    assert set(state) == {
        "statut",
        "base_de_donnees",
        "migrations_en_attente",
        "dernier_import",
        "dernier_instantane",
    }
    assert SECRET_KEY not in reply.body.decode()


def test_health_answers_a_monitor_probing_gunicorn_directly(server: Server) -> None:
    """A monitor on the server itself gets the health over plain HTTP, not a redirect to HTTPS."""
    assert server.get("/sante/", https=False).status == 200


def test_pages_are_served_over_https_only(server: Server) -> None:
    """A page answers behind the HTTPS proxy, with HSTS; plain HTTP is redirected to HTTPS."""
    page = server.get("/territoires/")
    assert page.status == 200
    assert "Territoires" in page.body.decode()
    assert page.header("Strict-Transport-Security").startswith("max-age=31536000")
    plain = server.get("/territoires/", https=False)
    assert plain.status == 301
    assert plain.header("Location") == "https://maillage.example/territoires/"


def test_static_files_are_hashed_compressed_and_cached_for_a_year(server: Server) -> None:
    """Pages link the hashed stylesheet; it is served gzipped to who accepts it, cacheable for ever."""
    page = server.get("/territoires/").body.decode()
    match = re.search(r'href="(/static/css/maillage\.[0-9a-f]{12}\.css)"', page)
    assert match, "the page does not link the hashed stylesheet"
    url = match.group(1)
    collected = (server.static_root / Path(url).relative_to("/static")).read_bytes()

    compressed = server.get(url, {"Accept-Encoding": "gzip"})
    assert compressed.status == 200
    assert compressed.header("Content-Encoding") == "gzip"
    assert gzip.decompress(compressed.body) == collected
    cache_control = compressed.header("Cache-Control")
    assert "immutable" in cache_control
    assert int(re.search(r"max-age=(\d+)", cache_control).group(1)) >= 365 * 24 * 3600  # type: ignore[union-attr]

    plain = server.get(url)
    assert plain.header("Content-Encoding") == ""
    assert plain.body == collected


def test_unknown_addresses_get_the_sites_own_french_404(server: Server) -> None:
    """A missing page is the site's French page with its navigation, never Django's debug page."""
    reply = server.get("/cette-page-n-existe-pas/")
    assert reply.status == 404
    text = reply.body.decode()
    assert '<html lang="fr">' in text
    assert "Page introuvable" in text
    assert 'href="/structures/"' in text
    assert "URLconf" not in text
    assert "DEBUG" not in text
