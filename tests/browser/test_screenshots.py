"""Screenshots of the main page types at desktop and phone widths, for a person to look at.

Saved in tests/screenshots/ (git-ignored). Each test also checks the page does
not scroll sideways, the usual sign of a layout broken on a narrow screen.
"""

from __future__ import annotations

import pytest

from tests.browser.conftest import DESKTOP, PHONE, screenshot

PAGES = {
    "home": "",
    "article": "articles/kim-jong-un-and-putin-plan-to-meet-in-russia-to-discuss-weapons/",
    "entity": "entities/kim-jong-un/",
    "graph": "graph/",
    "search": "search/?q=Vladivostok",
    "timeline": "timeline/",
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_screenshot(open_tab, site_url, name, viewport):
    """Light and dark: ``<name>-<width>.png`` and ``<name>-<width>-dark.png``."""
    tab = open_tab(viewport)
    page = tab.page
    page.goto(site_url + PAGES[name])
    if name == "search":
        page.wait_for_selector("#search-results li")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} scrolls sideways by {overflow}px at {viewport['width']}px"
    for scheme, suffix in (("light", ""), ("dark", "-dark")):
        page.emulate_media(color_scheme=scheme)
        path = screenshot(page, f"{name}-{viewport['width']}{suffix}")
        assert path.stat().st_size > 5_000
    assert tab.errors == []
