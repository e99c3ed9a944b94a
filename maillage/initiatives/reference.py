"""Culture et Coopération's fiche and the PTCE charter, from the Labo de l'ESS's page alone.

The fiche's texts are the page's own sentences (« Culture et Coopération (Loire) », published on
9 September 2015), lightly cut; its figures are the page's, with the page as source and its year. The page
names a person and an address: neither is needed for the fiche, neither is kept. The page invites PTCE to
« signez la charte des PTCE » but gives no text: the charter is loaded with its title and that fact only.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db import transaction

from maillage.initiatives.charter_selectors import PTCE_CHARTER
from maillage.initiatives.charter_services import charter_version_publish
from maillage.initiatives.enums import CarrierRole, InitiativeSource, InitiativeState, InnovationFamily
from maillage.initiatives.models import Charter, Initiative
from maillage.initiatives.services import (
    initiative_add_figure,
    initiative_create,
    initiative_link_structure,
    initiative_publish,
)
from maillage.structures.enums import DataSource, DatePrecision, Metric
from maillage.structures.models import Structure
from maillage.structures.reference.figures import UNDATED
from maillage.structures.reference.relations import C_ET_C_FOUNDERS
from maillage.structures.reference.sources import C_ET_C, LABO_FICHE
from maillage.territories.models import Territory

KEY = "labo-culture-et-cooperation"
LOIRE = "DEP-42"  # the page's title: « Culture et Coopération (Loire) »
SOURCE: dict[str, Any] = {
    "source_label": LABO_FICHE.title,
    "source_url": LABO_FICHE.url,
    "source_date": LABO_FICHE.date,
}

FICHE: dict[str, Any] = {
    "title": "Culture et Coopération (Loire)",
    "summary": (
        "Ce regroupement d'associations et d'entreprises coopératives culturelles de l'agglomération "
        "stéphanoise consolide un chiffre d'affaires annuel de plus de 3 millions d'euros, emploie 50 "
        "salariés et 250 intermittents, et est animé par plusieurs centaines d'associés, d'administrateurs "
        "et de bénévoles…"
    ),
    "started_on": datetime.date(2010, 10, 1),
    "started_on_precision": DatePrecision.MONTH,
    "history": (
        "L'histoire de Culture et coopération débute à Saint-Etienne dans les années 2000 avec quelques "
        "projets phares comme la création d'une scène de musiques actuelles ou la reprise d'un cinéma d'art "
        "et d'essai. D'autres projets et initiatives dans l'agglomération amènent les mêmes acteurs à "
        "travailler ensemble, à expérimenter la mutualisation et le partage de savoir-faire. En 2010, une "
        "quinzaine d'entreprises et associations initient une démarche pour structurer et formaliser les "
        "pratiques de coopération existantes. Ces structures décident de se regrouper en cluster, selon le "
        "modèle instauré en 1999 par la DATAR et créent l'association Culture et coopération en octobre 2010."
    ),
    "problem": (
        "Selon l'association, l'État et ses délégations régionales « n'ont pas développé de dispositif "
        "spécifique pour la structuration économique des organisations culturelles »."
    ),
    "response": (
        "Leur objectif est de maintenir une offre diversifiée de services et de biens culturels, privée et "
        "indépendante. Culture & Coopération porte ainsi trois missions principales."
    ),
    "missions": "\n".join(
        (
            "Développer une offre de services mutualisés - illustrée par exemple avec la création début 2012 "
            "d'un groupement d'employeurs pour la gestion, le contrôle de gestion et l'amélioration des "
            "systèmes d'information.",
            "Accompagner la création d'activités innovantes sur un mode coopératif - conception notamment du "
            "Mixeur, un nouveau lieu créatif mêlant projets numériques et offre culturelle, au cœur de "
            "l'ancienne manufacture d'armes.",
            "Soutenir les professionnels par la mobilisation de ressources - co-organisation notamment des "
            "rencontres nationales « Culture & développement territorial » avec l'Ufisc, la Cress RA et "
            "Opale-CNAR Culture.",
        )
    ),
    "cooperation": (
        "Les structures artistiques et culturelles sont réunies autour de valeurs de solidarité, de "
        "développement local durable, d'économie au service d'un projet social et d'intérêt collectif. "
        "L'association a créé un intranet pour favoriser la collaboration et mutualise des ressources "
        "matérielles. La place du bénévolat et de l'engagement en service civique est conçue comme « un sas "
        "d'entrée progressive et de formation des individus »."
    ),
    "economic_model": (
        "Culture & Coopération est principalement aidée par la Région Rhône-Alpes, la communauté "
        "d'agglomération de Saint-Étienne. L'association attend un soutien du Ministère de la Culture."
    ),
    "transferability": (
        "L'association souhaite confronter ses pratiques et ses questionnements à ceux de pôles de "
        "coopération d'autres secteurs et participer au développement des pôles territoriaux de coopération "
        "économique."
    ),
    "family": InnovationFamily.COOPERATION,
    "tags": ["pole-cluster", "mutualisation", "groupement-employeurs"],
    "drawn_from_public_page": True,
}
FIGURES = (
    (Metric.TURNOVER, Decimal(3_000_000), "plus de", "Chiffre d'affaires annuel consolidé du regroupement."),
    (Metric.EMPLOYEES, Decimal(50), "", "Salariés employés par le regroupement."),
    (Metric.INTERMITTENTS, Decimal(250), "", "Intermittents employés par le regroupement."),
)
# Named by the page: the founders (2010) and the co-organisers of the national meetings.
PARTNERS = [
    *((key, "Parmi les structures qui créent l'association en octobre 2010") for key in C_ET_C_FOUNDERS),
    *(
        (key, "Co-organisation des rencontres nationales « Culture & développement territorial »")
        for key in ("ufisc", "cress-rhone-alpes", "opale")
    ),
]
CHARTER_TITLE = "Charte des PTCE"
CHARTER_NOTE = (
    "Les documents de référence nomment cette charte (« Signez la charte des PTCE », page du Labo de l'ESS "
    "du 9 septembre 2015) sans en donner le texte : seuls son titre et ce fait sont repris ici."
)


def load_reference_initiatives(*, dry_run: bool, say: Callable[[str], None] = lambda m: None) -> list[str]:
    """Create the fiche and the charter once (never overwritten: their carriers may have edited them)."""
    lines = []
    with transaction.atomic():
        structures = {
            s.source_id: s
            for s in Structure.objects.filter(source=DataSource.REFERENCE_SEED).only("pk", "source_id")
        }
        if (
            C_ET_C in structures
            and not Initiative.objects.filter(source=InitiativeSource.REFERENCE_SEED, source_id=KEY).exists()
        ):
            _fiche(structures)
            lines.append("  Initiatives : fiche de Culture et Coopération créée")
        else:
            lines.append("  Initiatives : rien à créer")
        if not Charter.objects.filter(slug=PTCE_CHARTER).exists():
            charter = Charter.objects.create(title=CHARTER_TITLE, slug=PTCE_CHARTER, **SOURCE)
            charter_version_publish(actor=None, charter=charter, text_note=CHARTER_NOTE, **SOURCE)
            lines.append("  Charte des PTCE : titre chargé (les documents n'en donnent pas le texte)")
        if dry_run:
            transaction.set_rollback(True)
    return lines


def _fiche(structures: dict[str, Structure]) -> Initiative:
    fiche = initiative_create(
        actor=None,
        slug="culture-et-cooperation",
        territory=Territory.objects.filter(id=LOIRE).first(),
        state=InitiativeState.SUBMITTED,
        source=InitiativeSource.REFERENCE_SEED,
        source_id=KEY,
        **FICHE,
        **SOURCE,
    )
    initiative_link_structure(
        actor=None,
        initiative=fiche,
        structure=structures[C_ET_C],
        role=CarrierRole.CARRIER,
        label="Association",
    )
    for key, label in PARTNERS:
        if key in structures:
            initiative_link_structure(
                actor=None, initiative=fiche, structure=structures[key], role=CarrierRole.PARTNER, label=label
            )
    for metric, value, qualifier, note in FIGURES:
        initiative_add_figure(
            actor=None,
            initiative=fiche,
            metric=metric,
            year=LABO_FICHE.date.year if LABO_FICHE.date else 2015,
            value=value,
            qualifier=qualifier,
            note=f"{note} {UNDATED}",
            **SOURCE,
        )
    if fiche.territory_id is None:  # a database without the referential keeps the fiche unpublished
        return fiche
    return initiative_publish(actor=None, initiative=fiche, expected_version=fiche.version)
