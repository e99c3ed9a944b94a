"""GET /api/v1/reseaux (networks, PTCE and CRESS), their members, and the disciplines and labels."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from ninja import Query, Router
from ninja.responses import Status

from maillage.api.directory_schemas import (
    DisciplineOut,
    LabelItem,
    MemberItem,
    MemberPage,
    NetworkItem,
    NetworkPage,
)
from maillage.api.lists import ListError, ListQuery, list_page
from maillage.api.schemas import Error
from maillage.api.structure_schemas import FilterErrorOut
from maillage.api.structures import _absolute
from maillage.memberships.models import COORDINATED_KINDS
from maillage.structures.models import Discipline, Label, Relation, Structure

router = Router(tags=["réseaux"])
taxonomy_router = Router(tags=["référentiels"])


def networks() -> QuerySet[Structure]:
    """Return the published networks, PTCE and CRESS (the kinds that have coordinators)."""
    return Structure.objects.published().filter(kind__in=COORDINATED_KINDS)


def _member_counts(ids: list[int]) -> dict[int, int]:
    rows = (
        Relation.objects.current()
        .member_of()
        .filter(target_id__in=ids, source__withdrawn_at__isnull=True)
        .values("target_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row["target_id"]: row["n"] for row in rows}


@router.get(
    "",
    response={200: NetworkPage, 400: FilterErrorOut},
    summary="Lister les réseaux",
    description=(
        "Les réseaux et fédérations, PTCE et CRESS publiés, par nom, avec leur nombre de membres actuels. "
        "Pagination par `page` ou `curseur`."
    ),
)
def network_list(request: HttpRequest, params: Query[ListQuery]) -> Status[NetworkPage | FilterErrorOut]:
    """Return one page of networks with their member counts."""
    try:
        listed = list_page(request, networks().order_by("search_name", "pk"))
    except ListError as error:
        return Status(400, FilterErrorOut(detail=error.message, parametre=error.parameter))
    counts = _member_counts([n.pk for n in listed.items])
    items = [
        NetworkItem(
            id=n.slug, nom=n.name, url=_absolute(request, n.slug), type=n.kind, membres=counts.get(n.pk, 0)
        )
        for n in listed.items
    ]
    return Status(200, NetworkPage(**listed.meta, items=items))


@router.get(
    "/{network_id}/membres",
    response={200: MemberPage, 400: FilterErrorOut, 404: Error},
    summary="Les membres d'un réseau",
    description=(
        "Les structures publiées membres du réseau aujourd'hui (adhésion confirmée par le réseau et en "
        "vigueur), par nom. Pagination par `page` ou `curseur`."
    ),
)
def network_members(
    request: HttpRequest, network_id: str, params: Query[ListQuery]
) -> Status[MemberPage | FilterErrorOut | Error]:
    """Return one page of a network's current members."""
    network = networks().filter(slug=network_id).first()
    if network is None:
        return Status(404, Error(detail=f"Réseau inconnu : {network_id[:40]}"))
    memberships = Relation.objects.current().member_of().filter(target=network)
    starts = dict(memberships.values_list("source_id", "start_date"))
    members = Structure.objects.published().filter(pk__in=memberships.values("source_id"))
    try:
        listed = list_page(request, members.order_by("search_name", "pk"))
    except ListError as error:
        return Status(400, FilterErrorOut(detail=error.message, parametre=error.parameter))
    items = [
        MemberItem(
            id=m.slug,
            nom=m.name,
            url=_absolute(request, m.slug),
            commune=m.commune_id,
            depuis=starts.get(m.pk),
        )
        for m in listed.items
    ]
    return Status(200, MemberPage(**listed.meta, items=items))


@taxonomy_router.get(
    "/disciplines",
    response=list[DisciplineOut],
    summary="Les disciplines",
    description="Toutes les disciplines, dans leur ordre ; `parent` dit laquelle en contient une autre.",
)
def discipline_list(request: HttpRequest) -> list[DisciplineOut]:
    """Return every discipline with its parent's id."""
    rows = Discipline.objects.select_related("parent").order_by("position", "name", "pk")
    return [DisciplineOut(id=d.slug, nom=d.name, parent=d.parent.slug if d.parent else None) for d in rows]


@taxonomy_router.get(
    "/labels",
    response=list[LabelItem],
    summary="Les labels, licences et agréments",
    description="Les labels, licences et agréments, par nom, et combien de structures les portent.",
)
def label_list(request: HttpRequest) -> list[LabelItem]:
    """Return every label with the number of published structures holding it."""
    rows = Label.objects.annotate(
        n=Count("structures", filter=Q(structures__withdrawn_at__isnull=True))
    ).order_by("name", "pk")
    return [
        LabelItem(id=x.pk, nom=x.name, sigle=x.acronym or None, nature=x.kind, structures=x.n) for x in rows
    ]
