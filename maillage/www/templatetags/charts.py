"""Server-drawn SVG charts, each followed by a table of the same data for screen readers and copying.

`{% bar_chart title rows unit=… %}` draws horizontal bars (long French labels stay readable on the left);
`{% line_chart title points unit=… %}` draws a dated series. Both read without JavaScript, print in
WeasyPrint, and carry role="img" with a title and a one-line summary; the <details> below holds the table.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import template
from django.utils.formats import date_format, number_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

register = template.Library()

WIDTH = 640
BAR_HEIGHT = 20
BAR_GAP = 8
LABEL_WIDTH = 250  # room on the left for category labels...
LABEL_CHARS = 38  # ...which hold this many characters at 12 pixels; the full label is in the table
VALUE_ROOM = 70  # room on the right of the longest bar for its value
LINE_HEIGHT = 220
MARGIN = 40
BAR_COLOUR = "#1d3557"  # 12:1 against white
LINE_COLOUR = "#0b5ea8"
AXIS_COLOUR = "#4a4a4a"
# Ids of charts rendered without a request (a template rendered alone): unique in the process.
_fallback_ids = itertools.count(1)


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    share: float | None = None


def format_value(value: float | None, unit: str = "", decimals: int | None = None) -> str:
    """Format a number the French way (1 234,5), with its unit; "—" when it is unknown."""
    if value is None:
        return "—"
    if decimals is None:
        decimals = 0 if float(value).is_integer() else 1
    # Django's number_format cuts extra decimals off: round first, so that 0,065 shows as 0,1.
    text = number_format(round(value, decimals), decimal_pos=decimals, use_l10n=True, force_grouping=True)
    if not unit:
        return text
    return f"{text} {unit}" if unit != "%" else f"{text} %"


def format_share(share: float | None) -> str:
    """Format a share between 0 and 1 as a French percentage (12,5 %)."""
    return "—" if share is None else format_value(share * 100, "%", decimals=1)


def _bars(rows: Iterable[Any]) -> list[Bar]:
    bars = []
    for row in rows:
        if isinstance(row, Bar):
            bars.append(row)
        elif isinstance(row, tuple | list):
            bars.append(Bar(str(row[0]), row[1], row[2] if len(row) > 2 else None))
        else:
            bars.append(Bar(str(row.label), row.value, getattr(row, "share", None)))
    return bars


def _short(label: str, limit: int = LABEL_CHARS) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _coordinate(value: float) -> str:
    # Coordinates are never localised: "12,5" would not parse as SVG.
    return f"{value:.1f}"


def joined(parts: Iterable[SafeString]) -> SafeString:
    """Join pieces of markup that are each already escaped."""
    return format_html_join("", "{}", ((part,) for part in parts))


def _figure(
    *,
    chart_id: str,
    title: str,
    summary: str,
    svg_body: list[SafeString],
    width: int,
    height: int,
    table: str,
    expanded: bool = False,
) -> SafeString:
    svg = format_html(
        '<svg class="chart-svg" viewBox="0 0 {} {}" width="{}" height="{}" role="img" '
        'aria-labelledby="{}-title {}-desc" xmlns="http://www.w3.org/2000/svg">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        width,
        height,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        summary,
        joined(svg_body),
    )
    return format_html(
        '<figure class="chart" id="{}"><figcaption class="chart-title">{}</figcaption>{}'
        '<details class="chart-data"{}><summary>Données du graphique « {} » (tableau)</summary>{}</details>'
        "</figure>",
        chart_id,
        title,
        svg,
        format_html(" {}", "open") if expanded else "",
        title,
        table,
    )


def _bar_table(title: str, bars: Sequence[Bar], unit: str, label_header: str) -> SafeString:
    shares = any(b.share is not None for b in bars)
    head = format_html(
        '<tr><th scope="col">{}</th><th scope="col">Valeur</th>{}</tr>',
        label_header,
        format_html('<th scope="col">{}</th>', "Part") if shares else "",
    )
    body = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="number">{}</td>{}</tr>',
        (
            (
                b.label,
                format_value(b.value, unit),
                format_html('<td class="number">{}</td>', format_share(b.share)) if shares else "",
            )
            for b in bars
        ),
    )
    return format_html(
        '<table class="data-table"><caption>{}</caption><thead>{}</thead><tbody>{}</tbody></table>',
        title,
        head,
        body,
    )


def _chart_id(context: template.Context) -> str:
    """Return an id unique within the page: charts are numbered in the order the request renders them."""
    request = context.get("request")
    if request is None:
        return f"chart-x{next(_fallback_ids)}"
    number = getattr(request, "_chart_count", 0) + 1
    request._chart_count = number
    return f"chart-{number}"


@register.simple_tag(takes_context=True)
def bar_chart(
    context: template.Context,
    title: str,
    rows: Iterable[Any],
    unit: str = "",
    label_header: str = "Catégorie",
    expanded: bool = False,
) -> SafeString:
    """Draw horizontal bars for labelled values, with their table; say so when there is nothing to draw."""
    bars = _bars(rows)
    known = [b for b in bars if b.value is not None]
    if not known:
        return format_html('<p class="chart-empty">{} : aucune donnée.</p>', title)
    chart_id = _chart_id(context)
    top = max(b.value for b in known if b.value is not None)
    scale = (WIDTH - LABEL_WIDTH - VALUE_ROOM) / top if top > 0 else 0
    parts = []
    for position, bar in enumerate(bars):
        y = position * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
        length = max((bar.value or 0) * scale, 0)
        middle = _coordinate(y + BAR_HEIGHT / 2)
        parts.append(
            format_html(
                '<g class="chart-bar"><text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" '
                'font-size="12" fill="#1b1b1b">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"></rect>'
                '<text x="{}" y="{}" dominant-baseline="middle" font-size="12" fill="#1b1b1b">{}</text></g>',
                LABEL_WIDTH - 8,
                middle,
                _short(bar.label),
                LABEL_WIDTH,
                y,
                _coordinate(length),
                BAR_HEIGHT,
                BAR_COLOUR,
                _coordinate(LABEL_WIDTH + length + 6),
                middle,
                format_value(bar.value, unit),
            )
        )
    height = len(bars) * (BAR_HEIGHT + BAR_GAP) + BAR_GAP
    leader = max(known, key=lambda b: b.value or 0)
    summary = (
        f"Diagramme en barres, {len(bars)} catégorie{'s' if len(bars) > 1 else ''} ; "
        f"la plus élevée : {leader.label} ({format_value(leader.value, unit)})."
    )
    return _figure(
        chart_id=chart_id,
        title=title,
        summary=summary,
        svg_body=parts,
        width=WIDTH,
        height=height,
        table=_bar_table(title, bars, unit, label_header),
        expanded=expanded,
    )


def _date_label(day: date | int | str) -> str:
    if isinstance(day, date):
        return date_format(day, "SHORT_DATE_FORMAT")
    return str(day)


def _line_table(
    title: str, points: Sequence[tuple[Any, float | None]], unit: str, x_header: str
) -> SafeString:
    body = format_html_join(
        "",
        '<tr><th scope="row">{}</th><td class="number">{}</td></tr>',
        ((_date_label(x), format_value(value, unit)) for x, value in points),
    )
    return format_html(
        '<table class="data-table"><caption>{}</caption><thead><tr><th scope="col">{}</th>'
        '<th scope="col">Valeur</th></tr></thead><tbody>{}</tbody></table>',
        title,
        x_header,
        body,
    )


@register.simple_tag(takes_context=True)
def line_chart(
    context: template.Context,
    title: str,
    points: Iterable[tuple[Any, float | None]],
    unit: str = "",
    x_header: str = "Date",
    expanded: bool = False,
) -> SafeString:
    """Draw a dated series as a line with its points, with its table; one point is drawn as a dot."""
    series = list(points)
    known = [(x, v) for x, v in series if v is not None]
    if not known:
        return format_html('<p class="chart-empty">{} : aucune donnée.</p>', title)
    chart_id = _chart_id(context)
    values = [v for _, v in known]
    low, high = min(0.0, min(values)), max(values)
    span = (high - low) or 1.0
    plot_width = WIDTH - 2 * MARGIN - 30
    step = plot_width / (len(series) - 1) if len(series) > 1 else 0

    def x_of(position: int) -> float:
        return MARGIN + 30 + (position * step if len(series) > 1 else plot_width / 2)

    def y_of(value: float) -> float:
        return MARGIN + (LINE_HEIGHT - 2 * MARGIN) * (1 - (value - low) / span)

    coordinates = [(x_of(i), y_of(v)) for i, (_, v) in enumerate(series) if v is not None]
    parts = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1"></line>',
            MARGIN + 30,
            _coordinate(y_of(low)),
            WIDTH - MARGIN,
            _coordinate(y_of(low)),
            AXIS_COLOUR,
        ),
        format_html(
            '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="#1b1b1b">{}</text>'
            '<text x="{}" y="{}" text-anchor="end" font-size="11" fill="#1b1b1b">{}</text>',
            MARGIN + 24,
            _coordinate(y_of(high) + 4),
            format_value(high, unit),
            MARGIN + 24,
            _coordinate(y_of(low) + 4),
            format_value(low, unit),
        ),
    ]
    if len(coordinates) > 1:
        path = " ".join(f"{_coordinate(x)},{_coordinate(y)}" for x, y in coordinates)
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2.5"></polyline>',
                path,
                LINE_COLOUR,
            )
        )
    labelled = {0, len(series) - 1}
    for position, (x, value) in enumerate(series):
        if value is None:
            continue
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="4" fill="{}"></circle>',
                _coordinate(x_of(position)),
                _coordinate(y_of(value)),
                LINE_COLOUR,
            )
        )
        if position in labelled or len(series) <= 6:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="#1b1b1b">{}</text>',
                    _coordinate(x_of(position)),
                    LINE_HEIGHT - MARGIN + 18,
                    _date_label(x),
                )
            )
    first, last = known[0], known[-1]
    summary = (
        f"Courbe de {len(series)} point{'s' if len(series) > 1 else ''}, de {format_value(first[1], unit)} "
        f"({_date_label(first[0])}) à {format_value(last[1], unit)} ({_date_label(last[0])})."
    )
    return _figure(
        chart_id=chart_id,
        title=title,
        summary=summary,
        svg_body=parts,
        width=WIDTH,
        height=LINE_HEIGHT,
        table=_line_table(title, series, unit, x_header),
        expanded=expanded,
    )


@register.filter
def number(value: float | None, unit: str = "") -> str:
    """Format a figure the French way with its unit, or "—"."""
    return format_value(value, unit)


@register.filter
def percent(share: float | None) -> str:
    """Format a share between 0 and 1 as a French percentage."""
    return format_share(share)


@register.filter
def figure(value: float | None, indicator: Any) -> str:
    """Format an indicator's value with its decimals; only a percentage keeps its unit in a table cell."""
    unit = "%" if indicator.unit == "%" else ""
    return format_value(value, unit, decimals=indicator.decimals)


@register.filter
def swatch(colour: str) -> str:
    """Return the CSS class painting a legend swatch in a palette colour (no inline style under the CSP)."""
    return f"swatch-{colour.lstrip('#').lower()}"
