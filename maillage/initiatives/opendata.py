"""The initiative fiches as an open data file: published fiches only, their structures named, no person."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from pathlib import Path

from django.utils import timezone

from maillage.initiatives.enums import CarrierRole
from maillage.initiatives.selectors import public_initiatives
from maillage.opendata.publication import site_root
from maillage.opendata.registry import Dataset
from maillage.opendata.tables import csv_dataset

SCHEMA = Path(__file__).resolve().parent / "schemas" / "initiatives.schema.json"


def _day(value: object) -> str:
    return value.date().isoformat() if isinstance(value, datetime.datetime) else ""


def initiative_rows() -> Iterator[list[str]]:
    """Yield one row per published fiche, with its carriers, partners, disciplines and territory."""
    site, now = site_root(), timezone.now()
    fiches = (
        public_initiatives()
        .select_related("territory")
        .prefetch_related("links__structure", "disciplines")
        .order_by("slug")
    )
    for fiche in fiches.iterator(chunk_size=500):
        links = sorted(fiche.links.all(), key=lambda link: link.structure.name)
        yield [
            fiche.slug,
            fiche.title,
            fiche.summary,
            fiche.territory_id or "",
            fiche.territory.name if fiche.territory else "",
            fiche.family,
            " | ".join(fiche.tags),
            " | ".join(sorted(d.name for d in fiche.disciplines.all())),
            " | ".join(link.structure.name for link in links if link.role == CarrierRole.CARRIER),
            " | ".join(link.structure.name for link in links if link.role == CarrierRole.PARTNER),
            fiche.started_on.isoformat() if fiche.started_on else "",
            fiche.ended_on.isoformat() if fiche.ended_on else "",
            _day(fiche.published_at),
            _day(fiche.confirmed_at),
            "true" if fiche.needs_reconfirmation(now) else "false",
            "true" if fiche.drawn_from_public_page else "false",
            site + fiche.get_absolute_url(),
        ]


def initiatives_dataset() -> Dataset:
    return csv_dataset(
        name="initiatives",
        title="Initiatives repérées",
        description="Les fiches d'initiatives publiées, avec leurs structures porteuses et partenaires.",
        schema_path=SCHEMA,
        rows=initiative_rows,
    )
