"""Small server-side SVG charts: no script, no library, readable without colour.

`bar_chart` draws horizontal bars, one group per label (producers, pickup
points); `line_chart` draws one line per series over evenly spaced labels
(weeks). Each returns safe SVG markup for a template, with a <title> and an
aria-label, and every value also written as text or in a tooltip.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#2f6b3a", "#d08a1e", "#3b6ea8", "#a23b5a")
FONT = 'font-family="system-ui, sans-serif" font-size="12"'


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[Decimal | int | float]
    colour: str = ""


def nice_ceiling(value: float) -> float:
    """The round number (1, 2, 2.5 or 5 × 10ⁿ) at or above `value`, for the axis."""
    if value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude


def _number(value, decimals: int) -> str:
    return number_format(Decimal(str(value)), decimals, use_l10n=True, force_grouping=True)


def _colours(series: Sequence[Series]) -> list[str]:
    return [s.colour or PALETTE[i % len(PALETTE)] for i, s in enumerate(series)]


def _legend(series: Sequence[Series], colours: list[str], x: int, y: int) -> list[str]:
    parts, offset = [], x
    for s, colour in zip(series, colours, strict=True):
        parts.append(
            f'<rect x="{offset}" y="{y - 10}" width="12" height="12" fill="{colour}"/>'
            f'<text x="{offset + 16}" y="{y}">{escape(s.name)}</text>'
        )
        offset += 28 + 7 * len(s.name)
    return parts


def _svg(width: int, height: int, title: str, body: list[str]) -> SafeString:
    return mark_safe(  # noqa: S308 - every text part above is escaped
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-label="{escape(title)}" {FONT}>'
        f"<title>{escape(title)}</title>{''.join(body)}</svg>"
    )


def bar_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    decimals: int = 0,
    width: int = 720,
    label_width: int = 170,
    bar_height: int = 14,
) -> SafeString:
    """Horizontal grouped bars: for each label, one bar per series, value written after it."""
    colours = _colours(series)
    top, gap = 30, 10
    group = bar_height * len(series) + gap
    height = top + group * max(len(labels), 1) + 10
    values = [float(v) for s in series for v in s.values]
    scale_max = nice_ceiling(max(values, default=0))
    plot = width - label_width - 70
    body = _legend(series, colours, label_width, 16)
    for tick in range(5):
        x = label_width + plot * tick / 4
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 10}" stroke="#e3e8e1"/>'
        )
    for row, label in enumerate(labels):
        y = top + row * group
        short = label if len(label) <= 26 else label[:25] + "…"
        body.append(
            f'<text x="{label_width - 8}" y="{y + group / 2:.1f}" text-anchor="end">'
            f"<title>{escape(label)}</title>{escape(short)}</text>"
        )
        for index, (s, colour) in enumerate(zip(series, colours, strict=True)):
            value = float(s.values[row])
            length = max(plot * value / scale_max, 0)
            by = y + index * bar_height
            text = _number(s.values[row], decimals)
            body.append(
                f'<rect x="{label_width}" y="{by}" width="{length:.1f}" height="{bar_height - 2}" '
                f'fill="{colour}"><title>{escape(s.name)}: {text}</title></rect>'
                f'<text x="{label_width + length + 4:.1f}" y="{by + bar_height - 4}" '
                f'fill="#333">{text}</text>'
            )
    return _svg(width, height, title, body)


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    decimals: int = 0,
    width: int = 720,
    height: int = 240,
    max_ticks: int = 8,
) -> SafeString:
    """One line per series over the labels (e.g. weeks), with a few labels on the axis."""
    colours = _colours(series)
    left, right, top, bottom = 56, 12, 30, 28
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for s in series for v in s.values]
    scale_max = nice_ceiling(max(values, default=0))
    count = max(len(labels), 1)
    step_x = plot_w / max(count - 1, 1)
    body = _legend(series, colours, left, 16)
    ticks = [scale_max * tick / 4 for tick in range(5)]
    tick_decimals = 0 if all(float(t).is_integer() for t in ticks) else 1
    for tick, value in enumerate(ticks):
        y = top + plot_h - plot_h * tick / 4
        body.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#e3e8e1"/>'
            f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#555">'
            f"{_number(value, tick_decimals)}</text>"
        )
    every = max(math.ceil(count / max_ticks), 1)
    for index, label in enumerate(labels):
        if index % every == 0:
            x = left + step_x * index
            body.append(
                f'<text x="{x:.1f}" y="{height - 8}" text-anchor="middle" fill="#555">'
                f"{escape(label)}</text>"
            )
    for s, colour in zip(series, colours, strict=True):
        points = [
            (left + step_x * i, top + plot_h - plot_h * float(v) / scale_max)
            for i, v in enumerate(s.values)
        ]
        if not points:
            continue
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for (x, y), label, value in zip(points, labels, s.values, strict=True):
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.5" fill="{colour}">'
                f"<title>{escape(label)} · {escape(s.name)}: {_number(value, decimals)}</title>"
                "</circle>"
            )
    return _svg(width, height, title, body)
