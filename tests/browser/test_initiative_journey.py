"""Someone searches initiatives, opens Culture et Coopération's fiche and its PDF; a PTCE manager signs."""

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.memberships.enums import MemberRole
from maillage.structures.models import Structure
from tests.accounts.factories import StructureMembershipFactory
from tests.browser.test_event_journey import AxeCheck, fits_a_phone
from tests.browser.test_survey_journey import log_in
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")


def test_search_open_a_fiche_and_its_pdf_then_sign_the_charter(
    live_server: LiveServer, page: Page, axe_check: AxeCheck, reference_data: None
) -> None:
    page.goto(f"{live_server.url}/initiatives/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Initiatives")
    axe_check()
    fits_a_phone(page)
    page.get_by_label("Typologie").select_option(label="Organisation de la coopération")
    page.get_by_label("Territoire (identifiant").fill("COM-42218")
    page.get_by_role("button", name="Filtrer").click()
    page.get_by_role("link", name="Culture et Coopération (Loire)").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Culture et Coopération (Loire)")
    expect(page.get_by_role("heading", name="Missions")).to_be_visible()
    expect(page.get_by_text("Fiche rédigée à partir d'une page publique")).to_be_visible()
    axe_check()
    fits_a_phone(page)
    pdf_link = page.get_by_role("link", name="Télécharger la fiche en PDF")
    response = page.request.get(live_server.url + (pdf_link.get_attribute("href") or ""))
    assert response.status == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.body().startswith(b"%PDF")

    ptce = Structure.objects.get(source_id="culture-et-cooperation")
    manager = StructureMembershipFactory.create(structure=ptce, role=MemberRole.MANAGER).user
    page.goto(f"{live_server.url}/ptce/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("PTCE")
    expect(page.get_by_role("row", name="Culture et Coopération Charte non signée")).to_be_visible()
    axe_check()
    page.get_by_role("link", name="Culture et Coopération", exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Culture et Coopération")
    axe_check()
    page.goto(f"{live_server.url}/compte/connexion/?next=/ptce/{ptce.slug}/")
    log_in(page, manager.email)
    page.get_by_role("button", name="Signer la version 1 de la charte").click()
    expect(page.get_by_text("Charte signée (version 1)")).to_be_visible()
    axe_check()
    fits_a_phone(page)
    page.get_by_role("link", name="Charte des PTCE").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Charte des PTCE")
    expect(page.get_by_role("link", name="Culture et Coopération")).to_be_visible()
    axe_check()

    # The manager names a partner of the fiche on its edit page.
    partner = StructureFactory.create(name="Compagnie du Vent")
    fiche = ptce.initiative_links.get().initiative
    page.goto(f"{live_server.url}/initiatives/{fiche.slug}/modifier/")
    page.get_by_label("Structure partenaire").fill(partner.slug)
    page.get_by_label("Son rôle").fill("Coproduction")
    page.get_by_role("button", name="Ajouter le partenaire").click()
    expect(page.get_by_text("Le partenaire est ajouté à la fiche.")).to_be_visible()
    expect(page.get_by_text("Compagnie du Vent — Partenaire (Coproduction)")).to_be_visible()
    axe_check()
    fits_a_phone(page)
