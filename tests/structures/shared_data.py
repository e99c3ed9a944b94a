"""Read the real reference files of ../shared/data, which tests use and the product never does."""

import csv
from pathlib import Path

from django.conf import settings

SHARED_DATA = Path(settings.BASE_DIR).parent / "shared" / "data"


def read_shared_csv(relative_path: str) -> list[dict[str, str]]:
    """Return the rows of a CSV of ../shared/data as dicts."""
    with (SHARED_DATA / relative_path).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
