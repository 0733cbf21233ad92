"""The reader's pages as rendered: search, graph, charts, citation, sharing metadata, links."""

from __future__ import annotations

from dossier.diagnostics import Diagnostics
from dossier.publish.link_check import check_links


def html(rendered, name: str) -> str:
    return rendered.files[name].decode()


def test_every_internal_link_and_asset_resolves(rendered):
    diagnostics = Diagnostics()
    assert check_links(rendered.files, diagnostics) > 0
    assert diagnostics.errors == []


def test_search_page_works_without_javascript_by_saying_so(rendered):
    page = html(rendered, "search/index.html")
    assert 'id="search-unavailable"' in page and "Search needs JavaScript" in page
    assert '<div class="search" id="search" data-root="../" hidden>' in page
    assert '<script src="../static/search.js" defer></script>' in page
    # The header search form is not repeated on the search page itself.
    assert 'class="site-search"' not in page
    assert 'class="site-search" role="search" action="../search/"' in html(
        rendered, "timeline/index.html"
    )


def test_only_content_pages_are_marked_for_the_search_index(rendered):
    marked = {name for name, data in rendered.files.items() if b"data-pagefind-body" in data}
    expected = {f"{n.url}index.html" for n in rendered.graph.all_nodes()}
    assert marked == expected


def test_graph_page_has_a_list_for_readers_without_javascript(rendered):
    page = html(rendered, "graph/index.html")
    assert '<div class="graph-view" id="graph-view" data-root="../" hidden>' in page
    assert '<details class="graph-list">' in page
    assert '<a href="../entities/maria-costa/">Maria Costa</a>' in page
    assert '<script src="../static/graph.js" defer></script>' in page
    assert "graph/" in html(rendered, "sitemap.xml")


def test_entity_page_shows_first_last_chart_and_neighbourhood(rendered):
    page = html(rendered, "entities/maria-costa/index.html")
    assert 'First: <a href="../../articles/port-deal-signed/">5 March 2024</a>' in page
    assert 'Last: <a href="../../articles/harbour-audit/">20 May 2024</a>' in page
    assert '<svg class="chart" id="mention-chart"' in page
    assert '<svg class="neighbourhood"' in page
    assert (
        'href="../../entities/meridian-logistics/">Meridian Logistics</a> <span class="count">2 shared articles</span>'
        in page
    )


def test_undated_mentions_are_counted_apart(rendered):
    page = html(rendered, "entities/meridian-logistics/index.html")
    assert "<span>1 undated</span>" in page
    assert "1970" not in page


def test_timeline_and_home_show_articles_by_month(rendered):
    for name in ("timeline/index.html", "index.html"):
        page = html(rendered, name)
        assert '<svg class="chart" id="articles-chart"' in page
        assert "2 articles from Mar 2024 to May 2024" in page


def test_article_has_a_cite_block_with_a_copy_button_hidden_until_scripted(rendered):
    page = html(rendered, "articles/port-deal-signed/index.html")
    assert '<h2 id="cite-heading">Cite this</h2>' in page
    assert (
        '<p class="cite-text" id="cite-text">Ana Kowalski. “Port deal signed in Lisbon.” '
        "Harbour Times, 5 March 2024. https://harbourtimes.example/2024/03/05/port-deal</p>"
    ) in page
    assert '<button type="button" class="copy-button" data-copy="cite-text" hidden>' in page


def test_sharing_metadata(rendered):
    page = html(rendered, "articles/port-deal-signed/index.html")
    url = "https://example.org/dossiers/harbour/articles/port-deal-signed/"
    for tag in (
        "<title>Port deal signed in Lisbon · Harbour Inquiry</title>",
        f'<link rel="canonical" href="{url}">',
        f'<meta property="og:url" content="{url}">',
        '<meta property="og:title" content="Port deal signed in Lisbon">',
        '<meta property="og:type" content="article">',
        '<meta property="article:published_time" content="2024-03-05">',
        '<meta name="description" content="Meridian Logistics signs a thirty-year port contract with Lisbon.">',
    ):
        assert tag in page


def test_landmarks_and_skip_link_on_every_page(rendered):
    for name, data in rendered.files.items():
        if name.endswith(".html"):
            page = data.decode()
            assert '<a class="skip-link" href="#main">' in page, name
            assert '<main id="main" tabindex="-1">' in page, name
            assert '<nav aria-label="Main">' in page and "<footer" in page, name
