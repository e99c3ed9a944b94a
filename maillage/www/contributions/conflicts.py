"""A refused stale edit, shown to its author: each field changed meanwhile, their value and the saved one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone

from maillage.contributions.proposals import LABELS, PROFILE_FIELDS, Describer, profile_values
from maillage.history.conflicts import structure_changes_since
from maillage.structures.models import Structure
from maillage.www.history.display import author_label

STALE_MESSAGE = (
    "Quelqu'un a modifié cette fiche pendant que vous la modifiiez : rien n'a été enregistré. "
    "Comparez ci-dessous vos valeurs et celles enregistrées entre-temps ; le formulaire garde votre "
    "saisie, renvoyez-le pour enregistrer vos valeurs."
)


@dataclass(frozen=True)
class ConflictRow:
    label: str
    yours: str
    saved: str
    by: str


def conflict_rows(structure: Structure, *, since: int, submitted: Mapping[str, Any]) -> list[ConflictRow]:
    """Return the profile fields changed since version `since`, with the value submitted and the saved one."""
    current = profile_values(structure)
    changed = structure_changes_since(structure_id=structure.pk, version=since)
    names = [name for name in PROFILE_FIELDS if name in changed]
    if not names:
        # No history of the change (a write that records none): show where the two versions differ.
        names = [n for n in PROFILE_FIELDS if n in submitted and submitted[n] != current.get(n)]
    describer = Describer([current, submitted])
    rows = []
    for name in names:
        revision = changed.get(name)
        by = ""
        if revision is not None:
            moment = formats.date_format(timezone.localtime(revision.created_at), "j F Y à H:i")
            by = f"{author_label(revision, sees_people=False)}, le {moment}"
        rows.append(
            ConflictRow(
                label=LABELS.get(name, name),
                yours=describer.show(name, submitted.get(name)),
                saved=describer.show(name, current.get(name)),
                by=by,
            )
        )
    return rows
