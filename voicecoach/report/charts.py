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
    top = y_max if y_max is not None else _nice_top(max((v for s in series for v in s.values if v is not None), default=1))
    plot_w = WIDTH - MARGIN_LEFT - MARGIN_RIGHT
    plot_h = HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

    def x(i: int) -> float:
        return MARGIN_LEFT + (plot_w / 2 if n == 1 else plot_w * i / (n - 1))

    def y(v: float) -> float:
        return MARGIN_TOP + plot_h * (1 - min(v, top) / top)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{escape(title)}" '
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
            parts.append(f'<text class="tick" x="{x(i):.1f}" y="{HEIGHT - MARGIN_BOTTOM + 16}" text-anchor="middle">'
                         f"{escape(label)}</text>")
    for s in series:
        points = [(x(i), y(v)) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline class="series" fill="none" stroke="{s.colour}" stroke-width="2.5" points="{path}">'
                         f"<title>{escape(s.name)}</title></polyline>")
        for i, v in enumerate(s.values):
            if v is not None:
                value = f"{v:.0%}" if percent else f"{v:.1f}"
                parts.append(f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="4" fill="{s.colour}">'
                             f"<title>{escape(s.name)}, {escape(labels[i])}: {value}</title></circle>")
    legend_x = MARGIN_LEFT
    for s in series:  # the legend runs along the bottom, one swatch and name per series
        parts.append(f'<rect x="{legend_x}" y="{HEIGHT - 14}" width="12" height="12" fill="{s.colour}"/>')
        parts.append(f'<text class="legend" x="{legend_x + 16}" y="{HEIGHT - 4}">{escape(s.name)}</text>')
        legend_x += 24 + 7 * len(s.name)
    parts.append("</svg>")
    return "".join(parts)


def _nice_top(value: float) -> float:
    """The data's top rounded up to 1, 2 or 5 times a power of ten, so the gridlines get round numbers."""
    if value <= 0:
        return 1.0
    power = 1.0
    while power * 10 <= value:
        power *= 10
    while power > value:
        power /= 10
    for f in (1, 2, 5, 10):
        if f * power >= value:
            return f * power
    return 10 * power
