"""A visitor browses a network's portal; its owner then changes its colour and excludes a record."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.accounts.models import User
from tests.browser.test_event_journey import AxeCheck, fits_a_phone
from tests.portals.factories import make_portal, network_with_members

pytestmark = pytest.mark.usefixtures("transactional_db")
PASSWORD = "un mot de passe assez long"


def test_browse_a_portal_then_its_owner_excludes_a_member(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    network, members = network_with_members(3, name="Fédération des Scènes")
    owner = User.objects.create_user(
        email="responsable@example.org", password=PASSWORD, email_confirmed_at=timezone.now()
    )
    make_portal(
        slug="scenes", name="Portail des Scènes", network=network, owner=owner, introduction="Nos lieux."
    )

    page.goto(f"{live_server.url}/portail/scenes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Portail des Scènes")
    for member in members:
        expect(page.get_by_role("link", name=member.name, exact=True)).to_be_visible()
    axe_check()
    fits_a_phone(page)
    page.get_by_role("navigation", name="Rubriques du portail").get_by_role("link", name="Carte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Carte")
    axe_check()
    fits_a_phone(page)

    page.goto(f"{live_server.url}/compte/connexion/?next=/portail/scenes/modifier/")
    page.get_by_label("Adresse électronique").fill("responsable@example.org")
    page.get_by_label(re.compile(r"^Mot de passe\W*$")).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Modifier le portail")
    axe_check()
    page.get_by_label("Couleur (palette contrastée)").select_option("vert")
    page.get_by_label("Structures exclues : une adresse courte par ligne").fill(members[0].slug)
    page.get_by_role("button", name="Enregistrer").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Portail des Scènes")
    expect(page.get_by_role("link", name=members[0].name, exact=True)).to_have_count(0)
    expect(page.get_by_role("link", name=members[1].name, exact=True)).to_be_visible()
    assert "portal-colour-vert" in (page.locator(".portal").get_attribute("class") or "")
