"""Inline SVG bar charts of counts by month, drawn at build time.

The site loads no chart library: each chart is a few hundred bytes of SVG
written straight into the page, so it shows without JavaScript, prints, and
is the same bytes for the same content. Each chart carries a text title and
description for screen readers; bars carry a ``<title>`` for hover and may link to
their month (a mouse shortcut: the same months are links in the page's text).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from functools import lru_cache
from html import escape
from typing import NamedTuple

from markupsafe import Markup

WIDTH = 480
HEIGHT = 126
PLOT_TOP = 16
PLOT_BOTTOM = 86  # bars end here; month and year labels go below
MONTH_LINE = 101
YEAR_LINE = 120
MIN_MONTHS = 12  # a short span is drawn inside a year of context, not as one wide block
MAX_MONTH_BARS = 120  # longer spans are drawn by year so bars stay visible
MAX_BAR = 26
LABEL_SPACING = 44  # minimum distance between two year labels' centres
MONTH_SPACING = 36  # and between two month names' (three letters)
CHAR_WIDTH = 10  # a generous width of one label character (a phone draws them larger)


class Bar(NamedTuple):
    """One bar of a chart; a tuple, as every entity page draws up to MAX_MONTH_BARS of them."""

    year: int
    month: int | None  # None when the bar is a whole year
    count: int

    @property
    def label(self) -> str:
        return _label(self.year, self.month)


_MONTH_NAMES = [dt.date(2000, month, 1).strftime("%b") for month in range(1, 13)]


@lru_cache(maxsize=4096)  # pages chart the same months over and over
def _label(year: int, month: int | None) -> str:
    return str(year) if month is None else dt.date(year, month, 1).strftime("%b %Y")


def bars_by_month(counts: Counter[tuple[int, int]]) -> list[Bar]:
    """One bar per month around the counted ones (empty months included), or per year if long."""
    if not counts:
        return []
    (y0, m0), (y1, m1) = min(counts), max(counts)
    first, last = y0 * 12 + m0 - 1, y1 * 12 + m1 - 1
    if last - first + 1 > MAX_MONTH_BARS:
        years: Counter[int] = Counter()
        for (year, _), n in counts.items():
            years[year] += n
        return [Bar(y, None, years[y]) for y in range(y0, y1 + 1)]
    missing = max(0, MIN_MONTHS - (last - first + 1))
    first -= missing // 2
    last += missing - missing // 2
    return [
        Bar(i // 12, i % 12 + 1, counts.get((i // 12, i % 12 + 1), 0))
        for i in range(first, last + 1)
    ]


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _inside(x: float, text: str) -> float:
    """The centre nearest ``x`` at which ``text`` fits between the chart's edges."""
    half = len(text) * CHAR_WIDTH / 2
    return min(max(x, half), WIDTH - half)


def _labels(bars: list[Bar], step: float) -> list[str]:
    """Short month names under months with a count, years under each January (and the start),
    moved inwards where they would cross the chart's edge."""
    out: list[str] = []
    last_month, last_year = -float(MONTH_SPACING), -float(LABEL_SPACING)
    for i, bar in enumerate(bars):
        centre = i * step + step / 2
        if bar.month is not None and bar.count:
            x = _inside(centre, "Mmm")
            if x - last_month >= MONTH_SPACING:
                last_month = x
                name = _MONTH_NAMES[bar.month - 1]
                out.append(f'<text x="{_fmt(x)}" y="{MONTH_LINE}" text-anchor="middle">{name}</text>')
        if i == 0 or bar.month in (None, 1):
            x = _inside(centre, str(bar.year))
            if x - last_year >= LABEL_SPACING:
                last_year = x
                out.append(
                    f'<text class="year" x="{_fmt(x)}" y="{YEAR_LINE}" text-anchor="middle">{bar.year}</text>'
                )
    return out


def count_chart(
    dated: Iterable[tuple[dt.date, int]],
    chart_id: str,
    title: str,
    noun: str = "mention",
    link: Callable[[Bar], str | None] | None = None,
) -> Markup:
    """A bar chart of ``(date, count)`` pairs summed by month; empty markup when nothing is dated.

    With ``link``, each bar it gives an address for is a link there, named like its bar
    and kept out of the tab order (the page's text links the same months); the chart is
    then a group rather than an image, which may hold no links.
    """
    counts: Counter[tuple[int, int]] = Counter()
    for when, n in dated:
        counts[(when.year, when.month)] += n
    bars = bars_by_month(counts)
    if not bars:
        return Markup("")
    peak = max(b.count for b in bars)
    step = WIDTH / len(bars)
    width = min(MAX_BAR, step * 0.8)
    scale = (PLOT_BOTTOM - PLOT_TOP) / peak
    total = sum(b.count for b in bars)
    busiest = max(bars, key=lambda b: b.count)
    counted = [b for b in bars if b.count]
    summary = (
        f"{total} {noun}{'s' * (total != 1)} from {counted[0].label} to {counted[-1].label}; "
        f"most in {busiest.label} ({busiest.count})."
    )
    role = "group" if link else "img"  # an image holds no links for assistive technology
    parts = [
        f'<svg class="chart" id="{chart_id}" viewBox="0 0 {WIDTH} {HEIGHT}" role="{role}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
        f'<line class="axis" x1="0" y1="{PLOT_BOTTOM}" x2="{WIDTH}" y2="{PLOT_BOTTOM}"/>',
    ]
    for i, bar in enumerate(bars):
        if bar.count:
            h = max(1.5, bar.count * scale)
            x = i * step + (step - width) / 2
            what = f"{escape(bar.label)}: {bar.count} {noun}{'s' * (bar.count != 1)}"
            rect = (
                f'<rect x="{_fmt(x)}" y="{_fmt(PLOT_BOTTOM - h)}" width="{_fmt(width)}" '
                f'height="{_fmt(h)}"><title>{what}</title></rect>'
            )
            href = link(bar) if link else None
            parts.append(
                f'<a href="{escape(href)}" tabindex="-1" aria-label="{what}">{rect}</a>'
                if href
                else rect
            )
    parts += _labels(bars, step)
    parts.append(f'<text class="peak" x="{WIDTH - 2}" y="12" text-anchor="end">max {peak}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
