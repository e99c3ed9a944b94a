"""The observatory's indicators, each defined once: label, definition, unit, source, millésime, computation.

The methodology page, the API's metadata and the computation all read this registry, so what is
published cannot drift from what is computed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from maillage.observatory import measures
from maillage.observatory.measures import Measure, MeasureContext

if TYPE_CHECKING:
    from maillage.observatory.models import Snapshot


class RollUp(StrEnum):
    """How a territory's value follows from the sums of its communes' measures."""

    SUM = "sum"  # the value is the sum of the communes' counts
    RATIO = "ratio"  # value = sum of numerators * scale / sum of denominators
    PER_POPULATION = "per_population"  # value = sum of numerators * scale / the territory's population
    COUNT_CATEGORIES = "count_categories"  # value = number of categories present (networks)


class Basis(StrEnum):
    """What the millésime of a value is."""

    DIRECTORY = "directory"
    POPULATION = "population"
    SIRENE = "sirene"


class ShareOf(StrEnum):
    """What a category's share is a share of."""

    VALUE = "value"  # the indicator's overall value (the number of structures)
    SUM = "sum"  # the sum of the categories (years)
    STRUCTURES = "structures"  # the territory's structures (members of a network)


DIRECTORY = "Annuaire maillage (structures actives)"
DIRECTORY_ALL = "Annuaire maillage (structures actives et fermées)"
SIRENE = "SIRENE, INSEE — stock des établissements"
POPULATION = "Population municipale, INSEE (via @etalab/decoupage-administratif)"
DIRECTORY_RULE = "État de l'annuaire à la date de l'instantané."

SCOPE = (
    "Sont comptées les structures de l'annuaire en activité, situées dans une commune du territoire, "
    "de tout type sauf « Financeur » et « Collectivité ou organisme public », et appartenant à l'ESS : "
    "famille association, coopérative (SCOP, SCIC, CAE ou autre), mutuelle, fondation ou entreprise de "
    "l'ESS à statut commercial ; ou, hors de ces familles, signalée ESS par SIRENE ; ou encore de famille "
    "et d'appartenance à l'ESS inconnues (l'annuaire recense les acteurs de l'ESS culturelle). La forme "
    "juridique prime : une association compte même si SIRENE ne la signale pas ESS. Chaque établissement "
    "ou antenne inscrit dans l'annuaire compte pour une structure."
)
DIMENSION_LABELS = {
    "ess_family": "famille de l'ESS",
    "discipline": "discipline",
    "kind": "type de structure",
    "headcount_band": "tranche d'effectif salarié",
    "year": "année",
    "network": "réseau",
}


@dataclass(frozen=True)
class Indicator:
    """One indicator: what it means, where it comes from, how it is computed and rolled up."""

    key: str
    label: str
    definition: str
    unit: str
    source: str
    millesime: str
    breakdown: str | None
    compute: Callable[[MeasureContext], list[Measure]]
    # Measures of the overall value read from the categories just written (or from the count of
    # structures), written second: one scan of the directory saved per breakdown.
    overall: Callable[[MeasureContext], list[Measure]] | None = None
    rollup: RollUp = RollUp.SUM
    scale: float = 1.0
    basis: Basis = Basis.DIRECTORY
    share_of: ShareOf = ShareOf.VALUE
    decimals: int = 0

    @property
    def breakdown_label(self) -> str:
        """Return the breakdown's dimension in French ("" without breakdown)."""
        return DIMENSION_LABELS.get(self.breakdown or "", "")

    @property
    def is_count(self) -> bool:
        """Tell whether an absent value means zero (a count) rather than undefined (a ratio)."""
        return self.rollup in (RollUp.SUM, RollUp.COUNT_CATEGORIES)

    def millesime_of(self, snapshot: Snapshot | None) -> str:
        """Return the millésime of this indicator's values in a snapshot, in plain French."""
        if snapshot is None:
            return "non calculé"
        directory = f"annuaire au {snapshot.taken_at:%d/%m/%Y}"
        if self.basis == Basis.POPULATION:
            return (
                f"{directory} ; population du référentiel, millésime {snapshot.referential_millesime or '?'}"
            )
        if self.basis == Basis.SIRENE:
            if snapshot.sirene_date is None:
                return "aucun import SIRENE appliqué"
            return f"stock SIRENE importé le {snapshot.sirene_date:%d/%m/%Y}"
        return directory

    def source_of(self, snapshot: Snapshot | None) -> str:
        """Return the source, with the referential's package version when the snapshot knows it."""
        if self.basis == Basis.POPULATION and snapshot is not None and snapshot.referential_source:
            package = snapshot.referential_source.split(" ; ")[0]
            return f"{DIRECTORY} ; population municipale, INSEE (via {package})"
        return self.source


def _count(
    key: str,
    label: str,
    definition: str,
    breakdown: str | None,
    compute: Callable[[MeasureContext], list[Measure]],
) -> Indicator:
    return Indicator(
        key=key,
        label=label,
        definition=f"{definition} {SCOPE}",
        unit="structures",
        source=DIRECTORY,
        millesime=DIRECTORY_RULE,
        breakdown=breakdown,
        compute=compute,
        overall=measures.overall_count if breakdown else None,
    )


# The count of structures comes first: other indicators' measures read it from the snapshot.
INDICATORS: tuple[Indicator, ...] = (
    _count(
        "structures_active",
        "Structures culturelles de l'ESS en activité",
        "Nombre de structures culturelles de l'ESS en activité dans le territoire.",
        None,
        measures.structures_by_commune,
    ),
    Indicator(
        key="structures_per_10k",
        label="Structures pour 10 000 habitants",
        definition=(
            "Nombre de structures culturelles de l'ESS en activité rapporté à la population municipale du "
            "territoire, pour 10 000 habitants. La population est celle du référentiel territorial "
            "(population municipale de l'INSEE) ; pour un territoire de projet, c'est la somme des "
            "populations de ses communes. " + SCOPE
        ),
        unit="pour 10 000 habitants",
        source=f"{DIRECTORY} ; {POPULATION}",
        millesime=(
            "Annuaire à la date de l'instantané ; population du millésime du référentiel territorial "
            "importé à cette date."
        ),
        breakdown=None,
        compute=measures.per_population,
        rollup=RollUp.PER_POPULATION,
        scale=10_000.0,
        basis=Basis.POPULATION,
        decimals=1,
    ),
    _count(
        "structures_by_ess_family",
        "Structures par famille de l'ESS",
        "Répartition des structures par famille de l'ESS (déduite de la catégorie juridique de l'INSEE, "
        "précisée par la structure pour les SCIC et CAE).",
        "ess_family",
        measures.by_ess_family,
    ),
    _count(
        "structures_by_discipline",
        "Structures par discipline",
        "Répartition des structures par grande discipline artistique : une sous-discipline compte pour sa "
        "discipline parente (le théâtre pour le spectacle vivant). Une structure qui déclare plusieurs "
        "disciplines compte dans chacune : la somme des parts peut dépasser 100 %. Les structures sans "
        "discipline sont comptées à part.",
        "discipline",
        measures.by_discipline,
    ),
    _count(
        "structures_by_kind",
        "Structures par type",
        "Répartition des structures par type (structure artistique ou culturelle, réseau, PTCE, "
        "groupement d'employeurs, CRESS, DLA, centre de ressources, autre).",
        "kind",
        measures.by_kind,
    ),
    _count(
        "structures_by_headcount_band",
        "Structures par tranche d'effectif salarié",
        "Répartition des structures par tranche d'effectif salarié de SIRENE (trancheEffectifs de "
        "l'établissement, au 31 décembre de l'année indiquée par SIRENE) ; « non renseignée » regroupe les "
        "unités non employeuses et celles dont l'effectif est inconnu.",
        "headcount_band",
        measures.by_headcount_band,
    ),
    Indicator(
        key="creations_by_year",
        label="Créations par année",
        definition=(
            "Nombre de structures créées chaque année (date de création connue), y compris celles fermées "
            "depuis. La valeur d'ensemble est le nombre de créations de la dernière année civile complète "
            "à la date de l'instantané. " + SCOPE.replace("en activité, ", "en activité ou fermées, ")
        ),
        unit="structures",
        source=DIRECTORY_ALL,
        millesime=DIRECTORY_RULE,
        breakdown="year",
        compute=measures.creations_by_year,
        overall=measures.last_year_of("creations_by_year"),
        share_of=ShareOf.SUM,
    ),
    Indicator(
        key="closures_by_year",
        label="Fermetures par année",
        definition=(
            "Nombre de structures fermées chaque année (date de fermeture connue). La valeur d'ensemble est "
            "le nombre de fermetures de la dernière année civile complète à la date de l'instantané. "
            + SCOPE.replace("en activité, ", "fermées, ")
        ),
        unit="structures",
        source=DIRECTORY_ALL,
        millesime=DIRECTORY_RULE,
        breakdown="year",
        compute=measures.closures_by_year,
        overall=measures.last_year_of("closures_by_year"),
        share_of=ShareOf.SUM,
    ),
    Indicator(
        key="ess_share_cultural",
        label="Part de l'ESS parmi les établissements culturels",
        definition=(
            "Part des établissements actifs relevant de l'ESS parmi tous les établissements actifs dont "
            "l'activité principale (code NAF) est culturelle, d'après les décomptes par commune du dernier "
            "import SIRENE appliqué. Un établissement relève de l'ESS quand SIRENE le signale ou que sa "
            "catégorie juridique est celle d'une association, d'une coopérative, d'une mutuelle ou d'une "
            "fondation. Sans import SIRENE, la valeur n'est pas définie."
        ),
        unit="%",
        source=SIRENE,
        millesime="Stock SIRENE du dernier import appliqué avant l'instantané (date de l'import).",
        breakdown=None,
        compute=measures.ess_share_cultural,
        rollup=RollUp.RATIO,
        scale=100.0,
        basis=Basis.SIRENE,
        decimals=1,
    ),
    Indicator(
        key="networks_present",
        label="Réseaux présents",
        definition=(
            "Nombre de réseaux (types « Réseau ou fédération » et « PTCE ou cluster », en activité) dont au "
            "moins une structure du territoire est membre à la date de l'instantané, avec, pour chacun, son "
            "nombre de membres dans le territoire. Le siège du réseau peut être ailleurs : un réseau "
            "national sans commune compte dans chaque territoire où il a un membre. Seules comptent les "
            "adhésions en cours et confirmées par le réseau ; un réseau retiré de l'annuaire ne compte pas. "
            + SCOPE
        ),
        unit="réseaux",
        source=DIRECTORY,
        millesime=DIRECTORY_RULE,
        breakdown="network",
        compute=measures.networks_present,
        rollup=RollUp.COUNT_CATEGORIES,
        share_of=ShareOf.STRUCTURES,
    ),
    Indicator(
        key="relations_per_structure",
        label="Relations de coopération par structure",
        definition=(
            "Nombre moyen de relations de coopération en cours (toutes natures sauf « soutenu par » : "
            "adhésion, sociétariat, partenariat, mutualisation, coproduction, signature d'une convention…) "
            "par structure du territoire, quelle que soit l'autre partie. Une relation entre deux structures "
            "du territoire compte pour chacune d'elles. " + SCOPE
        ),
        unit="relations par structure",
        source=DIRECTORY,
        millesime=DIRECTORY_RULE,
        breakdown=None,
        compute=measures.relations_per_structure,
        rollup=RollUp.RATIO,
        decimals=2,
    ),
)

BY_KEY: dict[str, Indicator] = {indicator.key: indicator for indicator in INDICATORS}
# Raised by hand when a definition's computation changes: snapshots of another version are never
# copied by an incremental computation.
VERSION = 2


def indicator_get(key: str) -> Indicator:
    """Return an indicator by key; raise KeyError when unknown."""
    return BY_KEY[key]


def registry_fingerprint(indicators: tuple[Indicator, ...] = INDICATORS) -> str:
    """Return a short fingerprint of what the registry computes."""
    text = f"{VERSION}|" + "|".join(f"{i.key}:{i.rollup}:{i.scale}" for i in indicators)
    # Bump VERSION when a measure changes: its code is not part of the fingerprint.
    return hashlib.sha256(text.encode()).hexdigest()[:12]
