"""Draw outlines as a static SVG map, for the printed diagnostic where Leaflet cannot run.

The projection is equirectangular with longitudes scaled by the cosine of the mean latitude: at the scale
of a région or a département it keeps shapes recognisable, and it needs no projection library.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import format_html
from django.utils.safestring import SafeString

from maillage.territories.models import TerritoryOutline
from maillage.www.templatetags.charts import joined

WIDTH = 600
MAX_HEIGHT = 720
PADDING = 24
OUTLINE_COLOUR = "#1d3557"
CHILD_STROKE = "#ffffff"
CIRCLE_STROKE = "#1d3557"
# Metropolitan France and Corsica (west, south, east, north): a map of France framed on the overseas
# régions too would shrink the mainland to a few pixels; they stay in the table beside the map.
METROPOLE_FRAME = (-5.5, 41.2, 9.8, 51.2)
Frame = tuple[float, float, float, float]


@dataclass(frozen=True)
class Shape:
    """A GeoJSON geometry to draw, with its fill and the name read in its tooltip."""

    geometry: dict[str, Any]
    fill: str
    label: str


@dataclass(frozen=True)
class Circle:
    latitude: float
    longitude: float
    radius: float
    fill: str
    label: str


@dataclass
class Projection:
    """Map longitude and latitude to SVG pixels within a box of fixed width."""

    west: float
    south: float
    east: float
    north: float
    scale_x: float = field(init=False)
    pixels: float = field(init=False)
    width: float = field(init=False)
    height: float = field(init=False)

    def __post_init__(self) -> None:
        self.scale_x = math.cos(math.radians((self.south + self.north) / 2))
        span_x = max((self.east - self.west) * self.scale_x, 1e-9)
        span_y = max(self.north - self.south, 1e-9)
        # Fit the width, unless the territory is so tall that the map would overflow a printed page.
        self.pixels = min((WIDTH - 2 * PADDING) / span_x, (MAX_HEIGHT - 2 * PADDING) / span_y)
        self.width = span_x * self.pixels + 2 * PADDING
        self.height = span_y * self.pixels + 2 * PADDING

    def point(self, longitude: float, latitude: float) -> tuple[float, float]:
        x = PADDING + (longitude - self.west) * self.scale_x * self.pixels
        y = PADDING + (self.north - latitude) * self.pixels
        return x, y


def load_outlines(territory_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """Return the GeoJSON geometries of the territories that have an outline, by id: one query."""
    rows = TerritoryOutline.objects.filter(territory_id__in=territory_ids).values_list(
        "territory_id", "geojson"
    )
    return {territory_id: json.loads(geojson) for territory_id, geojson in rows}


def _rings(geometry: dict[str, Any]) -> Iterator[Sequence[Sequence[float]]]:
    match geometry.get("type"):
        case "Polygon":
            yield from geometry["coordinates"]
        case "MultiPolygon":
            for polygon in geometry["coordinates"]:
                yield from polygon
        case "GeometryCollection":
            for part in geometry.get("geometries", []):
                yield from _rings(part)


def _bounds(shapes: Sequence[Shape], circles: Sequence[Circle]) -> tuple[float, float, float, float] | None:
    longitudes: list[float] = []
    latitudes: list[float] = []
    for shape in shapes:
        for ring in _rings(shape.geometry):
            longitudes.extend(p[0] for p in ring)
            latitudes.extend(p[1] for p in ring)
    longitudes.extend(c.longitude for c in circles)
    latitudes.extend(c.latitude for c in circles)
    if not longitudes:
        return None
    return min(longitudes), min(latitudes), max(longitudes), max(latitudes)


def _inside(ring: Sequence[Sequence[float]], frame: Frame | None) -> bool:
    if frame is None or not ring:
        return True
    west, south, east, north = frame
    longitude, latitude = ring[0][0], ring[0][1]
    return west <= longitude <= east and south <= latitude <= north


def framed(geometry: dict[str, Any], frame: Frame | None) -> dict[str, Any] | None:
    """Return a geometry reduced to its rings within the frame, or None when none is."""
    if frame is None:
        return geometry
    polygons = (
        [geometry["coordinates"]] if geometry.get("type") == "Polygon" else geometry.get("coordinates", [])
    )
    kept = [polygon for polygon in polygons if polygon and _inside(polygon[0], frame)]
    return {"type": "MultiPolygon", "coordinates": kept} if kept else None


def path_data(geometry: dict[str, Any], projection: Projection) -> str:
    """Return the SVG path of a polygon or multipolygon, one closed sub-path per ring."""
    commands = []
    for ring in _rings(geometry):
        points = [projection.point(p[0], p[1]) for p in ring]
        if len(points) < 3:
            continue
        commands.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in points) + " Z")
    return " ".join(commands)


def map_svg(
    *,
    title: str,
    outline: dict[str, Any] | None,
    shapes: Sequence[Shape],
    circles: Sequence[Circle] = (),
    frame: Frame | None = None,
) -> SafeString:
    """Return an SVG map of the children coloured by class, inside the territory's own outline.

    With a frame, only the polygons within it are drawn (the mainland of France, say).
    """
    if frame is not None:
        outline = framed(outline, frame) if outline else None
        shapes = [
            Shape(geometry, shape.fill, shape.label)
            for shape in shapes
            if (geometry := framed(shape.geometry, frame)) is not None
        ]
    everything = [*shapes, *([Shape(outline, "none", title)] if outline else [])]
    bounds = _bounds(everything, circles)
    if bounds is None:
        return format_html('<p class="chart-empty">{} : aucun contour disponible.</p>', title)
    projection = Projection(*bounds)
    parts = [
        format_html(
            '<path d="{}" fill="{}" stroke="{}" stroke-width="0.8" fill-rule="evenodd">'
            "<title>{}</title></path>",
            path_data(shape.geometry, projection),
            shape.fill,
            CHILD_STROKE if shape.fill != "none" else OUTLINE_COLOUR,
            shape.label,
        )
        for shape in shapes
    ]
    if outline:
        parts.append(
            format_html(
                '<path d="{}" fill="none" stroke="{}" stroke-width="2" fill-rule="evenodd"></path>',
                path_data(outline, projection),
                OUTLINE_COLOUR,
            )
        )
    # Largest circles first, so that small ones stay on top and visible.
    for circle in sorted(circles, key=lambda c: -c.radius):
        x, y = projection.point(circle.longitude, circle.latitude)
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="{}" fill="{}" fill-opacity="0.85" stroke="{}" stroke-width="0.8">'
                "<title>{}</title></circle>",
                f"{x:.1f}",
                f"{y:.1f}",
                f"{circle.radius:.1f}",
                circle.fill,
                CIRCLE_STROKE,
                circle.label,
            )
        )
    width, height = math.ceil(projection.width), math.ceil(projection.height)
    return format_html(
        '<svg class="map-svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg">{}</svg>',
        width,
        height,
        width,
        height,
        title,
        joined(parts),
    )
