"""The SQL of the SIRENE generator: one SELECT per file, every value a hash of a row number and the seed.

Establishments are numbered j = 0…N-1 and grouped ten at a time into units (see
distributions.BLOCK_PATTERNS), a block of a thousand now and then making one large unit. A unit's key `u`
is the number of its first establishment, so both files derive the same unit attributes from `u`
without joining each other. Columns: generator_units.py and generator_etab.py.
"""

# Every value interpolated here is a constant of this package or a number: no input reaches the SQL text.
# ruff: noqa: S608

from __future__ import annotations

from pathlib import Path

from maillage.imports.sirene import distributions as d
from maillage.imports.sirene.columns import ETABLISSEMENT_COLUMNS, UNITE_LEGALE_COLUMNS
from maillage.imports.sirene.draws import luhn_key, one_of, pick
from maillage.imports.sirene.generator_etab import establishment_columns
from maillage.imports.sirene.generator_units import unit_columns
from maillage.imports.sirene.reader import quote

# Communes are drawn through 2^22 buckets of population: 16 inhabitants a bucket for all of France.
BUCKETS = 1 << 22
SIREN_MULTIPLIER = 48_271  # coprime with 10: a bijection of the 7-digit bodies
SIREN_FIRST_DIGITS = ("8", "4", "5", "7", "1", "2")  # never 3: La Poste's 356000000 keeps its own rule
LAST_DAY = "DATE '2025-11-30'"  # the generated stock's last creation or closure


def csv_reader(path: Path) -> str:
    return f"read_csv({quote(str(path))}, header = true, all_varchar = true)"


def setup_statements(*, seed: int, communes_csv: Path) -> list[str]:
    """Return the macros and tables both files are drawn from."""
    return [
        # hash(i, seed, tag) alone keeps draws of one row with different tags correlated: hash it again.
        f"CREATE MACRO rnd(i, tag) AS ((hash(hash(i, {int(seed)}, tag)) >> 11)::DOUBLE / 9007199254740992.0)",
        f"CREATE MACRO luhn8(s) AS ({luhn_key('s', 8)})",
        f"CREATE MACRO luhn13(s) AS ({luhn_key('s', 13)})",
        f"CREATE TABLE communes AS SELECT * FROM read_csv({quote(str(communes_csv))}, header = true, "
        "columns = {'idx': 'INTEGER', 'code': 'VARCHAR', 'name': 'VARCHAR', 'postal': 'VARCHAR', "
        "'x': 'DOUBLE', 'y': 'DOUBLE', 'population': 'BIGINT', 'former': 'VARCHAR', 'overseas': 'BOOLEAN'})",
        # Bucket b belongs to the commune whose share of the cumulated population covers it.
        "CREATE TABLE buckets AS WITH c AS (SELECT idx, population, "
        "sum(population) OVER (ORDER BY idx) AS cum, sum(population) OVER () AS total FROM communes) "
        f"SELECT unnest(range(floor((cum - population) * {BUCKETS} / total)::BIGINT, "
        f"floor(cum * {BUCKETS} / total)::BIGINT)) AS bucket, idx FROM c",
    ]


def _patterns() -> tuple[str, str]:
    """Return the SQL lists of unit starts per position, and of distinct starts, for each block pattern."""
    by_position = ", ".join("[" + ", ".join(map(str, p)) + "]" for p, _ in d.BLOCK_PATTERNS)
    distinct = ", ".join("[" + ", ".join(map(str, sorted(set(p)))) + "]" for p, _ in d.BLOCK_PATTERNS)
    return f"[{by_position}]", f"[{distinct}]"


def _pattern_index(block: str) -> str:
    pairs = tuple((str(i + 1), w) for i, (_, w) in enumerate(d.BLOCK_PATTERNS))
    return f"CAST({pick(f"rnd({block}, 'pattern')", pairs)} AS INTEGER)"


def _is_chain(superblock: str) -> str:
    return f"(rnd({superblock}, 'chain') < {d.CHAIN_SHARE})"


def _activity() -> str:
    """Return a unit's [nomenclature, code]: legacy on old ceased units, culture more often in the ESS."""
    cultural = pick("rnd(u, 'culturalcode')", d.CULTURAL_NAF)
    legacy = ", ".join(f"[{quote(n)}, {quote(c)}]" for n, c in d.LEGACY_CODES)
    association_other = one_of("rnd(u, 'othernaf')", d.OTHER_ASSOCIATION_NAF)
    company_other = one_of("rnd(u, 'othernaf')", d.OTHER_COMPANY_NAF)
    association_9499 = d.ASSOCIATION_CULTURAL_SHARE + d.ASSOCIATION_9499_SHARE
    company_cultural = (
        f"CASE WHEN ess_kind THEN {d.ESS_COMPANY_CULTURAL_SHARE} ELSE {d.COMPANY_CULTURAL_SHARE} END"
    )
    return f"""CASE
        WHEN u_legacy THEN [{legacy}][1 + floor(rnd(u, 'legacycode') * {len(d.LEGACY_CODES)})::INTEGER]
        WHEN cat LIKE '92%' THEN ['NAFRev2', CASE
            WHEN rnd(u, 'naf') < {d.ASSOCIATION_CULTURAL_SHARE} THEN {cultural}
            WHEN rnd(u, 'naf') < {association_9499} THEN '94.99Z'
            ELSE {association_other} END]
        ELSE ['NAFRev2', CASE WHEN rnd(u, 'naf') < ({company_cultural}) THEN {cultural}
                              ELSE {company_other} END]
    END"""


def _unit_ctes() -> str:
    """Return CTEs computing a unit's attributes from its key `u`, over a relation named `base`."""
    digits = ", ".join(quote(x) for x in SIREN_FIRST_DIGITS)
    count = len(SIREN_FIRST_DIGITS)
    body = (
        f"[{digits}][1 + (u % {count})::INTEGER] || "
        f"lpad(CAST(((u // {count}) * {SIREN_MULTIPLIER} + 1234567) % 10000000 AS VARCHAR), 7, '0')"
    )
    cultural_head = one_of("rnd(u, 'head')", d.CULTURAL_NAME_HEADS)
    other_head = one_of("rnd(u, 'head')", d.OTHER_NAME_HEADS)
    return f"""
    u1 AS (
        SELECT *, rnd(u, 'ess') < {d.ESS_UNIT_SHARE} AS ess_kind, {body} AS siren_body,
            rnd(u, 'closed') < {d.CLOSED_UNIT_SHARE} AS u_closed,
            DATE '1950-01-01' + CAST(floor(sqrt(rnd(u, 'created')) * 27700) AS INTEGER) AS u_created
        FROM base
    ),
    u2 AS (
        SELECT *, siren_body || luhn8(siren_body) AS siren,
            CASE WHEN ess_kind THEN {pick("rnd(u, 'cat')", d.ESS_LEGAL_CATEGORIES)}
                 ELSE {pick("rnd(u, 'cat')", d.OTHER_LEGAL_CATEGORIES)} END AS cat,
            CASE WHEN ess_kind THEN {pick("rnd(u, 'flag')", d.ESS_FLAG_OF_ESS_UNITS)}
                 ELSE {pick("rnd(u, 'flag')", d.ESS_FLAG_OF_OTHER_UNITS)} END AS flag,
            u_created + CAST(floor(rnd(u, 'closedon') * ({LAST_DAY} - u_created)) AS INTEGER) AS u_closed_on,
            u_closed AND year(u_created) < 1993
                AND rnd(u, 'legacy') < {d.LEGACY_NOMENCLATURE_SHARE_OF_OLD_CLOSED} AS u_legacy
        FROM u1
    ),
    u3 AS (
        SELECT *,
            CASE WHEN cat = '1000' THEN rnd(u, 'nd') < {d.PARTLY_PUBLIC_PERSON_SHARE}
                 ELSE rnd(u, 'nd') < {d.PARTLY_PUBLIC_OTHER_SHARE} END AS u_partly,
            {_activity()} AS u_activity,
            CASE WHEN ess_kind THEN {pick("rnd(u, 'band')", d.ESS_EMPLOYEE_BANDS)}
                 ELSE {pick("rnd(u, 'band')", d.OTHER_EMPLOYEE_BANDS)} END AS u_band,
            CASE WHEN cat LIKE '92%' OR (cat LIKE '5%' AND ess_kind) THEN {cultural_head}
                 ELSE {other_head} END
                || ' ' || {one_of("rnd(u, 'word')", d.NAME_WORDS)}
                || {one_of("rnd(u, 'tail')", d.NAME_TAILS)} AS u_name
        FROM u2
    )"""


def _select(columns: dict[str, str], names: tuple[str, ...]) -> str:
    """Return the select list in INSEE's order (a KeyError if a column has no SQL)."""
    return ",\n        ".join(f'{columns[name]} AS "{name}"' for name in names)


def unites_legales_sql(rows: int) -> str:
    """Return the SELECT of StockUniteLegale for `rows` establishments, in INSEE's 35 columns."""
    _, distinct = _patterns()
    blocks = (rows + 9) // 10
    chains = (rows + d.CHAIN_SIZE - 1) // d.CHAIN_SIZE
    base = f"""
    base AS (
        SELECT u FROM (
            SELECT b * 10 + unnest({distinct}[{_pattern_index("b")}]) AS u, b
            FROM range({blocks}) AS t(b)
            WHERE NOT {_is_chain(f"b // {d.CHAIN_SIZE // 10}")}
        ) WHERE u < {rows}
        UNION ALL
        SELECT s * {d.CHAIN_SIZE} AS u FROM range({chains}) AS t(s) WHERE {_is_chain("s")}
    )"""
    select = _select(unit_columns(), UNITE_LEGALE_COLUMNS)
    return f"WITH {base.strip()},{_unit_ctes()}\n    SELECT {select} FROM u3"


def etablissements_sql(rows: int) -> str:
    """Return the SELECT of StockEtablissement for `rows` establishments, in INSEE's 54 columns."""
    by_position, _ = _patterns()
    block = "(j // 10)"
    chain = _is_chain(f"(j // {d.CHAIN_SIZE})")
    start = f"{by_position}[{_pattern_index(block)}][1 + (j % 10)::INTEGER]"
    other_naf = one_of("rnd(j, 'e.enaf')", (*d.OTHER_COMPANY_NAF, "90.01Z", "94.99Z"))
    # The commune join is the one step that does not keep the order: sort its narrow result by row number,
    # the projections that follow keep it, so a seed always gives the same file.
    return f"""WITH base AS (
        SELECT r.*, c.code AS c_code, c.name AS c_name, c.postal AS c_postal, c.x AS c_x, c.y AS c_y,
            c.former AS c_former, c.overseas AS c_overseas
        FROM (
            SELECT j,
                CASE WHEN {chain} THEN (j // {d.CHAIN_SIZE}) * {d.CHAIN_SIZE}
                     ELSE {block} * 10 + {start} END AS u,
                CASE WHEN {chain} THEN j % {d.CHAIN_SIZE} ELSE (j % 10) - {start} END AS k
            FROM range({rows}) AS t(j)
        ) AS r
        JOIN buckets AS b ON b.bucket = CAST(floor(rnd(j, 'e.commune') * {BUCKETS}) AS BIGINT)
        JOIN communes AS c ON c.idx = b.idx
        ORDER BY j
    ),{_unit_ctes()},
    e1 AS (
        SELECT *,
            lpad(CAST(k + 1 AS VARCHAR), 4, '0') AS nic_body,
            CASE WHEN u_closed THEN u_closed_on ELSE {LAST_DAY} END AS u_end,
            rnd(j, 'e.foreign') < {d.FOREIGN_SHARE} AS foreign_address,
            CASE WHEN u_closed THEN TRUE
                 WHEN k = 0 THEN rnd(j, 'e.state') < {d.CLOSED_SHARE_OF_HEAD_OFFICE}
                 ELSE rnd(j, 'e.state') < {d.CLOSED_SHARE_OF_OTHER_ESTABLISHMENTS} END AS e_closed
        FROM u3
    ),
    e2 AS (
        SELECT *, siren || nic_body || luhn13(siren || nic_body) AS siret,
            CASE WHEN k = 0 THEN u_created
                 ELSE u_created + CAST(floor(rnd(j, 'e.ecreated') * (u_end - u_created)) AS INTEGER)
            END AS e_created,
            CASE WHEN k = 0 OR rnd(j, 'e.samenaf') < 0.8 OR u_legacy THEN u_activity
                 ELSE ['NAFRev2', {other_naf}] END AS e_activity
        FROM e1
    ),
    e3 AS (
        SELECT *,
            e_created + CAST(floor(rnd(j, 'e.eclosedon') * (u_end - e_created)) AS INTEGER) AS e_closed_on
        FROM e2
    )
    SELECT {_select(establishment_columns(), ETABLISSEMENT_COLUMNS)} FROM e3"""
