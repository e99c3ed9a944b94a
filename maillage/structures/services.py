"""Writes to the directory: structures, relations and key figures, each validated in one transaction.

Every write that changed something is handed to the recorders of `structures.recorders` (history registers
one). `actor` is the person acting (None for imports and the system), `via` the channel ("direct",
"moderation", "api", "import", "admin", "revert", "merge"; guessed from `actor` when empty), `comment`
their explanation. A write by a person also confirms the structure's record (confirmed_at).
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import FileField, ForeignKey
from django.utils import timezone

from maillage.concurrency.versions import StaleWriteError, check_version, versioned_update
from maillage.structures import field_sources
from maillage.structures import recorders as history
from maillage.structures.derivation import (
    current_disciplines,
    current_labels,
    derive_fields,
    structure_search_fields,
)
from maillage.structures.enums import Activity, DatePrecision, RelationState
from maillage.structures.models import Discipline, KeyFigure, Label, Relation, Structure, StructureActivity
from maillage.structures.snapshots import (
    STRUCTURE_LISTS,
    key_figure_snapshot,
    lists_snapshot,
    relation_snapshot,
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


@transaction.atomic
def relation_create(
    *,
    source: Structure,
    kind: str,
    target: Structure | None = None,
    joint_act: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    date_precision: str = DatePrecision.DAY,
    description: str = "",
    source_label: str = "",
    source_url: str = "",
    source_date: datetime.date | None = None,
    state: str = RelationState.ACCEPTED,
    actor: Actor = None,
    comment: str = "",
    via: str = "",
    reverts: Any = None,
) -> Relation:
    """Link a structure to another one, or to a convention or event it took part in."""
    relation = Relation(
        source=source,
        kind=kind,
        target=target,
        joint_act=joint_act.strip(),
        start_date=start_date,
        end_date=end_date,
        date_precision=date_precision,
        description=description,
        source_label=source_label,
        source_url=source_url,
        source_date=source_date,
        state=state,
    )
    relation.full_clean()
    relation.save()
    history.revision_record_relation(
        relation=relation, before=None, actor=actor, via=via, comment=comment, reverts=reverts
    )
    return relation


@transaction.atomic
def relation_update(
    *,
    relation: Relation,
    expected_version: int | None = None,
    actor: Actor = None,
    comment: str = "",
    via: str = "",
    reverts: Any = None,
    **fields: Any,
) -> Relation:
    """Change some fields of a relation read at `expected_version` (None: as it is now, row locked)."""
    _check_names(fields, RELATION_FIELDS)
    previous = _locked(Relation, relation.pk, expected_version)
    target = copy.copy(previous)
    for name, value in fields.items():
        setattr(target, name, value)
    target.full_clean()
    changed = [
        f.name
        for f in Relation._meta.concrete_fields
        if f.name not in {"id", "version", "updated_at"}
        and getattr(target, f.attname) != getattr(previous, f.attname)
    ]
    if changed:
        versioned_update(target, expected_version=previous.version, fields=changed)
    history.revision_record_relation(
        relation=target,
        before=relation_snapshot(previous),
        actor=actor,
        via=via,
        comment=comment,
        reverts=reverts,
    )
    for field in Relation._meta.concrete_fields:
        setattr(relation, field.attname, getattr(target, field.attname))
    return relation


@transaction.atomic
def relation_delete(
    *,
    relation: Relation,
    expected_version: int | None = None,
    actor: Actor = None,
    comment: str = "",
    via: str = "",
    reverts: Any = None,
) -> None:
    """Delete a relation read at `expected_version` (None: as it is now); its history keeps what it said."""
    current = _locked(Relation, relation.pk, expected_version)
    history.revision_record_relation(
        relation=current,
        before=relation_snapshot(current),
        deleted=True,
        actor=actor,
        via=via,
        comment=comment,
        reverts=reverts,
    )
    current.delete()


@transaction.atomic
def key_figure_set(
    *,
    structure: Structure,
    year: int,
    metric: str,
    value: Decimal | int | str,
    source_label: str = "",
    is_approximate: bool = False,
    qualifier: str = "",
    note: str = "",
    source_url: str = "",
    source_date: datetime.date | None = None,
    expected_version: int | None = None,
    actor: Actor = None,
    comment: str = "",
    via: str = "",
    reverts: Any = None,
) -> KeyFigure:
    """Record a figure of a year as a source states it, replacing what that source said before.

    `expected_version` is the version of the figure the writer read (None: whatever it is now).
    """
    existing = (
        KeyFigure.objects.select_for_update()
        .filter(structure=structure, year=year, metric=metric, source_label=source_label)
        .first()
    )
    if existing is None and expected_version is not None:
        raise StaleWriteError(current=None, expected_version=expected_version)
    if existing is not None:
        check_version(existing, expected_version)
    figure = (
        copy.copy(existing)
        if existing is not None
        else KeyFigure(structure=structure, year=year, metric=metric, source_label=source_label)
    )
    before = key_figure_snapshot(existing) if existing is not None else None
    figure.value = Decimal(str(value))
    figure.is_approximate = is_approximate or bool(qualifier)
    figure.qualifier = qualifier
    figure.note = note
    figure.source_url = source_url
    figure.source_date = source_date
    figure.full_clean()
    if existing is None:
        figure.save()
    else:
        changed = [
            name
            for name in ("value", "is_approximate", "qualifier", "note", "source_url", "source_date")
            if getattr(figure, name) != getattr(existing, name)
        ]
        if changed:
            versioned_update(figure, expected_version=existing.version, fields=changed)
    history.revision_record_key_figure(
        figure=figure, before=before, actor=actor, via=via, comment=comment, reverts=reverts
    )
    return figure


@transaction.atomic
def key_figure_delete(
    *,
    figure: KeyFigure,
    expected_version: int | None = None,
    actor: Actor = None,
    comment: str = "",
    via: str = "",
    reverts: Any = None,
) -> None:
    """Delete a key figure read at `expected_version` (None: as it is now); its history keeps it."""
    current = _locked(KeyFigure, figure.pk, expected_version)
    history.revision_record_key_figure(
        figure=current,
        before=key_figure_snapshot(current),
        deleted=True,
        actor=actor,
        via=via,
        comment=comment,
        reverts=reverts,
    )
    current.delete()


def _locked[M: (Relation, KeyFigure)](model: type[M], pk: int, expected_version: int | None) -> M:
    """Return the row as it is now, locked till the end of the transaction, at the version expected."""
    current = model._default_manager.select_for_update().filter(pk=pk).first()
    if current is None:
        raise StaleWriteError(current=None, expected_version=expected_version)
    check_version(current, expected_version)
    return current


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
