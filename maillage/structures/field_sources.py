"""Who set each field of a structure: a person, an import run of a source, the reference data, a derivation.

`Structure.field_sources` maps a field name to an entry, a small JSON object:

- `{"kind": "person", "by": <user id>, "at": "<iso date>"}`: a person typed it; no import overwrites it;
- `{"kind": "import", "source": "sirene" | "network:<file>", "run": <ImportRun id>, "at": …}`;
- `{"kind": "reference", "at": …}`: the reference dataset (founding documents);
- `{"kind": "derived", "from": "naf", "code": "90.01Z", "at": …}`: deduced from another field.

The key "_" holds the entry of the import that created the record, for every field without its own:
an import of hundreds of thousands of records writes one small entry per record, not one per field.
Field names are the model's (`commune`, not `commune_id`); lists are named as on the model
(`disciplines`, `labels`, `territories_served`, `activities`).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.db import models
from django.utils import timezone

PERSON, IMPORT, REFERENCE, DERIVED = "person", "import", "reference", "derived"
DEFAULT_KEY = "_"
SIRENE = "sirene"
REFERENCE_SOURCE = "reference"
# Fields whose value people set and sources may disagree with (not identifiers of the record itself,
# nor timestamps and derived search columns).
TRACKED_FIELDS = frozenset(
    {
        *("name", "acronym", "other_names", "description", "siret", "siren", "parent"),
        *("legal_category_code", "legal_category_label", "ess_family", "is_ess", "naf_code", "naf_label"),
        *("kind", "street", "postal_code", "commune", "latitude", "longitude", "website", "email"),
        *("phone", "founded_on", "founded_on_precision", "is_active", "closed_on", "headcount_band"),
        *("headcount_year", "logo"),
        *("disciplines", "labels", "territories_served", "activities"),
    }
)
# Fields a derivation fills: discipline from the NAF code.
DERIVED_FROM_NAF = {"from": "naf"}


def key(name: str) -> str:
    """Return the provenance key of a field given by name or column (`commune_id` → `commune`)."""
    return {"commune_id": "commune", "parent_id": "parent"}.get(name, name)


def _today() -> str:
    return timezone.localdate().isoformat()


def person(user_id: int | None, at: datetime.date | None = None) -> dict[str, Any]:
    return {"kind": PERSON, "by": user_id, "at": (at or timezone.localdate()).isoformat()}


def imported(source: str, run: int | None) -> dict[str, Any]:
    return {"kind": IMPORT, "source": source, "run": run, "at": _today()}


def reference() -> dict[str, Any]:
    return {"kind": REFERENCE, "source": REFERENCE_SOURCE, "at": _today()}


def derived_from_naf(code: str) -> dict[str, Any]:
    return {"kind": DERIVED, **DERIVED_FROM_NAF, "code": code, "at": _today()}


def entry(sources: dict[str, Any], name: str) -> dict[str, Any] | None:
    """Return the entry of a field: its own, else the creating import's, else None (unknown)."""
    found = sources.get(key(name)) or sources.get(DEFAULT_KEY)
    return found if isinstance(found, dict) else None


def set_by_person(sources: dict[str, Any], name: str) -> bool:
    """Tell whether a person set the field's current value (an import then only proposes changes)."""
    own = sources.get(key(name))
    return isinstance(own, dict) and own.get("kind") == PERSON


def with_entries(sources: dict[str, Any], names: Iterable[str], new: dict[str, Any]) -> dict[str, Any]:
    """Return a copy of `sources` where each field named has the entry `new`."""
    result = dict(sources)
    for name in names:
        result[key(name)] = new
    return result


def describe(found: dict[str, Any] | None) -> str:
    """Say in French where a value comes from: « saisie par une personne », « import SIRENE n° 7 »…"""
    if not found:
        return ""
    kind = found.get("kind")
    if kind == PERSON:
        return "saisie par une personne"
    if kind == DERIVED:
        return "déduite de l'activité (NAF)"
    if kind == REFERENCE:
        return "données de référence"
    if kind == IMPORT:
        return f"{source_name(str(found.get('source', '')))}" + (
            f" n° {found['run']}" if found.get("run") else ""
        )
    return ""


def source_name(source: str) -> str:
    """Name a source as a sentence does: « import SIRENE », « import du fichier « X » »."""
    if source == SIRENE:
        return "import SIRENE"
    if source.startswith("network:"):
        return f"import du fichier « {source.removeprefix('network:')} »"
    if source == REFERENCE_SOURCE:
        return "données de référence"
    return f"import {source}"


def source_title(source: str) -> str:
    """Name a source as the subject of « … dit désormais » : SIRENE, le fichier « X »…"""
    if source == SIRENE:
        return "SIRENE"
    if source.startswith("network:"):
        return f"Le fichier « {source.removeprefix('network:')} »"
    if source == REFERENCE_SOURCE:
        return "Le jeu de référence"
    return source


def model_field(name: str) -> models.Field[Any, Any]:
    """Return the Structure's concrete field of that name or column."""
    from maillage.structures.models import Structure  # noqa: PLC0415 (this module stays free of models)

    found = Structure._meta.get_field(name)
    if not isinstance(found, models.Field):
        raise TypeError(f"{name} n'est pas un champ de la structure")
    return found
