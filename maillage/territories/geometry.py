"""Turn commune outlines into GeoJSON and dissolve them into the outlines of wider territories."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# shapely (with numpy, 200 ms) is imported inside each function: only referential imports and custom
# territories use it, and every command would otherwise pay for it at start-up.

# ~11 m: finer than the source outlines, so rounding loses nothing visible and shortens the JSON.
GRID = 0.0001
# Wider territories are drawn at small scales: ~200 m simplification keeps a région page light.
DISSOLVED_TOLERANCE = 0.002


def load_outlines(outlines_wkb: Mapping[str, bytes]) -> dict[str, Any]:
    """Parse WKB outlines, keyed by the same codes."""
    from shapely import wkb  # noqa: PLC0415 (start-up time, see above)

    return {code: wkb.loads(raw) for code, raw in outlines_wkb.items()}


def dissolve(outlines: Mapping[str, Any], members: Mapping[str, Iterable[str]]) -> dict[str, Any]:
    """Return, for each group, the union of its members' outlines (members without outline are left out)."""
    import shapely  # noqa: PLC0415 (start-up time, see above)

    dissolved = {}
    for group, codes in members.items():
        parts = [outlines[c] for c in codes if c in outlines]
        if parts:
            union = shapely.union_all(parts)
            dissolved[group] = shapely.simplify(union, DISSOLVED_TOLERANCE, preserve_topology=True)
    return dissolved


def to_geojson(geometry: Any) -> str:
    """Serialise a geometry as compact GeoJSON on the rounding grid."""
    import shapely  # noqa: PLC0415 (start-up time, see above)

    return str(shapely.to_geojson(shapely.set_precision(geometry, GRID)))


def inner_point(geometry: Any) -> tuple[float, float]:
    """Return a (latitude, longitude) guaranteed inside the geometry, to place a marker."""
    point = geometry.representative_point()
    return (round(point.y, 6), round(point.x, 6))
