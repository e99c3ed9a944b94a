"""The map widget's picture: the results as circles on the territory's outline, drawn server-side in SVG."""

from __future__ import annotations

import math

from django.db.models import QuerySet
from django.utils.safestring import SafeString

from maillage.structures.models import Structure
from maillage.territories.enums import FRANCE_ID, Level
from maillage.territories.models import Territory
from maillage.www.structures.map import WORLD, MapView, map_data
from maillage.www.territories.mapsvg import METROPOLE_FRAME, Circle, load_outlines, map_svg

# Grid zoom by the level of the territory shown: whole France in a few dozen clusters, a commune in points.
ZOOM = {Level.REGION: 7, Level.DEPARTEMENT: 8, Level.EPCI: 9, Level.COMMUNE: 11}
FRANCE_ZOOM = 6
FILL = "#1d4e89"


def _radius(count: int) -> float:
    return 3.0 + 2.0 * math.sqrt(count)


def results_map(structures: QuerySet[Structure], territory: Territory | None) -> SafeString:
    """Return an SVG map of the structures: clusters over large areas, points over small ones."""
    zoom = ZOOM.get(territory.level, FRANCE_ZOOM) if territory is not None else FRANCE_ZOOM  # type: ignore[call-overload]
    data = map_data(structures, MapView(*WORLD, zoom=zoom))
    circles = [
        Circle(
            c["lat"],
            c["lon"],
            _radius(c["count"]),
            FILL,
            f"{c['count']} structure{'s' if c['count'] > 1 else ''}",
        )
        for c in data.get("clusters", [])
    ] + [Circle(p["lat"], p["lon"], 4.0, FILL, p["name"]) for p in data.get("points", [])]
    outline_id = territory.id if territory is not None else FRANCE_ID
    outline = load_outlines([outline_id]).get(outline_id)
    title = f"Carte des structures{' : ' + territory.name if territory is not None else ''}"
    frame = METROPOLE_FRAME if outline_id == FRANCE_ID else None
    if frame is not None:
        # The mainland's frame: overseas structures stay in the list under the map.
        west, south, east, north = frame
        circles = [c for c in circles if west <= c.longitude <= east and south <= c.latitude <= north]
    return map_svg(title=title, outline=outline, shapes=[], circles=circles, frame=frame)
