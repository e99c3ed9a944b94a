"""Shapes of the initiatives' API, with French field names as published."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from maillage.initiatives.enums import InnovationFamily, InnovationTag
from maillage.structures.enums import EssFamily


class InitiativeQuery(Schema):
    """The filters of the page `/initiatives/`; every value is read by the page's own parser."""

    q: str = Field("", description="Mots du titre, du résumé, de la réponse ou des missions.")
    territoire: str = Field(
        "",
        description="Identifiant d'un territoire de tout niveau (`DEP-42`, `COM-42218`…) : fiches sur ce "
        "territoire, un territoire qui le contient ou un territoire qu'il contient.",
    )
    typologie: str = Field(
        "",
        description="Famille ("
        + ", ".join(f"`{v}`" for v in InnovationFamily.values)
        + ") ou étiquette ("
        + ", ".join(f"`{v}`" for v in InnovationTag.values)
        + ").",
    )
    discipline: str = Field("", description="Identifiant (slug) d'une discipline.")
    famille: str = Field(
        "",
        description="Famille de l'ESS d'une structure porteuse : "
        + ", ".join(f"`{v}`" for v in EssFamily.values),
    )
    page: str = Field("1", description="Numéro de page (50 fiches par page).")


class StructureRole(Schema):
    nom: str
    url: str
    role: str = Field(description="`carrier` (porteuse) ou `partner` (partenaire).")
    precision: str


class FigureOut(Schema):
    indicateur: str
    annee: int
    valeur: str = Field(description="Nombre décimal, en texte pour ne rien arrondir.")
    valeur_affichee: str
    source: str
    date_source: str | None
    note: str


class EssaimageOut(Schema):
    initiative: str | None = Field(description="Adresse de la fiche qui l'a reprise, s'il y en a une.")
    structure: str | None = Field(description="Adresse de la structure qui l'a reprise, s'il y en a une.")
    date: str | None
    note: str


class InitiativeItem(Schema):
    id: int
    slug: str
    titre: str
    resume: str
    famille_innovation: str
    etiquettes: list[str]
    disciplines: list[str]
    territoire: str | None = Field(description="Identifiant du territoire (`DEP-42`…).")
    structures: list[StructureRole]
    publiee_le: str | None
    confirmee_le: str | None
    a_reconfirmer: bool
    source: str = Field(description="Le document d'où vient la fiche.")
    tiree_d_une_page_publique: bool
    version: int
    url: str


class InitiativeOut(InitiativeItem):
    histoire: str
    probleme: str
    reponse: str
    missions: list[str]
    cooperation: str
    gouvernance: str
    modele_economique: str
    effets: str
    transferabilite: str
    chiffres: list[FigureOut]
    essaimage: list[EssaimageOut]


class InitiativePage(Schema):
    total: int
    page: int
    pages: int
    items: list[InitiativeItem]
