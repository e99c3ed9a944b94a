"""What the home page shows: the platform's counts, the map of the régions, latest changes, data sources."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Q
from django.utils.safestring import SafeString, mark_safe

from maillage.history.models import Revision
from maillage.imports.models import ImportRun
from maillage.imports.selectors import last_applied_import
from maillage.observatory.models import Snapshot
from maillage.observatory.selectors import latest_snapshot
from maillage.structures.enums import StructureKind
from maillage.structures.models import Structure
from maillage.territories.enums import FRANCE_ID, Level
from maillage.territories.models import ReferentialRelease, Territory
from maillage.territories.selectors import referential_release
from maillage.www.territories.choropleth import ChildFigure, Legend
from maillage.www.territories.dashboard import Dashboard, children_figures
from maillage.www.territories.page import static_map

LATEST_CHANGES = 6
# The map's drawing only changes with a snapshot or a referential: kept a day, keyed by both.
MAP_CACHE_SECONDS = 24 * 60 * 60


@dataclass
class FrontDoor:
    """The figures and sources of the home page."""

    structures: int = 0
    networks: int = 0
    territories_with_diagnostic: int = 0
    snapshot: Snapshot | None = None
    release: ReferentialRelease | None = None
    sirene_import: ImportRun | None = None
    changes: list[Revision] = field(default_factory=list)
    france: Territory | None = None
    regions: list[ChildFigure] = field(default_factory=list)
    legend: Legend = field(default_factory=Legend)
    map_svg: SafeString = field(default_factory=lambda: mark_safe(""))


def _map(france: Territory, snapshot: Snapshot | None, release: ReferentialRelease | None) -> FrontDoor:
    children, figures, legend = children_figures(france, snapshot)
    dashboard = Dashboard(
        territory=france,
        parents=[],
        projects=[],
        children=children,
        release=release,
        snapshot=snapshot,
        children_figures=figures,
        legend=legend,
    )
    key = f"front-door-map:{snapshot.pk if snapshot else 0}:{release.pk if release else 0}"
    drawn = cache.get_or_set(key, lambda: str(static_map(dashboard)), MAP_CACHE_SECONDS)
    # The SVG is built by our code from the referential's outlines: safe to mark once read back.
    svg = mark_safe(str(drawn or ""))  # noqa: S308
    return FrontDoor(regions=figures, legend=legend, map_svg=svg)


def front_door() -> FrontDoor:
    """Gather the home page's counts, map, latest changes and data sources, in a bounded number of queries."""
    counts = Structure.objects.aggregate(
        total=Count("pk"), networks=Count("pk", filter=Q(kind=StructureKind.NETWORK))
    )
    snapshot = latest_snapshot()
    release = referential_release()
    france = Territory.objects.filter(id=FRANCE_ID).first()
    door = _map(france, snapshot, release) if france is not None else FrontDoor()
    door.france = france
    door.structures = counts["total"]
    door.networks = counts["networks"]
    door.snapshot = snapshot
    door.release = release
    door.sirene_import = last_applied_import()
    # Every current territory but municipal arrondissements has its diagnostic once indicators exist.
    if snapshot is not None:
        door.territories_with_diagnostic = (
            Territory.objects.filter(is_current=True).exclude(level=Level.ARRONDISSEMENT).count()
        )
    # The latest change of each recently changed record: a record edited five times shows once.
    recent = (
        Revision.objects.filter(structure__isnull=False)
        .select_related("structure")
        .order_by("-created_at", "-id")[: LATEST_CHANGES * 5]
    )
    seen: set[int | None] = set()
    for revision in recent:
        if revision.structure_id not in seen and len(door.changes) < LATEST_CHANGES:
            seen.add(revision.structure_id)
            door.changes.append(revision)
    return door
