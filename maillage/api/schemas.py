"""Shapes of the API's answers, with French field names as published."""

import datetime

from ninja import Schema
from pydantic import Field


class Error(Schema):
    detail: str


class TerritoryRef(Schema):
    id: str
    nom: str
    niveau: str


class TerritoryItem(TerritoryRef):
    code: str
    population: int | None
    departement: TerritoryRef | None
    url: str


class TerritorySearchResult(Schema):
    q: str
    millesime: str | None
    items: list[TerritoryItem]


class TerritoryDetail(TerritoryRef):
    code: str
    population: int | None
    type_epci: str | None
    type_territoire_projet: str | None
    en_vigueur: bool
    millesime: str
    source: str
    latitude: float | None
    longitude: float | None
    parents: list[TerritoryRef]
    territoires_de_projet: list[TerritoryRef]
    enfants: list[TerritoryRef]
    url: str


class IndicatorComparison(Schema):
    id: str
    name: str
    value: float | None


class IndicatorCategory(Schema):
    key: str
    label: str
    value: float
    share: float | None = Field(description="part de la catégorie (0 à 1), selon la définition")


class IndicatorPoint(Schema):
    date: datetime.date
    value: float


class IndicatorMetadata(Schema):
    definition: str
    source: str
    millesime: str


class Indicator(Schema):
    key: str
    label: str
    unit: str
    value: float | None = Field(description="null : non défini (ratio sans dénominateur, donnée absente)")
    parents: list[IndicatorComparison]
    france: float | None
    breakdown: list[IndicatorCategory]
    history: list[IndicatorPoint]
    metadata: IndicatorMetadata


class SnapshotRef(Schema):
    id: int
    date: datetime.date
    label: str


class TerritoryIndicators(Schema):
    territory: TerritoryRef
    snapshot: SnapshotRef
    indicators: list[Indicator]
