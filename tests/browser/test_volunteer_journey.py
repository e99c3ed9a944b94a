"""Persona (a) on a 390 px phone: a volunteer signs up from a claim, confirms, comes back to the claim with
her message, claims a record without SIRET found by its name, sees it pending, is accepted, and invites a
colleague who signs up and lands in the team. Every page fits the screen and passes axe."""

import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, Request, Route, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from maillage.contributions.decisions import change_request_accept
from maillage.contributions.enums import RequestKind
from maillage.contributions.models import ChangeRequest
from maillage.memberships.enums import MemberRole
from maillage.memberships.models import StructureMembership
from tests.accounts.factories import PASSWORD, TerritoryCoordinatorFactory, UserFactory
from tests.browser.axe import check_accessibility
from tests.browser.conftest import LOCAL_HOSTS
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")

PHONE: ViewportSize = {"width": 390, "height": 844}
PASSWORD_LABEL = re.compile(r"^Mot de passe\W*$")
MESSAGE = "Je suis bénévole à La Fabrique, chargée de la communication."
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .slice(0, 5)
  .map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""


def fits(page: Page) -> None:
    """Check the page neither scrolls sideways on the phone nor fails axe."""
    page.wait_for_load_state()
    width = int(page.evaluate("document.documentElement.scrollWidth"))
    assert width <= PHONE["width"], f"{page.url} is {width} px wide: {page.evaluate(OVERFLOWING)}"
    check_accessibility(page)


def mailed_link(pattern: str) -> str:
    """Return the last link of the outbox matching a path pattern."""
    for message in reversed(mail.outbox):
        found = re.search(rf"https?://\S+{pattern}\S+/", str(message.body))
        if found:
            return found.group(0)
    raise AssertionError(f"no mail holds a link to {pattern}")


def sign_up(page: Page, email: str, name: str) -> None:
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Nom affiché (facultatif)").fill(name)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("Mot de passe, une seconde fois").fill(PASSWORD)
    page.get_by_label("J'ai lu la notice sur les données personnelles").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre messagerie")


@pytest.fixture
def colleague_page(browser: Browser) -> Iterator[Page]:
    """Open a second phone (the colleague's), which can only reach this machine."""
    context = browser.new_context(
        locale="fr-FR", timezone_id="Europe/Paris", service_workers="block", viewport=PHONE
    )
    context.set_default_timeout(10_000)

    def local_only(route: Route, request: Request) -> None:
        if urlsplit(request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    context.route("**/*", local_only)
    errors: list[str] = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == []


def test_a_volunteer_claims_her_structure_and_brings_a_colleague(
    live_server: LiveServer, page: Page, colleague_page: Page, axe_check: Callable[..., list[dict[str, Any]]]
) -> None:
    fabrique = StructureFactory.create(
        name="La Fabrique", commune_id="COM-42218", siret="", siren="", description="Lieu de création."
    )
    coordinator = UserFactory.create(email="claire@cress.example", display_name="Claire Loire")
    TerritoryCoordinatorFactory.create(user=coordinator, territory_id="DEP-42")
    StructureFactory.create(name="Culture et Coopération", kind="network")
    mail.outbox.clear()
    page.set_viewport_size(PHONE)
    site = live_server.url

    # She finds her structure by its name, typed without capitals.
    page.goto(f"{site}/contribuer/")
    fits(page)
    page.get_by_label("Nom de la structure").fill("la fabrique")
    page.get_by_role("button", name="Chercher par le nom").click()
    expect(page.get_by_role("heading", name=re.compile("Structures trouvées"))).to_be_visible()
    fits(page)
    page.get_by_role("link", name=re.compile("C'est la mienne : la revendiquer")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Revendiquer « La Fabrique »")
    fits(page)

    # Not signed in: she types her message, then creates an account; the message waits for her.
    page.get_by_label("Message aux personnes qui examineront la demande (facultatif)").fill(MESSAGE)
    page.get_by_role("button", name="Créer un compte pour revendiquer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    fits(page)
    sign_up(page, "lea@fabrique.example", "Léa Fabrique")
    fits(page)
    page.goto(mailed_link("/compte/confirmer/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Revendiquer « La Fabrique »")
    expect(page.get_by_label("Message aux personnes qui examineront la demande (facultatif)")).to_have_value(
        MESSAGE
    )
    fits(page)
    page.get_by_role("button", name="Revendiquer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Revendication n°")
    fits(page)
    claim = ChangeRequest.objects.get(kind=RequestKind.CLAIM, structure=fabrique)
    assert claim.message == MESSAGE

    # "Mon espace" shows the claim pending, and who examines it.
    page.goto(f"{site}/compte/")
    pending = page.get_by_role("table", name=re.compile("Ce que vous avez demandé"))
    expect(pending).to_contain_text("La Fabrique")
    fits(page)

    # The Loire's coordinator accepts; she now manages the record, completes it and invites a colleague.
    change_request_accept(request=claim, moderator=coordinator)
    page.goto(f"{site}/contribuer/structures/{fabrique.slug}/modifier/")
    fits(page)
    page.goto(f"{site}/contribuer/structures/{fabrique.slug}/relations-et-chiffres/")
    fits(page)
    page.get_by_label(re.compile(r"^Type de relation")).select_option("member_of")
    page.get_by_label(re.compile(r"^Structure liée")).fill("culture et cooperation")
    page.get_by_role("button", name="Ajouter la relation").click()
    expect(page.get_by_role("status")).to_contain_text("L'adhésion est déclarée")
    page.get_by_label(re.compile(r"^Année")).fill("2025")
    page.get_by_label(re.compile(r"^Valeur")).fill("45 000 €")
    page.get_by_role("button", name="Enregistrer le chiffre").click()
    expect(page.get_by_role("table", name=re.compile("Chiffres clés"))).to_contain_text("45")
    fits(page)
    page.goto(f"{site}/contribuer/structures/{fabrique.slug}/membres/")
    expect(page.get_by_role("heading", name="Inviter une personne")).to_be_visible()
    fits(page)
    page.get_by_label("Adresse électronique de la personne").fill("noe@fabrique.example")
    page.get_by_role("button", name="Envoyer l'invitation").click()
    expect(page.get_by_role("status")).to_contain_text("noe@fabrique.example")
    fits(page)

    # The colleague has no account: from the mailed link she signs up, confirms, and is in the team.
    colleague = colleague_page
    colleague.goto(mailed_link("/contribuer/invitations/"))
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Rejoindre « La Fabrique »")
    fits(colleague)
    colleague.get_by_role("link", name="créer un compte").click()
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    sign_up(colleague, "noe@fabrique.example", "Noé Fabrique")
    colleague.goto(mailed_link("/compte/confirmer/"))
    expect(colleague.get_by_role("status")).to_contain_text(
        "Vous faites maintenant partie de « La Fabrique »"
    )
    expect(colleague.get_by_role("table", name=re.compile(r"^\d+ membres?$"))).to_contain_text("Noé Fabrique")
    fits(colleague)
    roles = dict(StructureMembership.objects.filter(structure=fabrique).values_list("user__email", "role"))
    assert roles == {"lea@fabrique.example": MemberRole.MANAGER, "noe@fabrique.example": MemberRole.MEMBER}


def test_a_look_alike_stops_a_creation_until_she_says_it_is_another_structure(
    live_server: LiveServer, page: Page
) -> None:
    """The error summary takes the focus and names the look-alike; the box ticked, the proposal goes."""
    from tests.structures.factories import fake_siret  # noqa: PLC0415

    StructureFactory.create(name="La Fabrique", commune_id="COM-42218", siret="", siren="")
    volunteer = UserFactory.create(email="lea@fabrique.example")
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/compte/connexion/")
    page.get_by_label("Adresse électronique").fill(volunteer.email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    # Signed in before going on: a goto at once could cancel the login's post.
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    page.goto(f"{live_server.url}/contribuer/?siret={fake_siret()}")
    expect(page.get_by_role("heading", name="Proposer une nouvelle structure")).to_be_visible()
    fits(page)
    page.get_by_label(re.compile(r"^Nom\W*$")).fill("La fabrique")
    # With JavaScript, the postal code names its commune and the commune is suggested as she types.
    page.get_by_label("Code postal").fill("42000")
    expect(page.locator("#commune-from-postal-code")).to_contain_text("Saint-Étienne (42000)")
    page.get_by_label(re.compile(r"^Commune\W*$")).fill("saint eti")
    expect(page.locator("#commune-options option").first).to_have_attribute("value", "Saint-Étienne (42000)")
    page.get_by_label(re.compile(r"^Commune\W*$")).fill("Saint-Étienne (42000)")
    page.get_by_role("button", name="Proposer cette structure").click()
    expect(
        page.get_by_role("heading", name="Cette structure figure peut-être déjà dans l'annuaire")
    ).to_be_visible()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    fits(page)
    page.get_by_label(re.compile("Ce n'est pas la même structure")).check()
    page.get_by_role("button", name="Proposer cette structure").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Création n°")
    fits(page)
