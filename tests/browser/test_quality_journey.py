"""A member sees what raises the record's score, fills the description, and the score rises; a coordinator
reads the mean of the network."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from pytest_django.live_server_helper import LiveServer

from maillage.quality.services import score_refresh_model
from maillage.structures.enums import RelationKind, StructureKind
from tests.accounts.factories import NetworkCoordinatorFactory, StructureMembershipFactory
from tests.browser.test_survey_journey import log_in
from tests.structures.factories import RelationFactory, StructureFactory

AxeCheck = Callable[..., list[dict[str, Any]]]

pytestmark = pytest.mark.usefixtures("transactional_db", "loire_rhone")


def test_a_member_raises_the_score_and_a_coordinator_reads_the_mean(
    live_server: LiveServer, page: Page, axe_check: AxeCheck
) -> None:
    network = StructureFactory.create(name="Réseau des lieux", kind=StructureKind.NETWORK)
    structure = StructureFactory.create(name="Compagnie du Pavé", description="", commune_id="COM-42218")
    RelationFactory.create(source=structure, target=network, kind=RelationKind.MEMBER_OF)
    score_refresh_model(label="structures.structure")
    member = StructureMembershipFactory.create(structure=structure).user

    page.goto(f"{live_server.url}/contribuer/structures/{structure.slug}/modifier/")
    log_in(page, member.email)
    expect(page.get_by_label(re.compile("^Présentation"))).to_be_visible()
    page.goto(f"{live_server.url}/structures/{structure.slug}/")
    heading = page.get_by_role("heading", name=re.compile("^Qualité de la fiche"))
    expect(heading).to_be_visible()
    before = int(re.search(r"(\d+) sur 100", heading.inner_text()).group(1))  # type: ignore[union-attr]
    expect(page.get_by_text("Ajoutez une description")).to_be_visible()
    axe_check()

    page.get_by_role("link", name="Compléter la fiche").click()
    page.get_by_label(re.compile("^Présentation")).fill("Une compagnie de théâtre de rue. " * 10)
    page.get_by_role("button", name=re.compile("Enregistrer")).click()
    # The save answered before going back to the fiche: a goto at once could cancel the post.
    expect(page.get_by_text("La fiche est modifiée.")).to_be_visible()
    page.goto(f"{live_server.url}/structures/{structure.slug}/")

    after = int(re.search(r"(\d+) sur 100", heading.inner_text()).group(1))  # type: ignore[union-attr]
    assert after > before
    expect(page.get_by_text("Ajoutez une description")).to_have_count(0)

    coordinator = NetworkCoordinatorFactory.create(network=network).user
    page.context.clear_cookies()
    page.goto(f"{live_server.url}/qualite/")
    log_in(page, coordinator.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Qualité des fiches de mes coordinations")
    expect(page.get_by_role("row", name=re.compile("Réseau des lieux"))).to_contain_text("sur 100")
    axe_check()
