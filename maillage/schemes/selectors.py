"""Reads of the catalogue that state their joins."""

from __future__ import annotations

from typing import Any

from maillage.schemes.models import Scheme


def scheme_for_page(uid: Any) -> Scheme | None:
    """Return a scheme with its porteurs, area and disciplines, or None."""
    return (
        Scheme.objects.filter(uid=uid)
        .prefetch_related("porteurs__structure", "area__territory", "disciplines")
        .first()
    )
