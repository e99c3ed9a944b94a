"""Writes to the directory's relations and key figures, each validated in one transaction.

Like the structure services (services.py), every write that changed something is handed to the
recorders, and updates check the version the caller read (StaleWriteError when someone wrote since).
"""

from __future__ import annotations

import copy
import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from maillage.concurrency.versions import StaleWriteError, check_version, versioned_update
from maillage.structures import recorders as history
from maillage.structures.changes import structures_edited
from maillage.structures.enums import DatePrecision, RelationState
from maillage.structures.models import KeyFigure, Relation, Structure

# Fields a caller may set; slug and search_text are derived, timestamps automatic.
from maillage.structures.services import RELATION_FIELDS, Actor, _check_names
from maillage.structures.snapshots import (
    key_figure_snapshot,
    relation_snapshot,
)


def _relation_edited(relation: Relation) -> None:
    """Tell the listeners (indicators of networks and cooperation) which communes the relation touches."""
    ends = Structure.objects.filter(pk__in=[relation.source_id, relation.target_id]).values_list(
        "commune_id", flat=True
    )
    structures_edited(*ends)


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
    _relation_edited(relation)
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
        _relation_edited(previous)
        _relation_edited(target)
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
    _relation_edited(current)


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
