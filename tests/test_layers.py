"""The apps form layers: none imports a higher one, and no two import each other in a circle (ADR 7)."""

from __future__ import annotations

import ast
import pathlib
from collections import defaultdict

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "maillage"
# The web layer and the API sit above every app; settings are not an app.
OUTSIDE = {"www", "api", "settings"}
# Lowest first. An app may import only apps of a lower rank; apps of one rank must not import each other
# in a circle. Feature apps (schemes, accompaniment, bookings…) join the last rank or a new one above.
LAYERS: tuple[frozenset[str], ...] = (
    frozenset({"search", "concurrency"}),
    frozenset({"territories"}),
    frozenset({"structures"}),
    frozenset({"memberships", "accounts", "history"}),
    frozenset({"imports", "operations"}),
    frozenset({"observatory"}),
    frozenset({"opendata"}),
    frozenset({"quality"}),
)
CORE = frozenset().union(*LAYERS)


def _apps() -> set[str]:
    return {p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists()} - OUTSIDE


def _import_graph() -> dict[str, dict[str, set[str]]]:
    """Map each app to the apps it imports, with the files that do (migrations left out)."""
    apps = _apps()
    graph: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] not in apps or "migrations" in parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [alias.name for alias in node.names]
                if isinstance(node, ast.Import)
                else [node.module or ""]
                if isinstance(node, ast.ImportFrom) and node.level == 0
                else []
            )
            for name in names:
                pieces = name.split(".")
                if (
                    len(pieces) > 1
                    and pieces[0] == "maillage"
                    and pieces[1] in apps
                    and pieces[1] != parts[0]
                ):
                    graph[parts[0]][pieces[1]].add(str(path.relative_to(PACKAGE.parent)))
    return graph


def _cycles(graph: dict[str, dict[str, set[str]]]) -> list[list[str]]:
    """Return the strongly connected groups of more than one app (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(app: str) -> None:
        index[app] = low[app] = len(index)
        stack.append(app)
        for other in graph.get(app, {}):
            if other not in index:
                visit(other)
                low[app] = min(low[app], low[other])
            elif other in stack:
                low[app] = min(low[app], index[other])
        if low[app] == index[app]:
            group = []
            while True:
                member = stack.pop()
                group.append(member)
                if member == app:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for app in sorted(_apps()):
        if app not in index:
            visit(app)
    return found


def test_no_two_apps_import_each_other_in_a_circle() -> None:
    graph = _import_graph()

    assert _cycles(graph) == []


def test_core_apps_import_only_lower_layers_never_a_feature() -> None:
    rank = {app: level for level, layer in enumerate(LAYERS) for app in layer}
    upward = [
        f"{app} → {other} ({', '.join(sorted(files))})"
        for app, targets in _import_graph().items()
        if app in CORE
        for other, files in targets.items()
        if rank.get(other, len(LAYERS)) > rank[app]
    ]

    assert upward == []


def test_the_graph_sees_real_imports() -> None:
    """Guard the test itself: the known downward imports are found."""
    graph = _import_graph()

    assert "territories" in graph["structures"]
    assert "structures" in graph["observatory"]
