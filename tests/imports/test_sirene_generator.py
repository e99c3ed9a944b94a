"""The SIRENE generator: INSEE's exact format, consistent files, real communes, real dirt, reproducible."""

# SQL built in these tests holds temporary paths only.
# ruff: noqa: S608

import csv
import hashlib
import io
import zipfile
from collections import Counter

import duckdb
import pytest
from django.core.management import call_command

from maillage.imports.sirene.generator import generate_stock
from maillage.imports.sirene.generator_etab import establishment_columns
from maillage.imports.sirene.generator_units import unit_columns
from maillage.imports.sirene.lambert import from_lambert93
from maillage.structures.validators import luhn_is_valid
from maillage.territories.models import CommuneCode, Territory
from tests.imports.sirene_stock import SIRENE_FORMAT, expected_selection

pytestmark = pytest.mark.django_db


def format_header(name: str) -> list[str]:
    with (SIRENE_FORMAT / name).open(encoding="utf-8") as handle:
        return [row["colonne"] for row in csv.DictReader(handle)]


def read_rows(path):
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return header, [dict(zip(header, row, strict=True)) for row in reader]


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def stock(loire_rhone, tmp_path):
    return generate_stock(rows=20_000, seed=11, output=tmp_path / "stock")


def test_files_have_insee_columns_in_order(stock):
    """Headers are the published 35 and 54 columns, in the order of the published column lists."""
    ul_header, units = read_rows(stock.unites_legales)
    et_header, establishments = read_rows(stock.etablissements)
    assert ul_header == format_header("StockUniteLegale_colonnes.csv")
    assert et_header == format_header("StockEtablissement_colonnes.csv")
    assert len(establishments) == 20_000
    assert len(units) == stock.units


def test_the_two_files_agree(stock):
    """Every establishment has its unit, every unit its head office; keys are Luhn-valid; states agree."""
    _, units = read_rows(stock.unites_legales)
    _, establishments = read_rows(stock.etablissements)
    by_siren = {u["siren"]: u for u in units}
    assert len(by_siren) == len(units)
    assert len({e["siret"] for e in establishments}) == len(establishments)
    head_offices = {(e["siren"], e["nic"]) for e in establishments if e["etablissementSiege"] == "true"}
    assert head_offices == {(u["siren"], u["nicSiegeUniteLegale"]) for u in units}
    per_unit = Counter(e["siren"] for e in establishments)
    assert set(per_unit) == set(by_siren)
    assert 1.1 < len(establishments) / len(units) < 1.5
    assert max(per_unit.values()) >= 10  # a few units have many establishments
    for e in establishments:
        owner = by_siren[e["siren"]]
        assert e["siret"] == e["siren"] + e["nic"]
        assert luhn_is_valid(e["siren"])
        assert luhn_is_valid(e["siret"])
        assert e["statutDiffusionEtablissement"] == owner["statutDiffusionUniteLegale"]
        if owner["etatAdministratifUniteLegale"] == "C":
            assert e["etatAdministratifEtablissement"] == "F"


def test_establishments_are_in_real_communes_weighted_by_population(stock):
    _, establishments = read_rows(stock.etablissements)
    communes = {t.code: t for t in Territory.objects.filter(level__in=["commune", "arrondissement"])}
    former = set(CommuneCode.objects.values_list("code", flat=True))
    placed = Counter(e["codeCommuneEtablissement"] for e in establishments if e["codeCommuneEtablissement"])
    assert set(placed) <= set(communes) | former
    # SIRENE places Lyon's establishments in its arrondissements, not in the commune.
    assert "69123" not in placed
    assert sum(n for code, n in placed.items() if code.startswith("6938")) > 1000
    assert placed["42218"] > 20 * max(placed.get("42001", 0), 1)  # Saint-Étienne, Aboën
    for e in establishments:
        x = e["coordonneeLambertAbscisseEtablissement"]
        if not x or x == "[ND]" or e["codeCommuneEtablissement"] not in communes:
            continue
        commune = communes[e["codeCommuneEtablissement"]]
        latitude, longitude = from_lambert93(float(x), float(e["coordonneeLambertOrdonneeEtablissement"]))
        assert latitude == pytest.approx(commune.latitude, abs=0.03)
        assert longitude == pytest.approx(commune.longitude, abs=0.03)


def test_real_dirt_is_there(stock):
    """Every kind of dirt the importer must survive appears in a stock of 20,000 rows."""
    _, units = read_rows(stock.unites_legales)
    _, establishments = read_rows(stock.etablissements)
    dates = [e["dateCreationEtablissement"] for e in establishments] + [u["dateDebut"] for u in units]
    assert any(d and int(d[8:]) > 31 for d in dates)  # 2014-12-35
    assert any(not u["dateCreationUniteLegale"] for u in units)
    assert any(u["denominationUniteLegale"] == "[ND]" for u in units)
    assert any(u["nomUniteLegale"] == "[ND]" for u in units)
    assert any(e["libelleVoieEtablissement"] == "[ND]" for e in establishments)
    assert any(len(e["activitePrincipaleEtablissement"]) == 5 for e in establishments)  # 9001Z
    assert {"NAP", "NAF1993", "NAFRev1"} <= {
        e["nomenclatureActivitePrincipaleEtablissement"] for e in establishments
    }
    assert any(e["codePaysEtrangerEtablissement"].startswith("99") for e in establishments)
    assert any(not e["coordonneeLambertAbscisseEtablissement"] for e in establishments)
    assert any(e["activitePrincipaleEtablissement"] == "94.99Z" for e in establishments)
    flags = Counter(u["economieSocialeSolidaireUniteLegale"] for u in units)
    assert flags["O"]
    assert flags["N"]
    assert flags[""]
    closed = sum(e["etatAdministratifEtablissement"] == "F" for e in establishments) / len(establishments)
    assert 0.3 < closed < 0.6
    expected = expected_selection(stock.unites_legales, stock.etablissements)
    assert expected.partly_public
    assert expected.closed
    assert expected.naf_without_dot


def test_legal_categories_of_ess_units_follow_the_measured_shares(stock):
    """Among units flagged ESS, about 69 % are associations (9220) and 19 % SAS (5710), as measured."""
    _, units = read_rows(stock.unites_legales)
    flagged = Counter(
        u["categorieJuridiqueUniteLegale"] for u in units if u["economieSocialeSolidaireUniteLegale"] == "O"
    )
    total = sum(flagged.values())
    assert 0.62 < flagged["9220"] / total < 0.76
    assert 0.14 < flagged["5710"] / total < 0.25
    bands = Counter(
        u["trancheEffectifsUniteLegale"] for u in units if u["economieSocialeSolidaireUniteLegale"] == "O"
    )
    assert 0.78 < bands["NN"] / total < 0.92


def test_same_seed_same_files_other_seed_other_files(loire_rhone, tmp_path):
    first = generate_stock(rows=3000, seed=1, output=tmp_path / "a")
    again = generate_stock(rows=3000, seed=1, output=tmp_path / "b")
    other = generate_stock(rows=3000, seed=2, output=tmp_path / "c")
    assert digest(first.etablissements) == digest(again.etablissements)
    assert digest(first.unites_legales) == digest(again.unites_legales)
    assert digest(first.etablissements) != digest(other.etablissements)


def test_parquet_and_zip_hold_the_same_rows(loire_rhone, tmp_path):
    plain = generate_stock(rows=2000, seed=4, output=tmp_path / "csv")
    zipped = generate_stock(rows=2000, seed=4, output=tmp_path / "zip", zipped=True)
    parquet = generate_stock(rows=2000, seed=4, output=tmp_path / "parquet", file_format="parquet")
    with zipfile.ZipFile(zipped.etablissements) as archive:
        assert archive.namelist() == ["StockEtablissement_utf8.csv"]
        assert archive.read("StockEtablissement_utf8.csv") == plain.etablissements.read_bytes()
    con = duckdb.connect()
    from_csv = con.execute(f"SELECT * FROM read_csv('{plain.unites_legales}', all_varchar = true)").fetchall()
    from_parquet = con.execute(f"SELECT * FROM read_parquet('{parquet.unites_legales}')").fetchall()
    assert from_csv == from_parquet
    columns = [
        c[0]
        for c in con.execute(f"DESCRIBE SELECT * FROM read_parquet('{parquet.etablissements}')").fetchall()
    ]
    assert columns == format_header("StockEtablissement_colonnes.csv")


def test_command(loire_rhone, tmp_path):
    out = io.StringIO()
    call_command("generate_sirene", "--rows", "500", "--seed", "3", "--output", str(tmp_path), stdout=out)
    assert "500 établissements" in out.getvalue()
    assert (tmp_path / "StockEtablissement_utf8.csv").exists()


def test_an_empty_referential_is_reported(db, tmp_path):
    with pytest.raises(ValueError, match="référentiel territorial est vide"):
        generate_stock(rows=10, seed=1, output=tmp_path)


def test_every_column_has_its_sql():
    """No column of the published format is left out of the generator, none is invented."""
    assert list(unit_columns()) == format_header("StockUniteLegale_colonnes.csv")
    assert list(establishment_columns()) == format_header("StockEtablissement_colonnes.csv")
