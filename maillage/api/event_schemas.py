"""Shapes of the events API, with French field names as published."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field

from maillage.events.enums import EventKind


class EventQuery(Schema):
    """The agenda's filters, as on the page `/evenements/`; every value is read by the page's own parser."""

    q: str = Field("", description="Mots du titre ou de la présentation.")
    territoire: str = Field(
        "",
        description="Identifiant d'un territoire de tout niveau (`COM-42218`, `DEP-42`…) : ce qui s'y tient.",
    )
    type: str = Field(
        "", description="Type d'événement : " + ", ".join(f"`{v}`" for v in EventKind.values) + "."
    )
    discipline: str = Field("", description="Identifiant (slug) d'une discipline.")
    reseau: str = Field(
        "", description="Identifiant numérique d'un réseau : événements de ses membres ou de lui-même."
    )
    du: str = Field("", description="Date AAAA-MM-JJ : événements qui finissent ce jour ou après.")
    au: str = Field("", description="Date AAAA-MM-JJ : événements qui commencent ce jour ou avant.")
    page: str = Field("1", description="Numéro de page (50 événements par page).")


class StructureBrief(Schema):
    id: int
    nom: str
    url: str


class CommuneBrief(Schema):
    id: str
    nom: str


class SeriesBrief(Schema):
    slug: str
    titre: str
    url: str


class EventItem(Schema):
    slug: str
    titre: str
    type: str
    etat: str
    debut: str = Field(description="Premier jour (AAAA-MM-JJ), ou début avec l'heure de Paris.")
    fin: str
    precision_date: str = Field(description="`day`, `month` ou `year` : ce que la source dit de la date.")
    participation: str
    lieu: str
    commune: CommuneBrief | None
    organisateurs: list[StructureBrief]
    serie: SeriesBrief | None
    url: str
    ics: str


class SessionOut(Schema):
    titre: str
    debut: str
    fin: str
    salle: str
    format: str
    intervenants: list[StructureBrief]


class EventDetail(EventItem):
    presentation: str
    adresse: str
    en_ligne: str
    public: str
    accessibilite: str
    tarif: str
    partenaires: list[StructureBrief]
    places: int | None
    places_restantes: int | None
    programme: list[SessionOut]
    source: str
    date_source: str | None
    version: int


class EventPage(Schema):
    total: int
    page: int
    pages: int
    items: list[EventItem]


class SeriesOut(Schema):
    slug: str
    titre: str
    nature: str
    presentation: str
    url: str
    ics: str
    evenements: list[EventItem]


class FilterErrorOut(Schema):
    detail: str
    parametre: str
