"""The observatory's indicators of accompaniment: cases opened in a territory, by year and by need."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count

from maillage.accompaniment.models import Case, CaseNeed
from maillage.observatory.features import FeatureIndicator, secret_counts
from maillage.schemes.needs import need_labels
from maillage.territories.models import Territory

SECRECY_NOTE = (
    f" Secret statistique : un nombre de 1 à {settings.STATISTICAL_SECRECY_MIN - 1} accompagnements n'est "
    "pas publié, ni la plus petite autre catégorie quand le total permettrait de le retrouver."
)
SOURCE = "Dossiers d'accompagnement tenus sur maillage par les DLA, CRDLA, CRESS et fédérations"


def _cases(territory: Territory) -> Any:
    return (
        Case.objects.filter(beneficiaries__commune__container_links__territory_id=territory.pk)
        .values("pk")
        .distinct()
    )


def cases_by_year(territory: Territory) -> list[tuple[str, str, int | None]]:
    """Return the cases whose beneficiaries lie in the territory, then per year of opening."""
    counts = dict(
        Case.objects.filter(pk__in=_cases(territory)).order_by().values_list("year").annotate(n=Count("pk"))
    )
    rows = [("", "Toutes années", sum(counts.values()))]
    rows += [(str(year), str(year), counts[year]) for year in sorted(counts)]
    return secret_counts(rows)


def cases_by_need(territory: Territory) -> list[tuple[str, str, int | None]]:
    """Return, per need found by the diagnostic, the cases of the territory's structures."""
    counts = dict(
        CaseNeed.objects.filter(case_id__in=_cases(territory))
        .order_by()
        .values_list("need")
        .annotate(n=Count("case_id"))
    )
    # A case has several needs: each need stands alone, no total to subtract from.
    return secret_counts([(key, label, counts.get(key, 0)) for key, label in need_labels().items()])


INDICATORS = [
    FeatureIndicator(
        key="accompaniment_cases_by_year",
        label="Structures culturelles accompagnées (DLA, CRESS, fédérations) par année",
        definition=(
            "Nombre de dossiers d'accompagnement (accueil, diagnostic partagé, plan, actions, suivi) ouverts "
            "par une structure d'accompagnement pour au moins une structure dont la commune est dans le "
            "territoire ; puis le même nombre par année d'ouverture. Un accompagnement collectif compte une "
            "fois. Aucun contenu de dossier n'est lu, seulement leur nombre." + SECRECY_NOTE
        ),
        unit="accompagnements",
        source=SOURCE,
        breakdown_label="année",
        compute=cases_by_year,
    ),
    FeatureIndicator(
        key="accompaniment_cases_by_need",
        label="Besoins repérés par les diagnostics d'accompagnement",
        definition=(
            "Pour chaque thème du questionnaire de besoins, nombre de dossiers d'accompagnement dont le "
            "diagnostic partagé a repéré ce besoin, pour une structure dont la commune est dans le "
            "territoire. Un dossier repère souvent plusieurs besoins : les nombres ne s'additionnent pas."
            + SECRECY_NOTE
        ),
        unit="accompagnements",
        source=SOURCE,
        breakdown_label="besoin",
        compute=cases_by_need,
    ),
]
