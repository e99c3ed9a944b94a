"""GET /api/v1/dispositifs (the page's filters), /api/v1/dispositifs/{id}, a structure's matching."""

import uuid
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from maillage.api.auth import ApiTokenAuth
from maillage.api.schemas import Error
from maillage.api.scheme_schemas import (
    MatchingOut,
    MatchOut,
    PorteurOut,
    SchemeDetail,
    SchemeItem,
    SchemePage,
    SchemeQuery,
    VerdictOut,
)
from maillage.api.structure_schemas import FilterErrorOut
from maillage.memberships.enums import Action
from maillage.memberships.rules import can
from maillage.schemes.criteria import Verdict
from maillage.schemes.matching import ELIGIBLE, NEAR_MISS, TO_CONFIRM, match_structure
from maillage.schemes.models import Scheme
from maillage.schemes.needs import need_labels
from maillage.schemes.search import FilterError, filter_schemes, order_schemes, parse_filters
from maillage.schemes.selectors import scheme_for_page
from maillage.search.params import id_or_none
from maillage.structures.models import Structure

router = Router(tags=["dispositifs"])
structure_router = Router(tags=["dispositifs"])
schemes_read = ApiTokenAuth("dispositifs:read")
STATES = {"met": "rempli", "not_met": "non_rempli", "unknown": "inconnu"}
GROUPS = {ELIGIBLE: "eligible", TO_CONFIRM: "a_preciser", NEAR_MISS: "presque"}


def _item_fields(request: HttpRequest, scheme: Scheme) -> dict[str, Any]:
    return {
        "id": str(scheme.uid),
        "titre": scheme.title,
        "promesse": scheme.promise or None,
        "types_aides": scheme.aid_types,
        "porteurs": [
            PorteurOut(
                nom=p.name,
                siren=p.siren or None,
                roles=p.roles,
                structure=request.build_absolute_uri(f"/structures/{p.structure.slug}/")
                if p.structure
                else None,
            )
            for p in scheme.porteurs.all()
        ],
        "cibles": scheme.targets,
        "eligibilite_geographique": scheme.geo_codes,
        "eligibilite_geographique_exclusions": scheme.geo_exclusions,
        "date_ouverture": scheme.opens_at,
        "date_cloture": scheme.closes_at,
        "date_mise_a_jour": scheme.source_updated_at,
        "besoins": scheme.needs,
        "instruments": scheme.instruments,
        "formats_accompagnement": scheme.formats,
        "url": request.build_absolute_uri(scheme.get_absolute_url()),
    }


@router.get("", response={200: SchemePage, 400: FilterErrorOut}, summary="Rechercher des dispositifs")
def scheme_search(request: HttpRequest, params: Query[SchemeQuery]) -> Status[SchemePage | FilterErrorOut]:
    """Return one page of schemes, with the filters and order of /dispositifs/."""
    try:
        filters = parse_filters(request.GET)
    except FilterError as error:
        return Status(400, FilterErrorOut(detail=error.message, parametre=error.parameter))
    queryset = (
        order_schemes(filter_schemes(filters)).select_related(None).prefetch_related("porteurs__structure")
    )
    paginator = Paginator(queryset, filters.page_size)
    number = min(filters.page, max(paginator.num_pages, 1))
    items = list(paginator.page(number).object_list) if filters.page <= paginator.num_pages else []
    return Status(
        200,
        SchemePage(
            total=paginator.count,
            page=filters.page,
            taille=filters.page_size,
            pages=paginator.num_pages,
            items=[SchemeItem(**_item_fields(request, s)) for s in items],
        ),
    )


@router.get("/{scheme_id}", response={200: SchemeDetail, 404: Error}, summary="Un dispositif")
def scheme_detail(request: HttpRequest, scheme_id: str) -> Status[SchemeDetail | Error]:
    try:
        uid = uuid.UUID(scheme_id)
    except ValueError:
        return Status(404, Error(detail="Dispositif inconnu."))
    scheme = scheme_for_page(uid)
    if scheme is None or not can(request.user, "view", scheme):
        return Status(404, Error(detail="Dispositif inconnu."))
    return Status(
        200,
        SchemeDetail(
            **_item_fields(request, scheme),
            description=scheme.description,
            eligibilite=scheme.eligibility,
            programmes_parents=scheme.programmes_parents,
            url_source=scheme.url_source or None,
            eligibilite_effectif_minimal=scheme.headcount_min,
            eligibilite_effectif_maximal=scheme.headcount_max,
            eligibilite_annees_existence_minimal=scheme.min_years,
            eligibilite_forme_juridique=scheme.legal_forms,
            eligibilite_forme_juridique_exclusions=scheme.legal_forms_excluded,
            ciblage_naf=scheme.naf_codes,
            ciblage_naf_exclusions=scheme.naf_excluded,
            source=scheme.source,
            date_source=scheme.source_date,
        ),
    )


def _verdict(v: Verdict) -> VerdictOut:
    return VerdictOut(
        critere=v.label,
        etat=STATES[v.state],
        valeur=v.value,
        source=v.source or None,
        date_source=v.source_date or None,
        exigence=v.requirement,
        conclusion=v.conclusion,
        phrase=v.sentence,
        question=v.question or None,
        possible=v.later or None,
    )


@structure_router.get(
    "/{structure_id}/dispositifs",
    auth=schemes_read,
    response={200: MatchingOut, 401: Error, 403: Error, 404: Error},
    summary="Les dispositifs d'une structure, critère par critère",
    description=(
        "Pour les membres de la structure et les coordinations qui peuvent la modifier (jeton de portée "
        "`dispositifs:read`) : chaque dispositif publié qui couvre sa commune, classé (tous critères "
        "remplis, "
        "à préciser, presque), chaque critère avec la valeur de la fiche, sa source et sa date."
    ),
)
def structure_schemes(request: HttpRequest, structure_id: str) -> Status[MatchingOut | Error]:
    number = id_or_none(structure_id)
    structure = (
        Structure.objects.published()
        .filter(**({"pk": number} if number is not None else {"slug": structure_id[:220]}))
        .first()
    )
    if structure is None or not can(request.user, Action.EDIT, structure):
        return Status(404, Error(detail="Structure inconnue."))
    matching = match_structure(structure)
    labels = need_labels()
    return Status(
        200,
        MatchingOut(
            structure=structure.slug,
            besoins_declares=[labels.get(n, n) for n in sorted(matching.declared_needs)],
            dispositifs=[
                MatchOut(
                    groupe=GROUPS[m.group],
                    dispositif=str(m.scheme.uid),
                    titre=m.scheme.title,
                    url=request.build_absolute_uri(m.scheme.get_absolute_url()),
                    besoins_declares=m.needs,
                    criteres=[_verdict(v) for v in m.verdicts],
                )
                for m in matching.matches
            ],
        ),
    )
