"""GET /api/v1/enquetes: the needs surveys and their published results, under statistical secrecy.

The results are those of the campaign's public page (maillage.surveys.results): nothing before the
closing, nothing under the threshold of answers, masked groups and cells masked here too; free texts never.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from maillage.api.lists import ListError, ListQuery, PageOut, list_page
from maillage.api.schemas import Error
from maillage.api.structure_schemas import FilterErrorOut
from maillage.search.params import id_or_none
from maillage.surveys.models import Campaign
from maillage.surveys.result_tables import CampaignResults, NeedRow, ThemeResults
from maillage.surveys.selectors import published_campaigns, results_of

router = Router(tags=["enquêtes"])


CAMPAIGN_EXAMPLE: dict[str, Any] = {
    "id": 4,
    "titre": "Besoins des structures culturelles de la Loire",
    "ouverture": "2026-03-01",
    "cloture": "2026-04-30",
    "etat": "Close",
    "territoire": "DEP-42",
    "reseau": None,
}


class CampaignItem(Schema):
    model_config = ConfigDict(json_schema_extra={"example": CAMPAIGN_EXAMPLE})

    id: int
    titre: str
    ouverture: datetime.date
    cloture: datetime.date
    etat: str
    territoire: str | None = Field(description="Identifiant du territoire enquêté, ou null.")
    reseau: str | None = Field(description="Identifiant (slug) du réseau enquêté, ou null.")


class CampaignPage(PageOut):
    items: list[CampaignItem]


class RowOut(Schema):
    cle: str
    libelle: str
    nombre: int | None = Field(description="Structures qui l'expriment ; null quand le secret le masque.")
    part: float | None = Field(description="Part des réponses, de 0 à 1 ; null quand masquée.")


class ThemeOut(Schema):
    id: str
    titre: str
    lignes: list[RowOut]


class GroupOut(Schema):
    cle: str
    libelle: str
    reponses: int | None = Field(description="Nombre de réponses du groupe ; null quand il est masqué.")
    themes: list[ThemeOut]


class BreakdownOut(Schema):
    cle: str
    titre: str
    groupes: list[GroupOut]


class ResultsOut(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "enquete": CAMPAIGN_EXAMPLE,
                "publie": True,
                "motif": None,
                "seuil": 5,
                "reponses": 23,
                "themes": [
                    {
                        "id": "emploi",
                        "titre": "Emploi et fonction employeur",
                        "lignes": [
                            {"cle": "emploi_niveau", "libelle": "Besoin exprimé", "nombre": 14, "part": 0.61}
                        ],
                    }
                ],
                "repartitions": [],
            }
        }
    )

    enquete: CampaignItem
    publie: bool = Field(description="false avant la clôture ou sous le seuil de réponses : rien d'autre.")
    motif: str | None
    seuil: int = Field(description="Nombre minimal de réponses derrière chaque chiffre publié.")
    reponses: int | None
    themes: list[ThemeOut]
    repartitions: list[BreakdownOut]


def _campaign(campaign: Campaign) -> CampaignItem:
    return CampaignItem(
        id=campaign.pk,
        titre=campaign.title,
        ouverture=campaign.opens_on,
        cloture=campaign.closes_on,
        etat=campaign.status_label,
        territoire=campaign.territory_id,
        reseau=campaign.network.slug if campaign.network else None,
    )


def _row(row: NeedRow) -> RowOut:
    return RowOut(cle=row.key, libelle=row.label, nombre=row.count, part=row.share)


def _themes(themes: list[ThemeResults]) -> list[ThemeOut]:
    return [ThemeOut(id=t.id, titre=t.title, lignes=[_row(r) for r in t.rows]) for t in themes]


def _results(results: CampaignResults) -> ResultsOut:
    reason = None
    if results.withheld:
        reason = (
            f"Publiés à la clôture de l'enquête, le {results.closes_on:%d/%m/%Y} au soir."
            if results.pending
            else f"Moins de {results.min_answers} réponses : rien n'est publié."
        )
    return ResultsOut(
        enquete=_campaign(results.campaign),
        publie=not results.withheld,
        motif=reason,
        seuil=results.min_answers,
        reponses=results.answer_count,
        themes=[] if results.withheld else _themes(results.themes),
        repartitions=[]
        if results.withheld
        else [
            BreakdownOut(
                cle=b.key,
                titre=b.title,
                groupes=[
                    GroupOut(cle=g.key, libelle=g.label, reponses=g.answers, themes=_themes(g.themes))
                    for g in b.groups
                ],
            )
            for b in results.breakdowns
        ],
    )


@router.get(
    "",
    response={200: CampaignPage, 400: FilterErrorOut},
    summary="Lister les enquêtes de besoins",
    description="Les enquêtes ouvertes ou closes, la plus récente d'abord. Pagination par page ou curseur.",
)
def campaign_list(request: HttpRequest, params: Query[ListQuery]) -> Status[CampaignPage | FilterErrorOut]:
    """Return one page of published campaigns."""
    try:
        listed = list_page(request, published_campaigns().order_by("-opens_on", "-pk"))
    except ListError as error:
        return Status(400, FilterErrorOut(detail=error.message, parametre=error.parameter))
    return Status(200, CampaignPage(**listed.meta, items=[_campaign(c) for c in listed.items]))


@router.get(
    "/{campaign_id}/resultats",
    response={200: ResultsOut, 404: Error},
    summary="Les résultats publiés d'une enquête",
    description=(
        "Les résultats tels que la page publique les montre : rien avant la clôture ni sous le seuil de "
        "réponses (`publie: false`), groupes et cases masqués (`null`) par le secret statistique ; jamais "
        "les réponses libres."
    ),
)
def campaign_results(request: HttpRequest, campaign_id: str) -> Status[ResultsOut | Error]:
    """Return a published campaign's results, as secret as on its page."""
    number = id_or_none(campaign_id)
    campaign = published_campaigns().filter(pk=number).first() if number is not None else None
    if campaign is None:
        return Status(404, Error(detail=f"Enquête inconnue : {campaign_id[:40]}"))
    [results] = results_of([campaign])
    return Status(200, _results(results))
