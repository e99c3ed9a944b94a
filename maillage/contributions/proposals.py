"""A structure's public profile as JSON-safe values: what a proposal stores, compares and applies."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from maillage.contributions.declarations import DECLARATION_KEYS, declaration_lines
from maillage.structures.enums import Activity, EssFamily, StructureKind
from maillage.structures.legal_categories import legal_category_label
from maillage.structures.models import Discipline, Structure
from maillage.territories.models import Territory

# The profile fields a contribution may change, in the order forms and diffs show them.
TEXT_FIELDS = (
    "name",
    "acronym",
    "description",
    "website",
    "email",
    "phone",
    "street",
    "postal_code",
)
# Legal form and ESS family: SIRENE gives them when it knows the record; people fill or correct them.
LEGAL_FIELDS = ("legal_category_code", "ess_family")
PROFILE_FIELDS = (*TEXT_FIELDS, "commune", "kind", *LEGAL_FIELDS, "disciplines", "activities")
# What a creation proposes besides the profile.
CREATION_FIELDS = ("siret", *PROFILE_FIELDS)
LIST_FIELDS = frozenset({"disciplines", "activities"})
LABELS = {
    "siret": "SIRET",
    "name": "Nom",
    "acronym": "Sigle",
    "description": "Présentation",
    "website": "Site web",
    "email": "Courriel de la structure",
    "phone": "Téléphone de la structure",
    "street": "Adresse",
    "postal_code": "Code postal",
    "commune": "Commune",
    "kind": "Type",
    "legal_category_code": "Forme juridique",
    "ess_family": "Famille de l'ESS",
    "disciplines": "Disciplines",
    "activities": "Activités",
}


def profile_values(structure: Structure) -> dict[str, Any]:
    """Return the structure's profile as JSON-safe values (disciplines and activities prefetched or not)."""
    values: dict[str, Any] = {name: getattr(structure, name) or "" for name in TEXT_FIELDS}
    values["commune"] = structure.commune_id or ""
    values["kind"] = structure.kind
    values["legal_category_code"] = structure.legal_category_code
    values["ess_family"] = structure.ess_family
    values["disciplines"] = sorted(d.slug for d in structure.disciplines.all())
    values["activities"] = sorted(a.activity for a in structure.activities.all())
    return values


def normalised(values: Mapping[str, Any]) -> dict[str, Any]:
    """Return values in the stored form: strings stripped, lists sorted without repeats."""
    result: dict[str, Any] = {}
    for name, value in values.items():
        if name in LIST_FIELDS:
            result[name] = sorted(set(value or []))
        else:
            result[name] = (value or "").strip() if isinstance(value, str) or value is None else value
    return result


def changed_values(current: Mapping[str, Any], proposed: Mapping[str, Any]) -> dict[str, Any]:
    """Return the proposed values that differ from the current ones."""
    proposed = normalised(proposed)
    return {
        name: value
        for name, value in proposed.items()
        if normalised({name: current.get(name)})[name] != value
    }


def service_fields(values: Mapping[str, Any]) -> dict[str, Any]:
    """Turn JSON-safe values into the keyword arguments of structure_create and structure_update."""
    fields: dict[str, Any] = {}
    for name, value in values.items():
        if name == "commune":
            fields["commune_id"] = value or None
        elif name == "disciplines":
            fields["disciplines"] = list(Discipline.objects.filter(slug__in=value))
        elif name in PROFILE_FIELDS or name == "siret":
            fields[name] = value
    return fields


@dataclass(frozen=True)
class DiffRow:
    label: str
    before: str
    after: str


class Describer:
    """Show values to people: commune and discipline names looked up once for many proposals."""

    def __init__(self, values: Iterable[Mapping[str, Any]]) -> None:
        communes: set[str] = set()
        slugs: set[str] = set()
        targets: set[str] = set()
        for mapping in values:
            if mapping.get("commune"):
                communes.add(str(mapping["commune"]))
            slugs.update(mapping.get("disciplines") or [])
            for key in ("relations_add", "relations_remove"):
                targets.update(item["target"] for item in mapping.get(key) or [])
        self.communes = (
            {t.id: f"{t.name} ({t.code})" for t in Territory.objects.filter(pk__in=communes)}
            if communes
            else {}
        )
        self.disciplines = (
            dict(Discipline.objects.filter(slug__in=slugs).values_list("slug", "name")) if slugs else {}
        )
        self.structures = (
            dict(Structure.objects.filter(slug__in=targets).values_list("slug", "name")) if targets else {}
        )

    def show(self, name: str, value: Any) -> str:
        """Return a value as a reader would say it."""
        if value in ("", None, []):
            return ""
        if name == "commune":
            return self.communes.get(value, str(value))
        if name == "kind":
            return str(StructureKind(value).label) if value in StructureKind.values else str(value)
        if name == "legal_category_code":
            label = legal_category_label(str(value))
            return f"{label} ({value})" if label else str(value)
        if name == "ess_family":
            return str(EssFamily(value).label) if value in EssFamily.values else str(value)
        if name == "disciplines":
            return ", ".join(self.disciplines.get(slug, slug) for slug in value)
        if name == "activities":
            return ", ".join(str(Activity(a).label) if a in Activity.values else a for a in value)
        return str(value)

    def rows(self, current: Mapping[str, Any], proposed: Mapping[str, Any]) -> list[DiffRow]:
        """Return one row per proposed field: its label, the current value and the proposed one."""
        order = {name: position for position, name in enumerate(CREATION_FIELDS)}
        fields = sorted(
            ((name, value) for name, value in proposed.items() if name not in DECLARATION_KEYS),
            key=lambda item: order.get(item[0], 99),
        )
        rows = [
            DiffRow(LABELS.get(name, name), self.show(name, current.get(name)), self.show(name, value))
            for name, value in fields
        ]
        return rows + [DiffRow(*line) for line in declaration_lines(proposed, self.structures)]


def corrections(
    proposed: Mapping[str, Any], final: Mapping[str, Any], current: Mapping[str, Any] | None = None
) -> list[DiffRow]:
    """Return what a moderator changed in a proposal: per field, the value proposed and the one kept.

    `current` is the record before the decision (for an edit): a field the author left alone reads as
    its current value, so that a moderator's own addition shows too.
    """
    base = normalised({k: v for k, v in (current or {}).items() if k not in DECLARATION_KEYS})
    asked = {**base, **normalised({k: v for k, v in proposed.items() if k not in DECLARATION_KEYS})}
    kept = {**base, **normalised({k: v for k, v in final.items() if k not in DECLARATION_KEYS})}
    order = {name: position for position, name in enumerate(CREATION_FIELDS)}
    names = sorted(
        (n for n in set(asked) | set(kept) if asked.get(n, "") != kept.get(n, "")),
        key=lambda n: order.get(n, 99),
    )
    if not names:
        return []
    describer = Describer([asked, kept])
    return [
        DiffRow(LABELS.get(n, n), describer.show(n, asked.get(n, "")), describer.show(n, kept.get(n, "")))
        for n in names
    ]
