"""Keep the tests inside the repository: a clone has nothing beside it (no shared folder).

Two checks. At run time, an audit hook refuses to open any file in the folder that holds the repository
unless it lies in the repository itself (or in the interpreter's own folders). Statically, a scan of the
Python sources finds the ways out that no test happens to run: "../…" paths, `… / "shared"`, "shared/data",
and `Path(__file__)` climbing above the repository.
"""

from __future__ import annotations

import ast
import os
import re
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

REPOSITORY = Path(__file__).resolve().parent.parent
TEMPORARY = os.path.abspath(tempfile.gettempdir())
# Folders of the filesystem's root that belong to the system: they stay readable when the repository
# itself sits at the root (/app in a container), where "beside the repository" would otherwise be everything.
SYSTEM_FOLDERS = frozenset(
    {"bin", "boot", "dev", "etc", "home", "lib", "lib32", "lib64", "media", "mnt", "nix", "opt", "proc"}
    | {"root", "run", "sbin", "snap", "srv", "sys", "tmp", "usr", "var"}
)
SOURCE_FOLDERS = ("maillage", "tests", "bench", "scripts")
SHARED_DATA = re.compile(r"(^|[\\/])shared[\\/]data([\\/]|$)")
UP = re.compile(r"^\.\.[\\/]")
# The test of the scan itself, whose examples are the very paths it must flag.
SCAN_EXAMPLES = Path("tests/test_repository_alone.py")


class OutsideRepositoryReadError(RuntimeError):
    """A test or a benchmark opened a file beside the repository, which a clone does not have."""


class OutsideReadGuard:
    """Tell which paths lie beside a repository, outside it."""

    def __init__(self, repository: Path, allowed: tuple[Path, ...] = ()) -> None:
        self.repository = os.path.abspath(repository)
        self.neighbourhood = os.path.dirname(self.repository)
        self.allowed = tuple(os.path.abspath(path) for path in (repository, *allowed))

    def is_outside(self, path: str) -> bool:
        """Tell whether opening `path` would read or write beside the repository."""
        absolute = os.path.abspath(path)
        relative = os.path.relpath(absolute, self.neighbourhood)
        first = relative.split(os.sep, 1)[0]
        if first == ".." or relative == ".":
            return False  # elsewhere on the machine: system files, temporary folders
        if any(absolute == root or absolute.startswith(root + os.sep) for root in self.allowed):
            return False
        # Hidden folders beside the repository are the user's tools' (~/.cache when it sits in the home).
        if first.startswith("."):
            return False
        # A clone made straight into the temporary folder (/tmp/clone) has pytest's and tempfile's own
        # folders beside it: those are made by the run itself, only the shared folder is a way out.
        if self.neighbourhood == TEMPORARY and first != "shared":
            return False
        return not (self.neighbourhood == os.path.dirname(self.neighbourhood) and first in SYSTEM_FOLDERS)

    def audit(self, event: str, args: tuple[object, ...]) -> None:
        """Refuse an "open" event beside the repository (sys.addaudithook)."""
        if event != "open":
            return
        path = args[0]
        if not isinstance(path, str | bytes | os.PathLike):
            return  # a file descriptor: its path was checked when it was opened
        text = os.fsdecode(path)
        if self.is_outside(text):
            # Not an OSError: code that falls back on a missing file must not hide the read.
            raise OutsideRepositoryReadError(
                f"{text} is outside the repository: a clone has nothing beside it. "
                "Copy what the test needs into tests/fixtures/<folder>/ with a SOURCE note."
            )


_installed: list[OutsideReadGuard] = []


def install_outside_read_guard() -> OutsideReadGuard:
    """Install the guard for this process, once (an audit hook cannot be removed)."""
    if not _installed:
        # The interpreter and its packages may live beside the repository (a shared virtualenv).
        prefixes = {sys.prefix, sys.base_prefix, sys.exec_prefix}
        allowed = tuple(Path(p) for p in prefixes | {os.path.realpath(p) for p in prefixes})
        guard = OutsideReadGuard(REPOSITORY, allowed)
        sys.addaudithook(guard.audit)
        _installed.append(guard)
    return _installed[0]


def _docstrings(tree: ast.AST) -> set[int]:
    nodes = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    return {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, nodes) and node.body and isinstance(node.body[0], ast.Expr)
    }


def _parent_steps(node: ast.AST) -> int | None:
    """Count the folders `node` climbs from Path(__file__), or None if it does not start there."""
    steps = 0
    while True:
        if isinstance(node, ast.Attribute) and node.attr == "parent":
            steps += 1
            node = node.value
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute):
            index = node.slice.value if isinstance(node.slice, ast.Constant) else None
            if node.value.attr != "parents" or not isinstance(index, int):
                return None
            steps += index + 1
            node = node.value.value
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            node = node.func.value  # .resolve(), .absolute()
        elif isinstance(node, ast.Call) and node.args:
            node = node.args[0]  # Path(__file__)
        else:
            return steps if isinstance(node, ast.Name) and node.id == "__file__" else None


def ways_out(source: str, depth: int) -> Iterator[tuple[int, str]]:
    """Yield (line, what) for each path in `source` that leads out of the repository.

    `depth` is the number of folders between the repository and the file (tests/imports/x.py: 2).
    """
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    climbs: dict[int, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            if UP.match(node.value) or SHARED_DATA.search(node.value):
                yield node.lineno, repr(node.value)
        elif (
            isinstance(node, ast.BinOp)
            and isinstance(node.op, ast.Div)
            and isinstance(node.right, ast.Constant)
            and node.right.value in {"shared", ".."}
        ):
            yield node.lineno, f'/ "{node.right.value}"'
        elif isinstance(node, ast.Attribute | ast.Subscript):
            steps = _parent_steps(node)
            # Path(__file__).parent is the file's folder: depth + 1 steps lead to the repository.
            if steps is not None and steps > depth + 1:
                climbs[node.lineno] = max(steps, climbs.get(node.lineno, 0))
    for line, steps in sorted(climbs.items()):
        yield line, f"Path(__file__) climbs {steps} folders"


def sources_going_out(repository: Path = REPOSITORY) -> list[str]:
    """Return "path:line: what" for every way out of the repository in its Python sources."""
    found = []
    for folder in SOURCE_FOLDERS:
        for path in sorted((repository / folder).rglob("*.py")):
            relative = path.relative_to(repository)
            if "migrations" in relative.parts or relative == SCAN_EXAMPLES:
                continue
            for line, what in ways_out(path.read_text(encoding="utf-8"), len(relative.parts) - 1):
                found.append(f"{relative}:{line}: {what}")
    return found
