"""Reference data of feature apps, loaded by load_reference_data after the directory's own (ADR 7).

Core cannot import a feature app: each registers, in its `AppConfig.ready()`, a loader taking `dry_run`
and returning the lines of its summary. Loaders are idempotent, like the directory's.
"""

from collections.abc import Callable

ReferenceExtension = Callable[[bool], list[str]]
EXTENSIONS: dict[str, ReferenceExtension] = {}


def register_reference_extension(key: str, loader: ReferenceExtension) -> None:
    """Have load_reference_data run `loader(dry_run)` after the directory's reference data."""
    EXTENSIONS[key] = loader


def run_extensions(*, dry_run: bool) -> list[str]:
    """Run every registered loader, in registration order; return their summary lines."""
    lines: list[str] = []
    for loader in EXTENSIONS.values():
        lines += loader(dry_run)
    return lines
