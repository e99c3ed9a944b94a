"""The convention of 13 January 2015, its four signatories and three axes, in the press release's words.

Its duration, actions and figures are not in the documents: they stay empty, for the partners to enter.
The progress indicators read maillage's own figures (the observatory for France, the UFISC's members in
the directory, the meetings its signatories held in the agenda); none is entered from elsewhere.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.db import transaction

from maillage.conventions.models import Axis, Convention, IndicatorKind, ProgressIndicator, Signatory
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure
from maillage.structures.reference.sources import CONVENTION_2015, CONVENTION_RELEASE
from maillage.territories.enums import FRANCE_ID
from maillage.territories.models import Territory

KEY = "convention-2015"
SLUG = "convention-2015-renforcer-les-acteurs-artistiques-et-culturels-de-l-ess"
SIGNATORIES = ("ufisc", "cncres", "mes", "opale")
SUMMARY = (
    "Cette convention cadre s'inscrit dans une continuité de travail entre les partenaires. Elle "
    "prolonge les "
    "actions engagées depuis 2011 pour favoriser l'interconnaissance, le partage d'expériences et la mise en "
    "place d'actions communes entre le secteur artistique et culturel de l'économie sociale et solidaire et "
    "les réseaux généralistes et d'accompagnement de cet espace socio-économique : chambre régionale "
    "d'économie sociale et solidaire (CRESS), dispositif local d'accompagnement (DLA), réseaux de l'économie "
    "solidaire.\n\n"
    "Ses objectifs portent en particulier sur l'inscription des initiatives artistiques et "
    "culturelles au sein "
    "des CRESS et des réseaux de l'économie solidaire, leurs participations à l'élaboration des politiques "
    "publiques sur les territoires, le renforcement des coopérations intersectorielles et leurs prises en "
    "compte dans les évolutions apportées par la loi ESS votée en juillet 2014."
)
AXES = (
    (
        "Un axe de structuration qui vise à favoriser les coopérations entre acteurs de l'économie "
        "sociale et "
        "solidaire et à rapprocher les acteurs culturels des CRESS et des réseaux d'économie solidaire.",
        "Il s'agira de favoriser l'interconnaissance entre les acteurs au niveau local, régional et "
        "interrégional, de mobiliser les acteurs artistiques et culturels dans le cadre des évolutions "
        "statutaires et organisationnelles des CRESS et permettre leur contribution aux réflexions "
        "transversales du champ de l'ESS (intérêt général, utilité sociale, responsabilité d'employeurs, "
        "bénévolat, formation etc.).",
    ),
    (
        "Un axe de connaissance et d'analyse qui repose sur l'identification des besoins en matière de "
        "développement du secteur artistique et culturel de l'ESS pour renforcer la connaissance globale des "
        "composantes du secteur.",
        "Il s'agira d'identifier et qualifier les besoins et spécificités des structures artistiques et "
        "culturelles en région et sur les territoires de projets (Pays, Parcs Naturels Régionaux, "
        "intercommunalités, Projets métropolitains…), de développer une observation territoriale en "
        "partageant "
        "les diagnostics et les méthodologies, de repérer et valoriser les initiatives et les innovations "
        "sociales et économiques des acteurs artistiques et culturels de l'ESS (organisation de la "
        "coopération, "
        "nouvelles gouvernances, nouvelles formes d'activité…).",
    ),
    (
        "Un axe d'accompagnement des structures au regard des services, outils et dispositifs, notamment "
        "développés par les CRESS, le DLA, les réseaux d'économie solidaire et leurs partenaires.",
        "Ces démarches pourront s'opérer en lien avec d'autres acteurs de l'accompagnement, par "
        "exemple dans le "
        "cadre de schémas développés aux niveaux régional ou départemental. Il sera ainsi travaillé les "
        "propositions et processus d'appui tels que l'accompagnement des démarches de coopération telles les "
        "lieux partagés, les Pôles Territoriaux de Coopération Economique (PTCE), les Sociétés coopératives "
        "d'intérêt collectif (SCIC)…, l'accompagnement de la fonction employeur et la mobilisation "
        "des outils "
        "dédiés à la formation et au développement des compétences, la construction et/ou le "
        "développement de "
        "l'accessibilité à des outils financiers solidaires (fonds de solidarité, emprunts éthiques, "
        "fonds de "
        "dotation…)…",
    ),
)


def load_reference_convention(
    *, dry_run: bool, say: Callable[[str], None] = lambda message: None
) -> list[str]:
    """Create the convention once, with its signatories, axes and indicators; a rerun changes nothing."""
    if Convention.objects.filter(source_key=KEY).exists():
        return ["  Conventions : 0 créée, 1 inchangée"]
    with transaction.atomic():
        convention = Convention.objects.create(
            title=CONVENTION_2015,
            slug=SLUG,
            signed_on=datetime.date(2015, 1, 13),
            summary=SUMMARY,
            source_key=KEY,
            source_label=CONVENTION_RELEASE.title,
        )
        found = {
            s.source_id: s
            for s in Structure.objects.filter(source=DataSource.REFERENCE_SEED, source_id__in=SIGNATORIES)
        }
        Signatory.objects.bulk_create(
            Signatory(convention=convention, structure=found[key], position=n)
            for n, key in enumerate(SIGNATORIES)
            if key in found
        )
        axes = [
            Axis.objects.create(convention=convention, position=n, title=title, objectives=objectives)
            for n, (title, objectives) in enumerate(AXES)
        ]
        france = Territory.objects.filter(id=FRANCE_ID).first()
        indicators = [
            ProgressIndicator(
                convention=convention,
                axis=axes[1],
                position=0,
                label="Structures culturelles de l'ESS en activité en France (observatoire)",
                kind=IndicatorKind.OBSERVATORY,
                observatory_key="structures_active",
                territory=france,
            ),
            ProgressIndicator(
                convention=convention,
                axis=axes[0],
                position=2,
                label="Rencontres tenues par les signataires (agenda)",
                kind=IndicatorKind.EVENTS_HELD,
            ),
        ]
        if "ufisc" in found:
            indicators.append(
                ProgressIndicator(
                    convention=convention,
                    axis=axes[0],
                    position=1,
                    label="Membres de l'UFISC dans l'annuaire",
                    kind=IndicatorKind.NETWORK_MEMBERS,
                    network=found["ufisc"],
                )
            )
        ProgressIndicator.objects.bulk_create(indicators)
        if dry_run:
            transaction.set_rollback(True)
    return ["  Conventions : 1 créée, 0 inchangée"]
