"""The recompute queued after an import from a page waits for a computation already running."""

import pytest

from maillage.concurrency.locks import INDICATORS, LockHeldError, lock_acquire, lock_release
from maillage.observatory import tasks
from maillage.observatory.models import Snapshot


def test_the_queued_recompute_waits_its_turn_then_computes(loire_rhone, monkeypatch) -> None:
    monkeypatch.setattr(tasks, "LOCK_WAIT_SECONDS", 0.2)
    monkeypatch.setattr(tasks, "LOCK_POLL_SECONDS", 0.05)
    running = lock_acquire(name=INDICATORS, what="Un calcul des indicateurs")

    with pytest.raises(LockHeldError, match="Un calcul des indicateurs est déjà en cours"):
        tasks.snapshot_after_change_task.call(trigger="fichier réseau #1", label="Après l'import")
    assert not Snapshot.objects.exists()

    lock_release(lock=running)
    snapshot_id = tasks.snapshot_after_change_task.call(trigger="fichier réseau #1", label="Après l'import")

    assert Snapshot.objects.get(pk=snapshot_id).trigger == "fichier réseau #1"
