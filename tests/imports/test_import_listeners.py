"""After an import, scores and indicators follow what it changed, and only that is looked at again."""

import pytest

from maillage.imports.models import ImportStatus
from maillage.imports.networks.importer import network_file_import
from maillage.observatory.compute import snapshot_compute
from maillage.observatory.selectors import latest_snapshot, territory_indicators
from maillage.quality.models import RecordScore
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure
from maillage.structures.services import structure_create
from maillage.territories.models import Territory
from maillage.territories.selectors import territory_get
from tests.imports.sirene_stock import establishment, import_stock, siret, unit, write_stock
from tests.observatory.test_snapshots import values_of

pytestmark = pytest.mark.django_db

SAINT_CHAMOND = {
    "codeCommuneEtablissement": "42207",
    "codePostalEtablissement": "42400",
    "libelleCommuneEtablissement": "SAINT-CHAMOND",
    "coordonneeLambertAbscisseEtablissement": "",
    "coordonneeLambertOrdonneeEtablissement": "",
}
NOT_ESS = {"economieSocialeSolidaireUniteLegale": "N", "categorieJuridiqueUniteLegale": "5710"}


def _score(structure: Structure) -> RecordScore:
    return RecordScore.objects.get(model="structures.structure", record_id=structure.pk)


def test_a_structure_the_import_filled_is_scored_again_and_no_other(loire_rhone, tmp_path):
    # Entered by hand with its SIRET but no commune: SIRENE fills its address, which earns points.
    filled = structure_create(name="Compagnie saisie sans adresse", siret=siret(1), source=DataSource.ADMIN)
    other = structure_create(
        name="Compagnie que SIRENE ne connaît pas",
        siret=siret(9),
        commune=Territory.objects.get(id="COM-42218"),
        source=DataSource.ADMIN,
    )
    before_filled, before_other = _score(filled), _score(other)
    assert next(f for f in before_filled.findings if f["key"] == "commune")["points"] == 0

    run, _ = import_stock(*write_stock(tmp_path / "stock", [unit(1)], [establishment(1)]))

    assert run.status == ImportStatus.APPLIED
    after_filled = _score(filled)
    assert Structure.objects.get(pk=filled.pk).commune_id == "COM-42218"
    assert next(f for f in after_filled.findings if f["key"] == "commune")["points"] == 10
    assert after_filled.score > before_filled.score
    # A structure of the same commune that the import did not write keeps the score it had.
    assert _score(other).computed_at == before_other.computed_at


def test_counts_that_changed_where_no_structure_was_written_reach_the_indicators(loire_rhone, tmp_path):
    units = [unit(1), unit(2), unit(6, **NOT_ESS), unit(7, **NOT_ESS)]
    first = [
        establishment(1),  # Saint-Étienne, renamed by the second stock
        establishment(2) | SAINT_CHAMOND,  # the same in both stocks: never written again
        establishment(6) | SAINT_CHAMOND,  # cultural, outside the ESS: counted, never a structure
        establishment(7) | SAINT_CHAMOND,
    ]
    import_stock(*write_stock(tmp_path / "first", units, first))
    shares = {r.indicator.key: r for r in territory_indicators(territory_get("COM-42207"))}
    assert shares["ess_share_cultural"].value == pytest.approx(100 / 3)

    renamed = [unit(1, denominationUniteLegale="ASSOCIATION RENOMMEE"), *units[1:]]
    second = [*first[:3], establishment(7, etatAdministratifEtablissement="F") | SAINT_CHAMOND]
    run, _ = import_stock(*write_stock(tmp_path / "second", renamed, second))

    snapshot = latest_snapshot()
    assert snapshot is not None
    assert snapshot.import_run == run
    assert snapshot.mode == "incremental"
    commune = {r.indicator.key: r for r in territory_indicators(territory_get("COM-42207"))}
    assert commune["ess_share_cultural"].value == pytest.approx(50)
    loire = {r.indicator.key: r for r in territory_indicators(territory_get("DEP-42"))}
    # Loire: establishment 1 (ESS) in Saint-Étienne, 2 (ESS) and 6 in Saint-Chamond.
    assert loire["ess_share_cultural"].value == pytest.approx(100 * 2 / 3)


def test_a_first_import_recomputes_the_communes_it_counts_and_equals_a_full_computation(
    loire_rhone, tmp_path
):
    structure_create(name="Compagnie de Lyon", commune=Territory.objects.get(id="COM-69123"))
    before = snapshot_compute().snapshot
    assert before.sirene_run is None

    units = [unit(1), unit(6, **NOT_ESS)]
    stock = [establishment(1), establishment(6) | SAINT_CHAMOND]  # a structure; a count only
    run, _ = import_stock(*write_stock(tmp_path / "stock", units, stock))

    after = latest_snapshot()
    assert after is not None
    assert (after.import_run, after.mode, after.based_on) == (run, "incremental", before)
    commune = {r.indicator.key: r for r in territory_indicators(territory_get("COM-42207"))}
    assert commune["ess_share_cultural"].value == 0  # Saint-Chamond: one establishment, outside the ESS
    assert values_of(after) == values_of(snapshot_compute().snapshot)


def test_a_network_file_leaves_the_scores_of_structures_it_does_not_name(loire_rhone):
    other = structure_create(
        name="Compagnie hors du fichier",
        commune=Territory.objects.get(id="COM-42218"),
        source=DataSource.ADMIN,
    )
    before = _score(other)
    result = network_file_import(
        content=b"Nom;Code Insee;Site web\r\nLe Fil;42218;https://le-fil.example\r\n",
        file_name="membres.csv",
    )
    assert result.run.status == ImportStatus.APPLIED
    imported = Structure.objects.get(name="Le Fil")
    assert next(f for f in _score(imported).findings if f["key"] == "commune")["points"] == 10
    assert _score(other).computed_at == before.computed_at
