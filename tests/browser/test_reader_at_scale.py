"""The reader at scale: a generated dossier of 1,000 articles and 300 entities in Chromium.

The corpus comes from bench/gen_corpus.py's own functions, is built once for the
module, and is served from a sub-path like the example dossier.
"""

from __future__ import annotations

import functools
import importlib.util
import json
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.browser.conftest import AXE, DESKTOP, PHONE, _QuietHandler, screenshot
from tests.browser.test_accessibility import RUN_AXE
from tests.conftest import REPO, run_dossier

ARTICLES = 1000


def _gen_corpus():
    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "bench" / "gen_corpus.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def large_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,000 generated articles built into ``<www>/sub/`` (no search index: not tested here)."""
    gen = _gen_corpus()
    work = tmp_path_factory.mktemp("large")
    articles = work / "project" / "content" / "articles"
    articles.mkdir(parents=True)
    (work / "project" / "dossier.yml").write_text(
        'title: "A thousand articles"\n', encoding="utf-8"
    )
    entities, authors, kinds = gen.make_pools(1)
    for i in range(ARTICLES):
        meta, body = gen.article(1, i, entities, authors)
        text = gen.front_matter(meta, "dossier", kinds) + body
        (articles / f"{meta['slug']}.md").write_text(text, encoding="utf-8")
    www = work / "www"
    built = run_dossier(
        "build", "-C", str(work / "project"), "--out", str(www / "sub"), "--no-search",
        "--base-url", "http://127.0.0.1/sub/", timeout=600,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    return www


@pytest.fixture(scope="module")
def large_url(large_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(large_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sub/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def graph_json(large_site: Path) -> dict:
    return json.loads((large_site / "sub" / "graph.json").read_text(encoding="utf-8"))


def _busiest_entity(large_site: Path) -> str:
    pages = (large_site / "sub" / "entities").glob("*/index.html")
    return max(pages, key=lambda p: p.stat().st_size).parent.name


# Boxes on screen: every visible label, and every drawn dot with the entity it stands for.
LAYOUT = """() => {
  const box = r => ({x: r.left, y: r.top, w: r.width, h: r.height});
  const labels = [...document.querySelectorAll('#graph-canvas .labels text')]
    .filter(t => getComputedStyle(t).visibility === 'visible')
    .map(t => ({id: t.dataset.id, name: t.textContent, ...box(t.getBoundingClientRect())}));
  const dots = [...document.querySelectorAll('#graph-canvas .node')]
    .map(g => ({id: g.dataset.id, ...box(g.querySelector('circle').getBoundingClientRect())}));
  const lines = [...document.querySelectorAll('#graph-canvas line')].map(l => l.dataset.pair);
  const canvas = box(document.getElementById('graph-canvas').getBoundingClientRect());
  return {labels, dots, lines, canvas};
}"""


def _overlap(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (
        a["x"] + slack < b["x"] + b["w"]
        and b["x"] + slack < a["x"] + a["w"]
        and a["y"] + slack < b["y"] + b["h"]
        and b["y"] + slack < a["y"] + a["h"]
    )


def _strongest_pairs(graph_json: dict, n: int) -> list[tuple[str, str]]:
    links = sorted(
        graph_json["links"],
        key=lambda lk: (-lk["strength"], -lk["shared"], lk["source"], lk["target"]),
    )
    return [(lk["source"], lk["target"]) for lk in links[:n]]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_default_graph_view_names_dots_without_overlap(open_tab, large_url, graph_json, viewport):
    tab = open_tab(viewport)
    tab.page.goto(large_url + "graph/")
    layout = tab.page.evaluate(LAYOUT)
    labels, dots = layout["labels"], layout["dots"]
    assert 20 <= len(dots) <= 60  # the strongest part, not all 300 entities
    assert len(labels) >= (20 if viewport is DESKTOP else 10)
    for i, a in enumerate(labels):
        inside = layout["canvas"]
        assert inside["x"] - 1 <= a["x"] and a["x"] + a["w"] <= inside["x"] + inside["w"] + 1, a
        for b in labels[i + 1 :]:
            assert not _overlap(a, b), (a["name"], b["name"])
        for dot in dots:
            if dot["id"] != a["id"]:
                assert not _overlap(a, dot), (a["name"], "covers", dot["id"])
    # the strongest pairs are drawn, joined, and (where there is room for names) named
    named = {label["id"] for label in labels}
    drawn = {dot["id"] for dot in dots}
    for a, b in _strongest_pairs(graph_json, 3):
        assert a in drawn and b in drawn
        assert f"{a} {b}" in layout["lines"] or f"{b} {a}" in layout["lines"]
        if viewport is DESKTOP:
            assert a in named and b in named
    assert tab.errors == []


def test_search_and_click_focus_one_neighbourhood(open_tab, large_url, graph_json):
    page = open_tab(DESKTOP).page
    page.goto(large_url + "graph/")
    drawn = set(page.eval_on_selector_all("#graph-canvas .node", "gs => gs.map(g => g.dataset.id)"))
    names = {n["id"]: n["name"] for n in graph_json["nodes"]}
    hidden = next(
        slug for slug in names if slug not in drawn and any(
            slug in (lk["source"], lk["target"]) for lk in graph_json["links"]
        )
    )  # fmt: skip
    page.fill("#graph-search", names[hidden])
    page.press("#graph-search", "Enter")
    centre = page.locator("#graph-canvas .node.centre")
    assert centre.get_attribute("data-id") == hidden
    partners = {
        lk["source"] if lk["target"] == hidden else lk["target"]
        for lk in graph_json["links"]
        if hidden in (lk["source"], lk["target"])
    }
    shown = set(page.eval_on_selector_all("#graph-canvas .node", "gs => gs.map(g => g.dataset.id)"))
    assert shown - {hidden} and shown - {hidden} <= partners
    layout = page.evaluate(LAYOUT)
    for i, a in enumerate(layout["labels"]):
        for b in layout["labels"][i + 1 :]:
            assert not _overlap(a, b), (a["name"], b["name"])
    link = page.locator("#graph-status a")
    assert link.get_attribute("href").endswith(f"entities/{hidden}/")
    # a click on a neighbour focuses that one in turn; the button goes back to the overview
    other = sorted(shown - {hidden})[0]
    page.locator(f'#graph-canvas .node[data-id="{other}"] circle').click()
    assert centre.get_attribute("data-id") == other
    page.click("#graph-overview")
    assert page.locator("#graph-canvas .node.centre").count() == 0
    assert (
        set(page.eval_on_selector_all("#graph-canvas .node", "gs => gs.map(g => g.dataset.id)"))
        == drawn
    )


def test_keyboard_focuses_a_dot_and_the_strength_control_thins_the_graph(open_tab, large_url):
    page = open_tab(DESKTOP).page
    page.goto(large_url + "graph/")
    before = page.locator("#graph-canvas line").count()
    page.locator("#graph-strength").fill("0.5")
    after = page.locator("#graph-canvas line").count()
    assert 0 < after < before or after == 0 < before
    page.locator("#graph-strength").fill("0.1")
    first = page.locator("#graph-canvas .node").first
    first.focus()
    page.keyboard.press("Enter")
    assert page.locator("#graph-canvas .node.centre").get_attribute(
        "data-id"
    ) == first.get_attribute("data-id")


def test_timeline_index_and_year_pages_link_to_each_other(open_tab, large_url, large_site):
    page = open_tab(DESKTOP).page
    page.goto(large_url + "timeline/")
    years = page.eval_on_selector_all(".timeline-years h2 a", "as => as.map(a => a.href)")
    assert len(years) == 6  # gen_corpus spreads articles over 2020-2025
    months = page.eval_on_selector_all(".timeline-months a", "as => as.map(a => a.href)")
    assert len(months) == 72
    total = 0
    for url in months[::7]:  # a sample: each month link lands on its heading
        page.goto(url)
        anchor = url.split("#", 1)[1]
        assert page.locator(f"#{anchor}").is_visible()
        total += 1
    # a chart bar on the index leads to its month on the year page
    page.goto(large_url + "timeline/")
    page.locator("#articles-chart a").nth(30).click()
    page.wait_for_url("**/timeline/*/#m*")
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"h2#{anchor}").is_visible()
    # the year pages hold every article once
    listed = 0
    for url in years:
        page.goto(url)
        listed += page.locator(".compact-list li").count()
    assert listed == ARTICLES and total


def test_an_entity_with_hundreds_of_articles_is_short_and_its_chart_links_into_it(
    open_tab, large_url, large_site
):
    slug = _busiest_entity(large_site)
    page = open_tab(DESKTOP).page
    page.goto(large_url + f"entities/{slug}/")
    count = int(page.locator(".entity header .meta").inner_text().split()[0])
    assert count >= 150
    assert page.locator(".mentions > li").count() == 30
    groups = page.locator("details.year-group")
    assert groups.count() >= 3
    assert all(not g.get_attribute("open") for g in groups.all())  # collapsed, without script
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height < 12000
    # the oldest month's bar opens the year that holds it
    page.locator("#mention-chart a").first.click()
    anchor = page.url.split("#", 1)[1]
    assert page.locator(f"#{anchor}").is_visible()


CHART_TEXT = """() => [...document.querySelectorAll('svg.chart')].map(svg => {
  const outer = svg.getBoundingClientRect();
  return {outer: {x: outer.left, y: outer.top, w: outer.width, h: outer.height},
    texts: [...svg.querySelectorAll('text')].map(t => {
      const r = t.getBoundingClientRect();
      return {text: t.textContent, x: r.left, y: r.top, w: r.width, h: r.height};
    })};
})"""


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_chart_labels_fit_inside_their_chart(open_tab, large_url, large_site, viewport):
    page = open_tab(viewport).page
    for path in ("", "timeline/", f"entities/{_busiest_entity(large_site)}/", "timeline/2023/"):
        page.goto(large_url + path)
        charts = page.evaluate(CHART_TEXT)
        assert charts, path
        for chart in charts:
            outer, texts = chart["outer"], chart["texts"]
            for i, t in enumerate(texts):
                assert (
                    outer["x"] - 0.5 <= t["x"] and t["x"] + t["w"] <= outer["x"] + outer["w"] + 0.5
                ), (path, t)
                for u in texts[i + 1 :]:
                    assert not _overlap(t, u), (path, t["text"], u["text"])
            assert any(t["text"] == "2020" for t in texts) or path == "timeline/2023/"


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run npm install --prefix tests/browser")
    return AXE.read_text(encoding="utf-8")


def _page_of(kind: str, large_site: Path) -> str:
    return {
        "graph": "graph/", "timeline": "timeline/", "year": "timeline/2023/",
        "entity": f"entities/{_busiest_entity(large_site)}/",
    }[kind]  # fmt: skip


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("kind", ["graph", "timeline", "year", "entity"])
def test_screenshots_at_scale(open_tab, large_url, large_site, kind, viewport):
    """``scale-<kind>-<width>.png`` in tests/screenshots/, to look at; no page scrolls sideways."""
    tab = open_tab(viewport)
    tab.page.goto(large_url + _page_of(kind, large_site))
    overflow = tab.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{kind} scrolls sideways by {overflow}px at {viewport['width']}px"
    assert screenshot(tab.page, f"scale-{kind}-{viewport['width']}").stat().st_size > 5_000
    assert tab.errors == []


@pytest.mark.parametrize("kind", ["graph", "timeline", "year", "entity"])
def test_no_serious_accessibility_violations_at_scale(
    open_tab, large_url, large_site, axe_source, kind
):
    page = open_tab(DESKTOP).page
    page.goto(large_url + _page_of(kind, large_site))
    page.add_script_tag(content=axe_source)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = page.evaluate(RUN_AXE)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], (scheme, serious)
