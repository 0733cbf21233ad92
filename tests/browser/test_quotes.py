"""Issue 18 in the browser: a person's Said section and the quotations page, and their links."""

from __future__ import annotations

from tests.browser.conftest import screenshot


def test_said_section_links_to_the_marked_sentence_in_the_article(tab, site_url):
    page = tab.page
    page.goto(site_url + "entities/adrienne-watson/")
    said = page.locator("section.said")
    assert said.locator("h2").inner_text() == "Said"
    items = said.locator(".said-list > li")
    assert items.count() == 2
    assert items.first.locator("blockquote").inner_text().startswith("“As we have warned publicly")
    screenshot(page, "quotes-said-section")
    items.first.locator("p.meta a").click()
    page.wait_for_load_state()
    assert page.url.endswith(
        "/articles/kim-jong-un-and-putin-plan-to-meet-in-russia-to-discuss-weapons/#quote-2"
    )
    target = page.locator(":target")
    assert target.get_attribute("data-speaker") == "Adrienne Watson"
    assert target.inner_text().startswith("As we have warned publicly")
    assert target.is_visible()
    top = target.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < page.viewport_size["height"]  # scrolled to the sentence
    # the speaker is shown after the quotation, by the theme's style
    label = target.evaluate("el => getComputedStyle(el, '::after').content")
    assert "Adrienne Watson" in label
    screenshot(page, "quotes-article-anchor")
    assert tab.errors == []


def test_quotations_page_from_the_navigation_groups_by_speaker(tab, site_url):
    page = tab.page
    page.goto(site_url)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Quotations").click()
    page.wait_for_load_state()
    assert page.url == site_url + "quotes/"
    headings = page.locator("section.speaker h2").all_inner_texts()
    assert headings[0] == "Lucian Kim"
    assert "Vladimir Putin" in headings and "Adrienne Watson" in headings
    putin = page.locator("section.speaker", has=page.locator("h2", has_text="Vladimir Putin"))
    assert putin.locator(".said-list > li").count() == 3
    assert putin.locator("blockquote em").first.inner_text() == "(Speaking Russian)"
    screenshot(page, "quotes-page")
    putin.locator("h2 a").click()
    page.wait_for_load_state()
    assert page.url == site_url + "entities/vladimir-putin/"
    assert page.locator("section.said .said-list > li").count() == 3
    page.goto(site_url + "quotes/")
    putin = page.locator("section.speaker", has=page.locator("h2", has_text="Vladimir Putin"))
    putin.locator(".said-list > li p.meta a").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("#quote-4")
    assert page.locator(":target").get_attribute("data-speaker") == "Vladimir Putin"
    assert tab.errors == []


def test_speaker_is_a_search_filter(tab, site_url):
    page = tab.page
    page.goto(site_url + "search/")
    box = page.locator('#search-filters input[name="speaker"][value="Adrienne Watson"]')
    box.wait_for(timeout=10_000)
    box.check()
    page.wait_for_selector("#search-results li", timeout=10_000)
    urls = page.locator("#search-results li h2 a").evaluate_all("els => els.map(a => a.href)")
    assert site_url + "entities/adrienne-watson/" in urls
    assert (
        site_url + "articles/kim-jong-un-and-putin-plan-to-meet-in-russia-to-discuss-weapons/"
        in urls
    )
    assert not any("north-korea-russia-summit" in url for url in urls)
    assert tab.errors == []
