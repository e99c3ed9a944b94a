"""/sante/: what a monitor reads about the instance, and its status code."""

import datetime as dt

import pytest
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from maillage.imports.models import ImportKind, ImportRun, ImportStatus
from maillage.observatory.models import Snapshot

pytestmark = pytest.mark.django_db

MOMENT = dt.datetime(2026, 3, 1, 4, 30, tzinfo=dt.UTC)


def test_health_gives_the_dates_of_the_last_import_and_snapshot(client: Client) -> None:
    """The last applied import and the last complete snapshot are dated; running or failed ones are not."""
    ImportRun.objects.create(kind=ImportKind.SIRENE, status=ImportStatus.APPLIED, finished_at=MOMENT)
    ImportRun.objects.create(
        kind=ImportKind.SIRENE, status=ImportStatus.FAILED, finished_at=MOMENT + dt.timedelta(days=1)
    )
    Snapshot.objects.create(
        label="Après l'import", trigger="import sirene #1", taken_at=MOMENT, is_complete=True
    )
    Snapshot.objects.create(label="En cours", trigger="calcul manuel", taken_at=MOMENT + dt.timedelta(days=2))

    response = client.get("/sante/")

    assert response.status_code == 200
    assert response.json() == {
        "statut": "ok",
        "base_de_donnees": "ok",
        "migrations_en_attente": 0,
        "dernier_import": "2026-03-01T04:30:00+00:00",
        "dernier_instantane": "2026-03-01T04:30:00+00:00",
    }


def test_health_of_an_empty_instance_is_ok_without_dates(client: Client) -> None:
    """A fresh instance with nothing imported yet is healthy; the dates are null."""
    state = client.get("/sante/").json()
    assert state["statut"] == "ok"
    assert state["dernier_import"] is None
    assert state["dernier_instantane"] is None


def test_health_fails_while_a_migration_is_not_applied(client: Client) -> None:
    """After a code update without `migrate`, the health check answers 503 and counts what is missing."""
    MigrationRecorder.Migration.objects.filter(app="imports").order_by("-id").first().delete()  # type: ignore[union-attr]

    response = client.get("/sante/")

    assert response.status_code == 503
    assert response.json()["statut"] == "erreur"
    assert response.json()["migrations_en_attente"] >= 1


def test_health_only_answers_reads(client: Client) -> None:
    """Anything but GET is refused."""
    assert client.post("/sante/").status_code == 405
