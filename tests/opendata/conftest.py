"""Open data tests write their files in a folder of their own, removed afterwards."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.test import override_settings


@pytest.fixture(autouse=True)
def opendata_root(tmp_path: Path) -> Iterator[Path]:
    root = tmp_path / "opendata"
    with override_settings(OPENDATA_ROOT=root, SITE_URL="https://maillage.test"):
        yield root
