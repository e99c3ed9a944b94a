"""Shapes of the resource library's API, with French field names as published."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from maillage.resources.enums import ResourceKind
from maillage.schemes.needs import need_labels


class ResourceQuery(Schema):
    """The library's filters, as on the page `/ressources/`; every value is read by the page's own parser."""

    q: str = Field("", description="Mots du titre, du résumé, des auteurs ou de l'éditeur.")
    territoire: str = Field(
        "",
        description="Identifiant d'un territoire de tout niveau (`DEP-42`, `COM-42218`…) : ressources qui le "
        "concernent, lui, un territoire qui le contient ou un territoire qu'il contient.",
    )
    type: str = Field("", description="Type : " + ", ".join(f"`{v}`" for v in ResourceKind.values) + ".")
    theme: str = Field(
        "", description="Thème (catégorie de besoins) : " + ", ".join(f"`{k}`" for k in need_labels()) + "."
    )
    discipline: str = Field("", description="Identifiant (slug) d'une discipline.")
    page: str = Field("1", description="Numéro de page (50 ressources par page).")


class Named(Schema):
    nom: str
    url: str | None = Field(None, description="Sa fiche dans l'annuaire, quand la structure y est.")


class TerritoryBrief(Schema):
    id: str
    nom: str


class ResourceItem(Schema):
    slug: str
    titre: str
    type: str
    resume: str
    editeur: Named | None
    auteurs: list[Named]
    date: str | None = Field(description="AAAA-MM-JJ, AAAA-MM ou AAAA selon ce que la source en dit.")
    adresse: str = Field(description="L'adresse de la ressource elle-même (vide si aucune).")
    lien_casse_depuis: str | None
    licence: str
    langue: str
    themes: list[str]
    disciplines: list[str]
    territoires: list[TerritoryBrief]
    source: str = Field(description="Le document d'où vient la notice.")
    version: int
    url: str


class ResourcePage(Schema):
    total: int
    page: int
    pages: int
    items: list[ResourceItem]


class CollectionItemOut(Schema):
    note: str
    ressource: ResourceItem


class CollectionOut(Schema):
    slug: str
    titre: str
    note: str
    parente: str | None = Field(description="Slug de la collection qui la contient.")
    sous_collections: list[str]
    url: str
    items: list[CollectionItemOut]


class CollectionBrief(Schema):
    slug: str
    titre: str
    note: str
    ressources: int = Field(description="Nombre de ressources publiques de la collection.")
    url: str
