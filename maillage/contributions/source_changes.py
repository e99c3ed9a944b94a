"""A source disagrees with a person's value: the record's managers and coordinators accept it or keep theirs.

Accepting applies the source's value through the structure services (one revision in the history) and
hands the field back to the source, which then refreshes it again; keeping dismisses the change, which
is proposed again only when the source says something else (maillage.structures.source_changes).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import formats, timezone

from maillage.memberships.enums import Action, MemberRole
from maillage.memberships.models import StructureMembership
from maillage.memberships.rules import can, moderated_structures
from maillage.structures import field_sources
from maillage.structures.enums import SourceChangeState
from maillage.structures.models import Discipline, SourceChange, Structure
from maillage.structures.services import structure_update
from maillage.structures.source_changes import GROUP_LABELS
from maillage.territories.models import Territory

EMPTY = "(vide)"


def pending_source_changes(structure: Structure) -> list[SourceChange]:
    """Return what sources now say of the structure's fields people set, oldest first."""
    return list(structure.source_changes.filter(state=SourceChangeState.PENDING).order_by("created_at", "pk"))


def source_changes_to_review(user: Any) -> QuerySet[SourceChange]:
    """Return the pending source changes of the structures the user manages or moderates."""
    pending = SourceChange.objects.filter(state=SourceChangeState.PENDING).select_related("structure")
    if not user.is_authenticated:
        return pending.none()
    if not user.is_superuser:
        managed = StructureMembership.objects.filter(user=user, role=MemberRole.MANAGER).values(
            "structure_id"
        )
        moderated = moderated_structures(user).values("pk")
        pending = pending.filter(Q(structure_id__in=managed) | Q(structure_id__in=moderated))
    return pending.order_by("created_at", "pk")


def _decidable(change_id: int, actor: Any) -> tuple[SourceChange, Structure]:
    change = SourceChange.objects.select_for_update().filter(pk=change_id).first()
    if change is None:
        raise ValidationError("Ce changement proposé n'existe plus.")
    structure = Structure.objects.select_related("commune").get(pk=change.structure_id)
    if not can(actor, Action.REVIEW_SOURCE_CHANGE, structure):
        raise PermissionDenied(
            "Seuls les gestionnaires de la structure et ses coordinateurs décident de ce que disent "
            "les sources."
        )
    if change.state != SourceChangeState.PENDING:
        raise ValidationError("Ce changement a déjà été décidé.")
    return change, structure


def _model_values(proposed: dict[str, Any]) -> tuple[dict[str, Any], list[Discipline] | None]:
    """Turn a change's JSON values into what the services take (dates, the commune's id, disciplines)."""
    values: dict[str, Any] = {}
    disciplines = None
    for name, value in proposed.items():
        if name == "disciplines":
            disciplines = list(Discipline.objects.filter(slug__in=value or []))
            continue
        model_field = field_sources.model_field(name)
        if model_field.many_to_one:
            values[model_field.attname] = value
        else:
            values[name] = model_field.to_python(value)
    return values, disciplines


@transaction.atomic
def source_change_accept(*, change_id: int, actor: Any) -> Structure:
    """Apply what the source says to the record, with its history; the source owns the fields again."""
    change, structure = _decidable(change_id, actor)
    values, disciplines = _model_values(change.proposed)
    entry = (
        field_sources.reference()
        if change.source == field_sources.REFERENCE_SOURCE
        else field_sources.imported(change.source, change.run)
    )
    sources = field_sources.with_entries(structure.field_sources or {}, change.proposed, entry)
    run = f" n° {change.run}" if change.run else ""
    structure = structure_update(
        structure=structure,
        actor=actor,
        comment=f"Valeur de la source acceptée : {field_sources.source_name(change.source)}{run}.",
        field_sources=sources,
        disciplines=disciplines,
        **values,
    )
    change.state, change.decided_at, change.decided_by = SourceChangeState.ACCEPTED, timezone.now(), actor
    change.save(update_fields=["state", "decided_at", "decided_by", "updated_at"])
    return structure


@transaction.atomic
def source_change_keep(*, change_id: int, actor: Any) -> SourceChange:
    """Keep the record's value; the source's is not proposed again until it changes."""
    change, _ = _decidable(change_id, actor)
    change.state, change.decided_at, change.decided_by = SourceChangeState.KEPT, timezone.now(), actor
    change.save(update_fields=["state", "decided_at", "decided_by", "updated_at"])
    return change


@dataclass(frozen=True)
class ChangeRow:
    label: str
    current: str
    proposed: str


def change_title(change: SourceChange) -> str:
    """Return « SIRENE dit désormais », the subject of the box."""
    return f"{change.source_label} dit désormais"


def change_rows(change: SourceChange) -> list[ChangeRow]:
    """Return each field of the change with the record's value and the source's, as a person reads them."""
    names = list(dict.fromkeys([*change.proposed, *change.current]))
    return [
        ChangeRow(
            _label(name), _display(name, change.current.get(name)), _display(name, change.proposed.get(name))
        )
        for name in names
        if change.current.get(name) != change.proposed.get(name)
    ]


def group_label(change: SourceChange) -> str:
    return GROUP_LABELS.get(change.field) or _label(change.field)


def _label(name: str) -> str:
    if name == "disciplines":
        return "disciplines"
    return str(field_sources.model_field(name).verbose_name)


def _display(name: str, value: Any) -> str:
    if value in (None, "", []):
        return EMPTY
    if name == "disciplines":
        return ", ".join(Discipline.objects.filter(slug__in=value).values_list("name", flat=True)) or EMPTY
    model_field = field_sources.model_field(name)
    if model_field.many_to_one:
        found = Territory.objects.filter(pk=value).first() if name == "commune" else None
        return found.name if found is not None else str(value)
    choices = dict(model_field.flatchoices or ())
    if value in choices:
        return str(choices[value])
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, str) and name in {"founded_on", "closed_on"}:
        try:
            return formats.date_format(datetime.date.fromisoformat(value), "j F Y")
        except ValueError:
            return value
    return str(value)


def _entries_by(user: Any) -> list[tuple[Structure, list[str]]]:
    """Return the structures holding fields the person set, with those fields' names."""
    # A text pre-filter, the same on SQLite's JSON text and PostgreSQL's jsonb; checked exactly after.
    candidates = Structure.objects.filter(field_sources__icontains=f'"by": {int(user.pk)},').only(
        "pk", "name", "slug", "field_sources"
    )
    found = []
    for structure in candidates:
        names = [
            name
            for name, entry in (structure.field_sources or {}).items()
            if isinstance(entry, dict)
            and entry.get("kind") == field_sources.PERSON
            and entry.get("by") == user.pk
        ]
        if names:
            found.append((structure, names))
    return found


def source_decisions_export(user: Any) -> dict[str, Any]:
    """Return the fields the person set and the source changes they decided, as JSON-ready data."""
    decided = SourceChange.objects.filter(decided_by=user).select_related("structure").order_by("decided_at")
    return {
        "champs_saisis": [{"fiche": s.name, "champs": sorted(names)} for s, names in _entries_by(user)],
        "changements_de_source_decides": [
            {
                "fiche": change.structure.name,
                "source": change.source_label,
                "champ": group_label(change),
                "decision": change.get_state_display(),
                "date": change.decided_at.isoformat() if change.decided_at else None,
            }
            for change in decided
        ],
    }


def source_decisions_erase(user: Any) -> None:
    """Forget who set the fields and decided the changes; the values stay, still a person's."""
    SourceChange.objects.filter(decided_by=user).update(decided_by=None)
    for structure, names in _entries_by(user):
        sources = dict(structure.field_sources)
        for name in names:
            sources[name] = {**sources[name], "by": None}
        Structure.objects.filter(pk=structure.pk).update(field_sources=sources)
