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


def test_legend_classes_never_print_alike() -> None:
    """Small rates get more decimals rather than "jusqu'à 0,0 / plus de 0,0 à 0,0"."""
    children = [Territory(id=f"DEP-{n}", name=str(n)) for n in range(5)]
    rates = {"DEP-0": 0.0, "DEP-1": 0.012, "DEP-2": 0.031, "DEP-3": 0.047, "DEP-4": 0.09}
    _, legend = classify(children, {c.id: 1.0 for c in children}, rates)
    labels = [entry.label for entry in legend]
    assert len(set(labels)) == len(labels)
    assert not any(label.endswith(" 0,0") for label in labels[1:])
    assert labels[0] == "0 (aucune structure)"
    assert labels[1:] == [
        "plus de 0 à 0,01",
        "plus de 0,01 à 0,03",
        "plus de 0,03 à 0,05",
        "plus de 0,05 à 0,09",
    ]


def test_few_values_make_fewer_classes_and_the_legend_says_so() -> None:
    """Two distinct values give two classes, and a note explains why not five."""
    children = [Territory(id=f"DEP-{n}", name=str(n)) for n in range(4)]
    rates = {"DEP-0": 0.1, "DEP-1": 0.1, "DEP-2": 0.4, "DEP-3": 0.4}
    _, legend = classify(children, {c.id: 1.0 for c in children}, rates)
    assert [entry.label for entry in legend] == ["jusqu'à 0,1", "plus de 0,1 à 0,4"]
    nbsp = "\N{NO-BREAK SPACE}"
    assert (
        legend.note == f"2{nbsp}classes au lieu de 5 : les subdivisions n'ont que 2{nbsp}valeurs distinctes."
    )
    _, single = classify(children, {c.id: 1.0 for c in children}, dict.fromkeys(rates, 0.2))
    assert [entry.label for entry in single] == ["jusqu'à 0,2"]
    assert single.note.startswith("Une seule classe")
    many = [Territory(id=f"DEP-{n}", name=str(n)) for n in range(9)]
    values = [0.0, 0.0, 0.0, 0.0, 0.0, 0.1, 0.2, 0.4, 0.5]
    _, zeros = classify(many, {c.id: 1.0 for c in many}, {c.id: v for c, v in zip(many, values, strict=True)})
    labels = [entry.label for entry in zeros]
    assert labels == ["0 (aucune structure)", "plus de 0 à 0,1", "plus de 0,1 à 0,4", "plus de 0,4 à 0,5"]
    assert zeros.note == f"4{nbsp}classes au lieu de 5 : beaucoup de subdivisions ont la même valeur."


def test_classes_that_still_print_alike_are_merged() -> None:
    """Values too close to tell apart at three decimals share one class and the legend says why."""
    children = [Territory(id=f"DEP-{n}", name=str(n)) for n in range(5)]
    rates = {f"DEP-{n}": 1.0 + n * 0.00001 for n in range(5)}
    figures, legend = classify(children, {c.id: 1.0 for c in children}, rates)
    assert [entry.label for entry in legend] == ["jusqu'à 1,000"]
    assert {f.colour for f in figures} == {PALETTE[-1]}
