"""The DuckDB part of the import: one scan of each file, then the selection, its dirt and the aggregates.

1. The establishments file is scanned once. One GROUP BY keeps every establishment with a cultural NAF
   rév. 2 code (a group of its own, keyed by SIRET) and folds all the others into two groups, counted: the
   legacy nomenclatures and the rest. So the file's row count and its legacy tail come with the same pass.
2. The legal units file is scanned once, joined (semi-join) to the SIRENs kept.
3. On those small tables: the counts of cultural establishments by commune x NAF x ESS (for the
   observatory), and the selection (ESS and cultural) with its fields cleaned, each kind of dirt counted.
"""

# Column names and selection lists are constants of this package, never input: the SQL is not injectable.
# ruff: noqa: S608

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import duckdb

from maillage.imports.sirene.columns import REPETITION_INDEXES, STREET_TYPES
from maillage.imports.sirene.reader import quote
from maillage.imports.sirene.selection import (
    CURRENT_NOMENCLATURE,
    LEGACY_NOMENCLATURES,
    Selection,
    normalized_naf_sql,
)
from maillage.structures.enums import HeadcountBand

HEADCOUNT_CODES = ", ".join(quote(code) for code in HeadcountBand.values if code != HeadcountBand.UNKNOWN)
ET_FIELDS = (
    "siren",
    "statutDiffusionEtablissement",
    "dateDernierTraitementEtablissement",
    "complementAdresseEtablissement",
    "numeroVoieEtablissement",
    "indiceRepetitionEtablissement",
    "typeVoieEtablissement",
    "libelleVoieEtablissement",
    "codePostalEtablissement",
    "codeCommuneEtablissement",
    "codePaysEtrangerEtablissement",
    "dateDebut",
    "etatAdministratifEtablissement",
    "enseigne1Etablissement",
    "denominationUsuelleEtablissement",
    "coordonneeLambertAbscisseEtablissement",
    "coordonneeLambertOrdonneeEtablissement",
    "activitePrincipaleEtablissement",
    "trancheEffectifsEtablissement",
    "anneeEffectifsEtablissement",
)
UL_FIELDS = (
    "siren",
    "statutDiffusionUniteLegale",
    "dateCreationUniteLegale",
    "sigleUniteLegale",
    "dateDebut",
    "etatAdministratifUniteLegale",
    "denominationUniteLegale",
    "denominationUsuelle1UniteLegale",
    "categorieJuridiqueUniteLegale",
    "economieSocialeSolidaireUniteLegale",
    "unitePurgeeUniteLegale",
)
# What the importer reads of each selected establishment, in this order.
SELECTED_COLUMNS = (
    "siret",
    "partly_public",
    "name",
    "acronym",
    "legal_category",
    "ess_flag",
    "naf",
    "street",
    "postal_code",
    "commune_code",
    "lambert_x",
    "lambert_y",
    "founded_on",
    "is_closed",
    "closed_on",
    "source_date",
    "headcount_band",
    "headcount_year",
)

MACROS = (
    # A usable text: trimmed, neither empty nor INSEE's mask.
    "CREATE OR REPLACE MACRO clean(x) AS CASE WHEN trim(x) IN ('', '[ND]') THEN NULL ELSE trim(x) END",
    "CREATE OR REPLACE MACRO masked(x) AS coalesce(trim(x) = '[ND]', false)",
    # A date, or NULL when absent or impossible (2014-12-35); the time of dateDernierTraitement dropped.
    "CREATE OR REPLACE MACRO to_date(x) AS "
    "TRY_CAST(try_strptime(substr(trim(x), 1, 10), '%Y-%m-%d') AS DATE)",
    "CREATE OR REPLACE MACRO bad_date(x) AS (clean(x) IS NOT NULL AND to_date(x) IS NULL)",
    "CREATE OR REPLACE MACRO to_metres(x) AS TRY_CAST(replace(clean(x), ',', '.') AS DOUBLE)",
    # INSEE's employee band (trancheEffectifs); "NN", an empty cell or an unknown code: not stated.
    f"CREATE OR REPLACE MACRO headcount_band(x) AS CASE WHEN trim(x) IN ({HEADCOUNT_CODES}) THEN trim(x) "
    "ELSE 'NN' END",
    # The year of that band, only when a band is stated and the year plausible.
    "CREATE OR REPLACE MACRO headcount_year(band, year) AS CASE WHEN headcount_band(band) <> 'NN' "
    "AND TRY_CAST(clean(year) AS INTEGER) BETWEEN 1900 AND 2100 THEN TRY_CAST(clean(year) AS INTEGER) END",
)


@dataclass
class Extraction:
    """What DuckDB found: counters, the aggregate rows and a cursor over the selection."""

    con: duckdb.DuckDBPyConnection
    counts: dict[str, int]
    aggregates: list[tuple[str | None, str, bool, int]]

    @property
    def selected(self) -> int:
        return self.counts["selected"]

    def batches(self, size: int) -> Iterator[list[dict[str, Any]]]:
        """Yield the selected establishments, `size` at a time, as dicts keyed by SELECTED_COLUMNS."""
        cursor = self.con.execute(f"SELECT {', '.join(SELECTED_COLUMNS)} FROM selected ORDER BY siret")
        while rows := cursor.fetchmany(size):
            yield [dict(zip(SELECTED_COLUMNS, row, strict=True)) for row in rows]


def extract(con: duckdb.DuckDBPyConnection, selection: Selection, *, progress: Any = None) -> Extraction:
    """Run the scans and the selection over the views `etablissements` and `unites_legales`."""
    say = progress or (lambda message: None)
    for statement in MACROS:
        con.execute(statement)
    _street_tables(con)
    say("lecture des établissements…")
    _scan_etablissements(con, selection)
    say("lecture des unités légales…")
    _scan_unites_legales(con, selection)
    say("sélection…")
    _select(con)
    counts = _counts(con)
    aggregates = [
        (code, naf, bool(is_ess), int(n))
        for code, naf, is_ess, n in con.execute(
            "SELECT commune_code, naf, is_ess, count(*) FROM cultural WHERE is_active "
            "GROUP BY ALL ORDER BY ALL"
        ).fetchall()
    ]
    _release_scans(con)
    return Extraction(con, counts, aggregates)


# What the writes still need of DuckDB: the selection (a few tens of MB at the national size) and its sort.
WRITE_PHASE_MEMORY_LIMIT = "256MB"


def _release_scans(con: duckdb.DuckDBPyConnection) -> None:
    """Drop the scans' tables and give their memory back before the writes begin.

    Measured on the national stock (40 M establishments): the import's peak, 1,971 MB, came during the
    writes, DuckDB keeping 1.1 GB of these tables while SQLite filled its page cache. Dropping them frees
    DuckDB's own count, not the process's memory; lowering the limit makes DuckDB hand it back (the
    process went from 1.28 GB to 0.26 GB).
    """
    for table in ("candidates", "cultural", "ul_kept", "et_pass"):
        con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(f"SET memory_limit = '{WRITE_PHASE_MEMORY_LIMIT}'")


def _street_tables(con: duckdb.DuckDBPyConnection) -> None:
    types = ", ".join(f"({quote(code)}, {quote(label.upper())})" for code, label in STREET_TYPES.items())
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE street_types AS SELECT * FROM (VALUES {types}) AS t(code, label)"
    )
    indexes = ", ".join(
        f"({quote(code)}, {quote(label.upper())})" for code, label in REPETITION_INDEXES.items()
    )
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE repetition AS SELECT * FROM (VALUES {indexes}) AS t(code, label)"
    )


def _scan_etablissements(con: duckdb.DuckDBPyConnection, selection: Selection) -> None:
    nomenclature = 'trim("nomenclatureActivitePrincipaleEtablissement")'
    legacy = ", ".join(quote(n) for n in LEGACY_NOMENCLATURES)
    current = quote(CURRENT_NOMENCLATURE)
    kept = f"{selection.naf_sql('naf')} AND coalesce({nomenclature}, {current}) = {current}"
    fields = ", ".join(f'"{c}"' for c in ET_FIELDS)
    # Outside the kept rows the first() values are meaningless and dropped: only the counts n matter.
    firsts = ", ".join(f'first("{c}") AS "{c}"' for c in ET_FIELDS)
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE et_pass AS
        SELECT bucket, key AS siret, count(*) AS n, first(naf) AS naf,
            first(naf_without_dot) AS naf_without_dot,
            {firsts}
        FROM (
            SELECT *, CASE WHEN bucket = 'kept' THEN siret END AS key
            FROM (
                SELECT *, CASE WHEN {kept} THEN 'kept' WHEN {nomenclature} IN ({legacy}) THEN 'legacy'
                               ELSE 'other' END AS bucket
                FROM (
                    SELECT trim(siret) AS siret, {fields}, "nomenclatureActivitePrincipaleEtablissement",
                        {normalized_naf_sql('"activitePrincipaleEtablissement"')} AS naf,
                        regexp_full_match(trim("activitePrincipaleEtablissement"), '[0-9]{{4}}[A-Za-z]')
                            AS naf_without_dot
                    FROM etablissements
                )
            )
        )
        GROUP BY bucket, key
    """)


def _scan_unites_legales(con: duckdb.DuckDBPyConnection, selection: Selection) -> None:
    fields = ", ".join(f'"{c}"' for c in UL_FIELDS if c not in {"siren", "dateDebut"})
    is_ess = selection.ess_sql(
        'trim("economieSocialeSolidaireUniteLegale")', 'trim("categorieJuridiqueUniteLegale")'
    )
    con.execute(f"""
        CREATE OR REPLACE TEMP TABLE ul_kept AS
        SELECT trim(siren) AS siren, {fields}, "dateDebut" AS ul_date_debut,
            coalesce({is_ess}, false) AS is_ess
        FROM unites_legales
        WHERE trim(siren) IN (SELECT siren FROM et_pass WHERE bucket = 'kept')
        QUALIFY row_number() OVER (PARTITION BY trim(siren)) = 1
    """)


def _select(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""
        CREATE OR REPLACE TEMP TABLE cultural AS
        SELECT e.*, u.* EXCLUDE (siren, is_ess), u.siren IS NOT NULL AS has_unit,
            coalesce(u.is_ess, false) AS is_ess,
            clean(e."codePaysEtrangerEtablissement") IS NOT NULL AS is_foreign,
            CASE WHEN is_foreign THEN NULL ELSE clean(e."codeCommuneEtablissement") END AS commune_code,
            coalesce(trim(e."etatAdministratifEtablissement") = 'F', false) AS establishment_closed,
            establishment_closed OR coalesce(trim(u."etatAdministratifUniteLegale") = 'C', false)
                OR coalesce(trim(u."unitePurgeeUniteLegale") = 'true', false) AS is_closed,
            NOT is_closed AS is_active,
            coalesce(trim(e."statutDiffusionEtablissement") = 'P', false)
                OR coalesce(trim(u."statutDiffusionUniteLegale") = 'P', false) AS partly_public
        FROM et_pass AS e LEFT JOIN ul_kept AS u USING (siren)
        WHERE e.bucket = 'kept'
    """)
    # Names and addresses of partly public units are never read past this point (NULL, not "[ND]").
    con.execute("""
        CREATE OR REPLACE TEMP TABLE candidates AS
        SELECT c.siret, c.partly_public, c.is_closed, c.naf, c.naf_without_dot, c.is_foreign,
            CASE WHEN c.partly_public THEN NULL ELSE substr(coalesce(
                clean(c."denominationUsuelleEtablissement"), clean(c."enseigne1Etablissement"),
                clean(c."denominationUniteLegale"), clean(c."denominationUsuelle1UniteLegale")
            ), 1, 255) END AS name,
            CASE WHEN c.partly_public THEN NULL
                 ELSE substr(clean(c."sigleUniteLegale"), 1, 50) END AS acronym,
            CASE WHEN regexp_full_match(trim(c."categorieJuridiqueUniteLegale"), '[0-9]{4}')
                 THEN trim(c."categorieJuridiqueUniteLegale") END AS legal_category,
            CASE trim(c."economieSocialeSolidaireUniteLegale") WHEN 'O' THEN true WHEN 'N' THEN false
            END AS ess_flag,
            CASE WHEN c.partly_public THEN NULL ELSE nullif(substr(concat_ws(', ',
                clean(c."complementAdresseEtablissement"),
                nullif(concat_ws(' ', clean(c."numeroVoieEtablissement") || coalesce(' ' || r.label, ''),
                    coalesce(t.label, clean(c."typeVoieEtablissement")),
                    clean(c."libelleVoieEtablissement")), '')
            ), 1, 255), '') END AS street,
            clean(c."codePostalEtablissement") AS raw_postal_code,
            CASE WHEN c.partly_public THEN NULL
                 WHEN regexp_full_match(clean(c."codePostalEtablissement"), '[0-9]{5}')
                 THEN clean(c."codePostalEtablissement") END AS postal_code,
            CASE WHEN c.partly_public THEN NULL ELSE c.commune_code END AS commune_code,
            coalesce(left(c.commune_code, 2) IN ('97', '98'), false) AS overseas,
            CASE WHEN c.partly_public OR c.is_foreign OR overseas THEN NULL
                 ELSE to_metres(c."coordonneeLambertAbscisseEtablissement") END AS lambert_x,
            CASE WHEN c.partly_public OR c.is_foreign OR overseas THEN NULL
                 ELSE to_metres(c."coordonneeLambertOrdonneeEtablissement") END AS lambert_y,
            to_date(c."dateCreationUniteLegale") AS founded_on,
            CASE WHEN NOT c.is_closed THEN NULL WHEN c.establishment_closed THEN to_date(c."dateDebut")
                 ELSE to_date(c.ul_date_debut) END AS closed_on,
            to_date(c."dateDernierTraitementEtablissement") AS source_date,
            headcount_band(c."trancheEffectifsEtablissement") AS headcount_band,
            headcount_year(c."trancheEffectifsEtablissement", c."anneeEffectifsEtablissement")
                AS headcount_year,
            bad_date(c."dateCreationUniteLegale") AS bad_creation_date,
            c.is_closed
                AND bad_date(CASE WHEN c.establishment_closed THEN c."dateDebut" ELSE c.ul_date_debut END)
                AS bad_closure_date,
            bad_date(c."dateDernierTraitementEtablissement") AS bad_source_date,
            masked(c."denominationUniteLegale") OR masked(c."libelleVoieEtablissement")
                OR masked(c."enseigne1Etablissement") OR masked(c."coordonneeLambertAbscisseEtablissement")
                AS has_masked_field
        FROM cultural AS c
        LEFT JOIN street_types AS t ON t.code = trim(c."typeVoieEtablissement")
        LEFT JOIN repetition AS r ON r.code = trim(c."indiceRepetitionEtablissement")
        WHERE c.is_ess
    """)
    con.execute("""
        CREATE OR REPLACE TEMP TABLE selected AS
        SELECT * FROM candidates QUALIFY row_number() OVER (PARTITION BY siret ORDER BY source_date DESC) = 1
    """)


COUNTS_SQL = {
    "rows_read": "SELECT sum(n) FROM et_pass",
    "legacy_nomenclature": "SELECT coalesce(sum(n), 0) FROM et_pass WHERE bucket = 'legacy'",
    "cultural": "SELECT count(*) FROM cultural",
    "cultural_active": "SELECT count(*) FROM cultural WHERE is_active",
    "cultural_ess_active": "SELECT count(*) FROM cultural WHERE is_active AND is_ess",
    "without_legal_unit": "SELECT count(*) FROM cultural WHERE NOT has_unit",
    # The first pass folds a SIRET met twice into one group of n rows.
    "duplicates": "SELECT coalesce(sum(n - 1), 0) FROM et_pass WHERE bucket = 'kept'",
    "selected": "SELECT count(*) FROM selected",
    "partly_public": "SELECT count(*) FROM selected WHERE partly_public",
    "masked_fields": "SELECT count(*) FROM selected WHERE has_masked_field",
    "closed": "SELECT count(*) FROM selected WHERE is_closed",
    "closed_without_date": "SELECT count(*) FROM selected WHERE is_closed AND closed_on IS NULL",
    "invalid_creation_date": "SELECT count(*) FROM selected WHERE bad_creation_date",
    "invalid_closure_date": "SELECT count(*) FROM selected WHERE bad_closure_date",
    "invalid_source_date": "SELECT count(*) FROM selected WHERE bad_source_date",
    "naf_without_dot": "SELECT count(*) FROM selected WHERE naf_without_dot",
    "foreign_address": "SELECT count(*) FROM selected WHERE is_foreign",
    "without_name": "SELECT count(*) FROM selected WHERE name IS NULL AND NOT partly_public",
    "without_street": "SELECT count(*) FROM selected WHERE street IS NULL AND NOT partly_public",
    "invalid_postal_code": "SELECT count(*) FROM selected "
    "WHERE raw_postal_code IS NOT NULL AND postal_code IS NULL AND NOT partly_public",
    "overseas_coordinates": "SELECT count(*) FROM selected WHERE overseas AND NOT partly_public",
}


def _counts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    counts = {}
    for name, sql in COUNTS_SQL.items():
        row = con.execute(sql).fetchone()
        counts[name] = int(row[0] or 0) if row else 0
    try:
        row = con.execute("SELECT count(DISTINCT (file_id, line)) FROM reject_errors").fetchone()
    except duckdb.CatalogException:  # Parquet input, or no line set aside
        row = None
    counts["malformed_lines"] = int(row[0]) if row else 0
    return counts
