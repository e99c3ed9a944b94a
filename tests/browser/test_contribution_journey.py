"""Someone signs up, claims a SIRENE structure by its SIRET and proposes an edit; a Loire coordinator
accepts both, sees the change on the record and in its history, and reverts it. axe checks every page."""

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, Request, Route, expect
from pytest_django.live_server_helper import LiveServer

from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure
from tests.accounts.factories import PASSWORD, TerritoryCoordinatorFactory, UserFactory
from tests.browser.axe import axe_source, check_accessibility
from tests.browser.conftest import LOCAL_HOSTS
from tests.structures.factories import StructureFactory

AxeCheck = Callable[[Page], list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")

PASSWORD_LABEL = re.compile(r"^Mot de passe\W*$")
NEW_DESCRIPTION = "Compagnie de théâtre et de marionnettes, en tournée dans la Loire."


@pytest.fixture
def audit() -> AxeCheck:
    """Audit a page with axe-core, loaded by evaluation: the site's CSP refuses it as an inline <script>."""

    def check(target: Page) -> list[dict[str, Any]]:
        if not target.evaluate("() => typeof window.axe === 'object'"):
            target.evaluate(axe_source())
        return check_accessibility(target)

    return check


@pytest.fixture
def second_page(browser: Browser) -> Iterator[Page]:
    """Open another browser context (another person), which can only reach this machine."""
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris", service_workers="block")
    context.set_default_timeout(10_000)
    outside: list[str] = []

    def local_only(route: Route, request: Request) -> None:
        if urlsplit(request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            outside.append(request.url)
            route.abort("blockedbyclient")

    context.route("**/*", local_only)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert outside == []
    assert errors == []


def test_claim_propose_accept_and_revert(
    live_server: LiveServer, page: Page, second_page: Page, audit: AxeCheck
) -> None:
    structure = StructureFactory.create(
        with_siret=True,
        association=True,
        name="Compagnie du Chaudron",
        source=DataSource.SIRENE,
        commune_id="COM-42218",
        street="12 rue de la Résistance",
        postal_code="42000",
        naf_code="90.01Z",
        naf_label="Arts du spectacle vivant",
        description="Compagnie de théâtre.",
    )
    coordinator = UserFactory.create(email="claire@cress.example", display_name="Claire Loire")
    TerritoryCoordinatorFactory.create(user=coordinator, territory_id="DEP-42")
    mail.outbox.clear()

    # A person signs up and confirms the address through the mailed link.
    page.goto(f"{live_server.url}/compte/inscription/")
    page.get_by_label("Adresse électronique").fill("sam@chaudron.example")
    page.get_by_label("Nom affiché (facultatif)").fill("Sam Chaudron")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("Mot de passe, une seconde fois").fill(PASSWORD)
    page.get_by_label("J'ai lu la notice sur les données personnelles").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre messagerie")
    link = re.search(r"https?://\S+/compte/confirmer/\S+/", str(mail.outbox[-1].body))
    assert link is not None
    page.goto(link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")

    # They find the structure by its SIRET, typed with spaces, and claim it.
    page.goto(f"{live_server.url}/contribuer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer ou revendiquer une structure")
    audit(page)
    siret = structure.siret
    page.get_by_label("Numéro SIRET").fill(f"{siret[:3]} {siret[3:6]} {siret[6:9]} {siret[9:]}")
    page.get_by_role("button", name="Rechercher ce SIRET").click()
    expect(page.get_by_role("heading", name="Cette structure figure dans l'annuaire")).to_be_visible()
    expect(page.get_by_text("Association déclarée")).to_be_visible()
    audit(page)
    page.get_by_label("Message aux personnes qui examineront la demande (facultatif)").fill(
        "Je préside l'association."
    )
    page.get_by_role("button", name="Revendiquer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Revendication n°")
    expect(page.get_by_role("status")).to_contain_text("Votre revendication est enregistrée")
    audit(page)

    # They propose a new description, which waits for moderation.
    page.goto(f"{live_server.url}/contribuer/structures/{structure.slug}/modifier/")
    audit(page)
    page.get_by_label("Présentation").fill(NEW_DESCRIPTION)
    page.get_by_role("button", name="Proposer ces modifications").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Modification n°")
    expect(page.get_by_role("table")).to_contain_text(NEW_DESCRIPTION)
    audit(page)
    structure.refresh_from_db()
    assert structure.description == "Compagnie de théâtre."

    # The Loire's coordinator logs in, in another browser, and accepts the claim then the change.
    coord = second_page
    coord.goto(f"{live_server.url}/compte/connexion/?next=/contribuer/moderation/")
    coord.get_by_label("Adresse électronique").fill(coordinator.email)
    coord.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    coord.get_by_role("button", name="Se connecter").click()
    expect(coord.get_by_role("heading", level=1)).to_have_text("Demandes à examiner")
    expect(coord.locator(".contrib-queue > li")).to_have_count(2)
    expect(coord.locator(".contrib-queue")).to_contain_text("Sam Chaudron")
    audit(coord)
    first = coord.locator(".contrib-queue > li").first
    expect(first).to_contain_text("Revendication")
    first.get_by_role("button", name="Accepter").click()
    expect(coord.get_by_role("status")).to_contain_text("La demande est acceptée")
    expect(coord.locator(".contrib-queue > li")).to_have_count(1)
    audit(coord)
    # The change is opened in its correction form, pre-filled with the proposal, and accepted as is.
    coord.locator(".contrib-queue > li").first.get_by_role("link", name="Corriger puis accepter").click()
    expect(coord.get_by_label("Présentation")).to_have_value(NEW_DESCRIPTION)
    audit(coord)
    coord.get_by_role("button", name="Accepter cette version").click()
    expect(coord.get_by_text("Aucune demande n'attend votre décision.")).to_be_visible()
    audit(coord)
    sam = StructureMembership.objects.get(structure=structure, user__email="sam@chaudron.example")
    assert sam.role == MemberRole.MANAGER

    # The record shows the new description; its history shows the change, which the coordinator reverts.
    coord.goto(f"{live_server.url}/structures/{structure.slug}/")
    expect(coord.get_by_text(NEW_DESCRIPTION)).to_be_visible()
    audit(coord)
    coord.goto(f"{live_server.url}/structures/{structure.slug}/historique/")
    change = coord.locator("li.revision").filter(has_text=NEW_DESCRIPTION).first
    expect(change).to_contain_text("demande n°")
    audit(coord)
    change.get_by_role("button", name=re.compile("Rétablir les valeurs d'avant")).click()
    expect(coord.get_by_role("status")).to_contain_text("est rétablie")
    audit(coord)
    assert Structure.objects.get(pk=structure.pk).description == "Compagnie de théâtre."

    # The new manager sees the members and the declared relations of the structure.
    page.goto(f"{live_server.url}/contribuer/structures/{structure.slug}/membres/")
    expect(page.get_by_role("table", name=re.compile(r"^\d+ membres?$"))).to_contain_text("Sam Chaudron")
    expect(page.get_by_role("heading", name="Inviter une personne")).to_be_visible()
    audit(page)
    page.goto(f"{live_server.url}/contribuer/structures/{structure.slug}/relations-et-chiffres/")
    expect(page.get_by_role("heading", name="Relations déclarées")).to_be_visible()
    audit(page)
