"""A structure's quality score: what raises it, what lowers it, and how it is kept in step."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from maillage.links.models import CheckedLink, LinkStatus
from maillage.quality.models import RecordScore
from maillage.quality.selectors import record_score
from maillage.structures.enums import DataSource
from maillage.structures.models import Discipline, Structure
from maillage.structures.services import structure_create, structure_update
from maillage.territories.models import Territory
from tests.accounts.factories import UserFactory
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db


def _actions(structure: Structure) -> dict[str, str]:
    stored = record_score(structure)
    assert stored is not None
    return {f["key"]: f["action"] for f in stored.findings if f["action"]}


def _score(structure: Structure) -> int:
    stored = record_score(structure)
    assert stored is not None
    return stored.score


def test_a_new_record_is_scored_with_what_to_do_to_raise_it() -> None:
    structure = structure_create(name="Compagnie sans fiche")

    actions = _actions(structure)

    assert _score(structure) < 50
    assert actions["description"].startswith("Ajoutez une description")
    assert "SIRET" in actions["identite"]
    assert "commune" in actions["commune"]


def test_filling_a_missing_field_raises_the_score() -> None:
    person = UserFactory.create()
    structure = structure_create(name="Compagnie du Pavé")
    before = _score(structure)

    structure_update(structure=structure, actor=person, description="Théâtre de rue. " * 20)

    assert _score(structure) > before
    assert "description" not in _actions(structure)


def test_a_confirmation_by_a_person_makes_the_record_fresh() -> None:
    person = UserFactory.create()
    structure = structure_create(name="Compagnie ancienne")
    assert "fraicheur" in _actions(structure)

    structure_update(structure=structure, actor=person)  # an empty write confirms the record

    assert "fraicheur" not in _actions(structure)


def test_an_old_confirmation_earns_half_the_freshness_points() -> None:
    structure = StructureFactory.create(confirmed_at=timezone.now() - datetime.timedelta(days=500))

    call_command("quality_recompute", stdout=io.StringIO())

    stored = record_score(structure)
    assert stored is not None
    freshness = next(f for f in stored.findings if f["key"] == "fraicheur")
    assert (freshness["points"], freshness["maximum"]) == (10, 20)


def test_an_identity_from_sirene_earns_every_identity_point() -> None:
    typed = StructureFactory.create(with_siret=True)
    from_sirene = StructureFactory.create(with_siret=True, source=DataSource.SIRENE)

    call_command("quality_recompute", stdout=io.StringIO())

    assert "identite" in _actions(typed)
    assert "identite" not in _actions(from_sirene)


def test_a_broken_web_site_costs_points_and_says_so() -> None:
    structure = StructureFactory.create(website="https://compagnie.example/")
    call_command("quality_recompute", stdout=io.StringIO())
    before = _score(structure)

    CheckedLink.objects.create(url=structure.website, host="compagnie.example", status=LinkStatus.BROKEN)
    call_command("quality_recompute", stdout=io.StringIO())

    assert _score(structure) < before
    assert "ne répond plus" in _actions(structure)["liens"]


def test_disciplines_chosen_raise_the_score() -> None:
    person = UserFactory.create()
    Discipline.objects.get_or_create(slug="theatre", defaults={"name": "Théâtre"})
    structure = structure_create(name="Compagnie sans discipline")
    before = _score(structure)

    structure_update(structure=structure, actor=person, disciplines=Discipline.objects.filter(slug="theatre"))

    assert _score(structure) > before


def test_the_command_scores_every_structure() -> None:
    StructureFactory.create_batch(5)
    out = io.StringIO()

    call_command("quality_recompute", stdout=out)

    assert RecordScore.objects.filter(model="structures.structure").count() == 5
    assert "structures.structure : 5 scores recalculés." in out.getvalue()


@pytest.mark.usefixtures("loire_rhone")
def test_a_complete_record_scores_one_hundred() -> None:
    theatre, _ = Discipline.objects.get_or_create(slug="theatre", defaults={"name": "Théâtre"})
    structure = StructureFactory.create(
        with_siret=True,
        source=DataSource.SIRENE,
        description="Une compagnie de théâtre. " * 10,
        phone="04 77 00 00 00",
        commune=Territory.objects.get(id="COM-42218"),
        confirmed_at=timezone.now(),
    )
    structure.disciplines.set([theatre])

    call_command("quality_recompute", stdout=io.StringIO())

    assert _score(structure) == 100
    assert _actions(structure) == {}
