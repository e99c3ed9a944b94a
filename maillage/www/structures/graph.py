"""The cooperation graph of a result set: its structures, their direct partners and their relations.

The layout is a circle computed here, so the page is a plain SVG that reads without JavaScript; the same
relations are listed in a table for screen readers and for copying.
"""

from __future__ import annotations

import functools
import math
import operator
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from maillage.structures.enums import JOINT_ACT_KINDS, SYMMETRIC_KINDS, RelationKind, RelationState
from maillage.structures.models import Relation, Structure
from maillage.structures.selectors import joint_act_participants
from maillage.www.structures.detail import structure_url

MAX_NODES = 300
MAX_RELATIONS = 3_000
# Colours of the relation kinds: each at least 3:1 against white (WCAG 1.4.11), joint acts also dashed.
KIND_COLOURS: dict[str, str] = {
    RelationKind.MEMBER_OF: "#1d3557",
    RelationKind.SHAREHOLDER_OF: "#6a4c93",
    RelationKind.PARTNER: "#20786d",
    RelationKind.POOLING_PREMISES: "#8a5a00",
    RelationKind.POOLING_STAFF: "#a4167f",
    RelationKind.POOLING_EQUIPMENT: "#55700a",
    RelationKind.COPRODUCTION: "#c1121f",
    RelationKind.FOUNDER_OF: "#c45100",
    RelationKind.SUPPORTED_BY: "#0b5ea8",
    RelationKind.STEERING_COMMITTEE_MEMBER_OF: "#3a5a40",
    RelationKind.SIGNATORY_OF: "#7a1f5c",
    RelationKind.ORGANISER_OF: "#4a4a4a",
}
NODE_SPACING = 16  # pixels of circumference per node, so labels one above the other stay readable
MIN_RADIUS = 140
LABEL_MARGIN = 230  # room outside the circle for the labels...
LABEL_LENGTH = 32  # ...which hold this many characters at 12 pixels; the full name is in a tooltip
PARALLEL_GAP = 14  # pixels between two relations of the same pair, drawn as curves side by side


@dataclass
class Node:
    key: str
    label: str
    url: str = ""
    role: str = "partner"  # "matched" (in the result set), "partner" (outside it) or "act"
    x: float = 0.0
    y: float = 0.0
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"
    angle: float = 0.0

    @property
    def short_label(self) -> str:
        return (
            self.label if len(self.label) <= LABEL_LENGTH else self.label[: LABEL_LENGTH - 1].rstrip() + "…"
        )


@dataclass
class Edge:
    source: Node
    target: Node
    relation: Relation
    colour: str
    directed: bool
    dashed: bool
    path: str = ""  # SVG path data, set by the layout


@dataclass
class LegendItem:
    kind: str
    label: str
    colour: str
    dashed: bool


@dataclass
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    matched: int = 0
    omitted: int = 0
    too_many: bool = False
    size: float = 0.0
    legend: list[LegendItem] = field(default_factory=list)

    @property
    def centre(self) -> float:
        return self.size / 2


def _structure_node(structure: Structure, role: str) -> Node:
    return Node(f"s{structure.pk}", structure.name, structure_url(structure.slug), role)


def _act_key(relation: Relation) -> str:
    return f"a|{relation.kind}|{relation.joint_act}|{relation.start_date}"


def _act_node(relation: Relation) -> Node:
    when = relation.period_display()
    label = f"{relation.joint_act} ({when})" if when else relation.joint_act
    return Node(_act_key(relation), label, role="act")


def cooperation_graph(structures: QuerySet[Structure]) -> Graph:
    """Build the graph of a result set in three queries at most, or say it holds too many structures."""
    matched = list(structures.order_by("search_name", "pk").only("pk", "name", "slug")[: MAX_NODES + 1])
    if len(matched) > MAX_NODES:
        return Graph(too_many=True)
    ids = [s.pk for s in matched]
    relations = list(
        Relation.objects.filter(Q(source_id__in=ids) | Q(target_id__in=ids), state=RelationState.ACCEPTED)
        # Withdrawn structures are not published: neither as partners.
        .filter(source__withdrawn_at__isnull=True)
        .exclude(target__withdrawn_at__isnull=False)
        .select_related("source", "target")
        .order_by("kind", "start_date", "pk")[:MAX_RELATIONS]
    )
    own_acts = {_act_key(r): r for r in relations if r.kind in JOINT_ACT_KINDS and r.target_id is None}
    if own_acts:
        # The other participants of the same conventions and events are direct partners too.
        others = functools.reduce(operator.or_, (joint_act_participants(r) for r in own_acts.values()))
        known = {r.pk for r in relations}
        relations += [r for r in others if r.pk not in known]

    nodes: dict[str, Node] = {f"s{s.pk}": _structure_node(s, "matched") for s in matched}
    acts: dict[str, Node] = {}
    partners: dict[str, Node] = {}
    for relation in relations:
        for end in (relation.source, relation.target):
            if end is not None and f"s{end.pk}" not in nodes:
                partners.setdefault(f"s{end.pk}", _structure_node(end, "partner"))
        if relation.target_id is None:
            acts.setdefault(_act_key(relation), _act_node(relation))
    ordered = [*nodes.values(), *acts.values(), *sorted(partners.values(), key=lambda n: n.label.lower())]
    kept = {node.key: node for node in ordered[:MAX_NODES]}
    graph = Graph(matched=len(matched), omitted=max(0, len(ordered) - MAX_NODES))

    for relation in relations:
        source = kept.get(f"s{relation.source_id}")
        target = kept.get(f"s{relation.target_id}" if relation.target_id else _act_key(relation))
        if source is None or target is None:
            continue
        graph.edges.append(
            Edge(
                source,
                target,
                relation,
                KIND_COLOURS.get(relation.kind, "#4a4a4a"),
                directed=relation.kind not in SYMMETRIC_KINDS and relation.target_id is not None,
                dashed=relation.kind in JOINT_ACT_KINDS,
            )
        )
    graph.nodes = list(kept.values())
    _circle_layout(graph)
    used = {edge.relation.kind for edge in graph.edges}
    graph.legend = [
        LegendItem(kind, str(label), KIND_COLOURS[kind], kind in JOINT_ACT_KINDS)
        for kind, label in RelationKind.choices
        if kind in used
    ]
    return graph


def _circle_layout(graph: Graph) -> None:
    """Place the nodes on a circle, labels outside it, reading outwards."""
    count = len(graph.nodes)
    radius = max(MIN_RADIUS, count * NODE_SPACING / (2 * math.pi))
    graph.size = round(2 * (radius + LABEL_MARGIN), 1)
    centre = graph.size / 2
    for index, node in enumerate(graph.nodes):
        angle = 2 * math.pi * index / max(count, 1) - math.pi / 2
        cos, sin = math.cos(angle), math.sin(angle)
        node.x = round(centre + radius * cos, 1)
        node.y = round(centre + radius * sin, 1)
        node.label_x = round(centre + (radius + 12) * cos, 1)
        node.label_y = round(centre + (radius + 12) * sin, 1)
        # Labels on the left half read right to left from the circle, so they are turned half a turn.
        left = cos < -1e-9
        node.anchor = "end" if left else "start"
        node.angle = round(math.degrees(angle) + (180 if left else 0), 1)
    pairs: dict[frozenset[str], list[Edge]] = {}
    for edge in graph.edges:
        pairs.setdefault(frozenset((edge.source.key, edge.target.key)), []).append(edge)
    for edges in pairs.values():
        for index, edge in enumerate(edges):
            edge.path = _edge_path(edge, (index - (len(edges) - 1) / 2) * PARALLEL_GAP)


def _edge_path(edge: Edge, offset: float) -> str:
    """Return a straight line, or a curve bent `offset` pixels aside when a pair has several relations."""
    x1, y1, x2, y2 = edge.source.x, edge.source.y, edge.target.x, edge.target.y
    if not offset:
        return f"M{x1} {y1} L{x2} {y2}"
    length = math.hypot(x2 - x1, y2 - y1) or 1
    # Bend towards the same side whichever end the relation starts from.
    sign = 1 if (edge.source.key, edge.target.key) <= (edge.target.key, edge.source.key) else -1
    normal_x, normal_y = -(y2 - y1) / length * sign, (x2 - x1) / length * sign
    control_x = round((x1 + x2) / 2 + normal_x * offset * 2, 1)
    control_y = round((y1 + y2) / 2 + normal_y * offset * 2, 1)
    return f"M{x1} {y1} Q{control_x} {control_y} {x2} {y2}"
