"""JSON-safe pictures of records, and the differences between two pictures of the same record."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.fields.files import FieldFile

from maillage.structures.models import Discipline, KeyFigure, Label, Relation, Structure, StructureActivity
from maillage.territories.models import Territory

# Fields a history does not show: identifiers, derived search columns, timestamps, freshness.
IGNORED_FIELDS = frozenset(
    {
        "id",
        "slug",
        "search_text",
        "search_document",
        "search_name",
        "created_at",
        "updated_at",
        "confirmed_at",
        "field_sources",  # who set each field: the history's own subject, not a field of the record
        "version",
    }
)
# Lists of a structure, each pictured as sorted natural keys (slugs, names, codes).
STRUCTURE_LISTS = ("disciplines", "labels", "territories_served", "activities")
LIST_LABELS = {
    "disciplines": "disciplines",
    "labels": "labels et licences",
    "territories_served": "territoires d'action",
    "activities": "activités",
}
EMPTY_VALUES: tuple[Any, ...] = (None, "", [])


def json_value(value: Any) -> Any:
    """Return a value as JSON can hold it: dates in ISO, decimals as text, files by name."""
    if isinstance(value, datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        # 10, 10.0 and 10.00 are one amount: a figure read back from the database must not look changed.
        return format(value.normalize(), "f")
    if isinstance(value, FieldFile):
        return value.name or ""
    return value


def tracked_fields(model: type[models.Model], *, skip: Iterable[str] = ()) -> list[models.Field[Any, Any]]:
    """Return the concrete fields of a model that a history records."""
    skipped = IGNORED_FIELDS | set(skip)
    return [f for f in model._meta.concrete_fields if f.name not in skipped]


def _fields_snapshot(obj: models.Model, fields: Iterable[models.Field[Any, Any]]) -> dict[str, Any]:
    return {f.name: json_value(f.value_from_object(obj)) for f in fields}


def structure_lists(structure_id: int, names: Iterable[str]) -> dict[str, list[Any]]:
    """Return the structure's lists named, as stored now, one query each."""
    queries = {
        "disciplines": lambda: Structure.disciplines.through.objects.filter(
            structure_id=structure_id
        ).values_list("discipline__slug", flat=True),
        "labels": lambda: Structure.labels.through.objects.filter(structure_id=structure_id).values_list(
            "label__name", flat=True
        ),
        "territories_served": lambda: Structure.territories_served.through.objects.filter(
            structure_id=structure_id
        ).values_list("territory_id", flat=True),
        "activities": lambda: StructureActivity.objects.filter(structure_id=structure_id).values_list(
            "activity", flat=True
        ),
    }
    return {name: sorted(queries[name]()) for name in names}


def structure_snapshot(structure: Structure, *, lists: Iterable[str] = ()) -> dict[str, Any]:
    """Picture a structure's fields, and the lists named as they are stored now."""
    snapshot = _fields_snapshot(structure, tracked_fields(Structure))
    if structure.pk is not None:
        snapshot.update(structure_lists(structure.pk, lists))
    return snapshot


def lists_snapshot(
    *,
    disciplines: Iterable[Discipline] | None = None,
    labels: Iterable[Label] | None = None,
    territories_served: Iterable[Territory] | None = None,
    activities: Iterable[str] | None = None,
) -> dict[str, list[Any]]:
    """Picture the lists a write sets, from the objects given, as structure_lists reads them back."""
    pictures = {
        "disciplines": None if disciplines is None else [d.slug for d in disciplines],
        "labels": None if labels is None else [label.name for label in labels],
        "territories_served": None if territories_served is None else [t.pk for t in territories_served],
        "activities": None if activities is None else list(activities),
    }
    return {name: sorted(set(values)) for name, values in pictures.items() if values is not None}


# Who decided a declared membership is the revision's author already; the account stays out of the values.
RELATION_DECISION_FIELDS = frozenset({"decided_by", "decided_at"})


def relation_snapshot(relation: Relation) -> dict[str, Any]:
    return _fields_snapshot(relation, tracked_fields(Relation, skip=RELATION_DECISION_FIELDS))


def key_figure_snapshot(figure: KeyFigure) -> dict[str, Any]:
    return _fields_snapshot(figure, tracked_fields(KeyFigure, skip={"structure"}))


def model_field(model: type[models.Model], name: str) -> models.Field[Any, Any] | None:
    """Return a model's concrete field by name, or None for a name the model no longer has."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    return field if isinstance(field, models.Field) else None


def _is_default(field: models.Field[Any, Any], value: Any) -> bool:
    return field.has_default() and not callable(field.default) and json_value(field.get_default()) == value


def _label(model: type[models.Model], field_name: str, value: Any) -> str:
    """Name the record a foreign key points to, so a history still reads once it is gone."""
    if value is None:
        return ""
    related = model._meta.get_field(field_name).related_model
    assert isinstance(related, type)  # noqa: S101 (concrete foreign keys resolve to a model class)
    found = related._default_manager.filter(pk=value).first()
    if found is None:
        return str(value)
    return str(getattr(found, "name", None) or found)


def differences(
    model: type[models.Model], before: dict[str, Any] | None, after: dict[str, Any] | None
) -> dict[str, dict[str, Any]]:
    """Return {field: {"old", "new"}} for the fields that changed; None stands for no record at all.

    An empty value counts as no value; a record created or deleted is pictured by what it says, without
    the defaults it was given.
    """
    whole = before is None or after is None
    after = after if after is not None else dict.fromkeys(before or {})
    changes: dict[str, dict[str, Any]] = {}
    names = list(after) + [n for n in (before or {}) if n not in after]
    for name in names:
        old = (before or {}).get(name)
        new = after.get(name)
        if old == new or (old in EMPTY_VALUES and new in EMPTY_VALUES):
            continue
        field = None if name in LIST_LABELS else model_field(model, name)
        if whole and field is not None and _is_default(field, old if new is None else new):
            continue
        change: dict[str, Any] = {"old": old, "new": new}
        if field is not None and field.many_to_one:
            change["old_label"] = _label(model, name, old)
            change["new_label"] = _label(model, name, new)
        changes[name] = change
    return changes
