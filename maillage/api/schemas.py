"""Shapes of the API's answers, with French field names as published."""

from ninja import Schema


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
