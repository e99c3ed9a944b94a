"""The diagnostic's PDF is tagged for screen readers and carries the territory and date on every page."""

from __future__ import annotations

import io
import subprocess
import tempfile
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from maillage.observatory.models import Snapshot
from tests.www.test_territory_dashboard import Directory, build_directory, compute

PDFINFO = "/usr/bin/pdfinfo"  # Debian's poppler-utils, installed by the Makefile's PDF tools target


@pytest.fixture
def computed(loire_rhone: None) -> Directory:
    directory = build_directory()
    compute()
    return directory


def pdfinfo(content: bytes) -> dict[str, str]:
    """Return what poppler's pdfinfo says of a PDF, field by field."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "diagnostic.pdf"
        path.write_bytes(content)
        output = subprocess.run(  # noqa: S603 (a fixed program on a file of our own)
            [PDFINFO, str(path)], check=True, capture_output=True, text=True
        ).stdout
    return {
        key.strip(): value.strip() for key, _, value in (line.partition(":") for line in output.splitlines())
    }


def test_the_pdf_is_tagged_with_a_title_and_a_running_header(client: Client, computed: Directory) -> None:
    response = client.get("/territoires/DEP-42/diagnostic.pdf")
    assert response.status_code == 200
    info = pdfinfo(response.content)
    assert info["Tagged"] == "yes"
    assert info["Title"] == "Diagnostic — Loire · maillage"
    snapshot = Snapshot.objects.get()
    # The page dates the snapshot in French time: near midnight UTC that is already the next day.
    header = f"Loire — diagnostic du {timezone.localtime(snapshot.taken_at):%-d}"
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) > 2
    for page in pages:
        assert header in page.extract_text()
