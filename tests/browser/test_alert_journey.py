"""A person follows directory searches by e-mail: creates an alert, confirms it, lists hers, stops them."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, ViewportSize, expect
from pytest_django.live_server_helper import LiveServer

from maillage.alerts.digests import send_digests
from maillage.alerts.models import Alert
from maillage.alerts.services import alert_create
from tests.accounts.factories import PASSWORD, UserFactory
from tests.structures.factories import StructureFactory

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")

PHONE = ViewportSize(width=390, height=844)
# "Mot de passe :" and not a longer label.
PASSWORD_LABEL = re.compile(r"^Mot de passe\W*$")


def link_in(body: str, path: str) -> str:
    """Return the path of the first link of a mail body that starts with `path`."""
    found = re.search(rf"https?://[^/\s]+({re.escape(path)}[^\s]+)", body)
    assert found is not None, body
    return found.group(1)


def test_an_alert_is_created_confirmed_listed_then_stopped(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    """Create from the directory, confirm by mail, list in "Mes alertes", stop one, then all from a digest."""
    page.goto(f"{live_server.url}/structures/?territoire=DEP-42")
    page.get_by_role("link", name="Créer une alerte").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Créer une alerte")
    expect(page.get_by_text("territoire : Loire")).to_be_visible()
    axe_check()
    page.set_viewport_size(PHONE)
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Adresse électronique").fill("lea@example.org")
    page.get_by_label("chaque jour").check()
    page.get_by_role("button", name="Créer l'alerte").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Alerte enregistrée")
    axe_check()
    [confirmation] = mail.outbox
    page.goto(live_server.url + link_in(str(confirmation.body), "/alertes/confirmer/"))
    axe_check()
    page.get_by_role("button", name="Confirmer l'alerte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Alerte confirmée")
    axe_check()

    # She has an account with that address and a second alert made while signed in: both are hers.
    lea = UserFactory.create(email="lea@example.org")
    alert_create(
        email=lea.email, kind="structures", params={"territoire": "DEP-69"}, frequency="weekly", actor=lea
    )
    page.goto(f"{live_server.url}/compte/connexion/?next=/alertes/")
    page.get_by_label("Adresse électronique").fill(lea.email)
    page.get_by_label(PASSWORD_LABEL).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mes alertes")
    expect(page.get_by_role("link", name=re.compile("^Arrêter l'alerte"))).to_have_count(2)
    axe_check()
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("link", name=re.compile("^Arrêter l'alerte.*Rhône")).click()
    page.get_by_role("button", name="Arrêter cette alerte").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Désabonnement enregistré")
    page.goto(f"{live_server.url}/alertes/")
    expect(page.get_by_role("link", name=re.compile("^Arrêter l'alerte"))).to_have_count(1)

    # The Loire's alert still runs: its digest names the new structure and stops every alert in one click.
    Alert.objects.update(confirmed_at=Alert.objects.earliest("pk").created_at)
    StructureFactory.create(name="Fabrique de la Loire", commune_id="COM-42218")
    send_digests(frequency="daily")
    digest = mail.outbox[-1]
    assert "Fabrique de la Loire" in str(digest.body)
    page.goto(live_server.url + link_in(str(digest.body), "/alertes/desabonnement/"))
    axe_check()
    page.get_by_role("button", name="Me désabonner de toutes les alertes").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Désabonnement enregistré")
    axe_check()
    assert Alert.objects.active().count() == 0
