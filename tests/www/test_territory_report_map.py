"""The diagnostic's static map: children coloured by class, communes as circles, France on its mainland."""

from __future__ import annotations

import re

from maillage.territories.models import Territory
from maillage.www.territories.choropleth import NO_VALUE_COLOUR, PALETTE, classify, quantile_breaks
from maillage.www.territories.mapsvg import METROPOLE_FRAME, Circle, Shape, map_svg


def square(west: float, south: float, size: float = 1.0) -> dict[str, object]:
    ring = [
        [west, south],
        [west + size, south],
        [west + size, south + size],
        [west, south + size],
        [west, south],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def test_map_draws_each_child_with_its_colour_and_name() -> None:
    svg = map_svg(
        title="Carte d'essai",
        outline=square(4.0, 45.0, 2.0),
        shapes=[
            Shape(square(4.0, 45.0), "#08519c", "Loire : 1,2"),
            Shape(square(5.0, 46.0), "#eff3ff", "Rhône"),
        ],
    )
    assert 'role="img"' in svg
    assert 'aria-label="Carte d&#x27;essai"' in svg
    assert svg.count('fill="#08519c"') == 1
    assert "<title>Loire : 1,2</title>" in svg
    # Longitudes shrink by the cosine of the latitude: a square degree at 46° N is taller than wide.
    width, height = map(int, re.search(r'width="(\d+)" height="(\d+)"', svg).groups())  # type: ignore[union-attr]
    assert height > width


def test_map_of_france_keeps_the_mainland_in_frame() -> None:
    """An overseas région is left out of the printed map of France, which stays readable."""
    mainland = Shape(square(2.0, 46.0), "#3182bd", "Centre-Val de Loire")
    overseas = Shape(square(-61.5, 16.0), "#3182bd", "Guadeloupe")
    svg = map_svg(title="France", outline=None, shapes=[mainland, overseas], frame=METROPOLE_FRAME)
    assert "Centre-Val de Loire" in svg
    assert "Guadeloupe" not in svg


def test_communes_are_circles_whose_area_follows_their_structures() -> None:
    svg = map_svg(
        title="EPCI",
        outline=None,
        shapes=[],
        circles=[
            Circle(45.43, 4.39, 18.0, "#08519c", "Saint-Étienne"),
            Circle(45.47, 4.51, 4.5, "#eff3ff", "Autre"),
        ],
    )
    assert svg.count("<circle") == 2
    # Drawn largest first so that small circles stay on top.
    assert svg.index("Saint-Étienne") < svg.index("Autre")


def test_quantile_classes_spread_children_over_the_palette() -> None:
    assert quantile_breaks([1.0, 2.0, 3.0, 4.0, 5.0]) == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert quantile_breaks([2.0, 2.0, 2.0]) == [2.0]
    children = [Territory(id=f"DEP-{n}", name=str(n)) for n in range(4)]
    rates = {"DEP-0": 0.5, "DEP-1": 1.0, "DEP-2": 8.0, "DEP-3": None}
    figures, legend = classify(children, {c.id: 1.0 for c in children}, rates)
    colours = [f.colour for f in figures]
    assert colours[0] == PALETTE[0]
    assert colours[2] == PALETTE[-1]
    assert colours[3] == NO_VALUE_COLOUR
    assert legend[-1].label == "non calculé"
