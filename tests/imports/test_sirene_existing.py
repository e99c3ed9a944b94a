"""Known SIRETs: SIRENE's records follow SIRENE, records entered by people only get their blanks filled."""

import datetime

import pytest

from maillage.structures.enums import DataSource, EssFamily
from maillage.structures.models import Structure
from maillage.structures.services import structure_create
from maillage.territories.models import Territory
from tests.imports.sirene_stock import establishment, import_stock, siret, unit, write_stock

pytestmark = pytest.mark.django_db


def test_a_record_entered_by_hand_keeps_what_people_wrote(loire_rhone, tmp_path):
    entered = structure_create(
        name="Le Fil — scène de musiques actuelles",
        siret=siret(1),
        description="Saisie par l'équipe.",
        website="https://le-fil.example",
        ess_family=EssFamily.COOPERATIVE_SCIC,
        source=DataSource.ADMIN,
    )
    elsewhere = structure_create(
        name="Compagnie saisie ailleurs",
        siret=siret(2),
        commune=Territory.objects.get(id="COM-69123"),
        source=DataSource.NETWORK_FILE,
    )
    ul, et = write_stock(
        tmp_path,
        [
            unit(1, categorieJuridiqueUniteLegale="5560", sigleUniteLegale="FIL"),
            unit(2, etatAdministratifUniteLegale="C"),
        ],
        [
            establishment(1, denominationUsuelleEtablissement="LE FIL"),
            establishment(2, etatAdministratifEtablissement="F"),
        ],
    )
    run, _ = import_stock(ul, et)

    entered.refresh_from_db()
    assert entered.name == "Le Fil — scène de musiques actuelles"
    assert entered.description == "Saisie par l'équipe."
    assert entered.website == "https://le-fil.example"
    assert entered.source == DataSource.ADMIN
    assert entered.source_id == ""
    assert entered.ess_family == EssFamily.COOPERATIVE_SCIC  # declared, and INSEE cannot tell a SCIC
    # Blanks filled: acronym, legal category, activity, and the address as a whole.
    assert entered.acronym == "FIL"
    assert entered.legal_category_code == "5560"
    assert entered.naf_code == "90.01Z"
    assert entered.commune_id == "COM-42218"
    assert entered.street == "12 RUE DE LA RESISTANCE"
    assert entered.postal_code == "42000"
    assert entered.latitude == pytest.approx(45.4397, abs=1e-4)
    assert "fil" in entered.search_text
    assert "saint etienne" in entered.search_text

    elsewhere.refresh_from_db()
    # Its commune was entered: SIRENE's street in another commune is not stitched onto it; still open.
    assert elsewhere.commune_id == "COM-69123"
    assert elsewhere.street == ""
    assert elsewhere.is_active
    assert elsewhere.closed_on is None
    assert run.counts["entered_filled"] == 2
    assert run.counts["closed_entered_kept"] == 1
    assert run.counts["created"] == 0


def test_sirene_records_follow_sirene_and_closed_ones_are_kept(loire_rhone, tmp_path):
    ul, et = write_stock(tmp_path / "m1", [unit(1), unit(2), unit(3)], [establishment(n) for n in (1, 2, 3)])
    import_stock(ul, et)
    first = {s.siret: s for s in Structure.objects.all()}
    assert first[siret(1)].slug == "association-numero-1"

    ul, et = write_stock(
        tmp_path / "m2",
        [
            unit(1, denominationUniteLegale="LA FABRIQUE DES ECHAPPEES"),
            unit(2),
            unit(3, etatAdministratifUniteLegale="C", dateDebut="2025-06-30"),
        ],
        [
            establishment(
                1,
                codeCommuneEtablissement="69383",
                codePostalEtablissement="69003",
                coordonneeLambertAbscisseEtablissement="842666.7",
                coordonneeLambertOrdonneeEtablissement="6519924.4",
            ),
            establishment(2, etatAdministratifEtablissement="F", dateDebut="2025-10-01"),
            establishment(3),
        ],
    )
    run, _ = import_stock(ul, et)
    after = {s.siret: s for s in Structure.objects.all()}
    assert set(after) == set(first)  # closed ones are kept
    moved = after[siret(1)]
    assert moved.name == "LA FABRIQUE DES ECHAPPEES"
    assert moved.slug == "la-fabrique-des-echappees"
    assert moved.commune_id == "COM-69123"
    assert moved.postal_code == "69003"
    assert moved.latitude == pytest.approx(45.764, abs=1e-4)
    assert moved.longitude == pytest.approx(4.8357, abs=1e-4)
    assert "fabrique" in moved.search_document
    assert "lyon" in moved.search_text
    assert not after[siret(2)].is_active
    assert after[siret(2)].closed_on == datetime.date(2025, 10, 1)
    assert not after[siret(3)].is_active
    assert after[siret(3)].closed_on == datetime.date(2025, 6, 30)
    assert run.counts["updated"] == 3
    assert run.counts["closed_now"] == 2


def test_slugs_are_made_as_the_services_make_them(loire_rhone, tmp_path):
    """Same names get -2, -3…; a name that would shadow a page of the directory does not take its path."""
    ul, et = write_stock(
        tmp_path,
        [
            unit(1, denominationUniteLegale="CARTE"),
            unit(2, denominationUniteLegale="LE FIL"),
            unit(3, denominationUniteLegale="LE FIL"),
        ],
        [establishment(1), establishment(2), establishment(3)],
    )
    import_stock(ul, et)
    assert sorted(Structure.objects.values_list("slug", flat=True)) == ["carte-2", "le-fil", "le-fil-2"]


def test_a_sirene_record_whose_siret_was_cleared_is_found_by_its_key(loire_rhone, tmp_path):
    """An administrator cleared the SIRET: the import finds the record by SIRENE's key, no duplicate."""
    ul, et = write_stock(tmp_path, [unit(1)], [establishment(1)])
    import_stock(ul, et)
    Structure.objects.update(siret="", siren="")
    run, _ = import_stock(ul, et)
    assert Structure.objects.count() == 1
    assert run.counts["created"] == 0
    assert run.counts["updated"] == 1


def test_the_connection_keeps_its_usual_page_cache_after_an_import(loire_rhone, tmp_path):
    """The import widens SQLite's cache for its write only: a worker's connection does not keep 256 MB."""
    from django.db import connection  # noqa: PLC0415

    def page_cache() -> int | str:
        with connection.cursor() as cursor:
            cursor.execute(
                "SHOW shared_buffers" if connection.vendor == "postgresql" else "PRAGMA cache_size"
            )
            return cursor.fetchone()[0]

    before = page_cache()
    ul, et = write_stock(tmp_path, [unit(1)], [establishment(1)])
    import_stock(ul, et)
    assert Structure.objects.filter(siret=siret(1)).exists()
    assert page_cache() == before
