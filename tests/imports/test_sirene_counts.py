"""A SIRENE import keeps the directory's counts exact: the facets and discipline searches read after it
are those counted over the structures, and the ids it gives are never given again."""

from typing import Any

import pytest

from maillage.structures.models import Structure
from maillage.structures.services import structure_create
from maillage.territories.models import Territory
from tests.imports.sirene_stock import establishment, import_stock, unit, write_stock
from tests.structures.test_discipline_counts import assert_counts_match as assert_discipline_counts_match
from tests.structures.test_discipline_counts import d
from tests.structures.test_facet_counts import assert_counts_match as assert_facet_counts_match

pytestmark = pytest.mark.django_db

LYON: dict[str, Any] = {"codeCommuneEtablissement": "69123", "codePostalEtablissement": "69001"}


def test_counts_stay_exact_through_imports_that_create_and_change_structures(loire_rhone, tmp_path):
    entered = structure_create(
        name="Théâtre saisi à la main",
        commune=Territory.objects.get(id="COM-69123"),
        disciplines=[d("theatre")],
    )
    units = [unit(n) for n in range(1, 7)]
    first = [
        establishment(1),  # spectacle vivant, Saint-Étienne
        establishment(2, activitePrincipaleEtablissement="59.20Z"),  # musique
        establishment(3, activitePrincipaleEtablissement="90.04Z", **LYON),
        establishment(4, activitePrincipaleEtablissement="91.02Z"),  # patrimoine
        establishment(5, activitePrincipaleEtablissement="90.03A", **LYON),
        establishment(6, etatAdministratifEtablissement="F"),  # closed: never created
    ]
    run, _ = import_stock(*write_stock(tmp_path / "first", units, first))

    created = Structure.objects.filter(source="sirene")
    assert run.counts["created"] == 5
    assert sorted(created.values_list("disciplines__slug", flat=True)) == [
        "arts-visuels-numeriques",
        "musique",
        "patrimoine",
        "spectacle-vivant",
        "spectacle-vivant",
    ]
    assert_facet_counts_match()
    assert_discipline_counts_match()

    # A month later: one moved to Lyon, one changed activity (its derived discipline follows), one closed.
    second = [
        establishment(1, **LYON),
        establishment(2, activitePrincipaleEtablissement="90.01Z"),
        establishment(3, activitePrincipaleEtablissement="90.04Z", **LYON),
        establishment(4, activitePrincipaleEtablissement="91.02Z", etatAdministratifEtablissement="F"),
        establishment(5, activitePrincipaleEtablissement="90.03A", **LYON),
        establishment(6, etatAdministratifEtablissement="F"),
    ]
    run, _ = import_stock(*write_stock(tmp_path / "second", units, second))

    assert run.counts["updated"] == 3
    assert Structure.objects.get(siret=second[1]["siret"]).disciplines.get().slug == "spectacle-vivant"
    assert_facet_counts_match()
    assert_discipline_counts_match()

    # The ids the import gave are taken: the next structure entered by hand gets a new one.
    later = structure_create(name="Saisie après l'import", commune=Territory.objects.get(id="COM-42218"))
    assert later.pk > max(created.values_list("pk", flat=True))
    assert entered.pk < min(created.values_list("pk", flat=True))
