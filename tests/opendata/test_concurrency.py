"""Ten publications at once: the lock lets them through one at a time, the database keeps one current file."""

import datetime
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from maillage.concurrency.locks import LockHeldError
from maillage.opendata.models import PublishedFile, Validation
from maillage.opendata.publication import PublicationSummary, file_path, publish_opendata
from maillage.opendata.registry import register_dataset, unregister_dataset
from maillage.opendata.tables import csv_dataset
from tests.concurrency.conftest import race

TODAY = datetime.date(2026, 12, 2)


@pytest.fixture
def numbers(tmp_path: Path) -> Iterator[None]:
    schema = tmp_path / "nombres.schema.json"
    schema.write_text(json.dumps({"fields": [{"name": "n", "type": "integer"}]}), encoding="utf-8")
    register_dataset(
        csv_dataset(
            name="nombres-essai",
            title="Nombres d'essai",
            description="",
            schema_path=schema,
            rows=lambda: [[str(n)] for n in range(500)],
        )
    )
    yield
    unregister_dataset("nombres-essai")


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("numbers")
def test_ten_publications_at_once_leave_one_current_file() -> None:
    results = race(lambda i: publish_opendata(day=TODAY, only=["nombres-essai"]))

    assert all(isinstance(r, PublicationSummary | LockHeldError) for r in results), results
    published = [r for r in results if isinstance(r, PublicationSummary)]
    assert published
    current = PublishedFile.objects.get(dataset="nombres-essai", is_current=True)
    assert PublishedFile.objects.filter(dataset="nombres-essai", validation=Validation.VALID).count() == 1
    assert PublishedFile.objects.filter(dataset="nombres-essai").count() == len(published)
    assert file_path(current).read_bytes().count(b"\r\n") == 501
