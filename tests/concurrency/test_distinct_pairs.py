"""Ten people saying at once that two records are distinct leave one decision, and nobody an error."""

import pytest
from django.db import transaction

from maillage.structures.distinct import distinct_pair_record
from maillage.structures.models import DistinctPair, Structure
from tests.concurrency.conftest import THREADS, race
from tests.structures.factories import StructureFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_ten_decisions_on_one_pair_keep_one_row() -> None:
    first = StructureFactory.create(name="La Fabrique")
    second = StructureFactory.create(name="La Fabrique")

    def decide(index: int) -> DistinctPair:
        # Half name the pair one way round, half the other: the database keeps one ordered row.
        a, b = (first, second) if index % 2 else (second, first)
        with transaction.atomic():
            return distinct_pair_record(
                first=Structure.objects.get(pk=a.pk),
                second=Structure.objects.get(pk=b.pk),
                reason=f"n° {index}",
            )

    results = race(decide)

    assert all(isinstance(r, DistinctPair) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert DistinctPair.objects.count() == 1
    assert len(results) == THREADS
