"""Issue 6: search, timeline, entity graph, link previews, citation, on the built example dossier."""

from __future__ import annotations

import re

import pytest

SEARCH_WAIT = 10_000


def result_urls(page) -> list[str]:
    page.wait_for_selector("#search-results li", timeout=SEARCH_WAIT)
    return page.locator("#search-results li h2 a").evaluate_all("els => els.map(a => a.href)")


def test_search_for_a_place_finds_every_article_about_it(tab, site_url, example_site):
    page = tab.page
    page.goto(site_url + "search/?q=Vladivostok")
    urls = result_urls(page)
    articles = sorted(
        p.parent.name
        for p in (example_site / "sub" / "articles").glob("*/index.html")
        if "Vladivostok" in p.read_text(encoding="utf-8")
    )
    assert articles, "the example has articles about Vladivostok"
    for slug in articles:
        assert f"{site_url}articles/{slug}/" in urls
    assert f"{site_url}entities/vladivostok/" in urls
    assert re.match(r"\d+ results? for “Vladivostok”", page.locator("#search-status").inner_text())
    first = page.locator("#search-results li").first
    assert first.locator(".badge").inner_text().lower() in ("article", "entity", "topic")
    assert first.locator(".excerpt mark").count() >= 1
    assert tab.errors == []


def test_phrase_search_and_type_filter(tab, site_url):
    page = tab.page
    page.goto(site_url + "search/")
    page.fill("#search-input", '"Kim Jong Un"')
    page.press("#search-input", "Enter")
    urls = result_urls(page)
    assert f"{site_url}entities/kim-jong-un/" in urls
    assert "q=%22Kim+Jong+Un%22" in page.url

    page.check("#search-filters input[name=type][value=Entity]")
    page.wait_for_function(
        "() => [...document.querySelectorAll('#search-results .badge')]"
        ".every(b => b.textContent === 'Entity')"
    )
    badges = page.locator("#search-results .badge").all_text_contents()
    assert badges and set(badges) == {"Entity"}
    for name in ("entity_type", "topic", "source"):
        assert page.locator(f"#search-filters input[name={name}]").count() >= 1


def test_search_page_without_javascript_says_so(open_tab, site_url):
    page = open_tab(java_script_enabled=False).page
    page.goto(site_url + "search/?q=Putin")
    assert page.locator("#search-unavailable").is_visible()
    assert "needs JavaScript" in page.locator("#search-unavailable").inner_text()
    assert not page.locator("#search").is_visible()


@pytest.mark.parametrize("path", ["timeline/", "graph/", "entities/kim-jong-un/", ""])
def test_pages_render_without_console_errors(tab, site_url, path):
    tab.page.goto(site_url + path)
    tab.page.wait_for_load_state("load")
    assert tab.errors == []


def test_timeline_lists_years_and_months_and_undated_apart(tab, site_url, example_site):
    page = tab.page
    page.goto(site_url + "timeline/")
    assert page.locator(".timeline-months a").count() >= 1
    assert page.locator("#articles-chart rect").count() >= 1
    undated = page.locator("section.undated li")
    assert undated.count() == page.locator("section.undated li", has_text="undated").count()
    assert "1970" not in page.locator("main").inner_text()
    page.locator(".timeline-months a").first.click()
    page.wait_for_url("**/sub/timeline/*/#m*")
    assert page.locator("section.month h2").count() >= 1
    assert page.locator(".compact-list a").count() >= 1


def test_entity_page_shows_when_and_with_whom(tab, site_url):
    page = tab.page
    page.goto(site_url + "entities/kim-jong-un/")
    chart = page.locator("svg#mention-chart")
    assert chart.get_attribute("role") == "group"  # its bars link to their months
    assert "Mentions of Kim Jong Un by month" in chart.locator("title").first.text_content()
    assert chart.locator("rect").count() >= 1
    assert page.locator(".first-last").inner_text().startswith("First:")
    neighbours = page.locator("ol.neighbours li")
    assert neighbours.count() >= 3
    assert any("Vladimir Putin" in text for text in neighbours.all_inner_texts())
    assert page.locator("svg.neighbourhood").get_attribute("aria-label").startswith("Kim Jong Un")


def test_clicking_a_graph_node_focuses_it_and_links_its_page(tab, site_url):
    page = tab.page
    page.goto(site_url + "graph/")
    assert page.locator("#graph-canvas .node").count() >= 20
    page.locator('#graph-canvas .node[data-id="kim-jong-un"] circle').click()
    assert page.locator("#graph-canvas .node.centre").get_attribute("data-id") == "kim-jong-un"
    page.locator("#graph-status a").click()
    page.wait_for_url("**/sub/entities/kim-jong-un/")
    assert tab.errors == []


def test_graph_pans_and_zooms(tab, site_url):
    page = tab.page
    page.goto(site_url + "graph/")
    viewport = page.locator("#graph-canvas g.viewport")
    page.click("button[data-zoom=in]")
    zoomed = viewport.get_attribute("transform")
    assert "scale(1.4" in zoomed
    box = page.locator("#graph-canvas").bounding_box()
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    page.mouse.move(box["x"] + 120, box["y"] + 80, steps=5)
    page.mouse.up()
    assert viewport.get_attribute("transform") != zoomed
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.mouse.wheel(0, -300)
    assert viewport.get_attribute("transform") != zoomed


def test_hover_and_focus_show_link_previews(tab, site_url):
    page = tab.page
    page.goto(site_url + "entities/kim-jong-un/")
    article_link = page.locator(".mentions > li > a").first
    title = article_link.inner_text()
    article_link.hover()
    preview = page.locator("#dossier-preview")
    preview.wait_for(state="visible", timeout=3000)
    assert preview.locator(".preview-title").inner_text() == title
    assert preview.locator(".preview-summary").inner_text()
    assert article_link.get_attribute("aria-describedby") == "dossier-preview"
    page.keyboard.press("Escape")
    preview.wait_for(state="hidden")

    neighbour = page.locator("ol.neighbours a").first
    neighbour.focus()
    preview.wait_for(state="visible", timeout=3000)
    assert preview.locator(".preview-title").inner_text() == neighbour.inner_text()
    assert re.match(
        r"(Person|Place|Organization|Other) · \d+ articles?",
        preview.locator(".preview-kind").inner_text(),
    )


def test_cite_block_copies_the_citation(open_tab, site_url):
    tab = open_tab(permissions=["clipboard-read", "clipboard-write"])
    page = tab.page
    page.goto(site_url)
    page.locator(".article-list a").first.click()
    cite = page.locator("section.cite")
    text = cite.locator(".cite-text").inner_text()
    assert page.locator("h1").inner_text().rstrip(".") in text
    page.click("button.copy-button")
    page.wait_for_function(
        "() => document.querySelector('.copy-status').textContent.includes('Copied')"
    )
    assert page.evaluate("navigator.clipboard.readText()") == text


def test_sharing_metadata(tab, site_url):
    page = tab.page
    page.goto(site_url + "entities/kim-jong-un/")
    head = {
        name: page.locator(f'meta[property="{name}"]').get_attribute("content")
        for name in ("og:title", "og:url", "og:type", "og:description")
    }
    assert head["og:title"] == "Kim Jong Un"
    assert head["og:url"].endswith("/entities/kim-jong-un/")
    assert page.locator('link[rel="canonical"]').get_attribute("href") == head["og:url"]
    assert page.locator('meta[name="description"]').get_attribute("content")
