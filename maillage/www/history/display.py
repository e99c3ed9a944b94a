"""How a revision reads on a history page: field names, values as people write them, the author."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import formats
from django.utils.dateparse import parse_date, parse_datetime

from maillage.history.enums import RecordType, RevisionAction
from maillage.history.models import Revision
from maillage.structures.enums import Activity
from maillage.structures.models import Discipline, KeyFigure, Relation, Structure
from maillage.structures.snapshots import EMPTY_VALUES, LIST_LABELS, model_field
from maillage.territories.models import Territory

MODELS: dict[str, type[models.Model]] = {
    RecordType.STRUCTURE: Structure,
    RecordType.RELATION: Relation,
    RecordType.KEY_FIGURE: KeyFigure,
}
EMPTY = "—"
# Values a public reader never sees in a history, before or after: the contact details a structure gave
# (often a person's own address or phone), and why a network refused a declared membership.
MASKED_FIELDS: dict[str, frozenset[str]] = {
    RecordType.STRUCTURE: frozenset({"email", "phone"}),
    RecordType.RELATION: frozenset({"refusal_reason"}),
}
MASKED = "valeur masquée"
# Revisions a coordinator may undo from the page; others are refused by the service anyway.
NOT_REVERTIBLE = frozenset({RevisionAction.MERGE, RevisionAction.CONFIRM})


@dataclass(frozen=True)
class ChangeLine:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    revision: Revision
    author: str
    author_email: str
    channel: str
    lines: list[ChangeLine]
    merged: dict[str, Any] | None
    revertible: bool


class Names:
    """Names of the disciplines and territories a page of revisions mentions, read in two queries."""

    def __init__(self, revisions: Iterable[Revision]) -> None:
        slugs: set[str] = set()
        territories: set[str] = set()
        for revision in revisions:
            if revision.record_type != RecordType.STRUCTURE:
                continue
            for name, target in (("disciplines", slugs), ("territories_served", territories)):
                change = revision.changes.get(name) or {}
                target.update([*(change.get("old") or []), *(change.get("new") or [])])
        self.disciplines = dict(Discipline.objects.filter(slug__in=slugs).values_list("slug", "name"))
        self.territories = dict(Territory.objects.filter(pk__in=territories).values_list("pk", "name"))

    def of_list(self, name: str, values: list[Any] | None) -> str:
        if not values:
            return EMPTY
        lookup: dict[str, str] = {
            "disciplines": self.disciplines,
            "territories_served": self.territories,
            "activities": dict(Activity.choices),
        }.get(name, {})
        return ", ".join(lookup.get(v, str(v)) for v in values)


def _scalar(field: models.Field[Any, Any], value: Any) -> str:
    if value in EMPTY_VALUES:
        return EMPTY
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(field, models.DateTimeField) and (moment := parse_datetime(str(value))):
        return formats.date_format(moment, "j F Y à H:i")
    if isinstance(field, models.DateField) and (day := parse_date(str(value))):
        return formats.date_format(day, "j F Y")
    if isinstance(value, float | int) and not isinstance(value, bool):
        return formats.number_format(value, force_grouping=not isinstance(value, float))
    return str(value)


def change_lines(revision: Revision, names: Names, *, sees_contacts: bool = False) -> list[ChangeLine]:
    """Return each change of a revision as its field's name, the value before and the value after."""
    model = MODELS.get(revision.record_type, Structure)
    masked = frozenset() if sees_contacts else MASKED_FIELDS.get(revision.record_type, frozenset())
    lines = []
    for name, change in revision.changes.items():
        if name in masked:
            field = model_field(model, name)
            label = str(field.verbose_name) if field is not None else name
            lines.append(ChangeLine(label[:1].upper() + label[1:], MASKED, MASKED))
            continue
        if name in LIST_LABELS and model is Structure:
            label = LIST_LABELS[name]
            old, new = names.of_list(name, change.get("old")), names.of_list(name, change.get("new"))
        else:
            field = model_field(model, name)
            if field is None:  # a field since removed from the model: show its raw name
                lines.append(
                    ChangeLine(name, str(change.get("old") or EMPTY), str(change.get("new") or EMPTY))
                )
                continue
            label = str(field.verbose_name)
            if field.many_to_one:
                old = change.get("old_label") or _scalar(field, change.get("old"))
                new = change.get("new_label") or _scalar(field, change.get("new"))
            else:
                old, new = _scalar(field, change.get("old")), _scalar(field, change.get("new"))
        lines.append(ChangeLine(label[:1].upper() + label[1:], old, new))
    return lines


def author_label(revision: Revision, *, sees_people: bool) -> str:
    """Name the author as the reader may see them: a public name, or only the role they acted in."""
    role = revision.author_role or "inconnu"
    author = revision.author
    if author is not None and sees_people:
        return f"{author.display_name or author.email} ({role})"
    if author is not None and author.public_name:
        return f"{author.public_name} ({role})"
    return role[:1].upper() + role[1:]


def _channel(revision: Revision) -> str:
    """Name the channel of a change, unless the author's role already says it ("import")."""
    channel = revision.get_via_display().lower()
    return "" if channel.startswith(revision.author_role.lower() or "\0") else channel


def entries(
    revisions: list[Revision],
    *,
    sees_people: bool,
    sees_emails: bool,
    can_revert: bool,
    sees_contacts: bool = False,
) -> list[Entry]:
    """Return the revisions of a page ready to show; contact values masked unless `sees_contacts`."""
    names = Names(revisions)
    result = []
    for revision in revisions:
        merged = None
        if revision.action == RevisionAction.MERGE:
            merged = (revision.changes.get("fiche_fusionnee") or {}).get("old") or {}
        revertible = (
            can_revert
            and revision.action not in NOT_REVERTIBLE
            and not (
                revision.record_type == RecordType.STRUCTURE and revision.action == RevisionAction.CREATE
            )
        )
        result.append(
            Entry(
                revision=revision,
                author=author_label(revision, sees_people=sees_people),
                author_email=revision.author.email if sees_emails and revision.author is not None else "",
                channel=_channel(revision),
                lines=[]
                if merged is not None
                else change_lines(revision, names, sees_contacts=sees_contacts),
                merged=merged,
                revertible=revertible,
            )
        )
    return result
