"""Inline SVG charts: the right bars, readable for screen readers, same bytes every time."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from dossier.render.charts import MIN_MONTHS, bars_by_month, count_chart


def test_a_short_span_is_shown_inside_a_year_with_its_empty_months():
    bars = bars_by_month(Counter({(2023, 9): 3, (2023, 11): 1}))
    assert len(bars) == MIN_MONTHS
    counted = [(b.label, b.count) for b in bars if b.count]
    assert counted == [("Sep 2023", 3), ("Nov 2023", 1)]
    assert [b.label for b in bars].index("Oct 2023") == [b.label for b in bars].index(
        "Sep 2023"
    ) + 1


def test_a_span_over_ten_years_is_drawn_by_year():
    bars = bars_by_month(Counter({(2001, 1): 2, (2001, 7): 1, (2015, 3): 4}))
    assert [b.label for b in bars][:2] == ["2001", "2002"]
    assert bars[0].count == 3 and bars[-1].label == "2015" and bars[-1].count == 4
    assert sum(b.count for b in bars) == 7


def test_chart_has_one_bar_per_counted_month_and_a_text_alternative():
    dated = [(dt.date(2019, 4, 25), 2), (dt.date(2023, 9, 5), 5), (dt.date(2023, 9, 12), 1)]
    svg = str(count_chart(dated, "c1", "Mentions of <Kim>"))
    assert svg.startswith('<svg class="chart" id="c1"') and 'role="img"' in svg
    assert svg.count("<rect") == 2
    assert "<title>Sep 2023: 6 mentions</title>" in svg
    assert '<title id="c1-title">Mentions of &lt;Kim&gt;</title>' in svg
    assert "8 mentions from Apr 2019 to Sep 2023; most in Sep 2023 (6)." in svg
    assert ">2019</text>" in svg and ">2023</text>" in svg
    assert svg == str(count_chart(list(reversed(dated)), "c1", "Mentions of <Kim>"))


def test_nothing_dated_gives_no_chart():
    assert str(count_chart([], "c", "Nothing")) == ""
