"""Widgets may be framed by any site and set no cookie; every other page refuses to be framed.

The paths come from the URL resolver, as in the robustness sweep: a new page is checked without anyone
listing it.
"""

from __future__ import annotations

import pytest
from django.test import Client

from tests.accounts.factories import UserFactory
from tests.portals.factories import make_portal
from tests.robustness.conftest import Objects
from tests.robustness.test_get_sweep import concrete_paths

pytestmark = pytest.mark.django_db


def _embed_paths(objects: Objects, token: str) -> list[str]:
    paths = [p for p in concrete_paths(objects) if p.startswith("/embed/")]
    return [
        *paths,
        "/embed",
        f"/embed/reseau/{objects.network.slug}/",
        f"/embed/structures/?preset={token}&couleur=vert&compact=oui",
        "/embed/structures/?couleur=fuchsia",
        "/embed/structures/?taille=%C2%B2",
        "/embed/carte/?territoire=DEP-42",
        "/embed/territoire/INCONNU/",
        "/embed/ouvrir/structures/?vers=/structures/",
        "/embed/ouvrir/structures/?vers=//ailleurs.example/",
        "/embed/n-existe-pas/",
    ]


def test_every_embed_response_may_be_framed_anywhere_and_sets_no_cookie(objects: Objects) -> None:
    """Anonymous or logged in, whatever the answer (200, 301, 302, 400, 404): frame-ancestors *, no cookie."""
    portal = make_portal(network=objects.network)
    logged_in = Client()
    logged_in.force_login(UserFactory.create())
    statuses = set()
    for client in (Client(), logged_in):
        for path in _embed_paths(objects, portal.embed_token):
            response = client.get(path)
            statuses.add(response.status_code)
            policy = response.headers.get("Content-Security-Policy", "")
            assert "frame-ancestors *" in policy, path
            assert "'none'" not in policy.split("frame-ancestors", 1)[1].split(";")[0], path
            assert "X-Frame-Options" not in response.headers, path
            assert not response.cookies, (path, response.cookies)
            assert "Set-Cookie" not in response.headers, path
    assert {200, 301, 302, 400, 404} <= statuses


def test_embed_pages_set_no_csrf_cookie_even_with_a_session_and_a_message(objects: Objects) -> None:
    """A session touched elsewhere never comes back as a cookie from a widget."""
    client = Client()
    client.force_login(UserFactory.create())
    client.get("/compte/")  # a page that reads the session and may set the CSRF cookie
    response = client.get("/embed/structures/")
    assert response.status_code == 200
    assert not response.cookies


def test_every_other_page_refuses_to_be_framed(objects: Objects) -> None:
    """Outside /embed/, every page the resolver knows says frame-ancestors 'none' and X-Frame-Options DENY."""
    make_portal(slug=objects.structure.slug, network=objects.network)
    others = [p for p in concrete_paths(objects) if not p.startswith("/embed/") and not p.endswith(".pdf")]
    others += ["/embedded/", "/static/css/embed.css", "/api/v1/structures"]
    assert f"/portail/{objects.structure.slug}/" in others
    for path in others:
        # HEAD for static files: the headers without opening the file (closing a response would end the
        # request, and Django would close the test's database connection with it).
        response = Client().head(path) if path.startswith("/static/") else Client().get(path)
        policy = response.headers.get("Content-Security-Policy", "")
        assert "frame-ancestors 'none'" in policy, (path, response.status_code)
        if not path.startswith("/static/"):
            # Static files answer before the clickjacking middleware; their policy still forbids framing.
            assert response.headers.get("X-Frame-Options") == "DENY", (path, response.status_code)
