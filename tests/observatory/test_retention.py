"""Snapshot retention: the last snapshot of each calendar year and the last N others are kept."""

import datetime
import io
import logging
import zoneinfo
from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from maillage.observatory.documents import diagnostic_path
from maillage.observatory.models import IndicatorValue, Snapshot
from maillage.territories.enums import Level
from maillage.territories.models import Territory

pytestmark = pytest.mark.django_db

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def at(year: int, month: int, day: int, hour: int = 12) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=PARIS)


@pytest.fixture
def history() -> dict[str, Snapshot]:
    """Snapshots of 2023 (two), 2024 (one), 2025 (three, the last on 31 December late), 2026 (four)."""
    region = Territory.objects.create(
        id="REG-84",
        level=Level.REGION,
        code="84",
        name="Auvergne-Rhône-Alpes",
        millesime="2026",
        source="test",
    )
    dates = {
        "2023-a": at(2023, 3, 1),
        "2023-last": at(2023, 11, 5),
        "2024-last": at(2024, 6, 1),
        "2025-a": at(2025, 2, 1),
        "2025-b": at(2025, 9, 1),
        "2025-last": at(2025, 12, 31, 23),
        "2026-a": at(2026, 1, 10),
        "2026-b": at(2026, 4, 10),
        "2026-c": at(2026, 8, 10),
        "2026-last": at(2026, 11, 10),
    }
    snapshots = {}
    for name, taken_at in dates.items():
        snapshot = Snapshot.objects.create(taken_at=taken_at, label=name, trigger="essai", is_complete=True)
        IndicatorValue.objects.create(
            snapshot=snapshot, territory=region, indicator="structures_active", value=3
        )
        default_storage.save(diagnostic_path("REG-84", snapshot.pk), ContentFile(b"%PDF"))
        snapshots[name] = snapshot
    return snapshots


def labels() -> list[str]:
    return sorted(Snapshot.objects.values_list("label", flat=True))


def test_yearly_snapshots_and_the_last_others_stay(history: dict[str, Snapshot]) -> None:
    """With two others kept: the four yearly ones, 2026-c and 2026-b; the rest goes with values and PDFs."""
    out = io.StringIO()
    call_command("prune_snapshots", keep=2, stdout=out)

    assert labels() == ["2023-last", "2024-last", "2025-last", "2026-b", "2026-c", "2026-last"]
    assert IndicatorValue.objects.count() == 6
    gone = history["2023-a"]
    assert not default_storage.exists(diagnostic_path("REG-84", gone.pk))
    assert default_storage.exists(diagnostic_path("REG-84", history["2026-b"].pk))
    assert "supprimés : 4 (4 valeurs, 4 diagnostics PDF)" in out.getvalue()


def test_the_scheduled_job_logs_one_summary_line(
    history: dict[str, Snapshot], settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """Run as the weekly job, the retention (12 others by default) logs one line saying what it did."""
    settings.OBSERVATORY_SNAPSHOT_KEEP = 2
    with caplog.at_level(logging.INFO, logger="maillage.jobs"):
        call_command("run_scheduled_jobs", "--only", "prune-snapshots", stdout=io.StringIO())

    [line] = [r.getMessage() for r in caplog.records if r.name == "maillage.jobs"]
    assert "job=prune-snapshots status=ok" in line
    assert line.endswith("supprimés : 4 (4 valeurs, 4 diagnostics PDF).")
    assert len(labels()) == 6


def test_pruning_twice_deletes_nothing_more(history: dict[str, Snapshot]) -> None:
    """The command is idempotent: a second run finds nothing to delete."""
    call_command("prune_snapshots", keep=2, stdout=io.StringIO())
    out = io.StringIO()
    call_command("prune_snapshots", keep=2, stdout=out)

    assert len(labels()) == 6
    assert "supprimés : 0 (0 valeurs, 0 diagnostics PDF)" in out.getvalue()


def test_a_dry_run_says_what_would_go_and_deletes_nothing(history: dict[str, Snapshot]) -> None:
    """A dry run counts the snapshots and values it would delete, and leaves them."""
    out = io.StringIO()
    call_command("prune_snapshots", "--dry-run", keep=0, stdout=out)

    assert "seraient supprimés : 6 (6 valeurs, 0 diagnostics PDF)" in out.getvalue()
    assert len(labels()) == 10


def test_the_default_keeps_twelve_others(history: dict[str, Snapshot]) -> None:
    """MAILLAGE_SNAPSHOT_KEEP defaults to 12: ten snapshots are all kept."""
    call_command("prune_snapshots", stdout=io.StringIO())

    assert len(labels()) == 10


def test_a_running_computation_is_never_pruned(history: dict[str, Snapshot]) -> None:
    """An incomplete snapshot is one being computed: left alone."""
    Snapshot.objects.create(taken_at=at(2022, 1, 1), label="en cours", trigger="essai", is_complete=False)
    call_command("prune_snapshots", keep=0, stdout=io.StringIO())

    assert labels() == ["2023-last", "2024-last", "2025-last", "2026-last", "en cours"]
