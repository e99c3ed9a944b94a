"""GET /api/v1/imports: summaries of the import runs that fed the directory (SIRENE, networks' files)."""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.responses import Status
from pydantic import ConfigDict, Field

from maillage.api.lists import ListError, ListQuery, PageOut, list_page
from maillage.api.structure_schemas import FilterErrorOut
from maillage.imports.models import ImportKind, ImportRun, ImportStatus

router = Router(tags=["imports"])


class ImportRunItem(Schema):
    model_config = ConfigDict(
        json_schema_extra={
            "example": {
                "id": 12,
                "source": "sirene",
                "etat": "applied",
                "lignes_retenues": 48210,
                "compteurs": {"created": 120, "updated": 48090},
                "debut": "2026-11-02T03:00:00+01:00",
                "fin": "2026-11-02T03:12:40+01:00",
            }
        }
    )

    id: int
    source: str = Field(json_schema_extra={"enum": list(ImportKind.values)})
    etat: str = Field(json_schema_extra={"enum": list(ImportStatus.values)})
    lignes_retenues: int | None = Field(description="Lignes du fichier retenues pour l'import.")
    compteurs: dict[str, Any] = Field(
        description="Ce que l'import a fait : fiches créées, mises à jour, écartées…"
    )
    debut: datetime.datetime
    fin: datetime.datetime | None


class ImportRunPage(PageOut):
    items: list[ImportRunItem]


class ImportQuery(ListQuery):
    source: str = Field("", json_schema_extra={"enum": list(ImportKind.values)})


def _counts(counts: Any) -> dict[str, Any]:
    """Keep the counters only: numbers by name, never a row of the file."""
    if not isinstance(counts, dict):
        return {}
    return {str(k): v for k, v in counts.items() if isinstance(v, int | float) and not isinstance(v, bool)}


@router.get(
    "",
    response={200: ImportRunPage, 400: FilterErrorOut},
    summary="Lister les imports",
    description=(
        "Le résumé de chaque import (stock SIRENE, fichier d'un réseau), du plus récent au plus ancien : "
        "source, état, compteurs. Le détail ligne à ligne reste aux administrateurs. Pagination par `page` "
        "ou `curseur`."
    ),
)
def import_list(request: HttpRequest, params: Query[ImportQuery]) -> Status[ImportRunPage | FilterErrorOut]:
    """Return one page of import run summaries, the latest first."""
    queryset = ImportRun.objects.defer("report", "options")
    if params.source:
        if params.source not in ImportKind.values:
            return Status(
                400, FilterErrorOut(detail=f"Source inconnue : « {params.source[:40]} ».", parametre="source")
            )
        queryset = queryset.filter(kind=params.source)
    try:
        listed = list_page(request, queryset.order_by("-pk"))
    except ListError as error:
        return Status(400, FilterErrorOut(detail=error.message, parametre=error.parameter))
    items = [
        ImportRunItem(
            id=run.pk,
            source=run.kind,
            etat=run.status,
            lignes_retenues=run.selected_count,
            compteurs=_counts(run.counts),
            debut=run.started_at,
            fin=run.finished_at,
        )
        for run in listed.items
    ]
    return Status(200, ImportRunPage(**listed.meta, items=items))
