"""/structures/<slug>/dispositifs/ explains each scheme criterion by criterion, and asks what it lacks."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client
from django.utils import timezone

from maillage.structures.enums import DatePrecision, HeadcountBand
from maillage.structures.models import Structure
from maillage.territories.models import Territory
from tests.accounts.factories import StructureMembershipFactory, TerritoryCoordinatorFactory, UserFactory
from tests.schemes.factories import make_scheme
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.usefixtures("loire_rhone")


def months_ago(months: int) -> datetime.date:
    today = timezone.localdate()
    total = today.year * 12 + today.month - 1 - months
    return datetime.date(total // 12, total % 12 + 1, 1)


def text_of(html: str) -> str:
    """Return the page's text as a reader sees it: tags dropped, spaces collapsed."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).replace(" ,", ",")


@pytest.fixture
def structure() -> Structure:
    return StructureFactory.create(
        name="Compagnie du Fil",
        association=True,
        commune=Territory.objects.get(pk="COM-42218"),
        founded_on=months_ago(18),
        founded_on_precision=DatePrecision.MONTH,
        headcount_band=HeadcountBand.B3_5,
        field_sources={"_": {"kind": "import", "source": "sirene", "run": 1, "at": "2026-11-20"}},
    )


@pytest.fixture
def member(client: Client, structure: Structure) -> Client:
    client.force_login(StructureMembershipFactory.create(structure=structure).user)
    return client


def page(client: Client, structure: Structure) -> str:
    response = client.get(f"/structures/{structure.slug}/dispositifs/")
    assert response.status_code == 200
    return text_of(response.content.decode())


def test_an_eighteen_months_old_structure_is_told_when_a_24_months_scheme_opens_to_it(
    member: Client, structure: Structure
) -> None:
    make_scheme(title="Consolidation", min_years=2)

    text = page(member, structure)

    created = months_ago(18).strftime("%Y-%m")
    assert (
        f"Ancienneté : 18 mois (SIRENE, création {created}) — le dispositif demande 2 ans : "
        "éligible dans 6 mois" in text
    )
    assert "Presque : un critère manque (1)" in text
    assert "Pourrait convenir dans 6 mois." in text


def test_an_unknown_headcount_becomes_a_question_whose_answer_updates_the_record(
    member: Client, structure: Structure
) -> None:
    Structure.objects.filter(pk=structure.pk).update(headcount_band=HeadcountBand.UNKNOWN)
    make_scheme(title="Emploi partagé", headcount_min=1, headcount_max=49)

    text = page(member, structure)

    assert "Critères remplis, d'autres à préciser (1)" in text
    assert (
        "Inconnu — Effectif salarié : non renseigné — le dispositif demande au moins 1 salarié "
        "et au plus 49 salariés" in text
    )
    assert "Combien de salariés la structure emploie-t-elle ?" in text

    response = member.post(
        f"/structures/{structure.slug}/dispositifs/",
        {"champ": "headcount_band", "valeur": HeadcountBand.B6_9, "version": structure.version},
    )

    assert response.status_code == 302
    structure.refresh_from_db()
    assert structure.headcount_band == HeadcountBand.B6_9
    assert structure.field_sources["headcount_band"]["kind"] == "person"
    text = page(member, structure)
    assert "Tous les critères sont remplis (1)" in text
    assert "Combien de salariés" not in text


def test_a_near_miss_says_what_is_short(member: Client, structure: Structure) -> None:
    make_scheme(title="Structurer l'emploi", headcount_min=10)
    make_scheme(title="Deux critères manquent", headcount_min=10, min_years=5)

    text = page(member, structure)

    assert "Presque : un critère manque (1)" in text
    assert (
        "Non rempli — Effectif salarié : 3 à 5 salariés (SIRENE) — le dispositif demande au moins 10 salariés"
        in text
    )
    assert "Pourrait convenir à partir de 10 salariés." in text
    assert "Deux critères manquent" not in text


def test_a_stale_answer_is_refused_with_409(member: Client, structure: Structure) -> None:
    make_scheme(title="Emploi", headcount_min=1)
    Structure.objects.filter(pk=structure.pk).update(headcount_band=HeadcountBand.UNKNOWN, version=5)

    response = member.post(
        f"/structures/{structure.slug}/dispositifs/",
        {"champ": "headcount_band", "valeur": "01", "version": "1"},
    )

    assert response.status_code == 409
    assert "La fiche a changé entre-temps" in response.content.decode()


def test_a_need_declared_in_a_survey_raises_the_schemes_answering_it(
    member: Client, structure: Structure
) -> None:
    from maillage.surveys.models import Campaign, Response  # noqa: PLC0415
    from tests.surveys.factories import CampaignFactory  # noqa: PLC0415

    make_scheme(title="Aaa sans besoin")
    make_scheme(title="Zzz formation", needs=["formation"])
    campaign: Campaign = CampaignFactory.create(territory_id="DEP-42")
    Response.objects.create(campaign=campaign, structure=structure, answers={"formation_niveau": "fort"})

    text = page(member, structure)

    assert "Répond à un besoin déclaré : Formation et compétences" in text
    assert text.index("Zzz formation") < text.index("Aaa sans besoin")


def test_only_members_and_coordinators_see_the_page(client: Client, structure: Structure) -> None:
    client.force_login(UserFactory.create())
    assert client.get(f"/structures/{structure.slug}/dispositifs/").status_code == 404

    client.force_login(TerritoryCoordinatorFactory.create(territory_id="DEP-42").user)
    assert client.get(f"/structures/{structure.slug}/dispositifs/").status_code == 200


def test_the_page_reads_a_bounded_number_of_queries(
    member: Client, structure: Structure, django_assert_max_num_queries
) -> None:
    for n in range(15):
        make_scheme(title=f"Dispositif {n}", min_years=1, headcount_min=1)

    with django_assert_max_num_queries(25):
        page(member, structure)
