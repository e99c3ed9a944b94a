"""The resources the seed page « La culture cherche sa voie dans l'ESS » lists, in its own words.

Only what the page (and the Labo de l'ESS page it points to) states: titles, publishers, dates to the
precision given, summaries quoted from the page, its one outside address. The Avise excerpt gives no
title of its own: the title is the one its address spells out. Publishers and creators are linked to the
reference structures by natural key, named otherwise (a newspaper, the authors of an op-ed).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from maillage.resources.enums import ResourceKind, ResourceSource
from maillage.resources.models import Collection, CollectionItem, Resource
from maillage.resources.services import (
    collection_create,
    collection_set_items,
    resource_create,
    resource_update,
)
from maillage.structures.enums import DataSource, DatePrecision
from maillage.structures.models import Structure
from maillage.structures.reference.schema import Document
from maillage.structures.reference.sources import (
    AVISE_PUBLICATION,
    CNAR_MISSION,
    L_A_AGENCE,
    LABO_FICHE,
    MUTUALISATION,
    PTCE_EIGHTEEN,
    PTCE_MEETING,
)
from maillage.territories.models import Territory

_PAGE = "« La culture cherche sa voie dans l'ESS », page de ressources, extrait"
PAGE = Document("« La culture cherche sa voie dans l'ESS », page de ressources")
OP_ED = Document(f"{_PAGE} « Penser et agir différemment contre le chômage »")
PTCE_DAY = Document(
    f"{_PAGE} « Retour sur la journée de rencontre des Pôles Territoriaux de Coopération Economique (PTCE) »"
)
PTCE_INVEST = Document(f"{_PAGE} « Investir dans les Pôles Territoriaux de Coopération Economique (PTCE) »")
PTCE_OP_ED = Document(f"{_PAGE} « Les PTCE pour penser et agir différemment contre le chômage »")
LOIRE = "DEP-42"


@dataclass(frozen=True)
class ResourceFact:
    key: str
    title: str
    kind: ResourceKind
    document: Document
    summary: str = ""
    publisher: str = ""  # a reference structure's natural key
    publisher_name: str = ""
    creators: tuple[str, ...] = ()
    creator_names: str = ""
    about: tuple[str, ...] = ()
    date: datetime.date | None = None
    precision: DatePrecision = DatePrecision.DAY
    url: str = ""
    territories: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    note: str = ""  # the page's heading above the item, kept as the collection's note


RESOURCES = (
    ResourceFact(
        key="avise-clauses-sociales",
        title="L'intégration des clauses sociales dans la commande publique",
        kind=ResourceKind.PUBLICATION,
        document=AVISE_PUBLICATION,
        publisher="avise",
        url=AVISE_PUBLICATION.url,
        summary=(
            "Volonté politique, organisation interne, mobilisation des partenaires, possibilités concrètes "
            "dans les marchés… Dans cette publication, les élus et techniciens des Régions pourront trouver "
            "bonnes pratiques et analyses pour renforcer leurs achats socialement responsables, quel que "
            "soit leur niveau d'avancement en la matière. La première partie de la publication de l'Avise, "
            "réalisée dans le cadre de l'animation des centres de ressources essenregion.org et "
            "socialement-responsable.org, explore les enjeux, acteurs et principaux repères sur les clauses "
            "sociales. […] En seconde partie, six fiches présentent des bonnes pratiques et retours "
            "d'expérience sur la mise en œuvre des clauses sociales par les Conseils régionaux."
        ),
        needs=("financement",),
    ),
    ResourceFact(
        key="labo-culture-et-cooperation",
        title="Culture et Coopération (Loire)",
        kind=ResourceKind.PAGE,
        document=LABO_FICHE,
        publisher="labo-ess",
        about=("culture-et-cooperation",),
        date=datetime.date(2015, 9, 9),
        summary=(
            "Ce regroupement d'associations et d'entreprises coopératives culturelles de l'agglomération "
            "stéphanoise consolide un chiffre d'affaires annuel de plus de 3 millions d'euros, emploie 50 "
            "salariés et 250 intermittents, et est animé par plusieurs centaines d'associés, "
            "d'administrateurs et de bénévoles…"
        ),
        territories=(LOIRE,),
        needs=("cooperation",),
        note="Culture et coopération - Saint-Etienne",
    ),
    ResourceFact(
        key="opale-synthese-ge-2012",
        title='Synthèse des "1ères Rencontres nationales Groupement d\'employeurs & Emplois culturels"',
        kind=ResourceKind.SYNTHESIS,
        document=MUTUALISATION,
        publisher="opale",
        creators=("opale", "agec"),
        summary=(
            "Organisées par Opale/Cnar Culture et l'Agec à Bordeaux en 2012, ces rencontres ont permis "
            "d'explorer les différentes dimensions des GE dans le secteur culturel. Le document propose à "
            "la fois quelques rappels sur les GE, les enjeux, plus-values, précautions qu'appelle cette "
            "forme d'emploi mais aussi un tableau de synthèse des questionnements et recommandations."
        ),
        needs=("emploi", "cooperation"),
        note="Repères sur différentes formes de mutualisation",
    ),
    ResourceFact(
        key="opale-ge-2010",
        title="Groupements d'employeurs et associations culturelles et artistiques, enjeux et expériences",
        kind=ResourceKind.PUBLICATION,
        document=MUTUALISATION,
        publisher="opale",
        date=datetime.date(2010, 1, 1),
        precision=DatePrecision.YEAR,
        needs=("emploi",),
        note="Téléchargez le document",
    ),
    ResourceFact(
        key="tribune-liberation-2012",
        title="Penser et agir différemment contre le chômage",
        kind=ResourceKind.OPINION,
        document=OP_ED,
        publisher_name="Libération",
        creator_names="Claude Alphandéry, Christophe Chevalier",
        date=datetime.date(2012, 4, 13),
        summary=(
            "Une tribune de Claude Alphandéry et Christophe Chevalier (Président de Coorace, président "
            'directeur général du groupe Archer), publiée dans la page "Rebonds" de Libération.'
        ),
        needs=("emploi",),
    ),
    ResourceFact(
        key="ptce-penser-agir-2012",
        title="Les PTCE pour penser et agir différemment contre le chômage",
        kind=ResourceKind.ARTICLE,
        document=PTCE_OP_ED,
        date=datetime.date(2012, 4, 17),
        summary=(
            "Dans une tribune publiée dans Libération le 13 avril 2012, Claude Alphandéry et Christophe "
            "Chevalier (Président de Coorace, président directeur général du groupe Archer) proposent de "
            "faire du territoire un des enjeux du développement de l'emploi."
        ),
        needs=("cooperation",),
    ),
    ResourceFact(
        key="ptce-journee-rencontre",
        title="Retour sur la journée de rencontre des Pôles Territoriaux de Coopération Economique (PTCE)",
        kind=ResourceKind.ARTICLE,
        document=PTCE_DAY,
        summary=(
            "Une des 60 propositions du Labo ESS, qui a été relayée dans le cadre des Etats Généraux de "
            "l'ESS, est de travailler à la qualification et la valorisation des démarches de constitution "
            "de Pôles Territoriaux de Coopération Economique (PTCE) […]. Plus de 130 expérimentations "
            "réparties sur le territoire français ont répondu."
        ),
        about=("labo-ess",),
        needs=("cooperation",),
    ),
    ResourceFact(
        key="ptce-investir-2012",
        title="Investir dans les Pôles Territoriaux de Coopération Economique (PTCE) : un enjeu de société",
        kind=ResourceKind.ARTICLE,
        document=PTCE_INVEST,
        date=datetime.date(2012, 6, 28),
        summary=(
            "Lundi 25 juin, l'auditorium de la MACIF (Paris) était comble pour la première rencontre "
            "nationale des PTCE, marquée par l'intervention de Benoit Hamon."
        ),
        needs=("cooperation",),
    ),
    ResourceFact(
        key="ptce-18-poles",
        title=(
            "18 pôles territoriaux de coopération économique sélectionnés pour une expérimentation nationale"
        ),
        kind=ResourceKind.ARTICLE,
        document=PTCE_EIGHTEEN,
        summary=(
            "L'objectif des PTCE est de favoriser des regroupements d'acteurs variés au service de projets "
            "ESS. Parmi les plus avancés, le Pôle Sud-Rhône-Alpes regroupe sur un même lieu un ensemble "
            "d'acteur de l'ESS de la Drôme : groupe Archer, Coorace, Cress Rhône Alpes, Adie..."
        ),
        about=("pole-sud-rhone-alpes",),
        needs=("cooperation",),
    ),
    ResourceFact(
        key="economie-sociale-poles-territoriaux",
        title="L'économie sociale s'organise en pôles territoriaux",
        kind=ResourceKind.ARTICLE,
        document=PTCE_MEETING,
        summary=(
            "Les pôles territoriaux de coopération économique sont en train d'essaimer. Déjà 18 "
            "pôles-témoins sont actifs ou sur le point de l'être. Une première rencontre organisée le 25 "
            "juin 2012 a été l'occasion de mettre en avant les atouts de ces structures et le rôle "
            "particulier que peuvent jouer les collectivités territoriales dans leur développement."
        ),
        about=("labo-ess",),
        needs=("cooperation",),
    ),
    ResourceFact(
        key="mission-cnar-culture",
        title="La mission Cnar Culture",
        kind=ResourceKind.PAGE,
        document=CNAR_MISSION,
        summary=(
            "Le CRDLA Culture s'est constitué en juillet 2004 pour apporter un appui au réseau des "
            "Dispositifs Locaux d'Accompagnement."
        ),
        about=("opale",),
    ),
    ResourceFact(
        key="l-a-culture-ess",
        title="Culture & ESS - L'A. Agence culturelle du Poitou-Charentes",
        kind=ResourceKind.PAGE,
        document=L_A_AGENCE,
        publisher="l-a-poitou-charentes",
        date=datetime.date(2016, 10, 17),
        summary=(
            "L'A. vous propose un zoom dédié à l'ESS. Les 13 & 14 octobre, se tenait à Niort le salon "
            "national consacré à l'Économie Sociale et Solidaire, où L'A. animait un stand aux côtés de "
            "quatre autres partenaires. Interrogeons-nous sur l'ESS : Quel est le poids du secteur culturel "
            "dans le champ de l'ESS ?"
        ),
    ),
)
COLLECTION_KEY = "culture-cherche-sa-voie-dans-l-ess"
COLLECTION_TITLE = "La culture cherche sa voie dans l'ESS"
COLLECTION_NOTE = (
    "La page de ressources « Culture & ESS » des documents fondateurs : publications, synthèses, tribunes "
    "et articles sur la place des acteurs culturels dans l'économie sociale et solidaire, dans l'ordre de "
    "la page."
)
PTCE_KEY = "poles-territoriaux-de-cooperation-economique"
PTCE_TITLE = "Pôles territoriaux de coopération économique (PTCE)"
PTCE_NOTE = (
    "Les articles de la page consacrés aux PTCE, de la tribune d'avril 2012 à l'expérimentation nationale."
)
PTCE_ITEMS = (
    "ptce-penser-agir-2012",
    "ptce-journee-rencontre",
    "ptce-investir-2012",
    "ptce-18-poles",
    "economie-sociale-poles-territoriaux",
)


def load_reference_resources(
    *, dry_run: bool, say: Callable[[str], None] = lambda message: None
) -> list[str]:
    """Upsert the resources and the page's collections by natural key; return the summary lines."""
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    with transaction.atomic():
        structures = {
            s.source_id: s
            for s in Structure.objects.filter(source=DataSource.REFERENCE_SEED).only(
                "pk", "source_id", "name"
            )
        }
        resources: dict[str, Resource] = {}
        for fact in RESOURCES:
            state, resources[fact.key] = _resource(fact, structures)
            counts[state] += 1
        page = _collection(COLLECTION_KEY, COLLECTION_TITLE, COLLECTION_NOTE, None)
        _items(page, [(resources[f.key], f.note) for f in RESOURCES if f.key not in PTCE_ITEMS])
        ptce = _collection(PTCE_KEY, PTCE_TITLE, PTCE_NOTE, page)
        _items(ptce, [(resources[key], "") for key in PTCE_ITEMS])
        if dry_run:
            transaction.set_rollback(True)
    return [
        f"  Ressources : {counts['created']} créée(s), {counts['updated']} modifiée(s), "
        f"{counts['unchanged']} inchangée(s) ; 2 collections"
    ]


def _source(document: Document) -> dict[str, Any]:
    return {"source_label": document.title[:300], "source_url": document.url, "source_date": document.date}


def _resource(fact: ResourceFact, structures: dict[str, Structure]) -> tuple[str, Resource]:
    fields: dict[str, Any] = {
        "title": fact.title,
        "kind": fact.kind,
        "summary": fact.summary,
        "publisher": structures.get(fact.publisher) if fact.publisher else None,
        "publisher_name": fact.publisher_name,
        "creator_names": fact.creator_names,
        "published_on": fact.date,
        "date_precision": fact.precision,
        "url": fact.url,
        "needs": list(fact.needs),
        **_source(fact.document),
    }
    links: dict[str, list[Any]] = {
        "creators": [structures[k] for k in fact.creators if k in structures],
        "structures": [structures[k] for k in fact.about if k in structures],
        # Territories the referential has; a database without it loads the resources all the same.
        "territories": list(Territory.objects.filter(id__in=fact.territories)),
    }
    existing = Resource.objects.filter(source=ResourceSource.REFERENCE_SEED, source_id=fact.key).first()
    if existing is None:
        fields.update(links, slug=fact.key, source=ResourceSource.REFERENCE_SEED, source_id=fact.key)
        resource = resource_create(actor=None, **fields)
        return "created", resource
    changed = {name: value for name, value in fields.items() if getattr(existing, name) != value}
    now = {name: sorted(o.pk for o in getattr(existing, name).all()) for name in links}
    changed_links = {name: objs for name, objs in links.items() if sorted(o.pk for o in objs) != now[name]}
    if not changed and not changed_links:
        return "unchanged", existing
    return "updated", resource_update(
        actor=None, resource=existing, expected_version=existing.version, **changed, **changed_links
    )


def _collection(key: str, title: str, note: str, parent: Collection | None) -> Collection:
    existing = Collection.objects.filter(source=ResourceSource.REFERENCE_SEED, source_id=key).first()
    if existing is not None:
        return existing
    return collection_create(
        actor=None,
        title=title,
        slug=key,
        note=note,
        parent=parent,
        source=ResourceSource.REFERENCE_SEED,
        source_id=key,
        **_source(PAGE),
    )


def _items(collection: Collection, items: list[tuple[Resource, str]]) -> None:
    now = list(CollectionItem.objects.filter(collection=collection).values_list("resource_id", "note"))
    if now != [(r.pk, note) for r, note in items]:
        collection_set_items(
            actor=None, collection=collection, expected_version=collection.version, items=items
        )
