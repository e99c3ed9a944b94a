"""Importing a network's member file: every valid row written at once, the rest reported by line."""

import codecs
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from maillage.imports.models import ColumnMapping, ImportRun, ImportStatus
from maillage.imports.networks import importer
from maillage.imports.networks.importer import network_file_import
from maillage.structures.enums import DataSource
from maillage.structures.models import Structure
from maillage.structures.services import structure_create
from maillage.territories.models import Territory
from tests.referential import import_departements
from tests.structures.factories import luhn_complete

pytestmark = pytest.mark.django_db


def siret(number: int) -> str:
    """Return a valid SIRET; small numbers give a SIREN with leading zeros, as associations' often have."""
    return luhn_complete(luhn_complete(f"{number:08d}") + "0001")


def bad_key(valid: str) -> str:
    return valid[:-1] + str((int(valid[-1]) + 1) % 10)


def csv_bytes(*lines: str, boms: int = 0, encoding: str = "utf-8") -> bytes:
    return codecs.BOM_UTF8 * boms + ("\r\n".join(lines) + "\r\n").encode(encoding)


def run(content: bytes, **options: Any) -> importer.NetworkImport:
    return network_file_import(content=content, file_name=options.pop("file_name", "membres.csv"), **options)


def rows_by_line(result: importer.NetworkImport) -> dict[int, dict[str, Any]]:
    return {row["line"]: row for row in result.report.as_json()["rows"]}  # type: ignore[attr-defined]


@pytest.fixture
def ain_loire_rhone(db: None) -> None:
    """The real referential of the Ain (codes 01…, whose leading zero spreadsheets drop), Loire and Rhône."""
    import_departements(("01", "42", "69"))


def test_a_member_file_with_a_doubled_bom_imports_every_valid_row_and_reports_the_invalid_one(
    ain_loire_rhone: None, tmp_path: Path
) -> None:
    path = tmp_path / "adherents.csv"
    path.write_bytes(
        csv_bytes(
            "Nom de la structure;SIRET;Adresse;Code postal;Commune;Code Insee commune;Site internet;"
            "Discipline(s)",
            f"Le Fil;{siret(1)};20 boulevard Thiers;42000;Saint-Étienne;42218;www.le-fil.com;Musique",
            "La Baroufada;;2 rue Gambetta;1000;Bourg-en-Bresse;1053;;Théâtre, Marionnette",
            f"Compagnie Clé Fausse;{bad_key(siret(2))};1 rue Mercière;69002;Lyon;69382;;Danse",
            "Théâtre des Pierres;;3 place Sonthonnax;1500;Ambérieu-en-Bugey;1004;;Théâtre",
            "La Comédie;;7 avenue Émile Loubet;42000;Saint-Étienne;42218;https://www.lacomedie.fr;Théâtre",
            "",
            f"Studio Lumière;{siret(3)[1:]};;69100;Villeurbanne;69266;;Cinéma",
            boms=2,
        )
    )
    report_path = tmp_path / "rapport.json"
    out = io.StringIO()

    call_command("import_structures", str(path), "--report", str(report_path), stdout=out)

    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert (report["ok"], report["fixed"], report["rejected"], report["duplicates"]) == (1, 4, 1, 0)
    assert report["empty"] == 1
    assert "présente 2 fois" in report["file"]["notes"][0]
    assert report["file"]["delimiter"] == ";"
    rejected = [row for row in report["rows"] if row["status"] == "rejected"]
    assert [row["line"] for row in rejected] == [4]
    assert "clé de contrôle" in rejected[0]["messages"][0]
    assert [row["line"] for row in report["rows"]] == [2, 3, 4, 5, 8]
    written = Structure.objects.filter(source=DataSource.NETWORK_FILE)
    assert sorted(written.values_list("name", flat=True)) == [
        "La Baroufada",
        "La Comédie",
        "Le Fil",
        "Studio Lumière",
        "Théâtre des Pierres",
    ]
    baroufada = written.get(name="La Baroufada")
    assert (baroufada.commune_id, baroufada.postal_code) == ("COM-01053", "01000")
    assert written.get(name="Théâtre des Pierres").commune_id == "COM-01004"
    assert written.get(name="Studio Lumière").siret == siret(3)
    assert written.get(name="Le Fil").website == "https://www.le-fil.com"
    assert list(baroufada.disciplines.values_list("slug", flat=True)) == ["theatre"]
    assert "discipline « Marionnette » inconnue" in " ".join(
        next(r for r in report["rows"] if r["line"] == 3)["messages"]
    )
    assert "ligne 4 — rejetée" in out.getvalue()
    run_record = ImportRun.objects.get()
    assert run_record.status == ImportStatus.APPLIED
    assert run_record.counts["created"] == 5
    assert run_record.report["rows"] == report["rows"]


def member_file() -> bytes:
    return csv_bytes(
        "Nom;SIRET;Code postal;Ville;Téléphone",
        f"Le Fil;{siret(1)};42000;Saint-Étienne;0477123456",
        "La Comédie;;42000;Saint-Étienne;",
        "Les Subsistances;;69001;Lyon;",
    )


def test_running_the_same_file_again_changes_nothing(loire_rhone: None) -> None:
    first = run(member_file())
    before = list(Structure.objects.order_by("pk").values())

    second = run(member_file())

    assert first.report.counts()["created"] == 3
    assert second.report.counts() | {"unchanged": 3} == second.report.counts()
    assert (second.report.counts()["created"], second.report.counts()["updated"]) == (0, 0)
    assert list(Structure.objects.order_by("pk").values()) == before


def test_a_changed_row_updates_the_structure_this_file_wrote(loire_rhone: None) -> None:
    run(member_file())
    changed = member_file().replace(b"0477123456", b"04 77 00 00 00")

    result = run(changed)

    assert (result.report.counts()["updated"], result.report.counts()["unchanged"]) == (1, 2)
    assert Structure.objects.get(siret=siret(1)).phone == "04 77 00 00 00"


def test_a_dry_run_writes_no_structure_but_records_the_simulation(loire_rhone: None) -> None:
    result = run(member_file(), dry_run=True)

    assert Structure.objects.count() == 0
    assert result.report.counts()["created"] == 3
    assert result.run.status == ImportStatus.DRY_RUN
    assert ImportRun.objects.get().counts["created"] == 3


def test_a_siret_already_held_by_a_sirene_structure_is_proposed_not_written(loire_rhone: None) -> None:
    official = structure_create(
        name="LE FIL SMAC", siret=siret(1), source=DataSource.SIRENE, source_id=siret(1)
    )

    result = run(member_file())

    row = rows_by_line(result)[2]
    assert row["status"] == "duplicate"
    assert row["proposal"]["id"] == official.pk
    assert row["messages"][0].startswith(f"SIRET {siret(1)} déjà porté par « LE FIL SMAC »")
    assert "rapprochement proposé" in row["messages"][0]
    official.refresh_from_db()
    assert official.name == "LE FIL SMAC"
    assert official.phone == ""


def test_a_siret_imported_from_another_network_s_file_is_proposed_not_overwritten(loire_rhone: None) -> None:
    run(member_file(), source_label="Réseau des musiques actuelles")

    result = run(member_file(), source_label="Fédération du théâtre")

    counts = result.report.counts()
    assert counts["duplicates"] == 3
    assert counts["created"] == 0
    assert Structure.objects.count() == 3


def test_a_similar_name_in_the_same_commune_is_proposed_but_not_elsewhere(loire_rhone: None) -> None:
    saint_etienne = Territory.objects.get(id="COM-42218")
    structure_create(name="Théâtre du Verso", commune=saint_etienne)
    content = csv_bytes(
        "Nom;Code Insee",
        "THEATRE DU VERSO;42218",
        "Compagnie Théâtre du Verso;42218",
        "Théâtre du Verso;69123",
    )

    result = run(content)

    statuses = {line: row["status"] for line, row in rows_by_line(result).items()}
    assert statuses == {2: "duplicate", 3: "duplicate"}
    assert result.report.counts()["created"] == 1
    assert Structure.objects.filter(commune_id="COM-69123", name="Théâtre du Verso").exists()


def test_a_row_repeated_in_the_file_is_reported_against_its_first_line(loire_rhone: None) -> None:
    content = csv_bytes("Nom;Code postal;Commune", "Le Fil;42000;Saint-Étienne", "LE FIL;42000;ST ETIENNE")

    result = run(content)

    assert rows_by_line(result)[3]["messages"][0] == (
        "même nom dans la même commune que la ligne 2 : ligne non écrite"
    )
    assert Structure.objects.count() == 1


def test_columns_about_people_are_left_out_and_said(loire_rhone: None) -> None:
    content = csv_bytes(
        "Structure;Nom du contact;Prénom;Téléphone portable;Adresse e-mail;Ville",
        "Le Fil;Martin;Anne;0612345678;anne.martin@le-fil.com;Saint-Étienne",
        "La Comédie;Durand;Paul;0698765432;contact@lacomedie.fr;Saint-Étienne",
    )

    result = run(content)

    ignored = dict(result.report.ignored_columns)
    assert set(ignored) == {"Nom du contact", "Prénom", "Téléphone portable"}
    assert all("donnée personnelle" in note for note in ignored.values())
    fil = Structure.objects.get(name="Le Fil")
    assert fil.email == ""
    assert "adresse nominative" in rows_by_line(result)[2]["messages"][0]
    assert Structure.objects.get(name="La Comédie").email == "contact@lacomedie.fr"
    stored = json.dumps(list(Structure.objects.values()), default=str).lower()
    assert not any(word in stored for word in ("martin", "anne", "durand", "paul", "0612345678"))


def test_an_excel_file_is_imported_like_a_csv(loire_rhone: None) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["Adhérents 2026"])
    sheet.append(["Nom de la structure", "SIRET", "Code postal", "Commune", "Latitude", "Longitude"])
    sheet.append(["Le Fil", int(siret(1234567)), 42000, "Saint-Étienne", 45.4397, 4.3872])
    sheet.append(["La Comédie", None, 42000.0, "Saint-Étienne", None, None])
    sheet.append(["Sans lieu", None, None, None, None, None])
    content = io.BytesIO()
    workbook.save(content)

    result = run(content.getvalue(), file_name="adherents.xlsx")

    assert result.report.layout.header_line == 2
    assert result.report.counts()["created"] == 2, result.report.as_json()["rows"]
    assert Structure.objects.get(name="Le Fil").siret == siret(1234567)
    assert Structure.objects.get(name="Le Fil").latitude == pytest.approx(45.4397)
    assert rows_by_line(result)[5]["status"] == "rejected"


def test_a_crash_in_the_middle_leaves_the_directory_as_it_was(
    loire_rhone: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = []

    def failing_create(**fields: Any) -> Structure:
        calls.append(fields["name"])
        if len(calls) == 2:
            raise RuntimeError("disque plein")
        return structure_create(**fields)

    monkeypatch.setattr(importer, "structure_create", failing_create)

    with pytest.raises(RuntimeError):
        run(member_file())

    assert Structure.objects.count() == 0
    failed = ImportRun.objects.get()
    assert failed.status == ImportStatus.FAILED
    assert "rien n'a été écrit" in failed.message


def test_a_row_the_services_refuse_is_reported_and_the_others_are_written(
    loire_rhone: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def picky_create(**fields: Any) -> Structure:
        if fields["name"] == "La Comédie":
            raise ValidationError({"name": "Nom refusé."})
        return structure_create(**fields)

    monkeypatch.setattr(importer, "structure_create", picky_create)

    result = run(member_file())

    assert rows_by_line(result)[3]["messages"] == ["nom : Nom refusé."]
    assert sorted(Structure.objects.values_list("name", flat=True)) == ["Le Fil", "Les Subsistances"]


def test_a_row_shifted_by_an_unquoted_separator_is_rejected(loire_rhone: None) -> None:
    content = csv_bytes(
        "Nom;Adresse;Ville", "Le Fil;20; boulevard Thiers;Saint-Étienne", "La Comédie;;Saint-Étienne"
    )

    result = run(content)

    assert "cellules pour 3 colonnes" in rows_by_line(result)[2]["messages"][0]
    assert result.report.counts()["created"] == 1


@pytest.mark.parametrize(
    ("header", "row", "commune_id", "message"),
    [
        ("Nom;Code postal;Commune", "A;42510;Néronde", "COM-42154", None),
        ("Nom;Code postal;Commune", "A;69001;Lyon 1er", "COM-69123", None),
        ("Nom;Code Insee", "A;69381", "COM-69123", "arrondissement"),
        ("Nom;Code Insee", "A;42250", "COM-42279", "ancien code 42250"),
        ("Nom;Code Insee", "A;42218.0", "COM-42218", "lu comme 42218"),
        ("Nom;Commune", "A;ST CHAMOND", "COM-42207", None),
        ("Nom;Commune;Département", "A;Montagny;69", "COM-69136", None),
        (
            "Nom;Code Insee;Code postal;Commune",
            "A;42218;69100;Villeurbanne",
            "COM-69266",
            "désigne Saint-Étienne",
        ),
        ("Nom;Code postal;Commune", "A;42510", None, "dessert plusieurs communes"),
        ("Nom;Commune", "A;Montagny", None, "plusieurs communes s'appellent"),
        ("Nom;Code Insee;Commune", "A;42218;Saint-André-de-Sangonis", None, "corrigez le code ou la commune"),
        ("Nom;Code Insee", "A;99999", None, "inconnu du référentiel"),
        ("Nom;Site web", "A;www.a.fr", None, "aucune commune"),
    ],
)
def test_the_commune_is_found_from_its_code_postal_code_or_name(
    loire_rhone: None, header: str, row: str, commune_id: str | None, message: str | None
) -> None:
    result = run(csv_bytes(header, row))

    structure = Structure.objects.first()
    assert (structure.commune_id if structure else None) == commune_id
    messages = " ".join(rows_by_line(result).get(2, {"messages": []})["messages"])
    if message:
        assert message in messages
    else:
        assert "commune" not in messages


def test_a_mapping_is_read_by_the_command_from_a_file_or_by_its_saved_name(
    loire_rhone: None, tmp_path: Path
) -> None:
    path = tmp_path / "export.csv"
    path.write_bytes(csv_bytes("Intitulé;Lieu", "Le Fil;Saint-Étienne"))
    mapping = tmp_path / "correspondance.json"
    mapping.write_text(json.dumps({"Intitulé": "name", "Lieu": "commune"}), encoding="utf-8")
    ColumnMapping.objects.create(name="Réseau Y", mapping={"Intitulé": "name", "Lieu": "commune"})
    other = tmp_path / "export-y.csv"
    other.write_bytes(csv_bytes("Intitulé;Lieu", "La Comédie;Saint-Étienne"))

    call_command("import_structures", str(path), "--mapping", str(mapping), "--source-label", "Réseau X")
    call_command("import_structures", str(other), "--mapping", "Réseau Y", "--source-label", "Réseau Y")

    fil = Structure.objects.get(name="Le Fil")
    assert (fil.commune_id, fil.source_label) == ("COM-42218", "Réseau X")
    assert fil.source_id.startswith("reseau-x:42218:")
    assert Structure.objects.get(name="La Comédie").source_label == "Réseau Y"
    with pytest.raises(CommandError, match="Correspondance introuvable"):
        call_command("import_structures", str(path), "--mapping", "Réseau Z")


def test_names_that_differ_only_by_their_number_are_not_proposed_as_duplicates(loire_rhone: None) -> None:
    content = csv_bytes(
        "Nom;Code Insee", "Salle numéro 12;42218", "Salle numéro 21;42218", "Salle numero 12;42218"
    )

    result = run(content)

    assert result.report.counts()["created"] == 2
    assert rows_by_line(result)[4]["status"] == "duplicate"
