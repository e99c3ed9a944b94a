"""GET /api/v1/enquetes and their results: as secret as the public page, never a free text."""

from typing import Any

import pytest
from django.test import Client

from maillage.structures.models import Structure
from maillage.surveys.models import Campaign
from maillage.territories.models import Territory
from tests.structures.factories import StructureFactory
from tests.surveys.factories import CampaignFactory, ResponseFactory, answers

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(loire_rhone: None) -> Campaign:
    return CampaignFactory.create(
        territory=Territory.objects.get(pk="DEP-42"),
        closed=True,
        extra_questions=[{"id": "libre-1", "label": "Un projet à partager ?"}],
    )


def _answer(campaign: Campaign, **chosen: Any) -> None:
    structure: Structure = StructureFactory.create(commune_id="COM-42218")
    given = answers(**chosen) | {"libre-1": "Un secret de la compagnie"}
    ResponseFactory.create(campaign=campaign, structure=structure, answers=given)


def test_under_the_threshold_nothing_is_published(client: Client, closed: Campaign) -> None:
    for _ in range(4):
        _answer(closed, emploi_niveau="fort")

    body = client.get(f"/api/v1/enquetes/{closed.pk}/resultats").json()

    assert body["publie"] is False
    assert body["reponses"] is None
    assert body["themes"] == []
    assert body["repartitions"] == []
    assert "Moins de 5 réponses" in body["motif"]


def test_published_results_keep_the_page_s_masks_and_no_free_text(client: Client, closed: Campaign) -> None:
    for _ in range(4):
        _answer(closed, emploi_niveau="fort")
    _answer(closed, emploi_niveau="modere")

    response = client.get(f"/api/v1/enquetes/{closed.pk}/resultats")

    body = response.json()
    rows = {r["cle"]: r for t in body["themes"] for r in t["lignes"]}
    assert body["publie"] is True
    assert body["reponses"] == 5
    assert rows["emploi_niveau"]["nombre"] is None  # all five: it would tell each one's answer
    assert rows["emploi_niveau:fort"]["nombre"] == 4
    assert "Un secret de la compagnie" not in response.content.decode()


def test_an_open_campaign_publishes_nothing_before_its_closing(client: Client, loire_rhone: None) -> None:
    campaign = CampaignFactory.create(territory=Territory.objects.get(pk="DEP-42"))
    for _ in range(6):
        _answer(campaign, emploi_niveau="fort")

    body = client.get(f"/api/v1/enquetes/{campaign.pk}/resultats").json()

    assert body["publie"] is False
    assert "clôture" in body["motif"]


def test_drafts_are_neither_listed_nor_answered(client: Client, loire_rhone: None) -> None:
    draft = CampaignFactory.create(territory=Territory.objects.get(pk="DEP-42"), draft=True)
    shown = CampaignFactory.create(territory=Territory.objects.get(pk="DEP-42"))

    listed = [c["id"] for c in client.get("/api/v1/enquetes").json()["items"]]

    assert listed == [shown.pk]
    assert client.get(f"/api/v1/enquetes/{draft.pk}/resultats").status_code == 404
    assert client.get("/api/v1/enquetes/12a/resultats").status_code == 404
