"""Someone signs up, follows the mailed confirmation link, lands on « Mon espace », logs out and back in."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.accounts.factories import PASSWORD

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db")

# "Mot de passe :" and not "Mot de passe, une seconde fois".
PASSWORD_LABEL = re.compile(r"^Mot de passe\W*$")


def test_sign_up_confirm_and_land_on_my_space(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    mail.outbox.clear()
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Créer un compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Créer un compte")
    axe_check()

    # A first try with a short password: the error is stated beside the field, in French.
    page.get_by_label("Adresse électronique").fill("camille@example.org")
    page.get_by_label("Nom affiché (facultatif)").fill("Camille Martin")
    page.get_by_label(PASSWORD_LABEL).fill("court")
    page.get_by_label("Mot de passe, une seconde fois").fill("court")
    page.get_by_label("J'ai lu la notice sur les données personnelles").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("alert")).to_contain_text("Ce mot de passe est trop court")
    expect(page.get_by_label(PASSWORD_LABEL)).to_have_attribute("aria-invalid", "true")
    axe_check()

    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_label("Mot de passe, une seconde fois").fill(PASSWORD)
    page.get_by_label("J'ai lu la notice sur les données personnelles").check()
    page.get_by_role("button", name="Créer mon compte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Consultez votre messagerie")
    axe_check()

    assert len(mail.outbox) == 1
    link = re.search(r"https?://\S+/compte/confirmer/\S+/", str(mail.outbox[0].body))
    assert link is not None
    page.goto(link.group(0))
    expect(page).to_have_url(f"{live_server.url}/compte/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_text("Votre adresse est confirmée")).to_be_visible()
    expect(page.get_by_text("Vous n'agissez encore pour aucune structure.")).to_be_visible()
    axe_check()

    # Log out with the header's button, then back in with the keyboard.
    page.get_by_role("button", name="Se déconnecter").click()
    expect(page.get_by_role("link", name="Se connecter")).to_be_visible()
    page.get_by_role("link", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Se connecter")
    axe_check()
    page.get_by_label("Adresse électronique").fill("Camille@Example.org")
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Mon espace")
    expect(page.get_by_role("link", name="Mon espace")).to_have_attribute("aria-current", "page")
