"""Tell the directory's listeners (the observatory's recompute) that an import was applied."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.structures.changes import Say, directory_changed

TRIGGERS = {ImportKind.SIRENE: "import sirene", ImportKind.NETWORK_FILE: "fichier réseau"}


@dataclass
class Written:
    """The structures an import created, updated or withdrew, and their communes before and after."""

    ids: set[int] = field(default_factory=set)
    communes: set[str] = field(default_factory=set)

    def add(self, structure_id: int, *communes: str | None) -> None:
        self.ids.add(structure_id)
        self.communes.update(c for c in communes if c)


def import_applied(
    *,
    run: ImportRun,
    say: Say | None = None,
    background: bool = False,
    written: Written | None = None,
) -> dict[str, float]:
    """Announce an applied import; return the seconds each listener took (none if not applied).

    With `background`, listeners queue their work as tasks instead of doing it before returning. An
    import that knows what it wrote (`written`) says so: listeners look at nothing else.
    """
    if run.status != ImportStatus.APPLIED:
        return {}
    name = TRIGGERS.get(ImportKind(run.kind), str(run.kind))
    return directory_changed(
        trigger=f"{name} #{run.pk}",
        label=f"Après l'import {run.get_kind_display()} du {timezone.localtime(run.started_at):%d/%m/%Y}",
        import_run=run,
        say=say,
        background=background,
        communes=None if written is None else written.communes,
        structures=None if written is None else written.ids,
    )
