"""Read the small real reference files of tests/fixtures/ (where each comes from: its folder's SOURCE)."""

import csv
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def read_fixture_csv(relative_path: str) -> list[dict[str, str]]:
    """Return the rows of a CSV of tests/fixtures/ as dicts."""
    with (FIXTURES / relative_path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
