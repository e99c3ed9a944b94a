"""manage.py import_dispositifs imports a file of the schema and writes its report."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from maillage.schemes.models import Scheme

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "dispositif-aide"


@pytest.mark.django_db
def test_the_command_imports_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "rapport.json"

    call_command(
        "import_dispositifs",
        str(FIXTURES / "dispositif-aide.exemple.csv"),
        "--source",
        "Etalab",
        "--report",
        str(report),
    )

    assert Scheme.objects.get().source == "Etalab"
    assert "1 créé(s)" in capsys.readouterr().out
    assert json.loads(report.read_text(encoding="utf-8"))["crees"] == 1


@pytest.mark.django_db
def test_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    call_command("import_dispositifs", str(FIXTURES / "dispositif-aide.exemple.csv"), "--dry-run")

    assert not Scheme.objects.exists()
