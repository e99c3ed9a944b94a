"""The published results of a campaign as CSV: the same figures as the page, never a free text."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from maillage.structures.exports import spreadsheet_safe
from maillage.surveys.result_tables import CampaignResults, ThemeResults

CSV_COLUMNS = ("dimension", "groupe", "theme", "besoin", "reponses_du_groupe", "structures", "part_pourcent")
MASKED = "masqué"


def _share(count: int, total: int) -> str:
    return f"{100 * count / total:.1f}"


def _need_rows(dimension: str, group: str, total: int, themes: list[ThemeResults]) -> Iterator[list[str]]:
    for theme in themes:
        for row in theme.rows:
            yield [
                dimension,
                group,
                theme.title,
                row.label,
                str(total),
                MASKED if row.count is None else str(row.count),
                MASKED if row.count is None else _share(row.count, total),
            ]


def results_rows(results: CampaignResults) -> Iterator[list[str]]:
    """Yield the rows of the published figures: overall, then each group of each breakdown."""
    if results.withheld or results.answer_count is None:
        return
    yield from _need_rows("ensemble", "Toutes les réponses", results.answer_count, results.themes)
    for breakdown in results.breakdowns:
        for group in breakdown.groups:
            label = spreadsheet_safe(group.label)
            if group.answers is None:
                yield [breakdown.title, label, "", "", MASKED, MASKED, MASKED]
            else:
                yield from _need_rows(breakdown.title, label, group.answers, group.themes)


def results_csv(results: CampaignResults) -> str:
    """Return the published results as a UTF-8 CSV text with a byte order mark (Excel's cue)."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows(results_rows(results))
    return buffer.getvalue()
