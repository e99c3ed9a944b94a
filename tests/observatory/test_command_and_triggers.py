"""compute_indicators, the snapshots imports and the reference dataset leave, and the methodology page."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from maillage.imports.models import ImportRun, ImportStatus
from maillage.imports.networks.importer import network_file_import
from maillage.observatory.definitions import INDICATORS
from maillage.observatory.models import IndicatorValue, Snapshot
from maillage.observatory.selectors import latest_snapshot, territory_indicators
from maillage.territories.selectors import territory_get

pytestmark = pytest.mark.django_db

MEMBERS = "Nom;Code Insee\r\nLe Fil;42218\r\nLa Comédie;42218\r\nLes Subsistances;69123\r\n".encode()


def command(*args: str) -> str:
    out = io.StringIO()
    call_command("compute_indicators", *args, stdout=out)
    return out.getvalue()


def test_command_computes_shows_progress_and_a_summary(directory):
    output = command("--label", "Bilan annuel")
    snapshot = latest_snapshot()
    assert snapshot is not None
    assert snapshot.label == "Bilan annuel"
    assert snapshot.trigger == "calcul manuel"
    assert "mesures par commune : structures_active" in output
    assert "Instantané enregistré : « Bilan annuel »" in output
    assert "calcul complet" in output
    assert f"valeurs enregistrées : {IndicatorValue.objects.count()}" in output


def test_command_dry_run_writes_nothing(directory):
    output = command("--dry-run")
    assert "Simulation (rien n'a été écrit)" in output
    assert not Snapshot.objects.exists()


def test_command_partial_run_of_a_territory(directory):
    command()
    output = command("--territory", "dep-42")
    snapshot = latest_snapshot()
    assert snapshot is not None
    assert snapshot.trigger == "calcul partiel DEP-42"
    assert snapshot.mode == "incremental"
    assert "calcul incrémental" in output


def test_command_refuses_an_unknown_territory_in_french(directory):
    with pytest.raises(CommandError, match="Territoire inconnu : DEP-999"):
        command("--territory", "DEP-999")
    with pytest.raises(CommandError, match="aucun instantané comparable"):
        command("--territory", "DEP-42")


def test_an_applied_network_file_makes_a_snapshot(loire_rhone):
    result = network_file_import(content=MEMBERS, file_name="membres.csv")
    assert result.run.status == ImportStatus.APPLIED
    snapshot = latest_snapshot()
    assert snapshot is not None
    assert snapshot.import_run == result.run
    assert snapshot.trigger == f"fichier réseau #{result.run.pk}"
    rows = {r.indicator.key: r for r in territory_indicators(territory_get("DEP-42"))}
    assert rows["structures_active"].value == 2


def test_a_simulated_network_file_makes_no_snapshot(loire_rhone):
    network_file_import(content=MEMBERS, file_name="membres.csv", dry_run=True)
    assert ImportRun.objects.get().status == ImportStatus.DRY_RUN
    assert not Snapshot.objects.exists()


def test_a_second_import_is_incremental(loire_rhone):
    network_file_import(content=MEMBERS, file_name="membres.csv")
    second = network_file_import(content=b"Nom;Code Insee\r\nLe Zoo;42187\r\n", file_name="autres.csv")
    snapshot = latest_snapshot()
    assert snapshot is not None
    assert snapshot.import_run == second.run
    assert snapshot.mode == "incremental"
    assert Snapshot.objects.count() == 2
    rows = {r.indicator.key: r for r in territory_indicators(territory_get("DEP-42"))}
    assert rows["structures_active"].value == 3
    assert [value for _, value in rows["structures_active"].history] == [3.0]  # same day: the latest


def test_loading_the_reference_dataset_makes_a_snapshot(loire_rhone):
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    snapshot = latest_snapshot()
    assert snapshot is not None
    assert snapshot.trigger == "jeu de référence"
    assert "Instantané enregistré" in out.getvalue()


def test_reloading_an_unchanged_reference_dataset_adds_no_snapshot(loire_rhone):
    call_command("load_reference_data", stdout=io.StringIO())
    first = latest_snapshot()

    call_command("load_reference_data", stdout=io.StringIO())

    assert latest_snapshot() == first
    assert Snapshot.objects.count() == 1


def test_methodology_page_lists_every_definition(client, directory, django_assert_max_num_queries):
    command()
    with django_assert_max_num_queries(4):
        response = client.get(reverse("observatory:methodology"))
    assert response.status_code == 200
    page = response.content.decode()
    for indicator in INDICATORS:
        assert indicator.label.replace("'", "&#x27;") in page
        assert f'id="indicateur-{indicator.key}"' in page
    assert "pour 10 000 habitants" in page
    assert "<caption>Indicateurs : unité, source, millésime et détail</caption>" in page
    snapshot = latest_snapshot()
    assert snapshot is not None
    assert f"millésime {snapshot.referential_millesime}" in page
    assert "stock SIRENE importé le" in page


def test_methodology_page_before_any_computation(client, db):
    response = client.get("/observatoire/methodologie/")
    assert response.status_code == 200
    assert "Aucun instantané n'a encore été calculé" in response.content.decode()
