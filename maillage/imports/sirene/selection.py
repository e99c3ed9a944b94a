"""Which SIRENE establishments the directory takes: of an ESS legal unit, with a cultural activity.

The cultural activities are the directory's own list, `maillage.structures.naf.CULTURAL_NAF_LABELS`
(NAF rév. 2: 90.0x live and visual arts, 59.1x and 59.20Z film and music, 91.01Z to 91.03Z heritage,
85.52Z cultural teaching, 58.1x publishing, 74.10Z design, 93.29Z other recreational activities), so
that an imported structure is "cultural" exactly when the rest of the platform says so. Two codes are
left out by default and can be added with `--naf culture,94.99Z`: 91.04Z (botanical gardens and zoos)
and 94.99Z (other membership organisations), where many cultural associations are filed but far more
that are not (sports supporters, residents' and parents' associations…).

A legal unit is in the ESS when SIRENE flags it (`economieSocialeSolidaireUniteLegale = O`) or when its
legal category is one of the ESS families by law (associations, cooperatives, mutuelles, fondations:
`maillage.structures.legal_categories`). `--sans-ess-flag` ignores SIRENE's flag and keeps the legal
categories only (for stocks older than the flag, or to compare).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field

from maillage.structures.enums import STATUTORY_ESS_FAMILIES
from maillage.structures.legal_categories import ess_family_for
from maillage.structures.naf import CULTURAL_NAF_LABELS, NAF_CODE, normalize_naf_code

DEFAULT_KEYWORD = "culture"
DEFAULT_NAF_CODES: tuple[str, ...] = tuple(sorted(CULTURAL_NAF_LABELS))
# Nomenclatures of activity INSEE still prints on old ceased units; their codes are not NAF rév. 2.
CURRENT_NOMENCLATURE = "NAFRev2"
LEGACY_NOMENCLATURES = ("NAFRev1", "NAF1993", "NAP")


def _ess_legal_categories() -> tuple[str, ...]:
    """Every four-digit legal category whose family is in the ESS by law, from the one set of rules."""
    codes = (f"{number:04d}" for number in range(10_000))
    return tuple(c for c in codes if ess_family_for(c, None) in STATUTORY_ESS_FAMILIES)


ESS_LEGAL_CATEGORIES = _ess_legal_categories()


@dataclass(frozen=True)
class Selection:
    """The NAF codes kept and whether SIRENE's ESS flag counts."""

    naf_codes: tuple[str, ...] = DEFAULT_NAF_CODES
    use_ess_flag: bool = True
    ess_legal_categories: tuple[str, ...] = field(default=ESS_LEGAL_CATEGORIES, repr=False)

    def describe(self) -> dict[str, object]:
        """Return what the ImportRun records, so the 98 % guard compares like with like."""
        return {"naf": list(self.naf_codes), "ess_flag": self.use_ess_flag}

    def fingerprint(self) -> str:
        text = json.dumps(self.describe(), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def naf_sql(self, column: str) -> str:
        """Return a SQL condition: the normalised NAF column is one of the selected codes."""
        return f"{column} IN ({_sql_list(self.naf_codes)})"

    def ess_sql(self, flag: str, category: str) -> str:
        """Return a SQL condition: the legal unit is in the ESS."""
        by_category = f"{category} IN ({_sql_list(self.ess_legal_categories)})"
        if not self.use_ess_flag:
            return by_category
        return f"({flag} = 'O' OR {by_category})"


def parse_naf_option(value: str | None) -> tuple[str, ...]:
    """Read `--naf`: codes separated by commas, `culture` standing for the default list."""
    if not value:
        return DEFAULT_NAF_CODES
    codes: list[str] = []
    for item in value.split(","):
        token = item.strip()
        if not token:
            continue
        if token.lower() == DEFAULT_KEYWORD:
            codes.extend(DEFAULT_NAF_CODES)
            continue
        code = normalize_naf_code(token)
        if not NAF_CODE.fullmatch(code):
            raise ValueError(f"Code NAF illisible : « {token} » (attendu : 90.01Z, 9001Z ou « culture »).")
        codes.append(code)
    if not codes:
        raise ValueError("--naf ne contient aucun code.")
    return tuple(sorted(set(codes)))


def normalized_naf_sql(column: str) -> str:
    """Return a SQL expression spelling a NAF rév. 2 code as `90.01Z`, whether SIRENE wrote the dot or not."""
    compact = f"upper(replace(replace(trim({column}), '.', ''), ' ', ''))"
    return (
        f"CASE WHEN regexp_full_match({compact}, '[0-9]{{4}}[A-Z]') "
        f"THEN substr({compact}, 1, 2) || '.' || substr({compact}, 3, 3) "
        f"ELSE trim({column}) END"
    )


def _sql_list(values: tuple[str, ...]) -> str:
    # Values are NAF codes and legal categories checked against fixed patterns: quoting suffices.
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)
