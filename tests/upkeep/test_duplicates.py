"""Suspected duplicates: same SIREN or alike names within one commune, never across communes."""

from html import unescape

import pytest
from django.test import Client

from maillage.accounts.models import User
from maillage.structures.duplicates import duplicate_pairs, name_similarity
from maillage.structures.models import Structure
from maillage.territories.models import Territory
from tests.structures.factories import StructureFactory, fake_siret


@pytest.fixture
def saint_chamond(loire_rhone: None) -> Territory:
    return Territory.objects.get(id="COM-42207")


WORDS = [
    "Arlequin",
    "Bacchanale",
    "Cabaret",
    "Diapason",
    "Escale",
    "Fanfare",
    "Gramophone",
    "Harmonie",
    "Indigo",
    "Jongleurs",
    "Kaléidoscope",
    "Lanterne",
    "Marionnette",
    "Nocturne",
    "Odyssée",
]


def pairs_of(structures: list[Structure]) -> set[frozenset[str]]:
    found = duplicate_pairs(Structure.objects.filter(pk__in=[s.pk for s in structures]))
    return {frozenset((pair.first.name, pair.second.name)) for pair in found}


def test_the_same_name_in_the_same_commune_is_suspected(saint_etienne: Territory) -> None:
    first = StructureFactory.create(name="Le Fil", commune=saint_etienne)
    second = StructureFactory.create(name="LE FIL", commune=saint_etienne)

    [pair] = duplicate_pairs(Structure.objects.all())

    assert {pair.first, pair.second} == {first, second}
    assert pair.reason == "Même nom dans la même commune"


def test_the_same_name_in_another_commune_is_not(saint_etienne: Territory, saint_chamond: Territory) -> None:
    first = StructureFactory.create(name="Le Fil", commune=saint_etienne)
    second = StructureFactory.create(name="Le Fil", commune=saint_chamond)

    assert pairs_of([first, second]) == set()


def test_alike_names_are_suspected_and_different_ones_are_not(saint_etienne: Territory) -> None:
    structures = [
        StructureFactory.create(name=name, commune=saint_etienne)
        for name in (
            "Compagnie des Lumas",
            "Compagnie Les Lumas",
            "La Comédie de Saint-Étienne",
            "Comédie de Saint Etienne",
            "Le Remue-Méninges",
            "Le Méliès",
        )
    ]

    assert pairs_of(structures) == {
        frozenset(("Compagnie des Lumas", "Compagnie Les Lumas")),
        frozenset(("La Comédie de Saint-Étienne", "Comédie de Saint Etienne")),
    }


def test_the_same_siren_in_the_same_commune_is_suspected(saint_etienne: Territory) -> None:
    siret = fake_siret()
    first = StructureFactory.create(name="Théâtre Libre", siret=siret, siren=siret[:9], commune=saint_etienne)
    second = StructureFactory.create(name="Salle Jeanne d'Arc", siren=siret[:9], commune=saint_etienne)

    [pair] = duplicate_pairs(Structure.objects.filter(pk__in=[first.pk, second.pk]))

    assert pair.reason == "Même SIREN dans la même commune"


def test_a_branch_named_after_its_parent_is_not_a_duplicate(saint_etienne: Territory) -> None:
    parent = StructureFactory.create(name="Le Fil", commune=saint_etienne)
    branch = StructureFactory.create(name="Le Fil", commune=saint_etienne, parent=parent)

    assert pairs_of([parent, branch]) == set()


def test_similarity_ignores_word_order_and_accents() -> None:
    assert name_similarity("collectif la meute", "la meute collectif") == 1.0
    assert name_similarity("le fil", "la rotonde") < 0.85


def test_coordinators_see_the_pairs_of_their_perimeter_only(
    client: Client, saint_etienne: Territory, coordinator: User, django_assert_max_num_queries: object
) -> None:
    for word in WORDS:
        StructureFactory.create(name=f"Compagnie {word}", commune=saint_etienne)
        StructureFactory.create(name=f"COMPAGNIE {word.upper()}", commune=saint_etienne)
    lyon = Territory.objects.get(id="COM-69123")
    StructureFactory.create(name="Le Périscope", commune=lyon)
    StructureFactory.create(name="Le Périscope", commune=lyon)
    client.force_login(coordinator)
    client.get("/entretien/doublons/")  # what a process reads once (the portals' host names) out of the count

    # Session, user, coordinator check, the names of the perimeter, the structures of the pairs.
    # Two more than before: the pairs said distinct are left out, and listed for coordinators.
    with django_assert_max_num_queries(10):  # type: ignore[operator]
        response = client.get("/entretien/doublons/")

    html = unescape(response.content.decode())
    assert response.status_code == 200
    assert "30 paires" not in html
    assert "15 paires à examiner" in html
    assert "COMPAGNIE KALÉIDOSCOPE" in html
    assert "Le Périscope" not in html  # Lyon is not in a Loire coordinator's perimeter


def test_people_who_coordinate_nothing_are_refused(client: Client, member: User) -> None:
    client.force_login(member)

    response = client.get("/entretien/doublons/")

    assert response.status_code == 403
    assert "réservée aux coordinateurs" in unescape(response.content.decode())


def test_visitors_are_asked_to_log_in(client: Client, db: None) -> None:
    assert client.get("/entretien/doublons/").status_code == 302
