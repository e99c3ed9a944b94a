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
from django.utils import timezone

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
    """Change some fields of a structure; lists passed replace the current ones, derived fields follow."""
    _check_names(fields, STRUCTURE_FIELDS)
    previous = copy.copy(structure)
    for name, value in fields.items():
        setattr(structure, name, value)
    return structure_save(
        structure=structure,
        given=set(fields),
        previous=previous,
        disciplines=disciplines,
        labels=labels,
        territories_served=territories_served,
        activities=activities,
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
    previous: Structure | None = None,
    disciplines: Iterable[Discipline] | None = None,
    labels: Iterable[Label] | None = None,
    territories_served: Iterable[Territory] | None = None,
    activities: Iterable[str] | None = None,
    actor: Actor = None,
    comment: str = "",
    via: str = "",
    reverts: Any = None,
) -> Structure:
    """Derive, validate and save a structure whose fields a service or a form has just set."""
    if previous is None and structure.pk is not None:
        previous = Structure.objects.get(pk=structure.pk)
    given_lists = {
        "disciplines": disciplines,
        "labels": labels,
        "territories_served": territories_served,
        "activities": activities,
    }
    lists = tuple(name for name in STRUCTURE_LISTS if given_lists[name] is not None)
    before = structure_snapshot(previous, lists=lists) if previous is not None else None
    activity_values = _checked_activities(activities) if activities is not None else None
    discipline_list = list(disciplines) if disciplines is not None else None
    label_list = list(labels) if labels is not None else None
    territory_list = list(territories_served) if territories_served is not None else None
    derive_fields(structure, previous=previous, given=set(given))
    structure_search_fields(
        structure,
        discipline_list if discipline_list is not None else current_disciplines(structure),
        label_list if label_list is not None else current_labels(structure),
    )
    after_lists = lists_snapshot(
        disciplines=discipline_list,
        labels=label_list,
        territories_served=territory_list,
        activities=activity_values,
    )
    if actor is not None:
        structure.confirmed_at = timezone.now()
        if "field_sources" not in given:  # a caller giving provenance (accepting a source) states its own
            _mark_person(structure, previous, set(given), before, after_lists, actor)
    structure.full_clean()
    structure.save()
    if discipline_list is not None:
        structure.disciplines.set(discipline_list)
    if label_list is not None:
        structure.labels.set(label_list)
    if territory_list is not None:
        structure.territories_served.set(territory_list)
    if activity_values is not None:
        _set_activities(structure, activity_values)
    history.revision_record_structure(
        structure=structure,
        before=before,
        after_lists=after_lists,
        actor=actor,
        via=via,
        comment=comment,
        reverts=reverts,
    )
    return structure


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
    actor: Actor = None,
    comment: str = "",
    via: str = "",
    reverts: Any = None,
    **fields: Any,
) -> Relation:
    """Change some fields of a relation."""
    _check_names(fields, RELATION_FIELDS)
    before = relation_snapshot(relation)
    for name, value in fields.items():
        setattr(relation, name, value)
    relation.full_clean()
    relation.save()
    history.revision_record_relation(
        relation=relation, before=before, actor=actor, via=via, comment=comment, reverts=reverts
    )
    return relation


@transaction.atomic
def relation_delete(
    *, relation: Relation, actor: Actor = None, comment: str = "", via: str = "", reverts: Any = None
) -> None:
    """Delete a relation; its history keeps what it said."""
    history.revision_record_relation(
        relation=relation,
        before=relation_snapshot(relation),
        deleted=True,
        actor=actor,
        via=via,
        comment=comment,
        reverts=reverts,
    )
    relation.delete()


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
    actor: Actor = None,
    comment: str = "",
    via: str = "",
    reverts: Any = None,
) -> KeyFigure:
    """Record a figure of a year as a source states it, replacing what that source said before."""
    figure = KeyFigure.objects.filter(
        structure=structure, year=year, metric=metric, source_label=source_label
    ).first() or KeyFigure(structure=structure, year=year, metric=metric, source_label=source_label)
    before = key_figure_snapshot(figure) if figure.pk is not None else None
    figure.value = Decimal(str(value))
    figure.is_approximate = is_approximate or bool(qualifier)
    figure.qualifier = qualifier
    figure.note = note
    figure.source_url = source_url
    figure.source_date = source_date
    figure.full_clean()
    figure.save()
    history.revision_record_key_figure(
        figure=figure, before=before, actor=actor, via=via, comment=comment, reverts=reverts
    )
    return figure


@transaction.atomic
def key_figure_delete(
    *, figure: KeyFigure, actor: Actor = None, comment: str = "", via: str = "", reverts: Any = None
) -> None:
    """Delete a key figure; its history keeps what it said."""
    history.revision_record_key_figure(
        figure=figure,
        before=key_figure_snapshot(figure),
        deleted=True,
        actor=actor,
        via=via,
        comment=comment,
        reverts=reverts,
    )
    figure.delete()


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
