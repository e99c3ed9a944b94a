"""Persona (b), issue 12: the site's team names a Loire coordinator by e-mail address; she receives the
role mail, logs in, sees what waits for her, moderates a claim with its context, corrects and accepts a
change, and the author's mail says what changed. Every page passes axe at 1366 px and fits a 390 px phone.
"""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from maillage.contributions.enums import RequestKind
from maillage.contributions.models import ChangeRequest
from maillage.contributions.submissions import claim_request_create
from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership, TerritoryCoordinator
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure
from tests.accounts.factories import PASSWORD, UserFactory
from tests.structures.factories import StructureFactory

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")

PHONE: ViewportSize = {"width": 390, "height": 844}
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
PASSWORD_LABEL = re.compile(r"^Mot de passe\W*$")


def log_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")


def check_both_widths(page: Page, axe_check: AxeCheck) -> None:
    """Audit the page on a desktop, then on a phone, where it must not scroll sideways."""
    axe_check()
    page.set_viewport_size(PHONE)
    width = int(page.evaluate("document.documentElement.scrollWidth"))
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a phone"
    axe_check()
    page.set_viewport_size(DESKTOP)


def test_a_coordinator_is_named_then_moderates_with_context(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    base = live_server.url
    page.set_viewport_size(DESKTOP)
    ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED, finished_at=timezone.now())
    structure = StructureFactory.create(
        with_siret=True,
        name="Compagnie du Chaudron",
        source=DataSource.SIRENE,
        commune_id="COM-42218",
        description="Compagnie de théâtre.",
    )
    twin = StructureFactory.create(name="Compagnie du chaudron", commune_id="COM-42218")
    sam = UserFactory.create(email="sam@chaudron.example", display_name="Sam Chaudron")
    author = UserFactory.create(email="lou@public.example", display_name="Lou Passant")
    claim_request_create(author=sam, structure=structure, message="Je préside l'association.")
    ChangeRequest.objects.create(
        kind=RequestKind.EDIT,
        structure=structure,
        author=author,
        proposed={"website": "http://chaudron.example"},
    )
    UserFactory.create(email="equipe@maillage.example", is_staff=True, display_name="Équipe")
    claire = UserFactory.create(email="claire@cress.example", display_name="Claire Loire")
    mail.outbox.clear()

    # The site's team names Claire by her address, on the site, not by an account number.
    log_in(page, base, "equipe@maillage.example")
    page.get_by_role("link", name="Nommer des coordinateurs").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinations des réseaux et des territoires")
    check_both_widths(page, axe_check)
    page.get_by_label("Adresse électronique de la personne").fill("claire@cress.example")
    page.get_by_label("Ou territoire").fill("Loire")
    page.get_by_role("button", name="Nommer").click()
    expect(page.get_by_role("status")).to_contain_text(
        "claire@cress.example coordonne désormais ce périmètre"
    )
    expect(page.get_by_role("table", name="Qui coordonne quel territoire")).to_contain_text(
        "claire@cress.example"
    )
    check_both_widths(page, axe_check)
    assert TerritoryCoordinator.objects.filter(user=claire, territory_id="DEP-42").exists()
    page.get_by_role("button", name="Se déconnecter").click()

    # The role mail says what the role allows, advises the second factor and where to start.
    [role_mail] = [m for m in mail.outbox if m.to == ["claire@cress.example"]]
    assert role_mail.subject == "[maillage] Votre rôle : coordination territoriale de la Loire"
    body = str(role_mail.body)
    assert "examiner les demandes" in body
    assert "activez la double authentification" in body
    assert f"{base}/contribuer/moderation/" in body
    assert f"{base}/entretien/a-confirmer/" in body

    # She logs in: the header and "Mon espace" say two requests wait for her.
    log_in(page, base, "claire@cress.example")
    expect(page.get_by_role("link", name=re.compile(r"^Modération 2"))).to_be_visible()
    expect(page.get_by_role("link", name="2\u00a0demandes à examiner", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name=re.compile(r"fiches? à confirmer"))).to_be_visible()
    expect(page.get_by_role("link", name="Doublons présumés")).to_be_visible()
    check_both_widths(page, axe_check)

    # The claim's card tells who Sam is to the structure, who manages it, SIRENE and a look-alike.
    page.get_by_role("link", name=re.compile(r"^Modération 2")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demandes à examiner")
    claim = page.locator(".contrib-queue > li").filter(has_text="Revendication")
    expect(claim).to_contain_text("L'auteur n'a encore aucun rôle dans cette structure.")
    expect(claim).to_contain_text("Aucun gestionnaire pour l'instant")
    expect(claim).to_contain_text(f"SIRET {structure.siret} présent dans le stock SIRENE importé le")
    context = claim.get_by_role("region", name=re.compile("^Contexte de la demande"))
    expect(context.get_by_role("link", name="Compagnie du chaudron")).to_have_attribute(
        "href", f"/structures/{twin.slug}/"
    )
    check_both_widths(page, axe_check)
    claim.get_by_role("button", name="Accepter").click()
    expect(page.get_by_role("status")).to_contain_text("La demande est acceptée")
    assert StructureMembership.objects.get(user=sam, structure=structure).role == MemberRole.MANAGER

    # She corrects the proposed address of the website, then accepts it.
    page.locator(".contrib-queue > li").first.get_by_role("link", name="Corriger puis accepter").click()
    expect(page.get_by_label("Site web")).to_have_value("http://chaudron.example")
    check_both_widths(page, axe_check)
    page.get_by_label("Site web").fill("https://chaudron.example")
    mail.outbox.clear()
    page.get_by_role("button", name="Accepter cette version").click()
    expect(page.get_by_text("Aucune demande n'attend votre décision.")).to_be_visible()
    check_both_widths(page, axe_check)
    assert Structure.objects.get(pk=structure.pk).website == "https://chaudron.example"

    # The author's mail says what the change became, against what was proposed.
    [decision] = [m for m in mail.outbox if m.to == ["lou@public.example"]]
    assert "acceptée avec des corrections" in decision.subject
    assert (
        "Site web : « https://chaudron.example » (vous aviez proposé : « http://chaudron.example »)"
        in str(decision.body)
    )

    # Her space, the records to confirm and the duplicates fit a phone too.
    for path in ("/compte/", "/entretien/a-confirmer/", "/entretien/doublons/"):
        page.goto(f"{base}{path}")
        check_both_widths(page, axe_check)
