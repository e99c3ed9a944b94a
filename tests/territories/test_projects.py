"""Project territories from a CSV of INSEE codes: exact contents, row-level report, nothing half-written."""

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from maillage.territories.enums import Level, ProjectKind
from maillage.territories.models import Territory, TerritoryCommune, TerritoryOutline
from maillage.territories.search import search_territories
from maillage.territories.selectors import territory_parents, territory_projects
from maillage.territories.services import ProjectTerritoryError, project_territory_import_csv

pytestmark = pytest.mark.usefixtures("loire_rhone")

# Saint-Étienne, Saint-Chamond, Firminy, Rive-de-Gier.
CODES = ["42218", "42207", "42095", "42186"]


def held(territory_id: str) -> set[str]:
    return set(Territory.objects.held_by(territory_id).values_list("code", flat=True))


def test_project_territory_holds_exactly_the_listed_communes() -> None:
    report = project_territory_import_csv(
        name="Vallée du Gier", kind=ProjectKind.PAYS, csv_text="code_insee\n" + "\n".join(CODES) + "\n"
    )

    assert report.ok
    assert report.territory is not None
    assert report.territory.id == "TER-vallee-du-gier"
    assert report.territory.level == Level.PROJET
    assert held("TER-vallee-du-gier") == set(CODES)
    populations = Territory.objects.filter(code__in=CODES, level=Level.COMMUNE).values_list(
        "population", flat=True
    )
    assert report.territory.population == sum(p or 0 for p in populations)
    assert TerritoryOutline.objects.filter(territory=report.territory).exists()


def test_project_territory_is_found_from_its_communes_and_in_search() -> None:
    project_territory_import_csv(name="Vallée du Gier", kind=ProjectKind.PAYS, csv_text="\n".join(CODES))

    saint_etienne = Territory.objects.get(id="COM-42218")
    assert [t.id for t in territory_projects(saint_etienne)] == ["TER-vallee-du-gier"]
    assert "TER-vallee-du-gier" in [t.id for t in search_territories("vallee du gier")]
    parents = [t.id for t in territory_parents(Territory.objects.get(id="TER-vallee-du-gier"))]
    assert parents == ["DEP-42", "REG-84", "PAYS-99100"]


def test_one_unknown_code_rejects_the_file_with_its_line_and_writes_nothing() -> None:
    before = (Territory.objects.count(), TerritoryCommune.objects.count())
    csv_text = "code_insee\n42218\n42207\n99999\n42095\n"

    report = project_territory_import_csv(name="Essai", kind=ProjectKind.AUTRE, csv_text=csv_text)

    assert not report.ok
    assert [(e.line, e.value) for e in report.errors] == [(4, "99999")]
    assert "ligne 4" in str(report.errors[0])
    assert (Territory.objects.count(), TerritoryCommune.objects.count()) == before


def test_semicolons_bom_several_columns_and_former_codes_are_understood() -> None:
    csv_text = "\ufeffNom;Code INSEE\nSaint-Étienne;42218\nTerrenoire (ancienne commune);42309\n"

    report = project_territory_import_csv(name="Deux lignes", kind=ProjectKind.AUTRE, csv_text=csv_text)

    assert report.ok
    assert held("TER-deux-lignes") == {"42218"}
    assert [f.line for f in report.fixed] == [3]


def test_a_name_already_taken_is_refused_unless_replacing() -> None:
    project_territory_import_csv(name="Gier", kind=ProjectKind.PAYS, csv_text="42218\n42207")

    with pytest.raises(ProjectTerritoryError):
        project_territory_import_csv(name="Gier", kind=ProjectKind.PAYS, csv_text="42095")
    project_territory_import_csv(name="Gier", kind=ProjectKind.PAYS, csv_text="42095", replace=True)

    assert held("TER-gier") == {"42095"}


def test_command_reports_rejected_lines_and_fails(tmp_path: Path) -> None:
    path = tmp_path / "pnr.csv"
    path.write_text("code_insee\n42218\nABCDE\n", encoding="utf-8")

    with pytest.raises(CommandError, match="rien n'a été écrit"):
        call_command("import_territoire_projet", str(path), "--nom", "PNR essai", "--type", "pnr")

    assert not Territory.objects.filter(level=Level.PROJET).exists()


def test_command_creates_the_territory(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "pnr.csv"
    path.write_text("\n".join(CODES), encoding="utf-8")

    call_command("import_territoire_projet", str(path), "--nom", "PNR essai", "--type", "pnr")

    assert "TER-pnr-essai : 4 communes" in capsys.readouterr().out
    assert Territory.objects.get(id="TER-pnr-essai").project_kind == ProjectKind.PNR
