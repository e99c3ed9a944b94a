"""Meetings the founding documents date, loaded with the directory's reference data, in their own words.

Only what the documents state: the place as they name it (the commune when the referential has it), the
dates to the precision they give ("mai 2011", "en 2012"), the organisers they list, linked to the
reference structures by natural key. The Avignon meetings of the cycle are named but never dated: they
are left out rather than guessed.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from maillage.events.enums import EventKind, EventSource, EventStatus, OrganiserRole, SeriesKind
from maillage.events.models import Event, EventOrganiser, EventSeries
from maillage.events.services import event_create, event_update, series_create
from maillage.structures.enums import DataSource, DatePrecision
from maillage.structures.models import Structure
from maillage.structures.reference.schema import Document
from maillage.structures.reference.sources import (
    MEETINGS_2012,
    MEETINGS_RELEASE,
    MUTUALISATION,
    PTCE_MEETING,
    REDON,
    REDON_2011,
    SAINT_ETIENNE,
)
from maillage.territories.models import Territory

CYCLE_KEY = "cycle-culture-developpement-territorial"
CYCLE_TITLE = "Rencontres « Culture et développement territorial »"
CYCLE_DESCRIPTION = (
    "Cycle de rencontres initiées à Redon puis Avignon, de l'Ufisc, du Cnar Culture et du CNCRES ; les "
    "rencontres nationales de Saint-Étienne des 20 et 21 mars 2012 s'inscrivent dans sa continuité. Les "
    "documents ne datent pas les rencontres d'Avignon."
)
PARIS = "COM-75056"
BORDEAUX = "COM-33063"


@dataclass(frozen=True)
class EventFact:
    key: str
    title: str
    document: Document
    start: datetime.date
    end: datetime.date
    precision: DatePrecision
    venue: str
    commune_id: str
    description: str = ""
    audience: str = ""
    organisers: tuple[str, ...] = ()
    partners: tuple[str, ...] = ()
    in_cycle: bool = False
    kind: EventKind = EventKind.MEETING


EVENTS = (
    EventFact(
        key="redon-2011",
        title=REDON_2011,
        document=MEETINGS_RELEASE,
        start=datetime.date(2011, 5, 1),
        end=datetime.date(2011, 5, 31),
        precision=DatePrecision.MONTH,
        venue="Redon",
        commune_id=REDON,
        description="Rencontres professionnelles de Redon en mai 2011, première étape du cycle.",
        in_cycle=True,
    ),
    EventFact(
        key="saint-etienne-2012",
        title="Culture et développement territorial, construire les coopérations",
        document=MEETINGS_RELEASE,
        start=datetime.date(2012, 3, 20),
        end=datetime.date(2012, 3, 21),
        precision=DatePrecision.DAY,
        venue="Saint-Étienne",
        commune_id=SAINT_ETIENNE,
        description=(
            "Rencontres nationales. A partir d'une analyse approfondie d'expériences de coopérations "
            "identifiées dans le secteur culturel (le cluster Culture & Coopération à Saint-Étienne, Les "
            "Articulteurs à Redon…), ou dans d'autres champs d'activités, ces rencontres rassembleront des "
            "acteurs artistiques et culturels, des élu(e)s, des technicien(ne)s des collectivités "
            "territoriales, des universitaires,… soucieux d'avancer sur des modèles économiques alternatifs "
            "fondés sur la coopération en matière de culture.\n\n"
            "Ces rencontres nationales, organisées à l'occasion des journées professionnelles de la Fédurok "
            "et de la FSJ (Fédération des Scènes de Jazz) se veulent un temps fort de réflexion et "
            "d'échanges sur les pratiques, les mécanismes et les enjeux de la coopération économique "
            "territoriale dans le domaine culturel."
        ),
        audience=(
            "Acteurs artistiques et culturels, élu(e)s, technicien(ne)s des collectivités territoriales, "
            "universitaires"
        ),
        organisers=("le-fil", "culture-et-cooperation", "cress-rhone-alpes", "opale", "ufisc"),
        partners=("fedurok", "fsj"),
        in_cycle=True,
    ),
    EventFact(
        key="ptce-2012",
        title="Première rencontre nationale des PTCE",
        document=PTCE_MEETING,
        start=datetime.date(2012, 6, 25),
        end=datetime.date(2012, 6, 25),
        precision=DatePrecision.DAY,
        venue="Auditorium de la MACIF",
        commune_id=PARIS,
        description=(
            "Première rencontre nationale des pôles territoriaux de coopération économique, organisée le "
            "25 juin 2012 à Paris par le Laboratoire de l'économie sociale et solidaire."
        ),
        organisers=("labo-ess",),
    ),
    EventFact(
        key="ge-bordeaux-2012",
        title="1ères Rencontres nationales Groupement d'employeurs & Emplois culturels",
        document=MUTUALISATION,
        start=datetime.date(2012, 1, 1),
        end=datetime.date(2012, 12, 31),
        precision=DatePrecision.YEAR,
        venue="Bordeaux",
        commune_id=BORDEAUX,
        description=(
            "Organisées par Opale/Cnar Culture et l'Agec à Bordeaux en 2012, ces rencontres ont permis "
            "d'explorer les différentes dimensions des GE dans le secteur culturel."
        ),
        organisers=("opale", "agec"),
    ),
)
# The title the structures' reference data gives the Saint-Étienne meetings, kept as another name.
SAINT_ETIENNE_ALSO_CALLED = MEETINGS_2012


def load_reference_events(*, dry_run: bool, say: Callable[[str], None] = lambda message: None) -> list[str]:
    """Upsert the series and the meetings by natural key; return the summary lines."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    missing: list[str] = []
    with transaction.atomic():
        series = _series()
        for fact in EVENTS:
            counts[_event(fact, series, missing)] += 1
        if dry_run:
            transaction.set_rollback(True)
    lines = [
        f"  Événements : {counts['created']} créé(s), {counts['updated']} modifié(s), "
        f"{counts['unchanged']} inchangé(s)"
    ]
    if missing:
        lines.append(f"  Événements sans commune (référentiel absent) : {', '.join(sorted(set(missing)))}")
    return lines


def _source(document: Document) -> dict[str, Any]:
    return {"source_label": document.title[:300], "source_url": document.url, "source_date": document.date}


def _series() -> EventSeries:
    existing = EventSeries.objects.filter(source=EventSource.REFERENCE_SEED, source_id=CYCLE_KEY).first()
    if existing is not None:
        return existing
    return series_create(
        actor=None,
        title=CYCLE_TITLE,
        slug="rencontres-culture-et-developpement-territorial",
        kind=SeriesKind.CYCLE,
        description=CYCLE_DESCRIPTION,
        source=EventSource.REFERENCE_SEED,
        source_id=CYCLE_KEY,
        **_source(MEETINGS_RELEASE),
    )


def _structures(keys: tuple[str, ...]) -> list[Structure]:
    found = {
        s.source_id: s for s in Structure.objects.filter(source=DataSource.REFERENCE_SEED, source_id__in=keys)
    }
    return [found[key] for key in keys if key in found]


def _event(fact: EventFact, series: EventSeries, missing: list[str]) -> str:
    commune = Territory.objects.filter(id=fact.commune_id).first()
    if commune is None:
        missing.append(fact.venue)
    fields: dict[str, Any] = {
        "title": fact.title,
        "kind": fact.kind,
        "description": fact.description,
        "status": EventStatus.PUBLISHED,
        "venue": fact.venue,
        "commune": commune,
        "start_date": fact.start,
        "end_date": fact.end,
        "date_precision": fact.precision,
        "audience": fact.audience,
        "series": series if fact.in_cycle else None,
        **_source(fact.document),
    }
    organisers, partners = _structures(fact.organisers), _structures(fact.partners)
    existing = Event.objects.filter(source=EventSource.REFERENCE_SEED, source_id=fact.key).first()
    if existing is None:
        event_create(
            actor=None,
            slug=fact.key,
            organisers=organisers,
            partners=partners,
            source=EventSource.REFERENCE_SEED,
            source_id=fact.key,
            **fields,
        )
        return "created"
    changed = {name: value for name, value in fields.items() if getattr(existing, name) != value}
    links = list(EventOrganiser.objects.filter(event=existing).values_list("structure_id", "role"))
    wanted = [(s.pk, OrganiserRole.ORGANISER.value) for s in organisers]
    wanted += [(s.pk, OrganiserRole.PARTNER.value) for s in partners]
    if not changed and sorted(links) == sorted(wanted):
        return "unchanged"
    event_update(
        actor=None,
        event=existing,
        expected_version=existing.version,
        organisers=organisers,
        partners=partners,
        **changed,
    )
    return "updated"
