"""The convention of 13 January 2015 from the seed alone: signatories, axes, indicators and report."""

import io

import pytest
from django.core.management import call_command
from django.test import Client
from pypdf import PdfReader

from maillage.conventions.models import Convention
from maillage.conventions.reference import SLUG
from maillage.observatory.compute import snapshot_compute

pytestmark = pytest.mark.django_db


@pytest.fixture
def convention(loire_rhone: None) -> Convention:
    call_command("load_reference_data", stdout=io.StringIO())
    return Convention.objects.get(slug=SLUG)


def test_the_convention_page_shows_its_signatories_axes_and_an_observatory_indicator(
    client: Client, convention: Convention
) -> None:
    snapshot_compute(label="test")
    page = client.get(convention.get_absolute_url())
    assert page.status_code == 200
    html = page.content.decode()
    assert "Signée le 13 janvier 2015" in html
    for name in (
        "Union fédérale d'intervention des structures culturelles",
        "Conseil national des chambres régionales de l'économie sociale et solidaire",
        "Mouvement pour l'économie solidaire",
        "Opale / CRDLA Culture",
    ):
        assert name.replace("'", "&#x27;") in html
    assert html.count("<h3>Un axe d") == 3
    assert "développer une observation territoriale" in html
    assert "Observatoire de maillage, France, instantané du" in html
    rows = [
        r for r in html.split("<tr>") if "Structures culturelles de l&#x27;ESS en activité en France" in r
    ]
    assert rows
    assert "non disponible" not in rows[0]


def test_a_rerun_adds_no_second_convention(convention: Convention) -> None:
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert Convention.objects.count() == 1
    assert "Conventions : 0 créée, 1 inchangée" in out.getvalue()


def test_the_yearly_report_exists_as_pdf(client: Client, convention: Convention) -> None:
    """The 2015 report is printed by the task and reads back with its title, signatories and axes."""
    assert client.get(f"/conventions/{SLUG}/rapport-2015/").status_code == 200
    response = client.get(f"/conventions/{SLUG}/rapport-2015.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    text = " ".join(" ".join(p.extract_text().split()) for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Rapport d'avancement 2015" in text.replace("\u2019", "'")
    assert "Mouvement pour l" in text
    assert "Un axe de structuration" in text
    assert client.get(f"/conventions/{SLUG}/rapport-2009.pdf").status_code == 404
