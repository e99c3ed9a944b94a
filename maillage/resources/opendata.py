"""The library as an open data file: the site's Dublin Core CSV of every resource not withdrawn."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from maillage.opendata.publication import site_root
from maillage.opendata.registry import Dataset
from maillage.opendata.tables import csv_dataset
from maillage.resources.exports import dublin_core_rows
from maillage.resources.models import Resource
from maillage.resources.selectors import with_links

SCHEMA = Path(__file__).resolve().parent / "schemas" / "ressources.schema.json"


def resource_rows() -> Iterator[list[str]]:
    resources = with_links(Resource.objects.public().order_by("pk")).iterator(chunk_size=500)
    return dublin_core_rows(resources, base_url=site_root())


def resources_dataset() -> Dataset:
    return csv_dataset(
        name="ressources",
        title="Ressources (Dublin Core)",
        description="Publications, guides, études et articles de la bibliothèque, en Dublin Core.",
        schema_path=SCHEMA,
        rows=resource_rows,
    )
