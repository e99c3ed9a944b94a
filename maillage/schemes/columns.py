"""The schema's columns, in its own order, and how each maps to a field of Scheme."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from maillage.schemes.enums import Variant

SCHEMAS_DIR = Path(__file__).resolve().parent / "schemas"
TEXT, LIST, OBJECTS, DATETIME, INT, UUID = "text", "list", "objects", "datetime", "int", "uuid"


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    kind: str


COLUMNS = (
    Column("id", "uid", UUID),
    Column("titre", "title", TEXT),
    Column("promesse", "promise", TEXT),
    Column("description", "description", TEXT),
    Column("eligibilite", "eligibility", TEXT),
    Column("types_aides", "aid_types", LIST),
    Column("porteurs", "porteurs", OBJECTS),
    Column("programmes_parents", "programmes_parents", LIST),
    Column("url_source", "url_source", TEXT),
    Column("cibles", "targets", LIST),
    Column("eligibilite_geographique", "geo_codes", LIST),
    Column("eligibilite_geographique_exclusions", "geo_exclusions", LIST),
    Column("date_ouverture", "opens_at", DATETIME),
    Column("date_cloture", "closes_at", DATETIME),
    Column("date_mise_a_jour", "source_updated_at", DATETIME),
    Column("base_juridique", "legal_basis", OBJECTS),
    Column("eligibilite_effectif_minimal", "headcount_min", INT),
    Column("eligibilite_effectif_maximal", "headcount_max", INT),
    Column("eligibilite_categorie_taille_entreprise", "size_categories", LIST),
    Column("eligibilite_annees_existence_minimal", "min_years", INT),
    Column("eligibilite_forme_juridique", "legal_forms", LIST),
    Column("eligibilite_forme_juridique_exclusions", "legal_forms_excluded", LIST),
    Column("ciblage_secteur_activite", "sectors", LIST),
    Column("ciblage_naf", "naf_codes", LIST),
    Column("ciblage_naf_exclusions", "naf_excluded", LIST),
    Column("chainage_paiement", "payment_chain", TEXT),
)
# Extensions the schema lacks, read from and written to columns of their own (JSON export and imports).
EXTENSIONS = (
    Column("x_disciplines", "disciplines", LIST),
    Column("x_familles_ess", "ess_families", LIST),
    Column("x_esus", "esus_only", TEXT),
    Column("x_besoins", "needs", LIST),
    Column("x_instruments", "instruments", LIST),
    Column("x_formats_accompagnement", "formats", LIST),
)
BY_HEADER = {column.header: column for column in (*COLUMNS, *EXTENSIONS)}
# What an import may change on a published scheme without a moderator's review.
DATE_FIELDS = frozenset({"opens_at", "closes_at", "source_updated_at"})


def schema_path(variant: str) -> Path:
    return SCHEMAS_DIR / f"{variant}.schema.json"


@cache
def schema_descriptor(variant: str) -> dict[str, Any]:
    return dict(json.loads(schema_path(variant).read_text(encoding="utf-8")))


def headers(variant: str) -> list[str]:
    """Return the variant's columns in the schema's order."""
    return [field["name"] for field in schema_descriptor(variant)["fields"]]


def required_headers(variant: str) -> list[str]:
    fields = schema_descriptor(variant)["fields"]
    return [f["name"] for f in fields if f.get("constraints", {}).get("required")]


def variant_of(found_headers: list[str]) -> str:
    """Tell the variant from the headers: any typed criterion column means the professionnels one."""
    extra = set(headers(Variant.PROFESSIONNELS)) - set(headers(Variant.BASE))
    return Variant.PROFESSIONNELS if extra & set(found_headers) else Variant.BASE
