"""The diagnostic's PDF reads like a report: a summary first, no near-empty page, no orphaned caption.

Pages are rendered to images with poppler's `pdftoppm` (Debian's poppler-utils) and measured with Pillow;
their text is read per page with pypdf.
"""

from __future__ import annotations

import datetime
import html as html_lib
import io
import re
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db.models import F
from django.test import Client
from PIL import Image
from pypdf import PdfReader

from maillage.observatory.models import Snapshot
from tests.www.test_territory_dashboard import build_directory, compute

# The @page margins of static/css/observatory.css (18 mm top, 20 mm bottom, the page number inside it)
# out of an A4 page's 297 mm: only the box between them can hold content.
TOP_MARGIN = 18 / 297
BOTTOM_MARGIN = 20 / 297
DPI = 30
# Lines of text leave white gaps between them: gaps shorter than this (in millimetres) count as filled.
LINE_GAP_MM = 6
INK = 200  # a pixel darker than this (0-255 grey) is ink; lighter greys are table rules and swatch fills


# Printing takes seconds: each worker prints each diagnostic once, for all the tests that read it.
_printed: dict[str, tuple[bytes, str]] = {}


@pytest.fixture
def printed(request: pytest.FixtureRequest) -> Callable[[str], tuple[bytes, str]]:
    """Return a function giving the PDF of a territory's diagnostic and its HTML page."""

    def print_report(territory_id: str) -> tuple[bytes, str]:
        if territory_id not in _printed:
            request.getfixturevalue("loire_rhone")
            # Two snapshots, the second with more structures: the summary has an evolution to draw.
            build_directory()
            compute()
            # The history keeps one snapshot per day: the first one is dated a month earlier.
            Snapshot.objects.update(taken_at=F("taken_at") - datetime.timedelta(days=30))
            build_directory()
            compute()
            client = Client()
            response = client.get(f"/territoires/{territory_id}/diagnostic.pdf")
            assert response.status_code == 200
            page = client.get(f"/territoires/{territory_id}/diagnostic/").content.decode()
            _printed[territory_id] = (response.content, page)
        return _printed[territory_id]

    return print_report


def page_images(pdf: bytes) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 (a fixed program on a file of our own)
            ["/usr/bin/pdftoppm", "-r", str(DPI), "-gray", "-png", str(source), str(Path(folder) / "page")],
            check=True,
        )
        images = []
        for path in sorted(Path(folder).glob("page-*.png")):
            with Image.open(path) as image:
                images.append(image.convert("L"))
        return images


def fullness(image: Image.Image) -> float:
    """Return the share of the page's content box covered by content, gaps between lines filled."""
    width, height = image.size
    top, bottom = round(height * TOP_MARGIN), round(height * (1 - BOTTOM_MARGIN))
    pixels = image.load()
    assert pixels is not None
    inked = [any(pixels[x, y] < INK for x in range(width)) for y in range(top, bottom)]  # type: ignore[operator]
    gap = round(LINE_GAP_MM / 25.4 * DPI)
    covered = 0
    last_ink = None
    for row, has_ink in enumerate(inked):
        if not has_ink:
            continue
        covered += 1
        if last_ink is not None and 1 < row - last_ink <= gap:
            covered += row - last_ink - 1
        last_ink = row
    return covered / len(inked)


def normalised(text: str) -> str:
    """Join words hyphenated across lines and collapse spaces, no-break ones included."""
    text = re.sub(r"-\s*\n\s*", "-", text)
    return re.sub(r"[\s\u00a0\u202f]+", " ", text).strip()


def captions_and_headers(page: str) -> list[tuple[str, str]]:
    """Return each table's caption and the text of its first header cell, from the HTML page."""
    # The summary's small chart prints without its table: the "Évolution" section prints it in full.
    page = re.sub(r'<div class="summary-chart">.*?</figure></div>', "", page, flags=re.S)
    pairs = []
    pattern = r"<caption>(.*?)</caption>\s*<thead>\s*<tr>\s*<th[^>]*>(.*?)</th>"
    for caption, header in re.findall(pattern, page, re.S):
        pairs.append(
            tuple(normalised(html_lib.unescape(re.sub(r"<[^>]+>", "", t))) for t in (caption, header))
        )
    return pairs  # type: ignore[return-value]


@pytest.mark.django_db
@pytest.mark.parametrize("territory_id", ["REG-84", "DEP-42"])
def test_no_page_is_less_than_a_third_full_but_the_last(printed: Callable, territory_id: str) -> None:
    """Every page of the diagnostic but the last is at least a third full: no half-empty first page."""
    pdf, _ = printed(territory_id)
    shares = [fullness(image) for image in page_images(pdf)]
    assert len(shares) >= 3
    thin = {page: round(share, 2) for page, share in enumerate(shares[:-1], start=1) if share < 1 / 3}
    assert not thin, f"pages less than a third full: {thin} (all: {[round(s, 2) for s in shares]})"


@pytest.mark.django_db
@pytest.mark.parametrize("territory_id", ["REG-84", "DEP-42"])
def test_every_caption_sits_on_the_page_of_its_table(printed: Callable, territory_id: str) -> None:
    """A table's caption is printed on the same page as its header row, never orphaned at a page's foot."""
    pdf, page = printed(territory_id)
    pages = [normalised(p.extract_text()) for p in PdfReader(io.BytesIO(pdf)).pages]
    pairs = captions_and_headers(page)
    assert len(pairs) >= 8
    for caption, header in pairs:
        together = re.compile(re.escape(caption) + r"\s*" + re.escape(header))
        assert any(together.search(text) for text in pages), f"« {caption} » is apart from its table"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("territory_id", "summary"), [("REG-84", "d'Auvergne-Rhône-Alpes"), ("DEP-42", "de la Loire")]
)
def test_page_one_is_a_summary_with_figures_beside_france_and_the_map(
    printed: Callable, territory_id: str, summary: str
) -> None:
    """The first page holds the key figures beside France's, their evolution and the map's legend."""
    pdf, _ = printed(territory_id)
    first = normalised(PdfReader(io.BytesIO(pdf)).pages[0].extract_text())
    assert f"Chiffres clés {summary} et de la France" in first
    assert "Évolution des structures en activité" in first
    assert "Structures pour 10 000 habitants" in first  # the map's legend
    assert "Méthodologie" not in first
