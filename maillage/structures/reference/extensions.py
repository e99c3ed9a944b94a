"""Reference data of the apps above the directory (events, conventions…), loaded with the directory's.

`load_reference_data` loads the structures first, then calls every registered loader inside the same
lock: a feature app registers one in `AppConfig.ready()` (ADR 7) and links its records to the reference
structures by their natural key. A loader returns its summary lines and writes nothing on a dry run.
"""

from __future__ import annotations

from collections.abc import Callable

# Called with dry_run= and say= (a progress printer); returns the lines of its summary.
ReferenceExtension = Callable[..., list[str]]
_loaders: dict[str, ReferenceExtension] = {}


def register_reference_loader(name: str, loader: ReferenceExtension) -> None:
    """Have `loader` run after the directory's reference data, at every `load_reference_data`."""
    _loaders[name] = loader


def load_extensions(*, dry_run: bool, say: Callable[[str], None]) -> list[str]:
    """Run the registered loaders in registration order; return their summary lines."""
    lines: list[str] = []
    for loader in list(_loaders.values()):
        lines += loader(dry_run=dry_run, say=say)
    return lines
