"""Published results: the threshold of answers, masked groups of the breakdowns, free texts kept out."""

import re
from collections.abc import Callable
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from maillage.accounts.models import User
from maillage.structures.models import Discipline, Structure
from maillage.surveys.models import Campaign, Response
from maillage.surveys.results import masked_groups
from maillage.surveys.selectors import results_of, territory_results
from maillage.territories.models import Territory
from tests.structures.factories import RelationFactory, StructureFactory
from tests.surveys.conftest import LYON, ROANNE, SAINT_ETIENNE
from tests.surveys.factories import CampaignFactory, ResponseFactory, answers

MakeStructure = Callable[..., Structure]


@pytest.fixture
def campaign(loire: Territory, coordinator: User) -> Campaign:
    """A closed campaign over the Loire (results are published at the closing), one free-text question."""
    return CampaignFactory.create(
        territory=loire,
        created_by=coordinator,
        closed=True,
        extra_questions=[{"id": "libre-1", "label": "Un projet à partager ?"}],
    )


def answer(campaign: Campaign, structure: Structure, **chosen: object) -> Response:
    return ResponseFactory.create(campaign=campaign, structure=structure, answers=answers(**chosen))


def results_page(client: Client, campaign: Campaign) -> str:
    response = client.get(reverse("surveys:results", kwargs={"pk": campaign.pk}))
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.mark.django_db
def test_four_answers_publish_no_figure_and_five_do(
    client: Client, campaign: Campaign, loire: Territory, make_structure: MakeStructure
) -> None:
    for _ in range(4):
        answer(campaign, make_structure(), emploi_niveau="fort")

    [results] = territory_results(loire)
    assert results.withheld
    assert results.answer_count is None
    assert results.rows == []
    assert results.breakdowns == []
    html = results_page(client, campaign)
    assert "Moins de 5 réponses : résultats non publiés." in html
    assert "<table" not in html
    assert "4 réponses" not in html
    refused = client.get(reverse("surveys:results_csv", kwargs={"pk": campaign.pk}))
    assert refused.status_code == 404
    assert "moins de 5 réponses" in unescape(refused.content.decode())

    answer(campaign, make_structure(), emploi_niveau="modere")

    [results] = territory_results(loire)
    assert not results.withheld
    assert results.answer_count == 5
    # All five expressed it: in so small a campaign, that would tell each one's answer.
    need = next(row for row in results.rows if row.key == "emploi_niveau")
    assert (need.count, need.share_display) == (None, "masqué")
    strong = next(row for row in results.rows if row.key == "emploi_niveau:fort")
    assert (strong.count, strong.share_display) == (4, "80\u202f%")
    html = results_page(client, campaign)
    assert "résultats non publiés" not in html
    assert "5 réponses" in html
    assert "<caption>Emploi et fonction employeur</caption>" in html
    csv = client.get(reverse("surveys:results_csv", kwargs={"pk": campaign.pk})).content.decode()
    assert "ensemble,Toutes les réponses,Emploi et fonction employeur,dont besoin fort,5,4,80.0" in csv


@pytest.mark.django_db
def test_territory_results_cover_the_territory_and_what_it_holds(
    campaign: Campaign, loire: Territory, make_structure: MakeStructure
) -> None:
    for _ in range(5):
        answer(campaign, make_structure(), numerique_niveau="fort")
    CampaignFactory.create(territory=loire, draft=True)
    rhone = CampaignFactory.create(territory=Territory.objects.get(pk="DEP-69"))

    assert [r.title for r in territory_results(loire)] == [campaign.title]
    saint_etienne = Territory.objects.get(pk=SAINT_ETIENNE)
    metropole = Territory.objects.get(pk="EPCI-244200770")
    assert [r.title for r in territory_results(saint_etienne)] == [campaign.title]
    assert [r.title for r in territory_results(metropole)] == [campaign.title]
    assert [r.title for r in territory_results(Territory.objects.get(pk=LYON))] == [rhone.title]
    # The région holds the Loire, not the other way round.
    assert territory_results(Territory.objects.get(pk="REG-84")) == []


@pytest.mark.django_db
def test_territory_results_stay_within_a_few_queries(
    campaign: Campaign, loire: Territory, make_structure: MakeStructure, django_assert_max_num_queries
) -> None:
    for other in range(3):
        extra = CampaignFactory.create(territory=loire, title=f"Autre enquête {other}")
        for _ in range(6):
            answer(extra, make_structure())
    with django_assert_max_num_queries(6):
        assert len(territory_results(loire)) == 4


def test_small_groups_are_masked_with_a_second_one_when_alone() -> None:
    assert masked_groups({"association": 7, "scop": 6, "scic": 2}, 5) == {"scic", "scop"}
    # Two small groups adding up to 4 still give away a figure on 4 answers: a third one goes too.
    assert masked_groups({"a": 3, "b": 1, "c": 9, "d": 8}, 5) == {"a", "b", "d"}
    # Small groups adding up to the threshold may stay the only ones masked.
    assert masked_groups({"a": 3, "b": 2, "c": 9}, 5) == {"a", "b"}
    assert masked_groups({"a": 5, "b": 5}, 5) == set()
    assert masked_groups({"a": 6, "b": 2}, 5) == {"a", "b"}


@pytest.mark.django_db
def test_breakdowns_mask_small_groups_and_one_more(
    client: Client, campaign: Campaign, make_structure: MakeStructure
) -> None:
    danse = Discipline.objects.get(slug="danse")
    musique = Discipline.objects.get(slug="musique")
    for _ in range(7):
        structure = make_structure(association=True)
        structure.disciplines.add(danse)
        answer(campaign, structure, locaux_niveau="fort")
    for _ in range(6):
        answer(campaign, make_structure(scop=True))
    for _ in range(2):
        structure = make_structure(ROANNE, ess_family="cooperative_scic")
        structure.disciplines.add(musique)
        answer(campaign, structure)

    [results] = territory_results(Territory.objects.get(pk="DEP-42"))
    families = {g.label: g.answers for g in results.breakdowns[1].groups}
    assert families == {
        "Association": 7,
        "Coopérative : SCOP": None,
        "Autres (regroupés)": None,
    }
    disciplines = {g.label: g.answers for g in results.breakdowns[0].groups}
    # Danse counts with the spectacle vivant; two in music, six without a discipline.
    assert disciplines == {
        "Spectacle vivant": 7,
        "Discipline non renseignée": None,
        "Autres (regroupés)": None,
    }
    territories = {g.label: g.answers for g in results.breakdowns[2].groups}
    assert territories == {"Saint-Étienne Métropole": None, "Autres (regroupés)": None}

    html = results_page(client, campaign)
    assert html.count("masqué (secret statistique)") == 6
    assert re.search(r'<th scope="row">Association</th>\s*<td>7</td>', html)
    csv = client.get(reverse("surveys:results_csv", kwargs={"pk": campaign.pk})).content.decode()
    assert "Par famille de l'ESS,Coopérative : SCOP,,,masqué,masqué,masqué" in csv
    assert "Par famille de l'ESS,Association,Locaux et lieux partagés,dont besoin fort,7,masqué,masqué" in csv
    assert "Coopérative : SCOP,Locaux" not in csv


@pytest.mark.django_db
def test_free_texts_reach_the_coordinator_only(
    client: Client,
    campaign: Campaign,
    coordinator: User,
    make_structure: MakeStructure,
    member_of: Callable[[Structure], User],
) -> None:
    structures = [make_structure() for _ in range(5)]
    for structure in structures:
        ResponseFactory.create(
            campaign=campaign,
            structure=structure,
            answers=answers(),
            free_text={"libre-1": f"Un studio partagé à {structure.name}"},
        )
    secret = f"Un studio partagé à {structures[0].name}"

    assert secret not in results_page(client, campaign)
    client.force_login(member_of(structures[0]))
    assert secret not in results_page(client, campaign)
    csv = client.get(reverse("surveys:results_csv", kwargs={"pk": campaign.pk})).content.decode()
    assert "studio" not in csv

    client.force_login(coordinator)
    html = results_page(client, campaign)
    assert "Réponses aux questions ouvertes" in html
    assert "Un projet à partager ?" in html
    assert secret in html
    csv = client.get(reverse("surveys:results_csv", kwargs={"pk": campaign.pk})).content.decode()
    assert "studio" not in csv


@pytest.mark.django_db
def test_results_page_stays_within_a_few_queries(
    client: Client,
    campaign: Campaign,
    coordinator: User,
    make_structure: MakeStructure,
    django_assert_max_num_queries,
) -> None:
    disciplines = list(Discipline.objects.all())
    for position in range(30):
        structure = make_structure(SAINT_ETIENNE if position % 2 else ROANNE)
        structure.disciplines.add(disciplines[position % len(disciplines)])
        answer(campaign, structure, emploi_niveau="fort")
    client.force_login(coordinator)
    with django_assert_max_num_queries(14):
        html = results_page(client, campaign)
    assert "30 réponses" in html


@pytest.mark.django_db
def test_a_network_campaign_compares_its_members_by_departement(
    client: Client, loire_rhone: None, make_structure: MakeStructure
) -> None:
    network = StructureFactory.create(network=True)
    campaign = CampaignFactory.create(network=network, closed=True)
    for commune in [SAINT_ETIENNE] * 5 + [LYON] * 5:
        member = make_structure(commune)
        RelationFactory.create(source=member, kind="member_of", target=network)
        answer(campaign, member, cooperation_niveau="fort")

    [results] = results_of([campaign])
    territories = results.breakdowns[2]
    assert territories.title == "Par département"
    assert {g.label: g.answers for g in territories.groups} == {"Loire": 5, "Rhône": 5}
    assert "Par département : part des structures" in results_page(client, campaign)
