"""The real messy files of tests/fixtures/samples, imported as a network would hand them over."""

import csv
from typing import Any

import pytest

from maillage.imports.networks.importer import NetworkImport, network_file_import
from maillage.structures.models import Structure
from tests.fixture_files import FIXTURES
from tests.referential import import_departements

pytestmark = pytest.mark.django_db

TIERS_LIEUX = FIXTURES / "samples" / "tierslieux_numerique_47.csv"
RNA = FIXTURES / "samples" / "rna_waldec_echantillon_976.csv"
# Départements of a few tiers-lieux (Ardèche, Bouches-du-Rhône, Dordogne, Finistère), and the Loire.
TIERS_LIEUX_DEPARTEMENTS = ("07", "13", "24", "29", "42")


def import_file(path: Any, **options: Any) -> NetworkImport:
    return network_file_import(content=path.read_bytes(), file_name=path.name, **options)


def rows_by_line(result: NetworkImport) -> dict[int, dict[str, Any]]:
    return {row["line"]: row for row in result.report.as_json()["rows"]}  # type: ignore[attr-defined]


def test_the_tiers_lieux_file_imports_the_rows_the_referential_knows() -> None:
    import_departements(TIERS_LIEUX_DEPARTEMENTS)
    with TIERS_LIEUX.open(encoding="utf-8", newline="") as handle:
        source = list(csv.DictReader(handle))
    # Counted from the file itself: rows with a name whose INSEE code lies in the loaded départements.
    expected = {
        row["NOM"].replace("&amp;", "&")
        for row in source
        if row["NOM"] and row["Insee"].startswith(TIERS_LIEUX_DEPARTEMENTS)
    }
    # Except l'Alternateur: its code 42078 is Le Crozet (Loire), its postal code and commune are in the
    # Hérault, a département not loaded here: a contradiction never settled silently.
    expected.discard("l'Alternateur")

    result = import_file(TIERS_LIEUX)

    counts = result.report.counts()
    assert counts["read"] == 46  # 47 rows, the last one empty but for two bookkeeping columns
    assert counts["empty"] == 1
    assert counts["created"] == len(expected) == 6
    assert set(Structure.objects.values_list("name", flat=True)) == expected
    rows = rows_by_line(result)
    alternateur = rows[18]
    assert alternateur["status"] == "rejected"
    assert "le code INSEE 42078 désigne Le Crozet" in alternateur["messages"][0]
    assert all(row["status"] == "fixed" for line, row in rows.items() if row["name"] in expected)
    # Floats for postal codes, a lost leading zero, empty SIRENs, HTML entities.
    teil = Structure.objects.get(name="Le TiLT")
    assert (teil.postal_code, teil.commune_id, teil.siren) == ("07400", "COM-07319", "432524858")
    assert "code postal « 7400.0 » : zéro initial rétabli (07400)" in rows[35]["messages"]
    assert Structure.objects.get(name="Anonymal - La Maison Numérique").siren == ""
    assert Structure.objects.get(name="Escale & CO (L')").commune.name == "Périgueux"  # type: ignore[union-attr]
    marseille = Structure.objects.get(name="Axelle Benaich")
    assert (marseille.commune_id, marseille.postal_code) == ("COM-13055", "13001")
    assert "inconnu du référentiel" in rows[4]["messages"][0]  # Jura: not loaded


def test_the_tiers_lieux_file_imported_twice_changes_nothing() -> None:
    import_departements(("29",))
    first = import_file(TIERS_LIEUX)
    before = list(Structure.objects.order_by("pk").values())

    second = import_file(TIERS_LIEUX)

    assert first.report.counts()["created"] == 2  # Morlaix and Concarneau
    assert second.report.counts()["unchanged"] == 2
    assert list(Structure.objects.order_by("pk").values()) == before


def test_the_rna_rows_become_associations_without_their_declarant_s_address() -> None:
    import_departements(("976",))

    result = import_file(RNA, source_label="RNA Mayotte")

    assert result.report.file.delimiter == ";"
    assert result.report.counts()["created"] == 4
    juristes = Structure.objects.get(name__startswith="ASSOCIATION DES JURISTES")
    assert (juristes.street, juristes.postal_code, juristes.commune_id) == (
        "RUE du stade, Immeuble douka",
        "97600",
        "COM-97611",
    )
    assert juristes.description.startswith("promouvoir un espace juridique")
    assert juristes.is_active
    # Dissolved associations (date_disso) are kept, closed.
    escale = Structure.objects.get(name="ESCALE")
    assert (escale.is_active, str(escale.closed_on)) == (False, "2020-09-30")
    # The declarant's address (adrg_*, often a home) is never stored.
    stored = " ".join(str(v) for row in Structure.objects.values() for v in row.values()).upper()
    assert "CHEMIN MERLO" not in stored
    assert "LES AVIRONS" not in stored
    # "Coconi" is a village of Ouangani: the postal code confirms the INSEE code, the row says so.
    coconi = rows_by_line(result)[5]
    assert coconi["status"] == "fixed"
    assert "confirme Ouangani" in coconi["messages"][0]
