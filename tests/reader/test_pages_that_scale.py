"""Pages that stay short as a dossier grows: the timeline by year, an entity's articles by year,
and chart bars that link to their month."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from dossier.build import BuildResult, render_project
from dossier.project import Project
from dossier.render.pages import QUOTED_ARTICLES


class Built:
    """A build's files and graph, with a short repr: a failing test prints its locals, and
    the whole site in a traceback takes minutes."""

    def __init__(self, result: BuildResult) -> None:
        self.files = result.files
        self.graph = result.graph

    def __repr__(self) -> str:
        return f"<built site of {len(self.files)} files>"


def html(rendered: Built | BuildResult, name: str) -> str:
    return rendered.files[name].decode()


@pytest.fixture(scope="module")
def many(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """60 articles over three years, each naming Ana Lima (in its text, so it is quoted)."""
    root = tmp_path_factory.mktemp("many")
    (root / "dossier.yml").write_text('title: "Many"\n', encoding="utf-8")
    articles = root / "content" / "articles"
    articles.mkdir(parents=True)
    start = dt.date(2021, 1, 10)
    for i in range(60):
        day = start + dt.timedelta(days=18 * i)
        (articles / f"story-{i:02}.md").write_text(
            f"---\ntitle: Story {i:02}\ndate: {day.isoformat()}\n"
            "entities:\n  - name: Ana Lima\n    type: person\n---\n\n"
            f"Ana Lima spoke on day {i}.\n",
            encoding="utf-8",
        )
    return Built(render_project(Project(root)))


def test_the_timeline_is_an_index_of_years_with_one_page_per_year(many):
    index = html(many, "timeline/index.html")
    years = sorted({a.date.year for a in many.graph.articles})
    assert years == [2021, 2022, 2023]
    for year in years:
        page = html(many, f"timeline/{year}/index.html")
        titles = re.findall(r'<li><a href="../../articles/[^"]+/">(Story \d+)</a>', page)
        expected = [a.title for a in many.graph.articles if a.date.year == year]
        assert titles == expected  # every article of the year, newest first, and no other
        assert f'<a href="../timeline/{year}/">{year}</a>' in index
        for month in {a.date.month for a in many.graph.articles if a.date.year == year}:
            anchor = f"m{year}-{month:02}"
            assert f'<h2 id="{anchor}">' in page
            assert f'href="../timeline/{year}/#{anchor}"' in index
        assert f"http://localhost:8000/timeline/{year}/" in html(many, "sitemap.xml")
    assert "Story" not in index  # the index lists years and months, not articles
    assert 'href="../../timeline/2022/" rel="next">2022' in html(many, "timeline/2021/index.html")
    assert 'href="../../timeline/2022/" rel="prev">' in html(many, "timeline/2023/index.html")


def test_chart_bars_link_to_their_month_on_the_year_page(many):
    home = html(many, "index.html")
    first = min(a.date for a in many.graph.articles)
    anchor = f"m{first.year}-{first.month:02}"
    assert re.search(
        f'<a href="./timeline/{first.year}/#{anchor}" tabindex="-1" aria-label="[^"]+"><rect', home
    )
    year_page = html(many, f"timeline/{first.year}/index.html")
    assert re.search(
        f'<a href="../../timeline/{first.year}/#{anchor}" tabindex="-1" aria-label="[^"]+"><rect',
        year_page,
    )


def test_an_entity_page_quotes_the_latest_articles_and_lists_the_rest_by_year(many):
    page = html(many, "entities/ana-lima/index.html")
    assert page.count('<blockquote class="mention-sentence">') == QUOTED_ARTICLES
    groups = re.findall(r'<details class="year-group" id="y(\d+)">', page)
    older = many.graph.articles[QUOTED_ARTICLES:]
    assert groups == [str(y) for y in sorted({a.date.year for a in older}, reverse=True)]
    listed = re.findall(
        r'<li(?: id="[^"]+")?><a href="../../articles/[^"]+/">(Story \d+)</a>', page
    )
    assert listed == [a.title for a in older]
    # every bar of the mention chart leads to an entry of its month on the page
    targets = re.findall(r'<a href="#(m\d{4}-\d\d)" tabindex="-1" aria-label="[^"]+"><rect', page)
    assert len(targets) == len({(a.date.year, a.date.month) for a in many.graph.articles})
    for target in targets:
        assert page.count(f'id="{target}"') == 1


def test_a_short_entity_page_has_no_year_groups(rendered):
    page = html(rendered, "entities/maria-costa/index.html")
    assert "year-group" not in page
