"""Links of the directory list: facets that toggle a value, removable filters, pages, other views.

Every state of the list lives in the query string, so each link is the current parameters with one change,
encoded with repeated parameters for lists (`discipline=musique&discipline=danse`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from maillage.structures.enums import EssFamily, StructureKind
from maillage.structures.search import DEFAULT_PAGE_SIZE, STATES, Facets, FacetValue, StructureFilters

# Parameters holding several values; the others hold one, and choosing a value replaces it.
MULTI_VALUED = frozenset({"discipline", "famille", "type"})
PAGE_SIZES = (20, 50, 100)

Params = dict[str, Any]


def query_string(params: Mapping[str, Any]) -> str:
    """Encode parameters, lists as repeated parameters."""
    return urlencode(params, doseq=True)


def with_query(path: str, params: Mapping[str, Any]) -> str:
    """Return `path?params`, or the bare path when there are none."""
    query = query_string(params)
    return f"{path}?{query}" if query else path


def filter_params(filters: StructureFilters) -> Params:
    """Return the filters of a list with its page size: what every link of the page keeps."""
    params = filters.as_params()
    if filters.page_size != DEFAULT_PAGE_SIZE:
        params["taille"] = str(filters.page_size)
    return params


def toggled(params: Mapping[str, Any], name: str, value: str) -> Params:
    """Return the parameters with one value added, or removed when present; back to the first page."""
    changed: Params = {key: list(v) if isinstance(v, list) else v for key, v in params.items()}
    changed.pop("page", None)
    if name in MULTI_VALUED:
        current = list(changed.get(name, []))
        changed[name] = [v for v in current if v != value] if value in current else [*current, value]
    else:
        changed[name] = "" if changed.get(name) == value else value
    return {key: v for key, v in changed.items() if v not in ("", [], None)}


@dataclass(frozen=True)
class FacetLink:
    value: str
    label: str
    count: int
    selected: bool
    url: str


@dataclass(frozen=True)
class FacetGroup:
    title: str
    parameter: str
    links: list[FacetLink]


@dataclass(frozen=True)
class ActiveFilter:
    name: str
    label: str
    remove_url: str


def _links(path: str, params: Params, name: str, values: list[FacetValue]) -> list[FacetLink]:
    return [
        FacetLink(v.value, v.label, v.count, v.selected, with_query(path, toggled(params, name, v.value)))
        for v in values
    ]


def facet_groups(
    path: str, params: Params, facets: Facets, *, hidden: Collection[str] = ()
) -> list[FacetGroup]:
    """Return the facets as groups of links, each keeping the other filters."""
    groups = [
        # A sub-territory replaces the territory: choosing Saint-Étienne inside the Loire narrows the list.
        FacetGroup(
            facets.territory_level or "Territoire",
            "territoire",
            _links(path, params, "territoire", facets.territories),
        ),
        FacetGroup("Discipline", "discipline", _links(path, params, "discipline", facets.disciplines)),
        FacetGroup("Famille de l'ESS", "famille", _links(path, params, "famille", facets.families)),
        FacetGroup("Type de structure", "type", _links(path, params, "type", facets.kinds)),
        FacetGroup("Réseau", "reseau", _links(path, params, "reseau", facets.networks)),
        FacetGroup("Économie sociale et solidaire", "ess", _links(path, params, "ess", facets.ess)),
    ]
    return [g for g in groups if g.links and g.parameter not in hidden]


def active_filters(
    path: str, params: Params, filters: StructureFilters, *, hidden: Collection[str] = ()
) -> list[ActiveFilter]:
    """Return the filters in force, each with the link that removes it."""

    def remove(name: str, value: str) -> str:
        return with_query(path, toggled(params, name, value))

    active: list[ActiveFilter] = []
    if filters.q:
        active.append(ActiveFilter("Recherche", f"« {filters.q} »", remove("q", filters.q)))
    if filters.territory is not None:
        territory = filters.territory
        label = f"{territory.name} ({territory.get_level_display().lower()}, {territory.id})"
        active.append(ActiveFilter("Territoire", label, remove("territoire", territory.id)))
    for discipline in filters.disciplines:
        active.append(ActiveFilter("Discipline", discipline.name, remove("discipline", discipline.slug)))
    for family in filters.families:
        active.append(ActiveFilter("Famille", str(EssFamily(family).label), remove("famille", family)))
    for kind in filters.kinds:
        active.append(ActiveFilter("Type", str(StructureKind(kind).label), remove("type", kind)))
    if filters.network is not None and "reseau" not in hidden:
        active.append(ActiveFilter("Réseau", str(filters.network), remove("reseau", filters.network.slug)))
    if filters.ess is not None:
        value = "oui" if filters.ess else "non"
        active.append(ActiveFilter("ESS", "dans l'ESS" if filters.ess else "hors ESS", remove("ess", value)))
    if filters.state != "actif":
        active.append(ActiveFilter("État", STATES[filters.state], remove("etat", filters.state)))
    return active


@dataclass(frozen=True)
class Pagination:
    number: int
    num_pages: int
    previous_url: str
    next_url: str
    first_url: str


def pagination(path: str, params: Params, *, number: int, num_pages: int) -> Pagination:
    """Return the links to the previous, next and first pages."""

    def page_url(page: int) -> str:
        return with_query(path, {**params, "page": str(page)} if page > 1 else params)

    previous_url = page_url(min(number - 1, num_pages)) if number > 1 else ""
    next_url = page_url(number + 1) if number < num_pages else ""
    return Pagination(number, num_pages, previous_url, next_url, page_url(1))
