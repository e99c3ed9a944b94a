"""Edits of the directory: only the touched communes are measured, the month's snapshot amended, exactly."""

import datetime
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from maillage.observatory.amend import EDITS_TRIGGER, snapshot_amend
from maillage.observatory.compute import snapshot_compute
from maillage.observatory.models import PendingCommune, Snapshot
from maillage.structures.models import Discipline, Structure
from maillage.structures.services import structure_update
from maillage.territories.models import Territory
from tests.observatory.directory import LYON, ROANNE, SAINT_ETIENNE, build_directory
from tests.observatory.test_snapshots import change_the_directory_in, values_of
from tests.structures.factories import StructureFactory


def full_values(at: datetime.datetime | None = None) -> dict:
    """Return what a full computation gives at a moment, now by default (its snapshot deleted again)."""
    full = snapshot_compute(taken_at=at).snapshot
    values = values_of(full)
    full.delete()
    return values


@pytest.mark.django_db
def test_importers_passing_their_communes_equal_a_full_computation(directory):
    snapshot_compute()
    change_the_directory_in(ROANNE, LYON)
    told = snapshot_compute(incremental=True, communes=[ROANNE, LYON])
    full = snapshot_compute().snapshot
    assert told.changed_communes == 2
    assert values_of(told.snapshot) == values_of(full)


def paris(day: int, month: int = 3) -> datetime.datetime:
    """Return noon of a day of 2026 in French time."""
    return datetime.datetime(2026, month, day, 12, tzinfo=timezone.get_default_timezone())


@pytest.mark.django_db
def test_the_first_edit_of_a_month_starts_a_snapshot_and_the_next_amend_it_exactly(directory):
    snapshot_compute(taken_at=paris(2))
    change_the_directory_in(ROANNE, LYON)
    first = snapshot_amend(communes=[ROANNE, LYON], now=paris(5))
    assert first.mode == "incremental"
    assert first.snapshot.trigger == EDITS_TRIGGER
    assert first.snapshot.label == "Modifications du répertoire de mars 2026"
    assert values_of(first.snapshot) == full_values(paris(5))

    # Another day of the same month: the month's snapshot is amended, not copied whole again.
    StructureFactory.create(commune_id=SAINT_ETIENNE, association=True, headcount_band="03")
    Structure.objects.filter(pk=Structure.objects.filter(commune_id=LYON)[0].pk).update(
        commune_id=SAINT_ETIENNE
    )
    second = snapshot_amend(communes=[SAINT_ETIENNE, LYON], now=paris(20))
    assert second.mode == "amended"
    assert second.snapshot.pk == first.snapshot.pk
    assert timezone.localdate(second.snapshot.taken_at) == paris(20).date()
    assert Snapshot.objects.filter(is_complete=True).count() == 2  # the month's edits share one snapshot
    assert values_of(second.snapshot) == full_values(paris(20))


@pytest.mark.django_db
def test_a_new_month_starts_its_own_snapshot_and_leaves_the_last_month_as_it_was(directory):
    snapshot_compute(taken_at=paris(2))
    change_the_directory_in(ROANNE, LYON)
    march = snapshot_amend(communes=[ROANNE, LYON], now=paris(31)).snapshot
    march_values = values_of(march)

    StructureFactory.create(commune_id=SAINT_ETIENNE, association=True, headcount_band="03")
    april = snapshot_amend(communes=[SAINT_ETIENNE, LYON], now=paris(1, month=4))

    assert april.mode == "incremental"
    assert april.snapshot.pk != march.pk
    assert april.snapshot.label == "Modifications du répertoire d'avril 2026"
    assert values_of(april.snapshot) == full_values(paris(1, month=4))
    march.refresh_from_db()
    assert timezone.localdate(march.taken_at) == paris(31).date()
    assert values_of(march) == march_values != values_of(april.snapshot)


@pytest.mark.django_db
def test_an_import_snapshot_is_never_amended(directory):
    imported = snapshot_compute(trigger="import sirene #1").snapshot
    change_the_directory_in(ROANNE, LYON)
    result = snapshot_amend(communes=[ROANNE, LYON])
    assert result.snapshot.pk != imported.pk
    imported.refresh_from_db()
    assert imported.trigger == "import sirene #1"


@pytest.fixture
def disciplines(loire_rhone: None) -> None:
    """Load the disciplines again when a previous transactional test flushed what migrations loaded."""
    if not Discipline.objects.exists():
        import_module("maillage.structures.migrations.0002_disciplines").load(apps, None)


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_edits_queues_one_recompute_that_takes_them_all(disciplines, loire_rhone):
    build_directory()
    snapshot_compute(taken_at=timezone.now() - datetime.timedelta(days=2))
    saint_etienne = Territory.objects.get(id=SAINT_ETIENNE)
    lyon = Territory.objects.get(id=LYON)
    movers = list(Structure.objects.filter(commune_id=ROANNE)[:2])
    assert len(movers) == 2
    before = Snapshot.objects.count()
    # Into the database, as a deployed site queues them, to see the queue before the worker runs.
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        structure_update(structure=movers[0], commune=saint_etienne)
        structure_update(structure=movers[1], commune=lyon)
        assert DBTaskResult.objects.count() == 1
        assert set(PendingCommune.objects.values_list("commune_id", flat=True)) == {
            ROANNE,
            SAINT_ETIENNE,
            LYON,
        }
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", "--no-reload", verbosity=0)

    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert not PendingCommune.objects.exists()
    assert Snapshot.objects.count() == before + 1
    assert values_of(Snapshot.objects.latest()) == full_values()
