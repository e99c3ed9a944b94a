"""Reads of the library: filters named as the directory's (`q`, `territoire`, `type`, `theme`…)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from maillage.resources.enums import ResourceKind
from maillage.resources.models import FTS_TABLE, Collection, CollectionItem, Resource
from maillage.schemes.needs import need_labels
from maillage.search.fulltext import filter_fulltext
from maillage.search.params import ParameterError
from maillage.structures.models import Discipline
from maillage.territories.models import Territory

RELATED_LIMIT = 5
SLUG = re.compile(r"[-\w]{1,120}", re.ASCII)


@dataclass(frozen=True)
class ResourceFilters:
    q: str = ""
    territory: Territory | None = None
    kind: str = ""
    theme: str = ""
    discipline: Discipline | None = None

    def active(self) -> bool:
        return bool(self.q or self.territory or self.kind or self.theme or self.discipline)


def _text(params: Any, name: str, limit: int) -> str:
    value = str(params.get(name, "") or "").strip()
    if "\x00" in value:  # PostgreSQL refuses NUL in any text it is given
        raise ParameterError(name, f"« {name} » contient un caractère invalide.")
    return value[:limit]


def parse_filters(params: Any) -> ResourceFilters:
    """Read the library's parameters; raise ParameterError with a French message on a bad value."""
    territory = None
    if territory_id := _text(params, "territoire", 80):
        territory = Territory.objects.filter(id=territory_id).first()
        if territory is None:
            raise ParameterError("territoire", f"Territoire inconnu : « {territory_id[:40]} ».")
    kind = _text(params, "type", 40)
    if kind and kind not in ResourceKind.values:
        raise ParameterError("type", f"Type de ressource inconnu : « {kind} ».")
    theme = _text(params, "theme", 40)
    if theme and theme not in need_labels():
        raise ParameterError("theme", f"Thème inconnu : « {theme} ».")
    discipline = None
    if slug := _text(params, "discipline", 100):
        discipline = Discipline.objects.filter(slug=slug).first()
        if discipline is None:
            raise ParameterError("discipline", f"Discipline inconnue : « {slug[:40]} ».")
    return ResourceFilters(
        q=_text(params, "q", 200), territory=territory, kind=kind, theme=theme, discipline=discipline
    )


def with_links(queryset: QuerySet[Resource]) -> QuerySet[Resource]:
    """Fetch publisher, creators, territories and disciplines with the resources, in five queries."""
    return queryset.select_related("publisher").prefetch_related(
        "creators", "structures", "territories", "disciplines"
    )


def _theme_filter(theme: str) -> Q:
    # JSON containment is not portable to SQLite; the quoted id inside the JSON text is, and the ids are
    # plain ASCII words that no other value of the list can contain with its quotes.
    return Q(needs__icontains=f'"{theme}"')


def catalogue(filters: ResourceFilters) -> QuerySet[Resource]:
    """Return the public resources matching the filters, newest first, then by title."""
    public = Resource.objects.public()
    if filters.territory is not None:
        public = public.in_territory(filters.territory.id)
    resources: QuerySet[Resource] = public
    if filters.kind:
        resources = resources.filter(kind=filters.kind)
    if filters.theme:
        resources = resources.filter(_theme_filter(filters.theme))
    if filters.discipline is not None:
        resources = resources.filter(disciplines=filters.discipline)
    if filters.q:
        # French stems: « coopérations » finds « Coopération », « mutualis » a word it begins.
        resources = filter_fulltext(resources, filters.q, fts_table=FTS_TABLE)
    return with_links(resources.order_by("-published_on", "title", "id"))


def kind_counts(filters: ResourceFilters) -> list[tuple[str, str, int]]:
    """Return (kind, label, count) of the resources matching every filter but the kind, in one query."""
    counts = dict(
        catalogue(ResourceFilters(**{**filters.__dict__, "kind": ""}))
        .order_by()
        .values_list("kind")
        .annotate(n=Count("id", distinct=True))
        .values_list("kind", "n")
    )
    return [(value, label, counts[value]) for value, label in ResourceKind.choices if counts.get(value)]


def resource_for_page(slug: str) -> Resource | None:
    """Return the resource with its links and the public collections that hold it."""
    if not SLUG.fullmatch(slug):
        return None
    public_collections = Collection.objects.filter(withdrawn_at__isnull=True)
    return (
        with_links(Resource.objects.filter(slug=slug))
        .prefetch_related(Prefetch("collections", queryset=public_collections, to_attr="public_collections"))
        .first()
    )


def related_resources(resource: Resource) -> list[Resource]:
    """Return public resources sharing a collection, a structure or a theme with this one, closest first."""
    structures = [s.pk for s in resource.creators.all()] + [s.pk for s in resource.structures.all()]
    if resource.publisher_id:
        structures.append(resource.publisher_id)
    shared = Q(collections__in=resource.collections.filter(withdrawn_at__isnull=True))
    if structures:
        shared |= Q(publisher_id__in=structures) | Q(creators__in=structures) | Q(structures__in=structures)
    for theme in resource.needs:
        shared |= _theme_filter(theme)
    ids = (
        Resource.objects.public()
        .exclude(pk=resource.pk)
        .filter(shared)
        .values("pk")
        .annotate(weight=Count("pk"))
        .order_by("-weight")
        .values_list("pk", flat=True)[:RELATED_LIMIT]
    )
    found = {r.pk: r for r in Resource.objects.filter(pk__in=list(ids)).select_related("publisher")}
    return [found[pk] for pk in ids if pk in found]


def collections_list() -> QuerySet[Collection]:
    """Return the public collections at the top of the tree, with their count of public resources."""
    return (
        Collection.objects.filter(withdrawn_at__isnull=True, parent__isnull=True)
        .select_related("editor")
        .annotate(size=Count("items", filter=Q(items__resource__withdrawn_at__isnull=True), distinct=True))
    )


def collection_for_page(slug: str) -> Collection | None:
    """Return a public collection with its public items in order, their resources and its sub-collections."""
    items = (
        CollectionItem.objects.filter(resource__withdrawn_at__isnull=True)
        .select_related("resource__publisher")
        .order_by("position", "id")
    )
    if not SLUG.fullmatch(slug):
        return None
    return (
        Collection.objects.filter(slug=slug, withdrawn_at__isnull=True)
        .select_related("parent", "editor")
        .prefetch_related(
            Prefetch("items", queryset=items, to_attr="public_items"),
            Prefetch("children", queryset=Collection.objects.filter(withdrawn_at__isnull=True)),
        )
        .first()
    )


def resources_of(structures: list[Any], *, year: int | None = None, limit: int = 50) -> list[Resource]:
    """Return the public resources the structures published or made (of one year if given), newest first."""
    found = Resource.objects.public().filter(Q(publisher__in=structures) | Q(creators__in=structures))
    if year is not None:
        found = found.filter(published_on__year=year)
    ids = found.values("pk")
    return list(
        Resource.objects.filter(pk__in=ids)
        .select_related("publisher")
        .order_by("-published_on", "title")[:limit]
    )
