"""What the catalogue holds about a person: which fields of which schemes they set (provenance)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from maillage.schemes.models import Scheme


def _edited_by(user: Any) -> list[tuple[Scheme, list[str]]]:
    found = []
    for scheme in Scheme.objects.only("pk", "uid", "title", "field_sources").iterator():
        fields = [
            name
            for name, entry in (scheme.field_sources or {}).items()
            if isinstance(entry, dict) and entry.get("kind") == "person" and entry.get("by") == user.pk
        ]
        if fields:
            found.append((scheme, fields))
    return found


def schemes_export(user: Any) -> list[dict[str, Any]]:
    """Return the schemes whose fields the person set, and those fields."""
    return [{"dispositif": s.title, "id": str(s.uid), "champs": sorted(f)} for s, f in _edited_by(user)]


@transaction.atomic
def schemes_erase(user: Any) -> None:
    """Keep the values, forget who set them: provenance says "une personne", unnamed."""
    for scheme, fields in _edited_by(user):
        sources = dict(scheme.field_sources)
        for name in fields:
            sources[name] = {**sources[name], "by": None}
        Scheme.objects.filter(pk=scheme.pk).update(field_sources=sources)
