"""Shapes of the catalogue's API: the search page's filters as query parameters, and the answers."""

import datetime
from typing import Any

from ninja import Schema
from pydantic import Field

from maillage.schemes.enums import Instrument, Target
from maillage.schemes.search import MAX_PAGE_SIZE, MAX_QUERY_LENGTH, OPENINGS, PAGE_SIZE


def _repeatable(values: list[str] | None = None) -> dict[str, Any]:
    return {"items": {"type": "string", **({"enum": values} if values else {"maxLength": 100})}}


class SchemeQuery(Schema):
    """The filters of /dispositifs/, named as the directory's; one parser checks them for page and API."""

    q: str = Field(
        "", json_schema_extra={"maxLength": MAX_QUERY_LENGTH}, description="Recherche plein texte."
    )
    territoire: str = Field(
        "",
        description=(
            "Identifiant d'un territoire (`REG-84`, `DEP-42`, `COM-42218`, `EPCI-…`) : les dispositifs "
            "dont la "
            "zone le contient ou y est contenue, hors exclusions."
        ),
    )
    type_aide: list[str] = Field(
        default_factory=list, description="Type d'aide, répétable.", json_schema_extra=_repeatable()
    )
    besoin: list[str] = Field(
        default_factory=list,
        description="Besoin auxquels répond le dispositif (thèmes du questionnaire des besoins), répétable.",
        json_schema_extra=_repeatable(),
    )
    instrument: list[str] = Field(
        default_factory=list,
        description="Instrument de finance solidaire, répétable.",
        json_schema_extra=_repeatable(list(Instrument.values)),
    )
    cible: list[str] = Field(
        default_factory=list,
        description="Public visé, répétable.",
        json_schema_extra=_repeatable(list(Target.values)),
    )
    porteur: str = Field("", description="Nom d'un porteur, exact.", json_schema_extra={"maxLength": 300})
    ouverture: str = Field(
        "", description="`ouvert` ou `bientot_clos`.", json_schema_extra={"enum": ["", *OPENINGS]}
    )
    page: str = Field("1", json_schema_extra={"type": "integer", "minimum": 1, "default": 1})
    taille: str = Field(
        str(PAGE_SIZE),
        description=f"Dispositifs par page, au plus {MAX_PAGE_SIZE}.",
        json_schema_extra={"type": "integer", "minimum": 1, "default": PAGE_SIZE},
    )


class PorteurOut(Schema):
    nom: str
    siren: str | None
    roles: list[str]
    structure: str | None = Field(description="Adresse de la fiche de l'annuaire du porteur, ou null.")


class SchemeItem(Schema):
    id: str = Field(description="Identifiant du dispositif (champ `id` du schéma).")
    titre: str
    promesse: str | None
    types_aides: list[str]
    porteurs: list[PorteurOut]
    cibles: list[str]
    eligibilite_geographique: list[str]
    eligibilite_geographique_exclusions: list[str]
    date_ouverture: datetime.datetime | None
    date_cloture: datetime.datetime | None
    date_mise_a_jour: datetime.datetime
    besoins: list[str]
    instruments: list[str]
    formats_accompagnement: list[str]
    url: str = Field(description="Adresse de la page du dispositif.")


class SchemeDetail(SchemeItem):
    description: str
    eligibilite: str
    programmes_parents: list[str]
    url_source: str | None
    eligibilite_effectif_minimal: int | None
    eligibilite_effectif_maximal: int | None
    eligibilite_annees_existence_minimal: int | None
    eligibilite_forme_juridique: list[str]
    eligibilite_forme_juridique_exclusions: list[str]
    ciblage_naf: list[str]
    ciblage_naf_exclusions: list[str]
    source: str
    date_source: datetime.date


class SchemePage(Schema):
    total: int
    page: int
    taille: int
    pages: int
    items: list[SchemeItem]


class VerdictOut(Schema):
    critere: str
    etat: str = Field(description="`rempli`, `non_rempli` ou `inconnu`.")
    valeur: str
    source: str | None
    date_source: str | None
    exigence: str
    conclusion: str
    phrase: str = Field(description="L'explication en une phrase, comme sur la page.")
    question: str | None = Field(description="Champ de la fiche qui, renseigné, lèverait l'inconnue.")
    possible: str | None = Field(description="Quand ou comment le critère manquant pourrait être rempli.")


class MatchOut(Schema):
    groupe: str = Field(description="`eligible`, `a_preciser` ou `presque`.")
    dispositif: str = Field(description="Identifiant du dispositif.")
    titre: str
    url: str
    besoins_declares: list[str]
    criteres: list[VerdictOut]


class MatchingOut(Schema):
    structure: str
    besoins_declares: list[str]
    dispositifs: list[MatchOut]
