"""Writes to the directory: structures, relations and key figures, each validated in one transaction.

Every write that changed something is handed to the recorders of `structures.recorders` (history registers
one). `actor` is the person acting (None for imports and the system), `via` the channel ("direct",
"moderation", "api", "import", "admin", "revert", "merge"; guessed from `actor` when empty), `comment`
their explanation. A write by a person also confirms the structure's record (confirmed_at).
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import FileField, ForeignKey
from django.utils import timezone

from maillage.concurrency.versions import check_version, versioned_update
from maillage.structures import field_sources
from maillage.structures import recorders as history
from maillage.structures.changes import structures_edited
from maillage.structures.derivation import (
    current_disciplines,
    current_labels,
    derive_fields,
    structure_search_fields,
)
from maillage.structures.enums import Activity
from maillage.structures.models import Discipline, Label, Relation, Structure, StructureActivity
from maillage.structures.snapshots import (
    STRUCTURE_LISTS,
    lists_snapshot,
    structure_snapshot,
)
from maillage.territories.models import Territory

# Fields a caller may set; slug and search_text are derived, timestamps automatic.
STRUCTURE_FIELDS = frozenset(
    f.name
    for f in Structure._meta.concrete_fields
    if f.name not in {"id", "slug", "search_text", "created_at", "updated_at"}
) | {"parent_id", "commune_id"}
RELATION_FIELDS = frozenset(
    f.name for f in Relation._meta.concrete_fields if f.name not in {"id", "created_at", "updated_at"}
)
Actor = Any  # an accounts.User, or None for imports and the system


def structure_create(
    *,
    name: str,
    disciplines: Iterable[Discipline] = (),
    labels: Iterable[Label] = (),
    territories_served: Iterable[Territory] = (),
    activities: Iterable[str] = (),
    actor: Actor = None,
    comment: str = "",
    via: str = "",
    **fields: Any,
) -> Structure:
    """Create a structure; SIREN, ESS family, labels of codes, slug and search text are derived."""
    _check_names(fields, STRUCTURE_FIELDS)
    return structure_save(
        structure=Structure(name=name, **fields),
        given={"name", *fields},
        disciplines=disciplines,
        labels=labels,
        territories_served=territories_served,
        activities=activities,
        actor=actor,
        comment=comment,
        via=via,
    )


def structure_update(
    *,
    structure: Structure,
    expected_version: int | None = None,
    disciplines: Iterable[Discipline] | None = None,
    labels: Iterable[Label] | None = None,
    territories_served: Iterable[Territory] | None = None,
    activities: Iterable[str] | None = None,
    actor: Actor = None,
    comment: str = "",
    via: str = "",
    reverts: Any = None,
    **fields: Any,
) -> Structure:
    """Change some fields of a structure read at `expected_version` (None: as it is now, row locked).

    Lists passed replace the current ones, derived fields follow. Only the fields that change are written,
    by one conditional UPDATE: StaleWriteError when someone else wrote since the version expected.
    """
    _check_names(fields, STRUCTURE_FIELDS)
    return _structure_write(
        structure=structure,
        fields=fields,
        expected_version=expected_version,
        lists={
            "disciplines": disciplines,
            "labels": labels,
            "territories_served": territories_served,
            "activities": activities,
        },
        actor=actor,
        comment=comment,
        via=via,
        reverts=reverts,
    )


@transaction.atomic
def structure_save(
    *,
    structure: Structure,
    given: Iterable[str],
    expected_version: int | None = None,
    disciplines: Iterable[Discipline] | None = None,
    labels: Iterable[Label] | None = None,
    territories_served: Iterable[Territory] | None = None,
    activities: Iterable[str] | None = None,
    actor: Actor = None,
    comment: str = "",
    via: str = "",
    reverts: Any = None,
) -> Structure:
    """Derive, validate and save a structure whose `given` fields a service or a form has just set."""
    lists = {
        "disciplines": disciplines,
        "labels": labels,
        "territories_served": territories_served,
        "activities": activities,
    }
    if structure.pk is not None:
        # An existing record: only the fields given are written, over the row as it is now.
        names = {_FIELD_NAMES.get(name, name) for name in given} & STRUCTURE_FIELDS
        return _structure_write(
            structure=structure,
            fields={name: getattr(structure, name) for name in names},
            expected_version=expected_version,
            lists=lists,
            actor=actor,
            comment=comment,
            via=via,
            reverts=reverts,
        )
    lists_given = _given_lists(lists)
    derive_fields(structure, previous=None, given=set(given))
    structure_search_fields(
        structure,
        lists_given.get("disciplines", []),
        lists_given.get("labels", []),
    )
    after_lists = lists_snapshot(**lists_given)
    if actor is not None:
        structure.confirmed_at = timezone.now()
        if "field_sources" not in given:  # a caller giving provenance (accepting a source) states its own
            _mark_person(structure, None, set(given), None, after_lists, actor)
    structure.full_clean()
    structure.save()
    _set_lists(structure, lists_given)
    structures_edited(structure.commune_id)
    history.revision_record_structure(
        structure=structure,
        before=None,
        after_lists=after_lists,
        actor=actor,
        via=via,
        comment=comment,
        reverts=reverts,
    )
    return structure


def _structure_write(
    *,
    structure: Structure,
    fields: dict[str, Any],
    expected_version: int | None,
    lists: dict[str, Iterable[Any] | None],
    actor: Actor,
    comment: str,
    via: str,
    reverts: Any,
) -> Structure:
    """Write the fields that change over the row read now, at the version expected; update `structure`."""
    with transaction.atomic():
        # No join: PostgreSQL refuses FOR UPDATE on the nullable side of an outer join.
        previous = Structure.objects.select_for_update().get(pk=structure.pk)
        check_version(previous, expected_version)
        lists_given = _given_lists(lists)
        before = structure_snapshot(previous, lists=tuple(lists_given))
        target = copy.copy(previous)
        for name, value in fields.items():
            setattr(target, name, value)
        derive_fields(target, previous=previous, given=set(fields))
        structure_search_fields(
            target,
            lists_given["disciplines"] if "disciplines" in lists_given else current_disciplines(target),
            lists_given["labels"] if "labels" in lists_given else current_labels(target),
        )
        after_lists = lists_snapshot(**lists_given)
        if actor is not None:
            target.confirmed_at = timezone.now()
            if (
                "field_sources" not in fields
            ):  # a caller giving provenance (accepting a source) states its own
                _mark_person(target, previous, set(fields), before, after_lists, actor)
        target.full_clean()
        changed = _changed_fields(previous, target)
        if changed or any(before[name] != after_lists[name] for name in after_lists):
            versioned_update(target, expected_version=previous.version, fields=changed)
            structures_edited(previous.commune_id, target.commune_id)
        _set_lists(target, lists_given)
        history.revision_record_structure(
            structure=target,
            before=before,
            after_lists=after_lists,
            actor=actor,
            via=via,
            comment=comment,
            reverts=reverts,
        )
    _copy_values(target, structure, changed)
    return structure


# Form field names that are not the model's attribute names.
_FIELD_NAMES = {"commune": "commune_id", "parent": "parent_id"}


def _given_lists(lists: dict[str, Iterable[Any] | None]) -> dict[str, Any]:
    """Keep the lists a write replaces, checked and materialised."""
    given = {name: list(values) for name, values in lists.items() if values is not None}
    if "activities" in given:
        given["activities"] = _checked_activities(given["activities"])
    return given


def _set_lists(structure: Structure, lists: dict[str, Any]) -> None:
    if "disciplines" in lists:
        structure.disciplines.set(lists["disciplines"])
    if "labels" in lists:
        structure.labels.set(lists["labels"])
    if "territories_served" in lists:
        structure.territories_served.set(lists["territories_served"])
    if "activities" in lists:
        _set_activities(structure, lists["activities"])


def _changed_fields(previous: Structure, target: Structure) -> list[str]:
    """Name the concrete fields whose value differs, a newly uploaded file included."""
    changed = []
    for field in Structure._meta.concrete_fields:
        if field.name in {"id", "version", "updated_at"}:
            continue
        value = getattr(target, field.attname)
        fresh_file = isinstance(field, FileField) and value and not getattr(value, "_committed", True)
        if fresh_file or value != getattr(previous, field.attname):
            changed.append(field.name)
    return changed


def _copy_values(source: Structure, structure: Structure, changed: Iterable[str]) -> None:
    """Give the caller's instance the values written, forgetting related objects that changed."""
    if source is structure:
        return
    for field in Structure._meta.concrete_fields:
        setattr(structure, field.attname, getattr(source, field.attname))
        if field.name in changed and isinstance(field, ForeignKey) and field.is_cached(structure):
            field.delete_cached_value(structure)


@transaction.atomic
def structure_set_activities(*, structure: Structure, activities: Iterable[str]) -> None:
    """Replace the activities of a structure."""
    _set_activities(structure, _checked_activities(activities))


def structure_refresh_search_text(*, structure: Structure) -> None:
    """Recompute the search text once disciplines or labels changed outside structure_save (admin forms)."""
    before = (structure.search_text, structure.search_document)
    structure_search_fields(structure, current_disciplines(structure), current_labels(structure))
    if (structure.search_text, structure.search_document) != before:
        structure.save(update_fields=["search_text", "search_document", "search_name", "updated_at"])


def _mark_person(
    structure: Structure,
    previous: Structure | None,
    given: set[str],
    before: dict[str, Any] | None,
    after_lists: dict[str, list[Any]],
    actor: Actor,
) -> None:
    """Mark the fields a person changed as theirs: no import overwrites them, sources only propose."""
    # A list named among the fields given (the admin's form lists what it changed) is the person's too.
    changed = [name for name in given if name in STRUCTURE_LISTS]
    changed += [
        name
        for name in given
        if field_sources.key(name) in field_sources.TRACKED_FIELDS
        and name not in STRUCTURE_LISTS
        and (previous is None or _value(previous, name) != _value(structure, name))
        and not (previous is None and _value(structure, name) in (None, ""))
    ]
    changed += [
        name
        for name, values in after_lists.items()
        if (before or {}).get(name, []) != values and not (before is None and not values)
    ]
    if changed:
        entry = field_sources.person(getattr(actor, "pk", None))
        structure.field_sources = field_sources.with_entries(structure.field_sources or {}, changed, entry)


def _value(structure: Structure, name: str) -> Any:
    return getattr(structure, field_sources.model_field(name).attname)


def _check_names(fields: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(fields) - allowed)
    if unknown:
        raise TypeError(f"Champs inconnus : {', '.join(unknown)}")


def _checked_activities(activities: Iterable[str]) -> list[str]:
    values = list(dict.fromkeys(activities))
    unknown = [a for a in values if a not in Activity.values]
    if unknown:
        raise ValidationError({"activities": f"Activités inconnues : {', '.join(unknown)}."})
    return values


def _set_activities(structure: Structure, activities: list[str]) -> None:
    StructureActivity.objects.filter(structure=structure).exclude(activity__in=activities).delete()
    existing = set(StructureActivity.objects.filter(structure=structure).values_list("activity", flat=True))
    StructureActivity.objects.bulk_create(
        [StructureActivity(structure=structure, activity=a) for a in activities if a not in existing]
    )
