"""GET /api/v1/initiatives (the published fiches, filtered as on the page) and one fiche."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router
from ninja.responses import Status

from maillage.api.event_schemas import FilterErrorOut
from maillage.api.initiative_schemas import (
    EssaimageOut,
    FigureOut,
    InitiativeItem,
    InitiativeOut,
    InitiativePage,
    InitiativeQuery,
    StructureRole,
)
from maillage.api.schemas import Error
from maillage.initiatives.models import Initiative
from maillage.initiatives.rules import VIEW
from maillage.initiatives.selectors import initiative_for_page, parse_initiative_filters, search_initiatives
from maillage.memberships.rules import can
from maillage.search.params import id_or_none, page_number
from maillage.structures.search import FilterError

router = Router(tags=["initiatives"])
PAGE_SIZE = 50


def _url(request: HttpRequest, name: str, slug: str) -> str:
    return request.build_absolute_uri(reverse(name, kwargs={"slug": slug}))


def _item_fields(request: HttpRequest, initiative: Initiative) -> dict[str, Any]:
    return {
        "id": initiative.pk,
        "slug": initiative.slug,
        "titre": initiative.title,
        "resume": initiative.summary,
        "famille_innovation": initiative.family,
        "etiquettes": list(initiative.tags),
        "disciplines": [d.slug for d in initiative.disciplines.all()],
        "territoire": initiative.territory_id,
        "structures": [
            StructureRole(
                nom=link.structure.name,
                url=_url(request, "structures:detail", link.structure.slug),
                role=link.role,
                precision=link.role_label,
            )
            for link in initiative.links.all()
        ],
        "publiee_le": initiative.published_at.date().isoformat() if initiative.published_at else None,
        "confirmee_le": initiative.confirmed_at.date().isoformat() if initiative.confirmed_at else None,
        "a_reconfirmer": initiative.needs_reconfirmation(),
        "source": initiative.source_label,
        "tiree_d_une_page_publique": initiative.drawn_from_public_page,
        "version": initiative.version,
        "url": request.build_absolute_uri(initiative.get_absolute_url()),
    }


@router.get(
    "",
    response={200: InitiativePage, 400: FilterErrorOut},
    summary="Rechercher des initiatives",
    description="Les mêmes filtres que la page `/initiatives/`. Un paramètre invalide donne une réponse 400 "
    "`{detail, parametre}`.",
)
def initiative_search(
    request: HttpRequest, params: Query[InitiativeQuery]
) -> Status[InitiativePage | FilterErrorOut]:
    """Return one page of published fiches matching the filters, newest first."""
    try:
        filters = parse_initiative_filters(request.GET)
    except FilterError as error:
        return Status(400, FilterErrorOut(detail=error.message, parametre=error.parameter))
    page = Paginator(search_initiatives(filters), PAGE_SIZE).get_page(page_number(request.GET.get("page")))
    return Status(
        200,
        InitiativePage(
            total=page.paginator.count,
            page=page.number,
            pages=page.paginator.num_pages,
            items=[InitiativeItem(**_item_fields(request, i)) for i in page.object_list],
        ),
    )


@router.get("/{initiative_id}", response={200: InitiativeOut, 404: Error}, summary="Une initiative")
def initiative_detail(request: HttpRequest, initiative_id: str) -> Status[InitiativeOut | Error]:
    """Return one published fiche, by its number or its slug, with its figures and essaimage."""
    number = id_or_none(initiative_id)
    slug = (
        Initiative.objects.filter(pk=number).values_list("slug", flat=True).first()
        if number is not None
        else initiative_id
    )
    initiative = initiative_for_page(slug) if slug else None
    if initiative is None or not can(request.user, VIEW, initiative):
        return Status(404, Error(detail=f"Initiative inconnue : {initiative_id[:120]}"))
    return Status(200, InitiativeOut(**_item_fields(request, initiative), **_details(request, initiative)))


def _details(request: HttpRequest, initiative: Initiative) -> dict[str, Any]:
    return {
        "histoire": initiative.history,
        "probleme": initiative.problem,
        "reponse": initiative.response,
        "missions": initiative.mission_list(),
        "cooperation": initiative.cooperation,
        "gouvernance": initiative.governance,
        "modele_economique": initiative.economic_model,
        "effets": initiative.effects,
        "transferabilite": initiative.transferability,
        "chiffres": [
            FigureOut(
                indicateur=f.metric,
                annee=f.year,
                valeur=str(f.value),
                valeur_affichee=f.value_display(),
                source=f.source_label,
                date_source=f.source_date.isoformat() if f.source_date else None,
                note=f.note,
            )
            for f in initiative.figures.all()
        ],
        "essaimage": [
            EssaimageOut(
                initiative=request.build_absolute_uri(e.adopter_initiative.get_absolute_url())
                if e.adopter_initiative
                else None,
                structure=_url(request, "structures:detail", e.adopter_structure.slug)
                if e.adopter_structure
                else None,
                date=e.started_on.isoformat() if e.started_on else None,
                note=e.note,
            )
            for e in initiative.essaimages.all()
        ],
    }
