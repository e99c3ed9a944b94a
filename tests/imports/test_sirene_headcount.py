"""SIRENE's employee band (trancheEffectifs) reaches the structures; an applied import makes a snapshot."""

import pytest

from maillage.imports.models import ImportStatus
from maillage.observatory.models import Snapshot
from maillage.observatory.selectors import latest_snapshot, territory_indicators
from maillage.structures.models import Structure
from maillage.territories.selectors import territory_get
from tests.imports.sirene_stock import establishment, import_stock, siret, unit, write_stock

pytestmark = pytest.mark.django_db


@pytest.fixture
def stock(loire_rhone, tmp_path):
    units = [unit(n) for n in range(1, 6)] + [
        unit(6, economieSocialeSolidaireUniteLegale="N", categorieJuridiqueUniteLegale="5710")
    ]
    establishments = [
        establishment(1, trancheEffectifsEtablissement="12", anneeEffectifsEtablissement="2023"),
        establishment(2, trancheEffectifsEtablissement="NN"),
        establishment(3),  # no band stated
        establishment(
            4, trancheEffectifsEtablissement="99", anneeEffectifsEtablissement="2023"
        ),  # not a code
        establishment(5, trancheEffectifsEtablissement="01", anneeEffectifsEtablissement="20x3"),
        # A cultural establishment outside the ESS: counted for the ESS share, never a structure.
        establishment(6, trancheEffectifsEtablissement="21", anneeEffectifsEtablissement="2023"),
    ]
    return write_stock(tmp_path / "stock", units, establishments)


def test_the_band_and_its_year_are_read_from_the_establishment(stock):
    run, _ = import_stock(*stock)
    assert run.status == ImportStatus.APPLIED
    bands = {s.siret: (s.headcount_band, s.headcount_year) for s in Structure.objects.all()}
    assert bands == {
        siret(1): ("12", 2023),
        siret(2): ("NN", None),
        siret(3): ("NN", None),
        siret(4): ("NN", None),
        siret(5): ("01", None),
    }


def test_a_band_fills_a_structure_entered_by_hand_only_when_unknown(stock):
    from tests.structures.factories import StructureFactory  # noqa: PLC0415

    entered = StructureFactory.create(siret=siret(1), siren=siret(1)[:9], commune_id="COM-42218")
    stated = StructureFactory.create(
        siret=siret(5), siren=siret(5)[:9], commune_id="COM-42218", headcount_band="03"
    )
    import_stock(*stock)
    entered.refresh_from_db()
    stated.refresh_from_db()
    assert (entered.headcount_band, entered.headcount_year) == ("12", 2023)
    assert stated.headcount_band == "03"


def test_an_applied_import_makes_a_snapshot_with_its_counts(stock):
    run, output = import_stock(*stock)
    snapshot = latest_snapshot()
    assert snapshot is not None
    assert snapshot.import_run == run
    assert snapshot.sirene_run == run
    assert snapshot.trigger == f"import sirene #{run.pk}"
    assert "Instantané enregistré" in output
    rows = {r.indicator.key: r for r in territory_indicators(territory_get("COM-42218"))}
    assert rows["structures_active"].value == 5
    assert {b.key: b.value for b in rows["structures_by_headcount_band"].breakdown} == {
        "12": 1,
        "NN": 3,
        "01": 1,
    }
    assert rows["ess_share_cultural"].value == pytest.approx(100 * 5 / 6)


def test_a_dry_run_makes_no_snapshot(stock):
    run, _ = import_stock(*stock, "--dry-run")
    assert run.status == ImportStatus.DRY_RUN
    assert not Snapshot.objects.exists()
