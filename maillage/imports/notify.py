"""Tell the directory's listeners (the observatory's recompute) that an import was applied."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils import timezone

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.structures.changes import Say, directory_changed

TRIGGERS = {ImportKind.SIRENE: "import sirene", ImportKind.NETWORK_FILE: "fichier réseau"}


def import_applied(
    *,
    run: ImportRun,
    say: Say | None = None,
    background: bool = False,
    communes: Iterable[str] | None = None,
    structures: Iterable[int] | None = None,
) -> None:
    """Announce an applied import; say nothing of a dry run, a refused or failed one.

    With `background`, listeners queue their work as tasks instead of doing it before returning. An
    import that knows the structures it wrote and their communes says so: listeners look at nothing else.
    """
    if run.status != ImportStatus.APPLIED:
        return
    name = TRIGGERS.get(ImportKind(run.kind), str(run.kind))
    directory_changed(
        trigger=f"{name} #{run.pk}",
        label=f"Après l'import {run.get_kind_display()} du {timezone.localtime(run.started_at):%d/%m/%Y}",
        import_run=run,
        say=say,
        background=background,
        communes=communes,
        structures=structures,
    )
