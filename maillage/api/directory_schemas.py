"""Shapes of the directory's other lists: relations, networks, key figures, disciplines and labels."""

import datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field

from maillage.api.lists import PageOut
from maillage.api.structure_schemas import SourceOut, StructureRef
from maillage.structures.enums import DatePrecision, LabelKind, Metric, RelationKind

STRUCTURE_REF_EXAMPLE: dict[str, Any] = {
    "id": "le-fil",
    "nom": "Le Fil",
    "url": "https://maillage.example/structures/le-fil/",
}
RELATION_EXAMPLE: dict[str, Any] = {
    "id": 42,
    "type": "member_of",
    "source": {"id": "le-fil", "nom": "Le Fil", "url": "https://maillage.example/structures/le-fil/"},
    "cible": {
        "id": "culture-et-cooperation",
        "nom": "Culture et Coopération",
        "url": "https://maillage.example/structures/culture-et-cooperation/",
    },
    "acte": None,
    "debut": "2012-01-01",
    "fin": None,
    "precision_dates": "year",
    "description": None,
    "source_document": {"libelle": "Rapport d'activité 2012", "url": None, "date": None},
}
FIGURE_EXAMPLE: dict[str, Any] = {
    "id": 7,
    "structure": {"id": "le-fil", "nom": "Le Fil", "url": "https://maillage.example/structures/le-fil/"},
    "annee": 2023,
    "indicateur": "employees",
    "valeur": 12,
    "approchee": False,
    "qualificatif": None,
    "note": None,
    "source": {"libelle": "Rapport d'activité", "url": None, "date": None},
}


class RelationItem(Schema):
    model_config = ConfigDict(json_schema_extra={"example": dict(RELATION_EXAMPLE)})

    id: int
    type: str = Field(json_schema_extra={"enum": list(RelationKind.values)})
    source: StructureRef = Field(description="La structure qui est <type> la cible.")
    cible: StructureRef | None = Field(description="L'autre structure ; null pour un acte collectif.")
    acte: str | None = Field(description="Convention signée ou événement co-organisé.")
    debut: datetime.date | None
    fin: datetime.date | None
    precision_dates: str = Field(json_schema_extra={"enum": list(DatePrecision.values)})
    description: str | None
    source_document: SourceOut


class RelationPage(PageOut):
    items: list[RelationItem]


class RelationPatch(Schema):
    """What a structure's editors may change of a relation it declared; who agreed is not changed here."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"example": {"debut": "2012-01-01", "precision_dates": "year", "description": "…"}},
    )

    debut: datetime.date | None = None
    fin: datetime.date | None = None
    precision_dates: str | None = Field(None, json_schema_extra={"enum": list(DatePrecision.values)})
    description: str | None = Field(None, max_length=5_000)
    source_libelle: str | None = Field(None, max_length=300)
    source_url: str | None = Field(None, max_length=500)
    source_date: datetime.date | None = None


class NetworkItem(StructureRef):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": "culture-et-cooperation",
                "nom": "Culture et Coopération",
                "url": "https://maillage.example/structures/culture-et-cooperation/",
                "type": "network",
                "membres": 48,
            }
        }
    )

    type: str
    membres: int = Field(description="Nombre de membres actuels (relations « membre de » confirmées).")


class NetworkPage(PageOut):
    items: list[NetworkItem]


class MemberItem(StructureRef):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {**STRUCTURE_REF_EXAMPLE, "commune": "COM-42218", "depuis": "2012-01-01"}
        }
    )

    commune: str | None = Field(description="Identifiant de la commune (`COM-…`), ou null.")
    depuis: datetime.date | None = Field(description="Début de l'adhésion, quand la source le dit.")


class MemberPage(PageOut):
    items: list[MemberItem]


class FigureItem(Schema):
    model_config = ConfigDict(json_schema_extra={"example": FIGURE_EXAMPLE})

    id: int
    structure: StructureRef
    annee: int
    indicateur: str = Field(json_schema_extra={"enum": list(Metric.values)})
    valeur: int | float
    approchee: bool
    qualificatif: str | None
    note: str | None
    source: SourceOut


class FigurePage(PageOut):
    items: list[FigureItem]


class FigurePatch(Schema):
    """The value of a figure and what its source says of it; year, indicator and source stay."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"example": {"valeur": 14, "note": "Au 31/12."}}
    )

    valeur: int | float | None = Field(None, ge=0, le=10**12)
    approchee: bool | None = None
    qualificatif: str | None = Field(None, max_length=50)
    note: str | None = Field(None, max_length=5_000)
    source_url: str | None = Field(None, max_length=500)
    source_date: datetime.date | None = None


class DisciplineOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={"example": {"id": "theatre", "nom": "Théâtre", "parent": "spectacle-vivant"}}
    )

    id: str = Field(description="Identifiant (slug), celui du filtre `discipline`.")
    nom: str
    parent: str | None = Field(description="Identifiant de la discipline qui la contient, ou null.")


class LabelItem(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 3,
                "nom": "Scène conventionnée",
                "sigle": None,
                "nature": "label",
                "structures": 12,
            }
        }
    )

    id: int
    nom: str
    sigle: str | None
    nature: str = Field(json_schema_extra={"enum": list(LabelKind.values)})
    structures: int = Field(description="Nombre de structures publiées qui le portent.")
