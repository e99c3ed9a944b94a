"""The figures computed again by the worker after a burst of case writes: readers find them warm."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.tasks import TaskResultStatus
from django.test import Client, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from maillage.accompaniment.figures import figures
from maillage.accompaniment.models import Case, PendingFigures
from maillage.accompaniment.phases import case_advance, case_diagnose
from maillage.accompaniment.warm import cached_figures
from tests.accompaniment.factories import BodyFactory, cases_in, region_with_commune, staff

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _work() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", "--interval=0", "--no-reload", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_a_burst_of_writes_queues_one_task_and_readers_then_find_the_figures_warm(
    django_assert_num_queries: Any,
) -> None:
    body = BodyFactory.create()
    officer = staff(body)
    region, commune = region_with_commune("84", "Auvergne-Rhône-Alpes")
    # Into the database, as a deployed site queues them, to see the queue before the worker runs.
    with override_settings(TASKS=DATABASE_TASKS):
        cases_in(body, officer, commune, 5)
        assert DBTaskResult.objects.count() == 1
        assert set(PendingFigures.objects.values_list("scope", flat=True)) == {
            "france",
            f"body:{body.pk}",
            f"region:{region.pk}",
        }
        _work()
    assert DBTaskResult.objects.get().status == TaskResultStatus.SUCCESSFUL
    assert not PendingFigures.objects.exists()
    # Warm: France, the région and the body are read from the cache, without a statement.
    with django_assert_num_queries(0):
        france = cached_figures()
        in_region = cached_figures(region=region, scope=region.name)
        of_body = cached_figures(body=body, scope=body.structure.name)
    assert (france.total.cases, in_region.total.cases, of_body.total.cases) == (5, 5, 5)
    client = Client()
    client.force_login(officer)
    page = client.get(reverse("accompaniment:figures")).content.decode()
    assert "5 accompagnements" in page
    assert "Chiffres mis à jour le" in page


@pytest.mark.django_db(transaction=True)
def test_a_reader_before_the_worker_computes_the_figures_and_never_reads_older_ones() -> None:
    body = BodyFactory.create()
    officer = staff(body)
    _, commune = region_with_commune("84", "Auvergne-Rhône-Alpes")
    with override_settings(TASKS=DATABASE_TASKS):
        cases_in(body, officer, commune, 5)
        _work()
        assert cached_figures().total.cases == 5
        cases_in(body, officer, commune, 1)
        assert PendingFigures.objects.exists()  # the worker has not run yet
        assert cached_figures().total.cases == 6
        _work()
    assert DBTaskResult.objects.count() == 2
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {TaskResultStatus.SUCCESSFUL}
    assert cached_figures().total.cases == 6


@pytest.mark.django_db
def test_the_need_breakdown_counts_every_need_of_the_diagnostics_under_secrecy() -> None:
    """Six cases need governance, one of them funding too: governance shown, funding masked."""
    body = BodyFactory.create()
    officer = staff(body)
    _, commune = region_with_commune("84", "Auvergne-Rhône-Alpes")
    for n, case in enumerate(cases_in(body, officer, commune, 6)):
        case = case_advance(case=case, actor=officer, expected_version=case.version)
        needs = {"gouvernance": "", **({"financement": "Trésorerie"} if n == 0 else {})}
        case_diagnose(case=case, actor=officer, expected_version=case.version, needs=needs, summary="Bilan")
    assert Case.objects.get(pk=case.pk).needs_key == "gouvernance"
    need = next(part for part in figures().breakdowns if part.dimension == "need")
    assert {cell.key: cell.cases for cell in need.cells} == {"financement": None, "gouvernance": 6}
