"""The PDF diagnostic is printed once per territory and snapshot, then served from the storage."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.files.storage import default_storage
from django.tasks.signals import task_started
from django.test import Client, override_settings
from django_tasks_db.models import DBTaskResult

from maillage.observatory.models import Snapshot
from tests.www.test_territory_dashboard import Directory, build_directory, compute, text_of


@pytest.fixture
def computed(loire_rhone: None) -> Directory:
    directory = build_directory()
    compute()
    return directory


@pytest.fixture
def printings() -> Iterator[list[str]]:
    """Collect the territories whose diagnostic a task starts printing."""
    started: list[str] = []

    def record(sender: object, task_result: object, **kwargs: object) -> None:
        if task_result.task.name == "diagnostic_pdf_generate":  # type: ignore[attr-defined]
            started.append(task_result.kwargs["territory_id"])  # type: ignore[attr-defined]

    task_started.connect(record)
    yield started
    task_started.disconnect(record)


def test_two_requests_print_the_diagnostic_once(
    client: Client, computed: Directory, printings: list[str]
) -> None:
    """The first visitor has it printed; the second gets the same file from the storage."""
    snapshot = Snapshot.objects.get()
    first = client.get("/territoires/DEP-42/diagnostic.pdf")
    second = client.get("/territoires/DEP-42/diagnostic.pdf")

    assert printings == ["DEP-42"]
    assert first.status_code == second.status_code == 200
    assert second["Content-Type"] == "application/pdf"
    assert second.content == first.content
    assert second.content.startswith(b"%PDF")
    assert default_storage.exists(f"diagnostics/DEP-42/{snapshot.pk}.pdf")


def test_a_new_snapshot_prints_a_new_diagnostic(
    client: Client, computed: Directory, printings: list[str]
) -> None:
    """Once the indicators are computed again, the diagnostic is printed anew for the new snapshot."""
    client.get("/territoires/DEP-42/diagnostic.pdf")
    compute()
    latest = Snapshot.objects.latest()
    client.get("/territoires/DEP-42/diagnostic.pdf")
    first = Snapshot.objects.earliest("taken_at", "id")
    client.get(f"/territoires/DEP-42/diagnostic.pdf?instantane={first.pk}")

    assert printings == ["DEP-42", "DEP-42"]
    assert default_storage.exists(f"diagnostics/DEP-42/{latest.pk}.pdf")


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_a_diagnostic_being_printed_answers_at_once_in_french(client: Client, computed: Directory) -> None:
    """With a real worker, the visitor is told at once that the PDF is on its way, and it is queued once."""
    response = client.get("/territoires/DEP-42/diagnostic.pdf")
    again = client.get("/territoires/DEP-42/diagnostic.pdf")

    assert response.status_code == again.status_code == 202
    assert response["Retry-After"]
    page = text_of(response.content.decode())
    assert "Le diagnostic est en cours de préparation…" in page
    assert 'href="/territoires/DEP-42/diagnostic.pdf"' in response.content.decode()
    assert 'href="/territoires/DEP-42/diagnostic/?instantane=' in response.content.decode()
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "maillage.www.tasks.diagnostic_pdf_generate"
    assert queued.args_kwargs["kwargs"]["territory_id"] == "DEP-42"
