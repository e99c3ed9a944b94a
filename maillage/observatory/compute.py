"""Compute every indicator for every territory into a new dated snapshot, in one transaction.

1. Measures, per commune: one GROUP BY per indicator over the directory (or SIRENE's counts), written as
   the communes' own values. Always done for every commune (a few seconds at 200,000 structures).
2. Roll-up: one INSERT … SELECT … GROUP BY sums the communes' rows into every territory holding them,
   through the commune closure (région, département, EPCI, project territory, France alike); or the
   same sums in Python over the commune rows (`strategy="python"`, measured in bench_observatory).
3. Finishing: ratios, rates per 10,000 inhabitants and numbers of networks from the summed parts.

Incremental computation (after an import, or `--territory`): the commune measures are recomputed, then
compared with the previous snapshot's; only the territories holding a commune whose measures changed
(or every commune of `--territory`) are rolled up again, every other territory's values are shared with
the previous snapshot (ADR 35: named, not copied; `increments.share_or_copy`). This is exact because
every stored part is a sum over communes. It is not used (full computation instead) when the previous
snapshot was computed with another referential release, another commune closure (a project territory
edited) or another version of the definitions.
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max
from django.utils import timezone

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.observatory import increments, rollup
from maillage.observatory.definitions import INDICATORS, Indicator, registry_fingerprint
from maillage.observatory.measures import MeasureContext, sirene_changed_communes
from maillage.observatory.models import Snapshot
from maillage.observatory.selectors import latest_snapshot
from maillage.territories.enums import Level
from maillage.territories.models import Territory, TerritoryCommune
from maillage.territories.selectors import referential_release

STRATEGIES = ("sql", "python")
MODES = {"incremental": "incrémental", "amended": "incrémental, instantané du jour complété"}


class ComputeError(Exception):
    """A computation that cannot run as asked (unknown territory, no snapshot to start from)."""


@dataclass
class ComputeResult:
    snapshot: Snapshot
    mode: str
    territories: int
    values: int
    changed_communes: int | None
    seconds: float
    dry_run: bool
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Return the summary a person reads after a computation."""
        verb = "Simulation (rien n'a été écrit)" if self.dry_run else "Instantané enregistré"
        lines = [
            f"{verb} : « {self.snapshot.label} » ({self.snapshot.trigger}), calcul "
            f"{MODES.get(self.mode, 'complet')} en {self.seconds:.1f} s.",
            f"  Territoires recalculés : {self.territories} ; valeurs enregistrées : {self.values}.",
        ]
        if self.changed_communes is not None:
            lines.append(f"  Communes dont les mesures ont changé : {self.changed_communes}.")
        lines.append(
            f"  Référentiel : millésime {self.snapshot.referential_millesime or 'inconnu'} ; SIRENE : "
            + (
                f"import du {self.snapshot.sirene_date:%d/%m/%Y}"
                if self.snapshot.sirene_date
                else "aucun import appliqué"
            )
            + "."
        )
        return [*lines, *(f"  {note}" for note in self.notes)]


def inputs_signature(indicators: tuple[Indicator, ...]) -> str:
    """Return what values depend on besides the directory: definitions, referential, commune closure."""
    release = referential_release()
    closure = TerritoryCommune.objects.aggregate(rows=Count("id"), last=Max("id"))
    return (
        f"def:{registry_fingerprint(indicators)}|ref:{release.pk if release else '-'}"
        f"|tc:{closure['rows']}:{closure['last'] or 0}"
    )


def latest_sirene_run() -> ImportRun | None:
    return (
        ImportRun.objects.filter(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED)
        .order_by("-started_at", "-pk")
        .first()
    )


def snapshot_compute(
    *,
    label: str = "",
    trigger: str = "calcul manuel",
    import_run: ImportRun | None = None,
    territory_id: str | None = None,
    communes: Iterable[str] | None = None,
    incremental: bool = False,
    dry_run: bool = False,
    strategy: str = "sql",
    taken_at: datetime.datetime | None = None,
    indicators: tuple[Indicator, ...] = INDICATORS,
    progress: Callable[[str], None] | None = None,
) -> ComputeResult:
    """Compute a new snapshot (all territories, or incrementally); write all of it or nothing."""
    if strategy not in STRATEGIES:
        raise ComputeError(f"Stratégie inconnue : {strategy} (sql ou python).")
    say = progress or (lambda message: None)
    started = time.perf_counter()
    if territory_id is not None and not Territory.objects.filter(id=territory_id).exists():
        raise ComputeError(f"Territoire inconnu : {territory_id}")
    with transaction.atomic():
        result = _compute(
            label=label,
            trigger=trigger,
            import_run=import_run,
            territory_id=territory_id,
            communes=None if communes is None else tuple(sorted(set(communes))),
            incremental=incremental or territory_id is not None,
            strategy=strategy,
            taken_at=taken_at or timezone.now(),
            indicators=indicators,
            say=lambda message: say(f"[{time.perf_counter() - started:6.1f} s] {message}"),
        )
        result.seconds = time.perf_counter() - started
        result.dry_run = dry_run
        result.snapshot.duration_s = round(result.seconds, 2)
        result.snapshot.save(update_fields=["duration_s"])
        if dry_run:
            transaction.set_rollback(True)
    return result


def _with_sirene_changes(
    communes: tuple[str, ...], previous: Snapshot, sirene: ImportRun | None
) -> tuple[str, ...]:
    """Add the communes whose SIRENE counts changed since the previous snapshot's run.

    A SIRENE import names the communes of the structures it wrote; its counts of establishments may have
    moved elsewhere too, and they feed the indicators.
    """
    after = sirene.pk if sirene is not None else None
    if previous.sirene_run_id == after:
        return communes
    # A first run (or none left) changes the communes that have counts in it, not every commune: the
    # observatory's first snapshot after a first import of 35,000 structures compared all 35,000 communes.
    return tuple(sorted({*communes, *sirene_changed_communes(previous.sirene_run_id, after)}))


def _most_communes(communes: tuple[str, ...]) -> bool:
    """Tell whether the touched communes are more than a third of the referential's.

    Past that, measuring them one by one, summing their holders again and copying the rest took longer
    than computing everything: full 9.95 s; incremental 7.3 s for 2 % of the communes, 9.25 s for 25 %,
    10.8 s for 50 %, 11.5 s for 66 % (SQLite, 235,000 structures; docs/benchmarks.md, twelfth pass). A
    first SIRENE import touches two thirds of them.
    """
    return 3 * len(communes) > Territory.objects.filter(level=Level.COMMUNE).count()


def _compute(
    *,
    label: str,
    trigger: str,
    import_run: ImportRun | None,
    territory_id: str | None,
    communes: tuple[str, ...] | None,
    incremental: bool,
    strategy: str,
    taken_at: datetime.datetime,
    indicators: tuple[Indicator, ...],
    say: Callable[[str], None],
) -> ComputeResult:
    signature = inputs_signature(indicators)
    previous = latest_snapshot()
    notes: list[str] = []
    if incremental and (previous is None or previous.inputs_signature != signature):
        if territory_id is not None:
            raise ComputeError(
                "Calcul partiel impossible : aucun instantané comparable (premier calcul, référentiel ou "
                "définitions modifiés). Lancez d'abord un calcul complet."
            )
        notes.append("Calcul complet : aucun instantané précédent comparable (référentiel, définitions).")
        incremental = False
    release = referential_release()
    sirene = latest_sirene_run()
    if incremental and communes is not None and previous is not None:
        communes = _with_sirene_changes(communes, previous, sirene)
        if territory_id is None and _most_communes(communes):
            notes.append(
                f"Calcul complet : {len(communes)} communes touchées, plus du tiers du référentiel "
                "(plus rapide qu'un calcul incrémental)."
            )
            incremental = False
    if not incremental:
        communes = None
    snapshot = Snapshot.objects.create(
        taken_at=taken_at,
        label=label or f"Indicateurs du {timezone.localtime(taken_at):%d/%m/%Y}",
        trigger=trigger,
        import_run=import_run,
        mode="incremental" if incremental else "full",
        based_on=previous if incremental else None,
        referential_millesime=release.millesime if release else "",
        referential_source=release.source if release else "",
        sirene_run=sirene,
        sirene_date=timezone.localtime(sirene.started_at).date() if sirene else None,
        inputs_signature=signature,
    )
    context = MeasureContext(
        snapshot_id=snapshot.pk,
        on=timezone.localtime(snapshot.taken_at).date(),
        sirene_run_id=sirene.pk if sirene else None,
        within=territory_id,
        communes=communes,
    )
    # A failure rolls the whole transaction back, the temporary tables with it.
    rollup.create_work_tables()
    for indicator in indicators:
        rows = rollup.insert_commune_measures(snapshot.pk, indicator, context)
        say(f"mesures par commune : {indicator.key} ({rows} lignes)")
    rollup.finish(snapshot.pk, indicators)
    rollup.refresh_statistics()
    changed = None
    if incremental and previous is not None:
        if territory_id is not None:
            changed = increments.mark_territory_communes(territory_id)
        elif communes is not None:
            # The change said which communes it touched: no need to compare every commune's measures.
            changed = increments.mark_communes(communes)
        else:
            changed = increments.mark_changed_communes(snapshot.pk, previous)
        territories = increments.mark_recomputed(snapshot.pk, previous)
        copied, snapshot.shares_values_of_id = increments.share_or_copy(snapshot.pk, previous)
        say(
            f"comparaison : {changed} communes changées, {territories} territoires à recalculer, "
            f"{copied} valeurs recopiées"
            + (
                f", les autres partagées avec l'instantané n° {snapshot.shares_values_of_id}"
                if snapshot.shares_values_of_id
                else ""
            )
        )
    else:
        territories = TerritoryCommune.objects.values("territory_id").distinct().count()
    if incremental:
        rollup.refresh_statistics()
    before_rollup = rollup.last_id()
    summed = (rollup.rollup_sql if strategy == "sql" else rollup.rollup_python)(
        snapshot.pk, indicators, restricted=incremental, shared_id=snapshot.shares_values_of_id
    )
    say(f"agrégation par la fermeture communale ({strategy}) : {summed} valeurs")
    rollup.finish(snapshot.pk, indicators, after_id=before_rollup)
    say("ratios et taux calculés")
    rollup.drop_work_tables()
    snapshot.is_complete = True
    snapshot.territories_computed = territories
    snapshot.values_count = increments.count_values(snapshot.pk, snapshot.shares_values_of_id)
    snapshot.save(update_fields=["is_complete", "territories_computed", "values_count", "shares_values_of"])
    return ComputeResult(
        snapshot=snapshot,
        mode=snapshot.mode,
        territories=territories,
        values=snapshot.values_count,
        changed_communes=changed,
        seconds=0.0,
        dry_run=False,
        notes=notes,
    )
