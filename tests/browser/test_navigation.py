"""Issue 2: the built example dossier is browsable in a real browser, from a sub-path."""

from __future__ import annotations

from tests.browser.conftest import screenshot


def test_article_to_entity_and_back_through_backlink(tab, site_url):
    """An entity page lists every article that mentions it: the way back to where we came from."""
    page = tab.page
    page.goto(site_url)
    page.locator(".article-list a").first.click()
    page.wait_for_url("**/sub/articles/*/")
    article_url = page.url
    article_title = page.locator("h1").inner_text()

    page.locator(".article-aside a.chip", has_text="Kim Jong Un").first.click()
    page.wait_for_url("**/sub/entities/kim-jong-un/")
    assert page.locator("h1").inner_text() == "Kim Jong Un"

    backlink = page.locator(".mentions > li > a", has_text=article_title)
    backlink.first.click()
    page.wait_for_url(article_url)
    assert page.locator("h1").inner_text() == article_title
    assert screenshot(page, "navigation-back-on-article").stat().st_size > 10_000
    assert tab.errors == []
