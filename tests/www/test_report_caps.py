"""The PDF diagnostic prints the first rows of long tables and links to their CSV for the rest."""

from __future__ import annotations

import pytest
from django.core.files.storage import default_storage
from django.template.loader import render_to_string

from maillage.observatory.documents import map_path, snapshot_documents_delete
from maillage.observatory.selectors import latest_snapshot
from maillage.territories.models import Territory
from maillage.www.territories.dashboard import build_dashboard
from maillage.www.territories.page import PDF_TABLE_ROWS, dashboard_context
from maillage.www.territories.report import TEMPLATE
from tests.www.test_territory_dashboard import Directory, build_directory, compute, text_of

METROPOLE = "EPCI-244200770"  # Saint-Étienne Métropole: more communes than a PDF table prints


@pytest.fixture
def computed(loire_rhone: None) -> Directory:
    directory = build_directory()
    compute()
    return directory


def test_a_long_table_is_capped_in_the_pdf_and_whole_on_the_page(computed: Directory) -> None:
    dashboard = build_dashboard(Territory.objects.get(id=METROPOLE), snapshot=latest_snapshot(), latest=False)
    communes = len(dashboard.children)
    assert communes > PDF_TABLE_ROWS

    printed = dashboard_context(dashboard, report=True, pdf=True)
    assert len(printed["children_rows"]) == PDF_TABLE_ROWS
    assert printed["children_hidden"] == communes - PDF_TABLE_ROWS
    text = text_of(render_to_string(TEMPLATE, printed))
    assert f"{PDF_TABLE_ROWS} subdivisions sur {communes}" in text
    assert "tableau complet (CSV)" in text

    page = dashboard_context(dashboard, report=True)
    assert len(page["children_rows"]) == communes
    assert "tableau complet (CSV)" not in text_of(render_to_string(TEMPLATE, page))


def test_the_map_is_drawn_once_per_snapshot(computed: Directory) -> None:
    snapshot = latest_snapshot()
    assert snapshot is not None
    dashboard = build_dashboard(Territory.objects.get(id="DEP-42"), snapshot=snapshot, latest=False)
    first = dashboard_context(dashboard, report=True)["static_map"]
    assert default_storage.exists(map_path("DEP-42", snapshot.pk))
    assert dashboard_context(dashboard, report=True)["static_map"] == first
    snapshot_documents_delete([snapshot.pk])
    assert not default_storage.exists(map_path("DEP-42", snapshot.pk))
