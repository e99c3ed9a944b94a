"""Reads of the fiches: the directory's parameters (`q`, `territoire`, `discipline`, `famille`) and more."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from maillage.initiatives.enums import (
    TAG_FAMILY,
    CarrierRole,
    InitiativeState,
    InnovationFamily,
    InnovationTag,
)
from maillage.initiatives.models import Essaimage, Initiative, InitiativeStructure
from maillage.initiatives.models.fiche import FTS_TABLE
from maillage.search.fulltext import filter_fulltext
from maillage.structures.models import Discipline
from maillage.structures.search import FilterError, StructureFilters, parse_filters
from maillage.territories.models import TerritoryCommune

RELATED_LIMIT = 5
SLUG = re.compile(r"[-\w]{1,120}", re.ASCII)
TYPOLOGY_LABELS = {**dict(InnovationFamily.choices), **dict(InnovationTag.choices)}


@dataclass(frozen=True)
class InitiativeFilters:
    directory: StructureFilters = field(default_factory=StructureFilters)
    typologies: tuple[str, ...] = ()

    def active(self) -> bool:
        d = self.directory
        return bool(d.q or d.territory or d.disciplines or d.families or self.typologies)


def parse_initiative_filters(params: Mapping[str, Any]) -> InitiativeFilters:
    """Read the parameters as the directory does, plus `typologie`; raise FilterError in French."""
    directory = parse_filters(params)
    getlist = getattr(params, "getlist", None)
    raw = getlist("typologie") if getlist else params.get("typologie", [])
    values = [str(v).strip() for v in (raw if isinstance(raw, list | tuple) else [raw]) if str(v).strip()]
    if bad := [v for v in values if v not in TYPOLOGY_LABELS]:
        raise FilterError("typologie", f"Typologie inconnue : « {bad[0][:40]} ».")
    return InitiativeFilters(directory=directory, typologies=tuple(dict.fromkeys(values)))


def public_initiatives() -> QuerySet[Initiative]:
    return Initiative.objects.filter(state=InitiativeState.PUBLISHED, withdrawn_at__isnull=True)


def _covering_territories(territory_id: str) -> QuerySet[Any]:
    # A fiche about the Loire concerns Saint-Étienne, and one about Saint-Étienne concerns the Loire: both
    # share a commune with it in the closure table (project territories included).
    communes = TerritoryCommune.objects.filter(territory_id=territory_id).values("commune_id")
    return TerritoryCommune.objects.filter(commune_id__in=communes).values("territory_id")


def with_links(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """Fetch the territory, the structures with their roles and the disciplines with the fiches."""
    links = InitiativeStructure.objects.select_related("structure").order_by("role", "structure__name")
    return queryset.select_related("territory").prefetch_related(
        Prefetch("links", queryset=links), "disciplines"
    )


def search_initiatives(filters: InitiativeFilters) -> QuerySet[Initiative]:
    """Return the public fiches matching the filters, newest publication first."""
    d = filters.directory
    found = public_initiatives()
    if d.q:
        found = filter_fulltext(found, d.q, fts_table=FTS_TABLE)
    if d.territory is not None:
        found = found.filter(territory_id__in=_covering_territories(d.territory.id))
    if d.disciplines:
        ids = {x.pk for x in d.disciplines}
        wanted = Discipline.objects.filter(Q(pk__in=ids) | Q(parent_id__in=ids)).values("pk")
        found = found.filter(
            pk__in=Initiative.disciplines.through.objects.filter(discipline_id__in=wanted).values(
                "initiative_id"
            )
        )
    if d.families:
        carriers = InitiativeStructure.objects.filter(
            role=CarrierRole.CARRIER, structure__ess_family__in=d.families
        ).values("initiative_id")
        found = found.filter(pk__in=carriers)
    if filters.typologies:
        families = [t for t in filters.typologies if t in InnovationFamily.values]
        tags = [t for t in filters.typologies if t in TAG_FAMILY]
        wanted_q = Q(family__in=families) if families else Q()
        for tag in tags:  # JSON containment is not portable to SQLite; the quoted tag in the text is
            wanted_q |= Q(tags__icontains=f'"{tag}"')
        found = found.filter(wanted_q)
    return with_links(found.order_by("-published_at", "title", "id"))


def typology_counts(filters: InitiativeFilters) -> list[tuple[str, str, int]]:
    """Return (family, label, count) of the fiches matching every filter but the typology, in one query."""
    base = search_initiatives(InitiativeFilters(directory=filters.directory))
    counts = dict(base.order_by().values_list("family").annotate(n=Count("id")).values_list("family", "n"))
    return [(v, label, counts[v]) for v, label in InnovationFamily.choices if counts.get(v)]


def initiative_for_page(slug: str) -> Initiative | None:
    """Return a fiche with its structures, disciplines, figures and essaimage, whatever its state."""
    if not SLUG.fullmatch(slug):
        return None
    essaimages = Essaimage.objects.select_related("adopter_initiative", "adopter_structure")
    return (
        with_links(Initiative.objects.filter(slug=slug))
        .prefetch_related("figures", Prefetch("essaimages", queryset=essaimages), "adapted_from__initiative")
        .first()
    )


def related_initiatives(initiative: Initiative) -> list[Initiative]:
    """Return public fiches of the same typology, the same territory or with shared structures."""
    structures = [link.structure_id for link in initiative.links.all()]
    shared = Q(pk__in=[])
    if initiative.family:
        shared |= Q(family=initiative.family)
    if initiative.territory_id:
        shared |= Q(territory_id__in=_covering_territories(initiative.territory_id))
    if structures:
        shared |= Q(links__structure_id__in=structures)
    ids = list(
        public_initiatives()
        .exclude(pk=initiative.pk)
        .filter(shared)
        .values("pk")
        .annotate(weight=Count("pk"))
        .order_by("-weight", "pk")
        .values_list("pk", flat=True)[:RELATED_LIMIT]
    )
    found = {i.pk: i for i in Initiative.objects.filter(pk__in=ids).select_related("territory")}
    return [found[pk] for pk in ids if pk in found]


def fiche_partner_ids(structure_id: int) -> set[int]:
    """Return the structures carrying or partner in a published fiche together with this one."""
    fiches = InitiativeStructure.objects.filter(
        structure_id=structure_id,
        initiative__state=InitiativeState.PUBLISHED,
        initiative__withdrawn_at__isnull=True,
    ).values("initiative_id")
    others = InitiativeStructure.objects.filter(initiative_id__in=fiches).exclude(structure_id=structure_id)
    return set(others.values_list("structure_id", flat=True))


def initiatives_of(structure_id: int) -> list[Initiative]:
    """Return the public fiches a structure carries or partners, for its page."""
    ids = InitiativeStructure.objects.filter(structure_id=structure_id).values("initiative_id")
    return list(public_initiatives().filter(pk__in=ids).order_by("title"))


def shared_fiches(structure_ids: set[int], other_ids: set[int]) -> dict[tuple[int, int], list[str]]:
    """Map each (structure, other) pair carrying or partner in one published fiche to those fiches' titles."""
    links = InitiativeStructure.objects.filter(
        initiative__state=InitiativeState.PUBLISHED,
        initiative__withdrawn_at__isnull=True,
        structure_id__in=structure_ids | other_ids,
    ).values_list("initiative_id", "structure_id", "initiative__title")
    members: dict[int, set[int]] = {}
    titles: dict[int, str] = {}
    for initiative_id, structure_id, title in links:
        members.setdefault(initiative_id, set()).add(structure_id)
        titles[initiative_id] = title
    found: dict[tuple[int, int], list[str]] = {}
    for initiative_id, ids in members.items():
        for structure_id in ids & structure_ids:
            for other_id in ids & other_ids:
                if structure_id != other_id:
                    found.setdefault((structure_id, other_id), []).append(titles[initiative_id])
    return found
