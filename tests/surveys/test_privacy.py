"""Published results cannot be differenced: nothing while a campaign is open, no revealing cell, no label."""

import datetime
import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from maillage.structures.models import Discipline, Structure
from maillage.surveys.models import Campaign, Response
from maillage.surveys.result_tables import Breakdown, GroupResults, NeedRow
from maillage.surveys.selectors import results_of
from maillage.territories.models import Territory
from tests.surveys.conftest import ROANNE
from tests.surveys.factories import CampaignFactory, ResponseFactory, answers

MakeStructure = Callable[..., Structure]

pytestmark = pytest.mark.django_db


def answer(campaign: Campaign, structure: Structure, **chosen: object) -> Response:
    return ResponseFactory.create(campaign=campaign, structure=structure, answers=answers(**chosen))


def published(client: Client, campaign: Campaign) -> tuple[str, str, str]:
    """Return what anyone can read of a campaign's results: its page, its CSV, the territory's dashboard."""
    page = client.get(reverse("surveys:results", kwargs={"pk": campaign.pk}))
    assert page.status_code == 200
    csv = client.get(reverse("surveys:results_csv", kwargs={"pk": campaign.pk}))
    assert csv.status_code in (200, 404)
    dashboard = client.get(f"/territoires/{campaign.territory_id}/")
    assert dashboard.status_code == 200
    section = re.search(
        r'<section class="dashboard-section" aria-labelledby="surveys-title">.*?</section>',
        dashboard.content.decode(),
        re.S,
    )
    main = re.search(r"<main.*</main>", page.content.decode(), re.S)
    assert main is not None
    return unescape(main.group(0)), csv.content.decode(), section.group(0) if section else ""


def close(campaign: Campaign) -> None:
    Campaign.objects.filter(pk=campaign.pk).update(closed_at=timezone.now())
    campaign.refresh_from_db()


def test_a_known_structure_answering_an_open_campaign_changes_nothing_published(
    client: Client, campaign: Campaign, make_structure: MakeStructure
) -> None:
    """Differencing attack: read the results, let a known structure answer, read again: nothing differs."""
    for position in range(8):
        answer(campaign, make_structure(), emploi_niveau="fort" if position % 2 else "aucun")
    before = published(client, campaign)

    target = make_structure(ROANNE, name="Compagnie observée")
    answer(campaign, target, emploi_niveau="fort", locaux_niveau="fort")
    after = published(client, campaign)

    assert after == before
    page, _, _ = after
    closes = campaign.closes_on
    assert "Résultats publiés à la clôture de l'enquête" in page
    assert "<table" not in page
    # Once the campaign is closed, the figures appear: no answer can be added any more.
    close(campaign)
    page, csv, _ = published(client, campaign)
    assert "9 réponses" in page
    assert "ensemble,Toutes les réponses,Emploi et fonction employeur,dont besoin fort,9,5," in csv
    assert closes >= timezone.localdate()


def test_a_campaign_past_its_closing_date_publishes_without_an_explicit_close(
    client: Client, loire: Territory, make_structure: MakeStructure
) -> None:
    """The closing date is enough: the day after it, results are published."""
    campaign = CampaignFactory.create(territory=loire, closed=True)
    for _ in range(6):
        answer(campaign, make_structure(), numerique_niveau="fort")
    [results] = results_of([campaign])
    assert not results.withheld
    assert results.answer_count == 6
    campaign.closes_on = timezone.localdate()
    campaign.save()
    [results] = results_of([campaign])
    assert results.withheld
    assert results.pending
    assert results.answer_count is None
    campaign.closes_on = timezone.localdate() - datetime.timedelta(days=1)


def _group(results_breakdown: Breakdown, label: str) -> GroupResults:
    return next(g for g in results_breakdown.groups if g.label == label)


def test_zero_and_hundred_percent_cells_of_small_groups_are_masked(
    client: Client, loire: Territory, make_structure: MakeStructure
) -> None:
    """In a small group, "all of them" or "none of them" tells each member's answer: such cells are masked,
    and so is a second cell of the same need, so that the overall count minus the others does not give it."""
    campaign = CampaignFactory.create(territory=loire, closed=True)
    for _ in range(7):
        answer(campaign, make_structure(association=True), locaux_niveau="fort")
    for position in range(12):
        answer(campaign, make_structure(scop=True), locaux_niveau="fort" if position < 3 else "aucun")

    [results] = results_of([campaign])
    locaux = next(row for row in results.rows if row.key == "locaux_niveau")
    assert (locaux.count, locaux.answers_total) == (10, 19)
    families = next(b for b in results.breakdowns if b.key == "famille")
    association = _group(families, "Association")
    scop = _group(families, "Coopérative : SCOP")
    assert (association.answers, scop.answers) == (7, 12)

    def need(group: GroupResults, key: str) -> NeedRow:
        return next(r for t in group.themes for r in t.rows if r.key == key)

    # 7 out of 7 associations: masked. 3 out of 12 SCOP would give it back (10 - 3): masked too.
    assert need(association, "locaux_niveau").masked
    assert need(scop, "locaux_niveau").masked
    # The 0 % of "dont besoin fort" for numérique is masked in the group of 7 associations.
    assert need(association, "numerique_niveau").masked

    page, csv, _ = published(client, campaign)
    row = re.search(r'<th scope="row">Association</th>(.*?)</tr>', page, re.S)
    assert row is not None
    assert "100\u202f%" not in row.group(1)
    assert "0\u202f%" not in row.group(1)
    assert "masqué" in row.group(1)
    assert re.search(r"Par famille de l'ESS,Association,Locaux[^,]*,[^,]*,7,masqué,masqué\r\n", csv)
    assert re.search(r"Par famille de l'ESS,Coopérative : SCOP,Locaux[^,]*,[^,]*,12,masqué,masqué\r\n", csv)


def test_a_masked_small_group_hides_its_label(
    client: Client, loire: Territory, make_structure: MakeStructure
) -> None:
    """A group of fewer than five answers is shown as "Autres (regroupés)": its name would point at them."""
    campaign = CampaignFactory.create(territory=loire, closed=True)
    musique = Discipline.objects.get(slug="musique")
    for _ in range(7):
        answer(campaign, make_structure(association=True), locaux_niveau="fort")
    for _ in range(6):
        answer(campaign, make_structure(scop=True))
    for _ in range(2):
        structure = make_structure(ROANNE, ess_family="cooperative_scic")
        structure.disciplines.add(musique)
        answer(campaign, structure)

    [results] = results_of([campaign])
    families = {g.label: g.answers for g in next(b for b in results.breakdowns if b.key == "famille").groups}
    # The SCOP (6) are masked with the small group, under their own name; the SCIC (2) lose theirs.
    assert families == {"Association": 7, "Coopérative : SCOP": None, "Autres (regroupés)": None}
    disciplines = {g.label for g in next(b for b in results.breakdowns if b.key == "discipline").groups}
    assert "Musique" not in disciplines
    territories = {g.label for g in next(b for b in results.breakdowns if b.key == "territoire").groups}
    assert "CA Roannais Agglomération" not in territories

    page, csv, section = published(client, campaign)
    for text in (page, csv, section):
        assert "Coopérative : SCIC" not in text
        assert "Musique" not in text
        assert "Roannais" not in text
        assert "Autres (regroupés)" in text
