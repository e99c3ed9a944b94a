"""The library as Dublin Core CSV: one row per resource, columns named by their DCMI terms."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from maillage.resources.jsonld import _date
from maillage.resources.models import Resource
from maillage.schemes.needs import need_labels

COLUMNS = (
    "dc:identifier",
    "dc:title",
    "dc:type",
    "dc:creator",
    "dc:publisher",
    "dc:date",
    "dc:description",
    "dc:subject",
    "dc:coverage",
    "dc:language",
    "dc:rights",
    "dc:source",
    "dcterms:provenance",
)


class _Line:
    def write(self, value: str) -> str:
        return value


def _row(resource: Resource, base_url: str) -> list[str]:
    labels = need_labels()
    creators = [s.name for s in resource.creators.all()]
    creators += [n.strip() for n in resource.creator_names.split(",") if n.strip()]
    subjects = [labels.get(n, n) for n in resource.needs] + [d.name for d in resource.disciplines.all()]
    provenance = resource.source_label
    if resource.source_date:
        provenance += f" ({resource.source_date.isoformat()})"
    return [
        base_url + resource.get_absolute_url(),
        resource.title,
        resource.get_kind_display(),
        " | ".join(creators),
        resource.publisher_label(),
        _date(resource) if resource.published_on else "",
        resource.summary,
        " | ".join(subjects),
        " | ".join(t.name for t in resource.territories.all()),
        resource.language,
        resource.licence,
        resource.url,
        provenance,
    ]


def dublin_core_lines(resources: Iterable[Resource], *, base_url: str) -> Iterator[str]:
    """Yield the CSV text, header first, one line per resource (streamed: the library may grow)."""
    writer: Any = csv.writer(_Line())
    yield writer.writerow(COLUMNS)
    for resource in resources:
        yield writer.writerow(_row(resource, base_url))


def dublin_core_rows(resources: Iterable[Resource], *, base_url: str) -> Iterator[list[str]]:
    """Yield the cells of each resource, in the order of COLUMNS (the open data file writes them)."""
    for resource in resources:
        yield _row(resource, base_url)
