"""Shapes of the directory's API: the documented query parameters and the answers, in French."""

import datetime
from typing import Any

from ninja import Schema
from pydantic import ConfigDict, Field

from maillage.structures.enums import (
    Activity,
    DatePrecision,
    EssFamily,
    LabelKind,
    Metric,
    RelationKind,
    StructureKind,
)
from maillage.structures.search import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, SORTS, STATES


def _choices(values: dict[str, str] | list[tuple[str, str]]) -> str:
    pairs = values.items() if isinstance(values, dict) else values
    return " ; ".join(f"`{value}` : {label}" for value, label in pairs)


def _repeatable(values: list[str]) -> dict[str, Any]:
    return {"items": {"type": "string", "enum": values}}


class StructureQuery(Schema):
    """The filters of the directory's page, as query parameters.

    Every value is declared as text so that one parser, `parse_filters`, checks them for the page, the API
    and the downloads alike, and answers a bad value with the same 400 (`detail`, `parametre`); the types and
    bounds below are the documented contract that parser enforces.
    """

    q: str = Field(
        "",
        json_schema_extra={"maxLength": MAX_QUERY_LENGTH},
        description="Recherche plein texte : nom, sigle, autres noms, commune, disciplines, présentation.",
    )
    territoire: str = Field(
        "",
        description=(
            "Identifiant d'un territoire de tout niveau (`COM-42218`, `EPCI-244200770`, `DEP-42`, `REG-84`, "
            "`TER-…`) : les structures dont la commune s'y trouve. Voir `/api/v1/territoires`."
        ),
    )
    discipline: list[str] = Field(
        default_factory=list,
        description=(
            "Identifiant (slug) d'une discipline, répétable ; une discipline inclut ses sous-disciplines."
        ),
    )
    famille: list[str] = Field(
        default_factory=list,
        description=f"Famille de l'ESS, répétable. {_choices(EssFamily.choices)}.",
        json_schema_extra=_repeatable(list(EssFamily.values)),
    )
    type: list[str] = Field(
        default_factory=list,
        description=f"Type de structure, répétable. {_choices(StructureKind.choices)}.",
        json_schema_extra=_repeatable(list(StructureKind.values)),
    )
    reseau: str = Field(
        "",
        description="Identifiant (slug) ou numéro d'une structure : ses membres actuels (« membre de »).",
    )
    ess: str = Field(
        "",
        description="`oui` : dans l'ESS ; `non` : hors ESS ; absent : toutes.",
        json_schema_extra={"enum": ["oui", "non"]},
    )
    etat: str = Field(
        "actif",
        description=(
            f"État d'activité. {_choices(STATES)}. Les structures fermées portent `en_activite: false`."
        ),
        json_schema_extra={"enum": list(STATES)},
    )
    tri: str = Field(
        "pertinence",
        description=(f"Ordre des résultats. {_choices(SORTS)}. Sans recherche, `pertinence` trie par nom."),
        json_schema_extra={"enum": list(SORTS)},
    )
    page: str = Field(
        "1",
        description="Numéro de page, à partir de 1 ; au-delà de la dernière, la page est vide.",
        json_schema_extra={"type": "integer", "minimum": 1, "default": 1},
    )
    taille: str = Field(
        str(DEFAULT_PAGE_SIZE),
        description=(
            f"Nombre de structures par page, au plus {MAX_PAGE_SIZE} "
            f"(une valeur plus grande est ramenée à {MAX_PAGE_SIZE})."
        ),
        json_schema_extra={
            "type": "integer",
            "minimum": 1,
            "maximum": MAX_PAGE_SIZE,
            "default": DEFAULT_PAGE_SIZE,
        },
    )


class FilterErrorOut(Schema):
    detail: str
    parametre: str


class PlaceRef(Schema):
    id: str
    nom: str


class StructureRef(Schema):
    id: str = Field(description="Identifiant public stable (slug).")
    nom: str
    url: str = Field(description="Adresse de la page de la structure.")


class StructureItem(StructureRef):
    sigle: str | None
    type: str = Field(json_schema_extra={"enum": list(StructureKind.values)})
    famille_ess: str = Field(json_schema_extra={"enum": list(EssFamily.values)})
    ess: bool | None = Field(description="Dans l'ESS ; null quand on ne sait pas.")
    siret: str | None
    commune: PlaceRef | None
    departement: PlaceRef | None
    latitude: float | None
    longitude: float | None
    disciplines: list[str] = Field(description="Identifiants (slugs) des disciplines.")
    en_activite: bool


class StructurePage(Schema):
    total: int = Field(description="Nombre de structures qui répondent aux filtres.")
    page: int
    taille: int
    pages: int
    suivant: str | None = Field(description="Adresse de la page suivante, ou null.")
    precedent: str | None = Field(description="Adresse de la page précédente, ou null.")
    items: list[StructureItem]


class Code(Schema):
    code: str
    libelle: str


class CommuneRef(PlaceRef):
    code_insee: str


class LabelOut(Schema):
    nom: str
    sigle: str | None
    nature: str = Field(json_schema_extra={"enum": list(LabelKind.values)})


class SourceOut(Schema):
    libelle: str | None
    url: str | None
    date: datetime.date | None


class KeyFigureOut(Schema):
    annee: int
    indicateur: str = Field(json_schema_extra={"enum": list(Metric.values)})
    valeur: int | float
    approchee: bool
    qualificatif: str | None = Field(description="Tel que la source l'écrit : « plus de », « environ »…")
    note: str | None
    source: SourceOut


class RelationOut(Schema):
    type: str = Field(json_schema_extra={"enum": list(RelationKind.values)})
    sens: str = Field(
        description=(
            "`sortante` : cette structure est <type> l'autre ; `entrante` : l'autre l'est de celle-ci."
        ),
        json_schema_extra={"enum": ["sortante", "entrante"]},
    )
    structure: StructureRef | None = Field(description="L'autre structure ; null pour un acte collectif.")
    acte: str | None = Field(description="Convention signée ou événement co-organisé.")
    debut: datetime.date | None
    fin: datetime.date | None
    precision_dates: str = Field(json_schema_extra={"enum": list(DatePrecision.values)})
    source: SourceOut


class StructureDetail(StructureItem):
    autres_noms: list[str]
    description: str | None
    siren: str | None
    categorie_juridique: Code | None
    naf: Code | None
    activites: list[str] = Field(
        json_schema_extra={"items": {"type": "string", "enum": list(Activity.values)}}
    )
    labels: list[LabelOut]
    adresse: str | None
    code_postal: str | None
    commune: CommuneRef | None
    region: PlaceRef | None
    territoires: list[str] = Field(
        description="Identifiants des territoires qui contiennent la commune, utilisables dans `territoire`."
    )
    territoires_d_action: list[PlaceRef]
    site_web: str | None
    courriel: str | None = Field(description="Contact générique de la structure (jamais une personne).")
    telephone: str | None
    creation: datetime.date | None
    creation_precision: str = Field(
        description="Ce que la date de création dit vraiment : l'année, le mois ou le jour.",
        json_schema_extra={"enum": list(DatePrecision.values)},
    )
    fermee_le: datetime.date | None
    rattachement: StructureRef | None = Field(description="Structure qui porte cette antenne ou ce lieu.")
    antennes: list[StructureRef]
    chiffres: list[KeyFigureOut]
    relations: list[RelationOut]
    source: str = Field(description="Flux qui a écrit la fiche.")
    source_id: str | None = Field(description="Identifiant de la fiche dans ce flux.")
    source_libelle: str | None = Field(description="Document d'où vient la fiche.")
    source_url: str | None
    source_date: datetime.date | None
    mise_a_jour: datetime.datetime


class StructurePatch(Schema):
    """The fields of a record a member or a coordinator may change through the API; absent ones stay."""

    # An unknown or derived field (slug, siren, confirmed_at…) is refused rather than silently ignored.
    model_config = ConfigDict(extra="forbid")

    nom: str | None = None
    sigle: str | None = None
    autres_noms: list[str] | None = Field(
        None, description="Anciens noms, noms d'usage : remplacent la liste."
    )
    description: str | None = None
    siret: str | None = Field(None, description="14 chiffres ; le SIREN en est déduit.")
    type: str | None = Field(None, json_schema_extra={"enum": list(StructureKind.values)})
    adresse: str | None = None
    code_postal: str | None = None
    commune: str | None = Field(None, description="Identifiant de la commune : `COM-42218`.")
    site_web: str | None = None
    courriel: str | None = Field(None, description="Contact générique de la structure (jamais une personne).")
    telephone: str | None = None
    disciplines: list[str] | None = Field(None, description="Identifiants (slugs) : remplacent la liste.")
    activites: list[str] | None = Field(
        None,
        description="Remplacent la liste.",
        json_schema_extra={"items": {"type": "string", "enum": list(Activity.values)}},
    )


class FieldErrorsOut(Schema):
    detail: str
    erreurs: dict[str, list[str]] = Field(description="Messages par champ du corps de la requête.")
