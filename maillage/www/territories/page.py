"""Template contexts of a territory's dashboard and diagnostic, from one `Dashboard`."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from maillage.observatory.documents import map_path
from maillage.observatory.precision import SMALL_COUNT
from maillage.observatory.selectors import methodology
from maillage.www.territories.dashboard import YEARS_SHOWN, Dashboard
from maillage.www.territories.mapsvg import METROPOLE_FRAME, Circle, Shape, load_outlines, map_svg
from maillage.www.territories.tables import (
    BREAKDOWN_SLUGS,
    CHILDREN_SLUG,
    EVOLUTION_SLUG,
    KEY_FIGURES_SLUG,
    NETWORKS_KEY,
    available_tables,
    survey_slug,
)

# A commune without structure is a dot, as on the interactive map.
POINT_RADIUS = 2.0
# Rows of a long table printed in the PDF; the rest is in the table's CSV, which the PDF links to (France
# lists 2,000 networks: laying them out took most of its 12 seconds).
PDF_TABLE_ROWS = 40


def _csv_url(dashboard: Dashboard, slug: str, *, pinned: bool) -> str:
    url = reverse("territories:table_csv", kwargs={"territory_id": dashboard.territory.id, "table": slug})
    if pinned and dashboard.snapshot is not None:
        url += f"?instantane={dashboard.snapshot.pk}"
    return url


def report_url(dashboard: Dashboard, name: str = "territories:report") -> str:
    """Return the permanent link of the diagnostic: it names the snapshot, so it never changes."""
    url = reverse(name, kwargs={"territory_id": dashboard.territory.id})
    return f"{url}?instantane={dashboard.snapshot.pk}" if dashboard.snapshot is not None else url


def static_map(dashboard: Dashboard) -> SafeString:
    """Return the children coloured like the choropleth as a server-drawn SVG (communes as circles)."""
    title = f"Carte des structures pour 10 000 habitants — {dashboard.territory.name}"
    figures = dashboard.children_figures
    if dashboard.children_are_points:
        outlines = load_outlines([dashboard.territory.id])
        circles = [
            Circle(
                f.territory.latitude,
                f.territory.longitude,
                max(f.radius, POINT_RADIUS),
                f.colour,
                f"{f.territory.name} : {f.rate_label}",
            )
            for f in figures
            if f.territory.latitude is not None and f.territory.longitude is not None
        ]
        return map_svg(title=title, outline=outlines.get(dashboard.territory.id), shapes=[], circles=circles)
    outlines = load_outlines([dashboard.territory.id, *(f.territory.id for f in figures)])
    shapes = [
        Shape(outlines[f.territory.id], f.colour, f"{f.territory.name} : {f.rate_label}")
        for f in figures
        if f.territory.id in outlines
    ]
    frame = METROPOLE_FRAME if dashboard.is_france else None
    return map_svg(title=title, outline=outlines.get(dashboard.territory.id), shapes=shapes, frame=frame)


def dashboard_context(dashboard: Dashboard, *, report: bool = False, pdf: bool = False) -> dict[str, Any]:
    """Return what the dashboard and report read; a report's download links name its snapshot."""
    tables = available_tables(dashboard)

    def csv(slug: str) -> str:
        return _csv_url(dashboard, slug, pinned=report) if slug in tables else ""

    context: dict[str, Any] = {
        "dashboard": dashboard,
        # The names the territory page has always used.
        "territory": dashboard.territory,
        "parents": dashboard.parents,
        "projects": dashboard.projects,
        "children": dashboard.children,
        "release": dashboard.release,
        "snapshot": dashboard.snapshot,
        "is_report": report,
        "is_pdf": pdf,
        "years_shown": YEARS_SHOWN,
        "small_count": SMALL_COUNT,
        "key_figures": [
            (
                line,
                line.row.indicator.source_of(dashboard.snapshot),
                line.row.indicator.millesime_of(dashboard.snapshot),
            )
            for line in dashboard.key_lines
        ],
        "key_figures_csv": csv(KEY_FIGURES_SLUG),
        "children_csv": csv(CHILDREN_SLUG),
        "evolution_csv": csv(EVOLUTION_SLUG),
        "networks_csv": csv(BREAKDOWN_SLUGS[NETWORKS_KEY]),
        "category_charts": [
            (row, csv(BREAKDOWN_SLUGS[row.indicator.key])) for row in dashboard.category_rows
        ],
        "year_charts": [
            (row, shown, csv(BREAKDOWN_SLUGS[row.indicator.key])) for row, shown in dashboard.year_rows
        ],
        "surveys": [(results, csv(survey_slug(results))) for results in dashboard.surveys],
        "report_url": report_url(dashboard),
        "report_pdf_url": report_url(dashboard, "territories:report_pdf"),
    }
    networks, children = dashboard.networks, dashboard.children_figures if dashboard.children else []
    cap = PDF_TABLE_ROWS if pdf else None
    context.update(
        networks_rows=networks[:cap],
        networks_hidden=len(networks) - len(networks[:cap]),
        children_rows=children[:cap],
        children_hidden=len(children) - len(children[:cap]),
    )
    if report:
        context["methodology"] = methodology(dashboard.snapshot)
        context["static_map"] = snapshot_map(dashboard)
    return context


def snapshot_map(dashboard: Dashboard) -> SafeString:
    """Return the static map, drawn once per territory and snapshot and kept in the storage beside its PDF."""
    if dashboard.snapshot is None:
        return static_map(dashboard)
    name = map_path(dashboard.territory.id, dashboard.snapshot.pk)
    if default_storage.exists(name):
        with default_storage.open(name, "rb") as stored:
            return mark_safe(stored.read().decode())  # noqa: S308 (our own SVG, escaped when drawn)
    drawn = static_map(dashboard)
    default_storage.save(name, ContentFile(str(drawn).encode()))
    return drawn
