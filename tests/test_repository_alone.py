"""The tests and benchmarks need nothing beside the repository: a clone has no shared folder beside it."""

import re
from pathlib import Path

import pytest

from tests.fixture_files import FIXTURES, read_fixture_csv
from tests.repository_guard import (
    REPOSITORY,
    TEMPORARY,
    OutsideReadGuard,
    OutsideRepositoryReadError,
    sources_going_out,
    ways_out,
)


def test_no_source_leads_out_of_the_repository() -> None:
    """No module of the product, tests, benchmarks or scripts names a path beside the repository."""
    assert sources_going_out() == []


def test_the_scan_finds_every_way_out_it_knows() -> None:
    """The scan flags ../ paths, `/ "shared"`, shared/data and Path(__file__) climbing too high."""
    source = "\n".join(
        [
            'A = Path(settings.BASE_DIR).parent / "sha' + 'red" / "data"',
            'B = Path(__file__).resolve().parents[3] / "data" / "sirene-format"',
            'C = "../' + 'shared/data/naf-rev2/naf.csv"',  # split so that this file does not read as one
            'D = Path(__file__).parent.parent.parent.parent / "data"',
            'E = ROOT / "samples" / ".." / ".." / "x.csv"',
            'F = os.path.join(BASE, "shared/data/x.csv")',
            # Ways that stay inside: the repository root from tests/imports/x.py, a URL, a variable.
            'OK = Path(__file__).resolve().parents[2] / "tests" / "fixtures"',
            'URL = "http://testserver/static/../maillage/settings/base.py"',
            "ROOT = BENCH_DIR.parent",
        ]
    )

    found = {line for line, _ in ways_out(source, depth=2)}

    assert found == {1, 2, 3, 4, 5, 6}


def test_opening_a_file_beside_the_repository_fails() -> None:
    """The guard in conftest.py stops a read beside the repository, whether the file exists or not."""
    beside = REPOSITORY.parent / ("sha" + "red") / "data" / "README.md"  # spelt apart, not to read as one

    with pytest.raises(OutsideRepositoryReadError, match="tests/fixtures"):
        beside.read_text(encoding="utf-8")
    with pytest.raises(OutsideRepositoryReadError):
        open(REPOSITORY / ".." / "shared" / "data" / "naf-rev2" / "SOURCE.txt", "rb")  # noqa: SIM115


def test_the_repository_and_the_rest_of_the_machine_stay_readable(tmp_path: Path) -> None:
    """Fixtures, temporary files and system files open as usual under the guard."""
    (tmp_path / "note.txt").write_text("ok", encoding="utf-8")

    assert len(read_fixture_csv("naf-rev2/naf_rev2_sous_classes.csv")) == 732
    assert (tmp_path / "note.txt").read_text(encoding="utf-8") == "ok"
    assert Path("/etc/hostname").exists()
    assert Path("/etc/passwd").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("repository", "path", "outside"),
    [
        ("/work/main", "/work/shared/data/geo/x.csv", True),
        ("/work/main", "/work/main/tests/fixtures/x.csv", False),
        ("/work/main", "/work/main/.." + "/shared/x.csv", True),
        ("/work/main", "/work/.library/x", False),  # a hidden folder: a tool's, like ~/.cache
        ("/work/main", "/usr/share/zoneinfo/Europe/Paris", False),
        ("/home/ana/maillage", "/home/ana/donnees/naf.csv", True),
        ("/home/ana/maillage", "/home/ana/maillage-venv/lib/site.py", False),  # the interpreter's
        # A repository at the filesystem's root: the system stays readable, a folder beside it does not.
        ("/app", "/usr/lib/python3/os.py", False),
        ("/app", "/shared/data/x.csv", True),
        # A clone made straight into the temporary folder: the run's own temporary files stay writable.
        (f"{TEMPORARY}/clone", f"{TEMPORARY}/pytest-of-ci/pytest-1/.lock", False),
        (f"{TEMPORARY}/clone", f"{TEMPORARY}/shared/data/x.csv", True),
    ],
)
def test_the_guard_tells_what_lies_beside_a_repository(repository: str, path: str, outside: bool) -> None:
    """Only files beside the repository are refused, wherever the repository sits."""
    guard = OutsideReadGuard(Path(repository), allowed=(Path("/home/ana/maillage-venv"),))

    assert guard.is_outside(path) is outside


def test_every_fixture_folder_says_where_its_files_come_from() -> None:
    """Each folder of tests/fixtures/ has a SOURCE note naming the origin, the date and the licence."""
    folders = sorted(path for path in FIXTURES.iterdir() if path.is_dir())

    assert folders
    for folder in folders:
        note = (folder / "SOURCE").read_text(encoding="utf-8")
        assert re.search(r"licen[cs]e", note, re.IGNORECASE), f"{folder.name}: no licence"
        assert re.search(r"\b(19|20)\d\d\b", note), f"{folder.name}: no date"
        assert len(note.split()) >= 20, f"{folder.name}: no origin"
