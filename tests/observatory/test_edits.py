"""Edits of the directory: only the communes touched are measured, the day's snapshot is amended, exactly."""

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


def full_values() -> dict:
    """Return what a full computation gives now (its snapshot deleted again, so it does not count)."""
    full = snapshot_compute().snapshot
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


@pytest.mark.django_db
def test_the_first_edit_of_a_day_starts_a_snapshot_and_the_next_amend_it_exactly(directory):
    snapshot_compute(taken_at=timezone.now() - datetime.timedelta(days=2))
    change_the_directory_in(ROANNE, LYON)
    first = snapshot_amend(communes=[ROANNE, LYON])
    assert first.mode == "incremental"
    assert first.snapshot.trigger == EDITS_TRIGGER
    assert values_of(first.snapshot) == full_values()

    StructureFactory.create(commune_id=SAINT_ETIENNE, association=True, headcount_band="03")
    Structure.objects.filter(pk=Structure.objects.filter(commune_id=LYON)[0].pk).update(
        commune_id=SAINT_ETIENNE
    )
    second = snapshot_amend(communes=[SAINT_ETIENNE, LYON])
    assert second.mode == "amended"
    assert second.snapshot.pk == first.snapshot.pk
    assert Snapshot.objects.filter(is_complete=True).count() == 2  # the day's edits share one snapshot
    full = snapshot_compute().snapshot
    assert values_of(second.snapshot) == values_of(full)


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
