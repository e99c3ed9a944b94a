"""What the history holds about a person: the changes they authored, and values that are theirs.

Erasing a person anonymises their authorship and scrubs, from every revision whoever wrote it, the values
that are that person's: their e-mail address (wherever it appears) and their name (as a whole value, or
as whole words within a text). Contribution requests are scrubbed by the same rule (`scrub`).
"""

import functools
import json
import operator
import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from maillage.history.models import MergedStructure, Revision

ERASED = "[donnée effacée]"
# A name shorter than this is only erased where it is a whole value: "Léa" inside a text is too likely
# to be someone else, or part of another word.
MIN_NAME_IN_TEXT = 5


def history_export(user: Any) -> dict[str, Any]:
    """Return the revisions and merges the person authored, as JSON-ready data."""
    revisions = Revision.objects.filter(author=user).order_by("created_at", "id")
    merges = MergedStructure.objects.filter(author=user).select_related("into").order_by("merged_at")
    return {
        "modifications": [
            {
                "date": revision.created_at.isoformat(),
                "fiche": revision.object_repr,
                "type_de_fiche": revision.get_record_type_display(),
                "action": revision.get_action_display(),
                "au_titre_de": revision.author_role,
                "par": revision.get_via_display(),
                "commentaire": revision.comment,
                "changements": revision.changes,
            }
            for revision in revisions
        ],
        "fusions": [
            {
                "date": merge.merged_at.isoformat(),
                "ancienne_fiche": merge.old_name,
                "fusionnee_dans": str(merge.into),
            }
            for merge in merges
        ],
    }


class Scrubber:
    """Replace a person's e-mail address and name in JSON-like values."""

    def __init__(self, user: Any) -> None:
        self.email = (user.email or "").strip()
        self.name = (getattr(user, "display_name", "") or "").strip()
        patterns = [re.escape(self.email)] if self.email else []
        if len(self.name) >= MIN_NAME_IN_TEXT:
            patterns.append(rf"(?<!\w){re.escape(self.name)}(?!\w)")
        self.pattern = re.compile("|".join(patterns), re.IGNORECASE) if patterns else None

    @property
    def needles(self) -> list[str]:
        """Return the texts whose presence makes a row worth reading."""
        return [n for n in (self.email, self.name) if n]

    def text(self, value: str) -> str:
        if self.name and value.strip().casefold() == self.name.casefold():
            return ERASED
        return self.pattern.sub(ERASED, value) if self.pattern is not None else value

    def value(self, value: Any) -> Any:
        """Return the value with the person's data replaced, in nested lists and mappings too."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        return value

    def candidates(self, *fields: str) -> Q:
        """Return a condition that keeps the rows whose fields (text or JSON) may hold the person's data."""
        # JSON text may hold "é" as is (PostgreSQL) or escaped as \u00e9 (SQLite): look for both forms.
        forms = {form for needle in self.needles for form in (needle, json.dumps(needle)[1:-1])}
        return functools.reduce(
            operator.or_, (Q(**{f"{field}__icontains": form}) for field in fields for form in forms)
        )


def scrub_rows(rows: Iterable[Any], scrubber: Scrubber, fields: Iterable[str]) -> None:
    """Rewrite the named fields of each row with the person's data replaced, saving only changed rows."""
    names = list(fields)
    for row in rows:
        changed = []
        for name in names:
            before = getattr(row, name)
            after = scrubber.value(before)
            if after != before:
                setattr(row, name, after)
                changed.append(name)
        if changed:
            row.save(update_fields=changed)


def history_erase(user: Any) -> None:
    """Detach the person from their changes and scrub their data from every revision that holds it."""
    # The changes themselves describe structures, not the person: they stay, anonymised.
    Revision.objects.filter(author=user).update(author=None, comment="")
    MergedStructure.objects.filter(author=user).update(author=None)
    scrubber = Scrubber(user)
    if not scrubber.needles:
        return
    holding = Revision.objects.filter(scrubber.candidates("changes", "comment", "object_repr"))
    scrub_rows(holding.iterator(chunk_size=500), scrubber, ("changes", "comment", "object_repr"))
