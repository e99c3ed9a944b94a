"""No benchmark runs in `make test`: pytest collects tests/ only, and no test imports a bench module."""

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_pytest_collects_the_tests_folder_only_without_locust() -> None:
    """bench/ is outside the collected paths, and Locust's pytest plugin is not loaded."""
    options = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["pytest"][
        "ini_options"
    ]
    assert options["testpaths"] == ["tests"]
    assert "-p no:locust" in options["addopts"]
    assert not list((ROOT / "bench").glob("test_*.py"))
    assert not list((ROOT / "bench").glob("*_test.py"))


def test_no_test_imports_a_bench_module() -> None:
    """A test importing bench.* would run its data generation or timings inside the suite."""
    importing = []
    for path in (ROOT / "tests").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            if any(name == "bench" or name.startswith("bench.") for name in names):
                importing.append(str(path.relative_to(ROOT)))
    assert importing == []
