"""The shape of the reference dataset: structures, relations and key figures, each with its document."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from maillage.structures.enums import Activity, DatePrecision, EssFamily, Metric, RelationKind, StructureKind


@dataclass(frozen=True)
class Document:
    """A seed document, or an excerpt of the resources page with its own title and date."""

    title: str
    date: datetime.date | None = None
    url: str = ""


@dataclass(frozen=True)
class StructureFact:
    key: str  # source_id, the natural key of reference structures: never change it once loaded
    name: str
    kind: StructureKind
    document: Document
    acronym: str = ""
    other_names: tuple[str, ...] = ()
    description: str = ""
    ess_family: EssFamily = EssFamily.UNKNOWN
    founded_on: datetime.date | None = None
    founded_on_precision: DatePrecision = DatePrecision.DAY
    street: str = ""
    postal_code: str = ""
    commune_id: str = ""  # only where a document places the structure in that city
    website: str = ""
    email: str = ""
    disciplines: tuple[str, ...] = ()  # Discipline slugs
    activities: tuple[Activity, ...] = ()


@dataclass(frozen=True)
class RelationFact:
    source: str
    kind: RelationKind
    document: Document
    target: str = ""
    joint_act: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    date_precision: DatePrecision = DatePrecision.DAY
    description: str = ""


@dataclass(frozen=True)
class KeyFigureFact:
    structure: str
    year: int
    metric: Metric
    value: Decimal
    document: Document
    qualifier: str = ""
    note: str = ""


@dataclass(frozen=True)
class ReferenceData:
    structures: list[StructureFact] = field(default_factory=list)
    relations: list[RelationFact] = field(default_factory=list)
    key_figures: list[KeyFigureFact] = field(default_factory=list)
