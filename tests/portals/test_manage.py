"""Opening and configuring a portal: the form, its checks, its version, and what portals hold of people."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from maillage.accounts.personal_data import SECTIONS
from maillage.portals.models import Portal
from maillage.portals.services import portal_update
from tests.accounts.factories import NetworkCoordinatorFactory, UserFactory
from tests.portals.factories import make_portal, network_with_members

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "#1d4e89").save(buffer, "PNG")
    return buffer.getvalue()


def _form(portal: Portal, **changes: Any) -> dict[str, Any]:
    return {
        "name": portal.name,
        "slug": portal.slug,
        "colour": portal.colour,
        "sections": portal.sections,
        "version": portal.version,
        **changes,
    }


def test_a_network_coordinator_opens_a_portal_and_owns_it() -> None:
    coordinator = NetworkCoordinatorFactory.create()
    network, members = network_with_members(2)
    client = Client()
    client.force_login(coordinator.user)
    response = client.post(
        "/portail/nouveau/",
        {
            "name": "Portail N",
            "slug": "portail-n",
            "colour": "violet",
            "sections": ["annuaire", "carte"],
            "network": network.slug,
            "excluded": members[0].slug,
        },
    )
    assert response.status_code == 302
    portal = Portal.objects.get(slug="portail-n")
    assert list(portal.owners.all()) == [coordinator.user]
    assert list(portal.excluded.all()) == [members[0]]
    assert portal.source_label
    assert portal.source_date
    assert portal.version == 1


def test_an_owner_changes_settings_and_the_version_moves() -> None:
    owner = UserFactory.create()
    portal = make_portal(owner=owner)
    client = Client()
    client.force_login(owner)
    response = client.post(
        f"/portail/{portal.slug}/modifier/", _form(portal, introduction="Bienvenue", colour="brun")
    )
    assert response.status_code == 302
    portal.refresh_from_db()
    assert (portal.introduction, portal.colour, portal.version) == ("Bienvenue", "brun", 2)


def test_a_stale_form_answers_409_and_writes_nothing() -> None:
    owner = UserFactory.create()
    portal = make_portal(owner=owner)
    stale = _form(portal, name="Ma version")
    portal_update(actor=owner, portal=portal, expected_version=1, name="Leur version")
    client = Client()
    client.force_login(owner)
    response = client.post(f"/portail/{portal.slug}/modifier/", stale)
    assert response.status_code == 409
    assert "Leur version" in response.content.decode()
    portal.refresh_from_db()
    assert portal.name == "Leur version"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"colour": "#ff00ff"}, "Sélectionnez un choix valide"),
        ({"sections": ["tout"]}, "Sélectionnez un choix valide"),
        ({"network": "inconnu"}, "Aucune structure publiée"),
        ({"territory": "DEP-999"}, "Territoire inconnu"),
        ({"excluded": "pas-une-structure"}, "Structure introuvable"),
        ({"custom_host": "https://exemple.fr/"}, "Nom d&#x27;hôte invalide"),
        ({"version": "²"}, "version de la fiche est illisible"),
        ({"slug": "autre-adresse"}, "ne change pas"),
    ],
)
def test_bad_settings_are_refused_in_french(changes: dict[str, Any], message: str) -> None:
    owner = UserFactory.create()
    portal = make_portal(owner=owner)
    client = Client()
    client.force_login(owner)
    response = client.post(f"/portail/{portal.slug}/modifier/", _form(portal, **changes))
    assert response.status_code == 400
    assert message in response.content.decode()


def test_a_logo_is_checked_then_served_as_a_picture() -> None:
    owner = UserFactory.create()
    portal = make_portal(owner=owner)
    client = Client()
    client.force_login(owner)
    svg = SimpleUploadedFile("logo.svg", b"<svg onload='x'></svg>", content_type="image/svg+xml")
    response = client.post(f"/portail/{portal.slug}/modifier/", {**_form(portal), "logo": svg})
    assert response.status_code == 400
    assert "SVG sont refusées" in response.content.decode()
    png = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    assert client.post(f"/portail/{portal.slug}/modifier/", {**_form(portal), "logo": png}).status_code == 302
    logo = Client().get(f"/portail/{portal.slug}/logo/")
    assert logo["Content-Type"] == "image/png"
    assert logo["X-Content-Type-Options"] == "nosniff"
    assert b"".join(logo.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]


def test_portal_owners_are_personal_data_exported_and_erased() -> None:
    owner = UserFactory.create()
    portal = make_portal(owner=owner, name="Portail de test")
    section = SECTIONS["portals"]
    assert section.export(owner) == [{"portail": "Portail de test", "adresse": f"/portail/{portal.slug}/"}]
    section.erase(owner)
    assert not portal.owners.exists()
    assert Portal.objects.filter(pk=portal.pk).exists()
