"""Line charts as inline SVG text, drawn here: no library, no script, nothing fetched, so a report opens anywhere.

A chart is a few dozen elements (axes, a polyline and dots per series, a legend); drawing them by hand costs less
than a plotting dependency and keeps the report a single file that renders without JavaScript.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

WIDTH, HEIGHT = 640, 240
"""Chart size in SVG user units; the page scales it to its column."""
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 48, 16, 16, 40


@dataclass(frozen=True)
class Series:
    """One line on a chart: a name, a colour, and a value per x position (None where there is none)."""

    name: str
    colour: str
    values: tuple[float | None, ...]


def line_chart(
    labels: Sequence[str], series: Sequence[Series], *, title: str, y_max: float | None = None, percent: bool = False
) -> str:
    """An SVG line chart of series over labelled x positions; y from 0 to y_max (or the data's top, rounded up)."""
    n = len(labels)
    legend = _legend_rows(series)
    height = HEIGHT + LEGEND_ROW * (len(legend) - 1)
    highest = max((v for s in series for v in s.values if v is not None), default=1)
    top = y_max if y_max is not None else _nice_top(highest)
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x(i: int) -> float:
        return MARGIN_LEFT + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y(v: float) -> float:
        return MARGIN_TOP + plot_h * (1 - min(v, top) / top)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{escape(title)}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f"<title>{escape(title)}</title>",
    ]
    for k in range(5):  # gridlines at 0, 25, 50, 75, 100 % of the top
        v = top * k / 4
        yy = y(v)
        tick = f"{v:.0%}" if percent else f"{v:g}"
        parts.append(f'<line class="grid" x1="{MARGIN_LEFT}" x2="{WIDTH - MARGIN_RIGHT}" y1="{yy:.1f}" y2="{yy:.1f}"/>')
        parts.append(f'<text class="tick" x="{MARGIN_LEFT - 6}" y="{yy + 4:.1f}" text-anchor="end">{tick}</text>')
    step = max(1, -(-n // 8))  # at most about 8 x labels, so they never overlap
    for i, label in enumerate(labels):
        if i % step == 0 or i == n - 1:
            anchor = "middle" if n == 1 else "start" if i == 0 else "end" if i == n - 1 else "middle"  # kept inside
            parts.append(f'<text class="tick" x="{x(i):.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" text-anchor="{anchor}">'
                         f"{escape(label)}</text>")
    for k, s in enumerate(series):
        # lines with equal values would hide each other: each series sits a hair off the next
        nudge = SERIES_NUDGE * (k - (len(series) - 1) / 2)
        points = [(x(i), y(v) + nudge) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline class="series" fill="none" stroke="{s.colour}" stroke-width="2.5" points="{path}">'
                         f"<title>{escape(s.name)}</title></polyline>")
        for i, v in enumerate(s.values):
            if v is not None:
                value = f"{v:.0%}" if percent else f"{v:.1f}"
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v) + nudge:.1f}" r="4" fill="{s.colour}">'
                             f"<title>{escape(s.name)}, {escape(labels[i])}: {value}</title></circle>")
    for row, entries in enumerate(legend):  # the legend runs along the bottom, one swatch and name per series
        base = HEIGHT - 4 + LEGEND_ROW * row
        for legend_x, s in entries:
            parts.append(f'<rect x="{legend_x}" y="{base - 10}" width="12" height="12" fill="{s.colour}"/>')
            parts.append(f'<text class="legend" x="{legend_x + 16}" y="{base}">{escape(s.name)}</text>')
    parts.append("</svg>")
    return "".join(parts)


SERIES_NUDGE = 2.5
"""Vertical offset between neighbouring series, in SVG units: small against the plot, enough to see both lines."""
LEGEND_ROW = 18
"""Height of one row of the legend; a legend too wide for one row wraps onto more."""
LEGEND_CHAR_W = 6.5
"""About the width of one character of the legend's 11-unit font, to lay entries out without measuring text."""


def _legend_rows(series: Sequence[Series]) -> list[list[tuple[float, Series]]]:
    """Each series' legend entry placed: rows of (x, series), wrapped at the chart's right edge."""
    rows: list[list[tuple[float, Series]]] = [[]]
    x = float(MARGIN_LEFT)
    for s in series:
        width = 16 + LEGEND_CHAR_W * len(s.name) + 16
        if rows[-1] and x + width > WIDTH - MARGIN_RIGHT:
            rows.append([])
            x = float(MARGIN_LEFT)
        rows[-1].append((x, s))
        x += width
    return rows


def _nice_top(value: float) -> float:
    """The data's top rounded up to a round number whose quarters are round too (300 for 210: 75, 150, 225)."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for f in (1, 2, 3, 4, 6, 8, 10):
        if f * power >= value:
            return f * power
    return 10 * power
