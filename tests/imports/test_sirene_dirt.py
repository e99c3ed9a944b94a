"""Real dirt, row by row: counted, repaired or left out, never fatal; masked fields never published."""

import json

import pytest

from maillage.imports.models import ImportStatus
from maillage.imports.sirene.generator import generate_stock
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure
from tests.imports.sirene_stock import (
    establishment,
    expected_selection,
    import_stock,
    siret,
    unit,
    write_stock,
)

pytestmark = pytest.mark.django_db


def commune_point(structure: Structure) -> tuple[float | None, float | None]:
    assert structure.commune is not None
    return structure.commune.latitude, structure.commune.longitude


SECRET_NAME = "COMPAGNIE DU SECRET BIEN GARDE"
SECRET_STREET = "IMPASSE DES CACHOTTERIES"
SECRET_PERSON = "HORTENSE CACHEE"


def test_each_kind_of_dirt_is_counted_and_never_fatal(loire_rhone, tmp_path):
    units = [unit(n) for n in range(1, 16)] + [
        unit(20, economieSocialeSolidaireUniteLegale="N", categorieJuridiqueUniteLegale="5710")
    ]
    establishments = [
        establishment(1, dateCreationEtablissement="2014-12-35"),
        establishment(2, activitePrincipaleEtablissement="9001Z"),
        establishment(
            3, activitePrincipaleEtablissement="22.02", nomenclatureActivitePrincipaleEtablissement="NAP"
        ),
        establishment(
            4,
            codeCommuneEtablissement="",
            codePostalEtablissement="",
            libelleCommuneEtablissement="",
            codePaysEtrangerEtablissement="99109",
            libellePaysEtrangerEtablissement="ALLEMAGNE",
            libelleCommuneEtrangerEtablissement="BERLIN",
            coordonneeLambertAbscisseEtablissement="",
            coordonneeLambertOrdonneeEtablissement="",
        ),
        establishment(5, codePostalEtablissement="42O00"),
        establishment(
            6,
            codeCommuneEtablissement="69383",
            coordonneeLambertAbscisseEtablissement="",
            coordonneeLambertOrdonneeEtablissement="",
        ),
        establishment(
            7, coordonneeLambertAbscisseEtablissement="12", coordonneeLambertOrdonneeEtablissement="34"
        ),
        establishment(8, numeroVoieEtablissement="", typeVoieEtablissement="", libelleVoieEtablissement=""),
        establishment(9),
        establishment(9),  # the same SIRET twice
        establishment(10, siret=siret(10)[:-1] + str((int(siret(10)[-1]) + 1) % 10)),  # a broken key
        establishment(11, codeCommuneEtablissement="97411"),  # La Réunion: not Lambert-93
        establishment(12, etatAdministratifEtablissement="F", dateDebut="2021-02-30"),
        establishment(
            13,
            indiceRepetitionEtablissement="B",
            typeVoieEtablissement="AV",
            complementAdresseEtablissement="BATIMENT C",
        ),
        establishment(14, codeCommuneEtablissement="99999"),
        establishment(30),  # no legal unit in the file
        establishment(20),  # a company SIRENE does not flag: not in the ESS
    ]
    units[14] = unit(15, denominationUniteLegale="", dateCreationUniteLegale="")
    establishments.append(establishment(15))
    ul, et = write_stock(tmp_path, units, establishments)

    run, output = import_stock(ul, et)

    assert run.status == ImportStatus.APPLIED
    counts = run.counts
    assert counts["rows_read"] == len(establishments)
    assert counts["legacy_nomenclature"] == 1
    assert counts["without_legal_unit"] == 1
    assert counts["duplicates"] == 1
    assert counts["invalid_siret"] == 1
    assert counts["invalid_creation_date"] == 0  # the unit's creation date is the one read
    assert counts["invalid_closure_date"] == 1
    assert counts["closed_without_date"] == 1
    assert counts["naf_without_dot"] == 1
    assert counts["foreign_address"] == 1
    assert counts["invalid_postal_code"] == 1
    assert counts["commune_via_arrondissement"] == 1
    assert counts["commune_unknown"] == 2  # 97411 is not in the Loire and Rhône slice, nor is 99999
    assert counts["overseas_coordinates"] == 1
    assert counts["lambert_out_of_bounds"] == 1
    assert counts["without_street"] == 1
    assert counts["named_after_siret"] == 1
    assert (
        counts["selected"] == 14
    )  # 1 to 15 but the legacy 3, the duplicated 9 once; 10's key is checked later
    by_number = {s.siret: s for s in Structure.objects.all()}
    assert by_number[siret(2)].naf_code == "90.01Z"
    assert by_number[siret(4)].commune is None
    assert by_number[siret(4)].latitude is None
    assert by_number[siret(5)].postal_code == ""
    assert by_number[siret(6)].commune_id == "COM-69123"  # Lyon 3e arrondissement → Lyon, at Lyon's point
    assert by_number[siret(6)].latitude == commune_point(by_number[siret(6)])[0]
    assert by_number[siret(7)].latitude == commune_point(by_number[siret(7)])[0]  # x=12 m: not in France
    assert by_number[siret(1)].latitude == pytest.approx(45.4397, abs=1e-4)  # from Lambert-93
    assert by_number[siret(13)].street == "BATIMENT C, 12 BIS AVENUE DE LA RESISTANCE"
    assert by_number[siret(15)].name == f"Établissement SIRET {siret(15)}"
    assert by_number[siret(15)].founded_on is None
    assert siret(12) not in by_number  # closed, unknown to the directory: not created
    assert siret(3) not in by_number
    assert siret(20) not in by_number
    assert "dates de fermeture impossibles" in output


def test_unit_dates_impossible_or_missing_are_left_empty(loire_rhone, tmp_path):
    ul, et = write_stock(
        tmp_path,
        [unit(1, dateCreationUniteLegale="2014-12-35"), unit(2, dateCreationUniteLegale="1987-04-12")],
        [establishment(1, dateDernierTraitementEtablissement="2025-13-01T00:00:00"), establishment(2)],
    )
    run, _ = import_stock(ul, et)
    assert run.counts["invalid_creation_date"] == 1
    assert run.counts["invalid_source_date"] == 1
    first, second = Structure.objects.order_by("siret")
    assert first.founded_on is None
    assert first.source_date is None
    assert str(second.founded_on) == "1987-04-12"


def partly_public_stock(tmp_path):
    """A stock with masked rows: a partly public unit, a partly public establishment, a stray [ND]."""
    units = [
        unit(1),
        unit(2, statutDiffusionUniteLegale="P", denominationUniteLegale=SECRET_NAME, sigleUniteLegale="CSBG"),
        unit(3),
        unit(
            4,
            statutDiffusionUniteLegale="P",
            categorieJuridiqueUniteLegale="1000",
            denominationUniteLegale="",
            nomUniteLegale="[ND]",
            prenom1UniteLegale="[ND]",
            economieSocialeSolidaireUniteLegale="O",
        ),
        unit(5, denominationUniteLegale="[ND]", sigleUniteLegale="[ND]"),
    ]
    establishments = [
        establishment(1),
        establishment(
            2,
            statutDiffusionEtablissement="P",
            libelleVoieEtablissement=SECRET_STREET,
            enseigne1Etablissement=SECRET_NAME,
        ),
        establishment(
            3,
            statutDiffusionEtablissement="P",
            libelleVoieEtablissement="[ND]",
            numeroVoieEtablissement="[ND]",
            denominationUsuelleEtablissement=SECRET_PERSON,
            coordonneeLambertAbscisseEtablissement="[ND]",
            coordonneeLambertOrdonneeEtablissement="[ND]",
        ),
        establishment(
            4, libelleVoieEtablissement="[ND]", typeVoieEtablissement="[ND]", numeroVoieEtablissement="[ND]"
        ),
        establishment(5, libelleVoieEtablissement="[ND]", coordonneeLambertAbscisseEtablissement="[ND]"),
    ]
    return write_stock(tmp_path, units, establishments)


def assert_nothing_masked(text: str, where: str) -> None:
    for secret in ("[ND]", SECRET_NAME, SECRET_STREET, SECRET_PERSON, "CSBG", siret(2), siret(3), siret(4)):
        assert secret not in text, f"{secret} in {where}"


def test_masked_fields_never_appear_in_the_database_pages_api_or_exports(loire_rhone, tmp_path, client):
    """Partly public establishments are not imported; a stray [ND] is read as nothing."""
    ul, et = partly_public_stock(tmp_path / "hand")
    run, _ = import_stock(ul, et)
    assert run.counts["partly_public"] == 3
    assert run.counts["masked_fields"] >= 3
    assert set(Structure.objects.values_list("siret", flat=True)) == {siret(1), siret(5)}
    stray = Structure.objects.get(siret=siret(5))
    assert stray.name == f"Établissement SIRET {siret(5)}"
    assert stray.acronym == ""
    assert stray.latitude == commune_point(stray)[0]  # the masked coordinate fell back on the commune

    # And on a generated stock too.
    stock = generate_stock(rows=20_000, seed=11, output=tmp_path / "generated")
    expected = expected_selection(stock.unites_legales, stock.etablissements)
    assert expected.partly_public
    import_stock(stock.unites_legales, stock.etablissements, "--force")
    imported = set(Structure.objects.values_list("siret", flat=True))
    assert not imported & expected.partly_public

    text_fields = [
        f.attname
        for f in Structure._meta.concrete_fields
        if f.get_internal_type() in {"CharField", "TextField", "URLField", "SlugField", "EmailField"}
    ]
    for values in Structure.objects.values_list(*text_fields):
        assert_nothing_masked(" ".join(values), "database")
    for structure in Structure.objects.all():
        page = client.get(f"/structures/{structure.slug}/")
        assert page.status_code == 200
        assert_nothing_masked(page.content.decode(), f"page of {structure.slug}")
        api = client.get(f"/api/v1/structures/{structure.slug}")
        assert api.status_code == 200
        assert_nothing_masked(api.content.decode(), f"API of {structure.slug}")
    listing = client.get("/api/v1/structures", {"taille": 100})
    pages = [listing.json()]
    while pages[-1]["suivant"]:
        pages.append(client.get(pages[-1]["suivant"]).json())
    assert sum(len(p["items"]) for p in pages) == Structure.objects.count()
    assert_nothing_masked(json.dumps(pages, ensure_ascii=False), "API list")
    for export in ("csv", "geojson", "data-inclusion"):
        response = client.get(f"/structures/export/{export}/")
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert_nothing_masked(body.decode(), f"{export} export")
    page = client.get("/structures/")
    assert_nothing_masked(page.content.decode(), "directory page")


def test_a_sirene_structure_that_becomes_partly_public_is_withdrawn(loire_rhone, tmp_path):
    """It is unpublished, not deleted: the public directory no longer lists it, the database keeps it."""
    ul, et = write_stock(tmp_path / "before", [unit(1), unit(2)], [establishment(1), establishment(2)])
    import_stock(ul, et)
    assert Structure.objects.filter(source=DataSource.SIRENE).count() == 2
    ul, et = write_stock(
        tmp_path / "after",
        [unit(1), unit(2, statutDiffusionUniteLegale="P", denominationUniteLegale="[ND]")],
        [
            establishment(1),
            establishment(2, statutDiffusionEtablissement="P", libelleVoieEtablissement="[ND]"),
        ],
    )
    run, _ = import_stock(ul, et, "--force")
    assert run.counts["partly_public_withdrawn"] == 1
    assert list(Structure.objects.published().values_list("siret", flat=True)) == [siret(1)]
    assert Structure.objects.filter(siret=siret(2), withdrawn_at__isnull=False).exists()


def test_a_malformed_line_is_set_aside_and_counted(loire_rhone, tmp_path):
    """A line cut short (a truncated download) is counted and left out; the other rows are imported."""
    ul, et = write_stock(tmp_path, [unit(1), unit(2)], [establishment(1), establishment(2)])
    with et.open("a", encoding="utf-8") as handle:
        handle.write(f"{siret(3)[:9]},{siret(3)[9:]},{siret(3)},O\n")
    run, output = import_stock(ul, et)
    assert run.status == ImportStatus.APPLIED
    assert run.counts["malformed_lines"] == 1
    assert run.counts["rows_read"] == 2
    assert Structure.objects.count() == 2
    assert "lignes mal formées" in output
    assert set(run.report["seconds"]) == {"read_and_select", "structures", "write", "committed"}
    # What followed the import, each part timed, so that an operator sees which costs.
    assert set(run.report["listeners_s"]) == {"observatory.snapshot", "quality.scores"}
    assert run.report["total_s"] >= run.report["seconds"]["committed"]
    assert "transaction validée" in output
    assert "ensuite : indicateurs de l'observatoire" in output
    assert "ensuite : scores de qualité" in output
