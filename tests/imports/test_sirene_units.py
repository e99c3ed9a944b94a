"""The SIRENE reader's parts: columns, projection, selection, reading real samples, communes."""

# SQL built in these tests holds constants and temporary paths only.
# ruff: noqa: S608

import csv
import zipfile

import duckdb
import pytest

from maillage.imports.sirene.columns import ETABLISSEMENT_COLUMNS, UNITE_LEGALE_COLUMNS
from maillage.imports.sirene.communes import CommuneIndex
from maillage.imports.sirene.extract import MACROS
from maillage.imports.sirene.lambert import from_lambert93, is_metropolitan, to_lambert93
from maillage.imports.sirene.reader import SireneFileError, connect, open_etablissements, open_unites_legales
from maillage.imports.sirene.selection import (
    DEFAULT_NAF_CODES,
    ESS_LEGAL_CATEGORIES,
    Selection,
    normalized_naf_sql,
    parse_naf_option,
)
from maillage.structures.naf import CULTURAL_NAF_LABELS
from maillage.territories.models import CommuneCode, Territory
from maillage.territories.resolver import resolve_commune
from tests.imports.sirene_stock import SIRENE_FORMAT, establishment, unit, write_stock

# Reference points computed with PROJ (pyproj 3, EPSG:4326 → EPSG:2154), to the millimetre.
PROJ_POINTS = [
    # (longitude, latitude, x, y)
    (3.0, 46.5, 700000.000, 6600000.000),  # the projection's origin
    (2.3522, 48.8566, 652469.023, 6862035.259),  # Paris
    (4.8357, 45.7640, 842666.659, 6519924.367),  # Lyon
    (4.3872, 45.4397, 808447.029, 6483204.297),  # Saint-Étienne
    (9.45, 42.70, 1228546.045, 6199420.644),  # Bastia
    (-4.4861, 48.3904, 146632.979, 6836262.327),  # Brest
    (8.7386, 41.9192, 1176667.561, 6108273.283),  # Ajaccio
]


def format_columns(name: str) -> list[str]:
    with (SIRENE_FORMAT / name).open(encoding="utf-8") as handle:
        return [row["colonne"] for row in csv.DictReader(handle)]


def test_column_lists_match_the_published_format():
    """The 35 and 54 columns written in the product are INSEE's, in INSEE's order."""
    assert list(UNITE_LEGALE_COLUMNS) == format_columns("StockUniteLegale_colonnes.csv")
    assert list(ETABLISSEMENT_COLUMNS) == format_columns("StockEtablissement_colonnes.csv")
    assert len(UNITE_LEGALE_COLUMNS) == 35
    assert len(ETABLISSEMENT_COLUMNS) == 54


@pytest.mark.parametrize(("longitude", "latitude", "x", "y"), PROJ_POINTS)
def test_lambert93_matches_proj(longitude, latitude, x, y):
    """Lambert-93 metres convert to latitude and longitude as PROJ does, well under a metre off."""
    got_latitude, got_longitude = from_lambert93(x, y)
    assert got_latitude == pytest.approx(latitude, abs=1e-7)  # 1e-7 degree ≈ 1 cm
    assert got_longitude == pytest.approx(longitude, abs=1e-7)
    got_x, got_y = to_lambert93(latitude, longitude)
    assert got_x == pytest.approx(x, abs=0.005)
    assert got_y == pytest.approx(y, abs=0.005)
    assert is_metropolitan(got_latitude, got_longitude)


def test_overseas_metres_are_not_taken_for_lambert93():
    """UTM metres of La Réunion, read as Lambert-93, land far outside metropolitan France."""
    latitude, longitude = from_lambert93(338000.0, 7662000.0)
    assert not is_metropolitan(latitude, longitude)


def test_naf_option():
    """`--naf` takes codes with or without dots, and `culture` for the default list."""
    assert parse_naf_option(None) == DEFAULT_NAF_CODES
    assert parse_naf_option("9001Z, 90.02z") == ("90.01Z", "90.02Z")
    assert parse_naf_option("culture,94.99Z") == tuple(sorted({*DEFAULT_NAF_CODES, "94.99Z"}))
    with pytest.raises(ValueError, match="illisible"):
        parse_naf_option("théâtre")


def test_default_selection_is_the_directorys_cultural_list():
    """The importer keeps what the rest of the platform calls cultural, and 94.99Z only when asked."""
    assert set(DEFAULT_NAF_CODES) == set(CULTURAL_NAF_LABELS)
    assert "94.99Z" not in DEFAULT_NAF_CODES


def test_ess_legal_categories():
    """Associations, cooperatives, mutuelles and fondations are in; companies and lawyers' 9224 are not."""
    categories = set(ESS_LEGAL_CATEGORIES)
    assert {"9220", "9230", "9260", "5458", "5460", "5560", "6411", "8210", "9300"} <= categories
    assert not {"1000", "5710", "5499", "9224", "7210", "6540"} & categories


def test_ess_condition_with_and_without_the_flag():
    con = duckdb.connect()
    rows = "VALUES ('O', '5710'), ('N', '9220'), ('', '5710'), ('O', '1000')"
    for selection, expected in (
        (Selection(), [True, True, False, True]),
        (Selection(use_ess_flag=False), [False, True, False, False]),
    ):
        sql = f"SELECT {selection.ess_sql('f', 'c')} FROM ({rows}) AS t(f, c)"
        assert [r[0] for r in con.execute(sql).fetchall()] == expected


def test_naf_codes_are_normalised_in_sql():
    """A code without its dot gets it back; legacy codes stay as they are."""
    con = duckdb.connect()
    values = "VALUES ('9001Z'), ('90.01Z'), (' 5920z '), ('22.02'), ('923A')"
    sql = f"SELECT {normalized_naf_sql('c')} FROM ({values}) AS t(c)"
    assert [r[0] for r in con.execute(sql).fetchall()] == ["90.01Z", "90.01Z", "59.20Z", "22.02", "923A"]


def test_real_2025_units_are_read_as_published(tmp_path):
    """The two real rows of December 2025: leading zeros, 35 columns, NAF 2025 column read."""
    con = connect(temp_dir=tmp_path / "duckdb")
    source = open_unites_legales(
        con, SIRENE_FORMAT / "StockUniteLegale_echantillon_reel_2025-12.csv", tmp_path
    )
    assert source.columns == list(UNITE_LEGALE_COLUMNS)
    rows = con.execute(
        'SELECT siren, "denominationUniteLegale", "categorieJuridiqueUniteLegale", '
        '"economieSocialeSolidaireUniteLegale", "nicSiegeUniteLegale", "activitePrincipaleNAF25UniteLegale" '
        "FROM unites_legales ORDER BY siren"
    ).fetchall()
    assert rows == [
        ("016750697", "ETS J VIRLY S A", "5710", "N", "00050", "77.39Y"),
        (
            "054501754",
            "SET - HUILLIER - SOCIETE D'ENTREPOSAGE ET DE TRANSPORTS",
            "5699",
            "N",
            "00011",
            "64.21Y",
        ),
    ]


def test_real_2019_units_with_lower_case_headers_and_dirt(tmp_path):
    """The 2019 rows (33 columns, lower-case headers): an impossible date and NAP codes are seen as such."""
    con = connect(temp_dir=tmp_path / "duckdb")
    source = open_unites_legales(
        con, SIRENE_FORMAT / "StockUniteLegale_echantillon_reel_2019_33col.csv", tmp_path
    )
    assert "societeMissionUniteLegale" not in source.columns
    for statement in MACROS:
        con.execute(statement)
    rows = con.execute(
        'SELECT siren, "dateDebut", bad_date("dateDebut"), to_date("dateCreationUniteLegale"), '
        '"unitePurgeeUniteLegale", "economieSocialeSolidaireUniteLegale" FROM unites_legales ORDER BY siren'
    ).fetchall()
    assert [r[0] for r in rows] == ["000325175", "001807254", "005410220", "005410345"]
    assert rows[1][1:3] == ("2014-12-35", True)
    assert rows[3][3] is None  # an empty creation date
    assert rows[2][4] == "true"
    legacy = con.execute(
        'SELECT "activitePrincipaleUniteLegale", "nomenclatureActivitePrincipaleUniteLegale" '
        "FROM unites_legales "
        "WHERE \"nomenclatureActivitePrincipaleUniteLegale\" <> 'NAFRev2'"
    ).fetchall()
    assert legacy == [("22.02", "NAP"), ("79.06", "NAP")]


def test_headers_with_trailing_spaces_zip_and_parquet(tmp_path):
    """Headers are matched without their trailing space; a zipped CSV and a Parquet file read the same."""
    _ul, et = write_stock(tmp_path / "csv", [unit(1)], [establishment(1)])
    text = et.read_text(encoding="utf-8").replace(
        "coordonneeLambertAbscisseEtablissement,", "coordonneeLambertAbscisseEtablissement ,"
    )
    et.write_text(text, encoding="utf-8")
    zipped = tmp_path / "StockEtablissement_utf8.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(et, arcname="StockEtablissement_utf8.csv")
    con = connect(temp_dir=tmp_path / "duckdb")
    parquet = tmp_path / "StockEtablissement_utf8.parquet"
    con.execute(f"COPY (SELECT * FROM read_csv('{et}', all_varchar = true)) TO '{parquet}' (FORMAT parquet)")
    query = 'SELECT siret, "coordonneeLambertAbscisseEtablissement" FROM etablissements'
    read = []
    for path in (et, zipped, parquet):
        open_etablissements(con, path, tmp_path / "work")
        read.append(con.execute(query).fetchall())
    assert read[0] == read[1] == read[2] == [(establishment(1)["siret"], "808447.0")]


def test_a_file_of_the_wrong_kind_is_refused(tmp_path):
    ul, _et = write_stock(tmp_path, [unit(1)], [establishment(1)])
    con = connect(temp_dir=tmp_path / "duckdb")
    with pytest.raises(SireneFileError, match="StockEtablissement"):
        open_etablissements(con, ul, tmp_path)
    with pytest.raises(SireneFileError, match="introuvable"):
        open_unites_legales(con, tmp_path / "absent.csv", tmp_path)


def test_commune_index_agrees_with_the_resolver(loire_rhone):
    """Every code the index resolves, it resolves as resolve_commune does: arrondissements, former codes."""
    index = CommuneIndex()
    codes = list(
        Territory.objects.filter(level__in=["commune", "arrondissement"]).values_list("code", flat=True)
    )
    codes += [*list(CommuneCode.objects.values_list("code", flat=True)), "99999", "4218", ""]
    for code in codes:
        mine = index.resolve(code)
        theirs = resolve_commune(code) if code else None
        assert (mine.commune.id if mine else None) == (theirs.commune.id if theirs else None), code
    lyon_3e = index.resolve("69383")
    assert lyon_3e is not None
    assert lyon_3e.commune.code == "69123"  # Lyon 3e → Lyon
    assert lyon_3e.via == "arrondissement"


def test_paths_are_quoted(tmp_path):
    """A directory name with a quote does not break the SQL."""
    directory = tmp_path / "l'import"
    ul, _et = write_stock(directory, [unit(1)], [establishment(1)])
    con = connect(temp_dir=directory / "duckdb")
    open_unites_legales(con, ul, directory)
    assert con.execute("SELECT count(*) FROM unites_legales").fetchone() == (1,)
