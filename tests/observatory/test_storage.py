"""How values are stored: each indicator under its own small number, read back by its key."""

import pytest
from django.db import connection

from maillage.observatory.codes import INDICATOR_CODES
from maillage.observatory.definitions import INDICATORS
from maillage.observatory.models import IndicatorValue, Snapshot
from maillage.territories.enums import Level
from maillage.territories.models import Territory


def test_every_indicator_has_its_own_number() -> None:
    """A new indicator without a number, or two indicators sharing one, would mix stored values."""
    keys = [indicator.key for indicator in INDICATORS]
    assert set(keys) <= set(INDICATOR_CODES)
    assert len(set(INDICATOR_CODES.values())) == len(INDICATOR_CODES)
    assert 0 not in INDICATOR_CODES.values()  # 0 is what an unknown key compares with


@pytest.fixture
def region(db: None) -> Territory:
    return Territory.objects.create(
        id="REG-84",
        level=Level.REGION,
        code="84",
        name="Auvergne-Rhône-Alpes",
        millesime="2026",
        source="test",
    )


def test_a_value_is_written_as_a_number_and_read_as_its_key(region: Territory) -> None:
    """The database holds the number; the ORM filters and reads by key, and an unknown key finds nothing."""
    snapshot = Snapshot.objects.create(label="essai", trigger="essai", is_complete=True)
    IndicatorValue.objects.create(snapshot=snapshot, territory=region, indicator="networks_present", value=4)

    with connection.cursor() as cursor:
        cursor.execute(f"SELECT indicator FROM {IndicatorValue._meta.db_table}")  # noqa: S608
        assert cursor.fetchall() == [(INDICATOR_CODES["networks_present"],)]
    stored = IndicatorValue.objects.get(indicator="networks_present")
    assert stored.indicator == "networks_present"
    assert list(IndicatorValue.objects.values_list("indicator", flat=True)) == ["networks_present"]
    assert not IndicatorValue.objects.filter(indicator="inconnu").exists()


def test_deleting_a_snapshot_takes_its_values_and_no_other(region: Territory) -> None:
    """No database constraint ties a value to its snapshot (ADR 34): the deletion still takes its values."""
    doomed = Snapshot.objects.create(label="ancien", trigger="essai", is_complete=True)
    kept = Snapshot.objects.create(label="récent", trigger="essai", is_complete=True)
    for snapshot, value in ((doomed, 3), (kept, 4)):
        IndicatorValue.objects.create(
            snapshot=snapshot, territory=region, indicator="structures_active", value=value
        )

    doomed.delete()

    assert list(IndicatorValue.objects.values_list("snapshot_id", "value")) == [(kept.pk, 4)]
