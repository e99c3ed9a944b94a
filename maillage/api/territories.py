"""GET /api/v1/territoires, /api/v1/territoires/<id> and /api/v1/territoires/<id>/indicateurs."""

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import Field

from maillage.api.schemas import (
    Error,
    Indicator,
    IndicatorCategory,
    IndicatorComparison,
    IndicatorMetadata,
    IndicatorPoint,
    SnapshotRef,
    TerritoryDetail,
    TerritoryIndicators,
    TerritoryItem,
    TerritoryRef,
    TerritorySearchResult,
)
from maillage.observatory.models import Snapshot
from maillage.observatory.selectors import IndicatorRow, latest_snapshot, territory_indicators
from maillage.territories.models import Territory
from maillage.territories.search import MAX_RESULTS, search_territories
from maillage.territories.selectors import (
    referential_release,
    territory_children,
    territory_get,
    territory_parents,
    territory_projects,
)

router = Router(tags=["territoires"])


class SearchParams(Schema):
    q: str = Field("", max_length=200, description="nom, code postal, code INSEE ou SIREN d'EPCI")
    limit: int = Field(10, ge=1, le=MAX_RESULTS, description="nombre de résultats")


def _ref(territory: Territory) -> TerritoryRef:
    return TerritoryRef(id=territory.id, nom=territory.name, niveau=territory.level)


def _url(request: HttpRequest, territory: Territory) -> str:
    return request.build_absolute_uri(territory.get_absolute_url())


@router.get("", response=TerritorySearchResult, summary="Rechercher des territoires")
def territory_search(request: HttpRequest, params: Query[SearchParams]) -> TerritorySearchResult:
    """Return territories ranked by relevance: exact names first, then larger populations."""
    release = referential_release()
    results = search_territories(params.q, limit=params.limit)
    return TerritorySearchResult(
        q=params.q,
        millesime=release.millesime if release else None,
        items=[
            TerritoryItem(
                id=t.id,
                nom=t.name,
                niveau=t.level,
                code=t.code,
                population=t.population,
                departement=_ref(t.departement) if t.departement else None,
                url=_url(request, t),
            )
            for t in results
        ],
    )


@router.get(
    "/{territory_id}",
    response={200: TerritoryDetail, 404: Error},
    summary="Un territoire, ses parents et ses subdivisions",
)
def territory_detail(request: HttpRequest, territory_id: str) -> Status[TerritoryDetail | Error]:
    """Return one territory by canonical id (COM-42218, EPCI-244200770, DEP-42, REG-84, PAYS-99100, TER-…)."""
    try:
        territory = territory_get(territory_id)
    except Territory.DoesNotExist:
        return Status(404, Error(detail=f"Territoire inconnu : {territory_id}"))
    return Status(
        200,
        TerritoryDetail(
            id=territory.id,
            nom=territory.name,
            niveau=territory.level,
            code=territory.code,
            population=territory.population,
            type_epci=territory.epci_type or None,
            type_territoire_projet=territory.project_kind or None,
            en_vigueur=territory.is_current,
            millesime=territory.millesime,
            source=territory.source,
            latitude=territory.latitude,
            longitude=territory.longitude,
            parents=[_ref(p) for p in territory_parents(territory)],
            territoires_de_projet=[_ref(p) for p in territory_projects(territory)],
            enfants=[_ref(c) for c in territory_children(territory)],
            url=_url(request, territory),
        ),
    )


NOT_COMPUTED = (
    "Aucun indicateur n'a encore été calculé : ils le sont après chaque import, ou par la commande "
    "« manage.py compute_indicators »."
)


def _indicator(row: IndicatorRow, snapshot: Snapshot) -> Indicator:
    indicator = row.indicator
    return Indicator(
        key=indicator.key,
        label=indicator.label,
        unit=indicator.unit,
        value=row.value,
        parents=[
            IndicatorComparison(id=c.territory.id, name=c.territory.name, value=c.value) for c in row.parents
        ],
        france=row.france,
        breakdown=[
            IndicatorCategory(key=b.key, label=b.label, value=b.value, share=b.share) for b in row.breakdown
        ],
        history=[IndicatorPoint(date=day, value=value) for day, value in row.history],
        metadata=IndicatorMetadata(
            definition=indicator.definition,
            source=indicator.source_of(snapshot),
            millesime=indicator.millesime_of(snapshot),
        ),
    )


@router.get(
    "/{territory_id}/indicateurs",
    response={200: TerritoryIndicators, 404: Error, 409: Error},
    summary="Les indicateurs de l'observatoire pour un territoire",
)
def territory_indicators_get(request: HttpRequest, territory_id: str) -> Status[TerritoryIndicators | Error]:
    """Return every indicator of a territory from the latest snapshot.

    Each value comes with the same value for the parent territories and for France, its breakdown
    (categories, with their share), its history across snapshots (one point per day) and its metadata:
    definition, source and millésime, as on the methodology page. A count absent from the directory is 0;
    a ratio without denominator is null. 409 while no snapshot has been computed yet.
    """
    try:
        territory = territory_get(territory_id)
    except Territory.DoesNotExist:
        return Status(404, Error(detail=f"Territoire inconnu : {territory_id}"))
    snapshot = latest_snapshot()
    if snapshot is None:
        return Status(409, Error(detail=NOT_COMPUTED))
    rows = territory_indicators(territory, snapshot)
    return Status(
        200,
        TerritoryIndicators(
            territory=_ref(territory),
            snapshot=SnapshotRef(
                id=snapshot.pk, date=timezone.localtime(snapshot.taken_at).date(), label=snapshot.label
            ),
            indicators=[_indicator(row, snapshot) for row in rows],
        ),
    )
