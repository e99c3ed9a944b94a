"""Broken links as a criterion of a structure's quality, and structures' web sites as addresses to watch.

The checker registers both from LinksConfig.ready(): quality never imports it (ADR 7, ADR 23).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from maillage.links.models import LinkStatus
from maillage.links.selectors import link_statuses
from maillage.quality.registry import Finding
from maillage.structures.models import Structure

POINTS = 10


def broken_links_scorer(structures: Sequence[Any]) -> dict[int, list[Finding]]:
    """Take points from structures whose web site the checker found broken: one query per batch."""
    statuses = link_statuses(s.website for s in structures)
    findings: dict[int, list[Finding]] = {}
    for structure in structures:
        link = statuses.get(structure.website) if structure.website else None
        if link is not None and link.status == LinkStatus.BROKEN:
            findings[structure.pk] = [
                Finding(
                    "liens",
                    "Liens qui répondent",
                    0,
                    POINTS,
                    f"Le site web {structure.website[:200]} ne répond plus : corrigez son adresse ou "
                    "retirez-la.",
                )
            ]
        else:
            findings[structure.pk] = [Finding("liens", "Liens qui répondent", POINTS, POINTS)]
    return findings


def structure_websites() -> Iterator[str]:
    """Return the web sites of the published structures, for the checker to watch."""
    yield from (
        Structure.objects.published()
        .exclude(website="")
        .values_list("website", flat=True)
        .order_by()
        .iterator(chunk_size=5_000)
    )
