"""Map data of a result set: grid clusters computed in SQL at low zoom, points when few are in view.

A structure's point is its own when known, else the centre of its commune: most records only know their
commune, and a directory map without them would be empty. Whatever the filters and the view, an answer
holds at most `MAX_POINTS` points or about `GRID_CELLS`² clusters, so all of France stays far below 1 MB.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Avg, Count, F, FloatField, IntegerField, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Floor
from django.urls import reverse

from maillage.search.params import ParameterError, parse_int
from maillage.structures.models import Structure

MAX_POINTS = 2_000
# Below this zoom a map shows a whole region or more: always clusters, never thousands of pins.
CLUSTER_BELOW_ZOOM = 8
MAX_ZOOM = 20
# A cell measures a quarter of a 256-pixel tile (64 pixels) at the map's zoom...
CELLS_PER_TILE = 4
# ...and never less than 1/64 of the box asked for, which bounds the answer for any box.
GRID_CELLS = 64
COORDINATE_DIGITS = 5

LATITUDE = Coalesce(F("latitude"), F("commune__latitude"), output_field=FloatField())
LONGITUDE = Coalesce(F("longitude"), F("commune__longitude"), output_field=FloatField())


class MapRequestError(ValueError):
    """The box or zoom of a map request cannot be used; the message says why, in French."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message


@dataclass(frozen=True)
class MapView:
    west: float
    south: float
    east: float
    north: float
    zoom: int

    @property
    def cell_size(self) -> float:
        """Return the side of a grid cell, in degrees."""
        tile = 360 / 2**self.zoom
        return max(
            tile / CELLS_PER_TILE,
            (self.east - self.west) / GRID_CELLS,
            (self.north - self.south) / GRID_CELLS,
        )


WORLD = (-180.0, -90.0, 180.0, 90.0)
DEFAULT_ZOOM = 5


def parse_map_view(bbox: str | None, zoom: str | None) -> MapView:
    """Read `bbox=west,south,east,north` and `zoom`; raise MapRequestError on a bad value."""
    if bbox is None or not bbox.strip():
        west, south, east, north = WORLD
    else:
        parts = bbox.split(",")
        try:
            west, south, east, north = (float(p) for p in parts)
        except ValueError:
            raise MapRequestError(
                "bbox", "« bbox » s'écrit ouest,sud,est,nord en degrés décimaux (ex. -5.2,41.3,9.6,51.1)."
            ) from None
        if not all(-180 <= x <= 180 for x in (west, east)) or not all(-90 <= y <= 90 for y in (south, north)):
            raise MapRequestError(
                "bbox", "« bbox » sort des coordonnées terrestres (longitudes ±180, latitudes ±90)."
            )
        if west >= east or south >= north:
            raise MapRequestError("bbox", "« bbox » doit aller de l'ouest vers l'est et du sud vers le nord.")
    if zoom is None or not zoom.strip():
        level = DEFAULT_ZOOM
    else:
        try:
            level = parse_int(zoom, field="zoom", maximum=MAX_ZOOM)
        except ParameterError:
            raise MapRequestError("zoom", f"« zoom » est un entier de 0 à {MAX_ZOOM}.") from None
    return MapView(west, south, east, north, level)


def _in_view(structures: QuerySet[Structure], view: MapView) -> QuerySet[Structure]:
    return structures.annotate(lat=LATITUDE, lon=LONGITUDE).filter(
        lat__gte=view.south, lat__lte=view.north, lon__gte=view.west, lon__lte=view.east
    )


def _clusters(located: QuerySet[Structure], view: MapView) -> list[dict[str, Any]]:
    cell = Value(view.cell_size, output_field=FloatField())
    rows = (
        located.annotate(
            row=Cast(Floor(F("lat") / cell), IntegerField()),
            column=Cast(Floor(F("lon") / cell), IntegerField()),
        )
        .values("row", "column")
        .annotate(count=Count("pk"), mean_lat=Avg("lat"), mean_lon=Avg("lon"))
        .order_by()
    )
    return [
        {
            "lat": round(r["mean_lat"], COORDINATE_DIGITS),
            "lon": round(r["mean_lon"], COORDINATE_DIGITS),
            "count": r["count"],
        }
        for r in rows
    ]


def _points(located: QuerySet[Structure]) -> list[dict[str, Any]]:
    # The URL pattern is reversed once: reversing per point would cost as much as the query.
    marker = "slug-marker"
    pattern = reverse("structures:detail", kwargs={"slug": marker})
    rows = located.order_by("search_name", "pk").values("name", "slug", "lat", "lon")[:MAX_POINTS]  # type: ignore[misc]
    return [
        {
            "lat": round(r["lat"], COORDINATE_DIGITS),
            "lon": round(r["lon"], COORDINATE_DIGITS),
            "name": r["name"],
            "url": pattern.replace(marker, r["slug"]),
        }
        for r in rows
    ]


def map_data(structures: QuerySet[Structure], view: MapView) -> dict[str, Any]:
    """Return the structures in view as clusters or points (two queries at most)."""
    located = _in_view(structures, view)
    if view.zoom >= CLUSTER_BELOW_ZOOM:
        total = located.count()
        if total <= MAX_POINTS:
            return {"mode": "points", "total": total, "points": _points(located)}
    clusters = _clusters(located, view)
    return {
        "mode": "clusters",
        "total": sum(c["count"] for c in clusters),
        "cell": round(view.cell_size, 6),
        "clusters": clusters,
    }
