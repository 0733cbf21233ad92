"""An open page reloads by itself after an edit (headless Chromium through Playwright)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import WAIT, ServerProcess

CHROMIUM = Path("/usr/bin/chromium")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (tests/run.sh)"),
]


@pytest.fixture
def page() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        try:
            yield browser.new_page()
        finally:
            browser.close()


def test_an_open_page_reloads_after_an_edit_and_shows_build_errors(page, server: ServerProcess):
    article = server.project / "content/articles/port-deal-signed.md"
    page.goto(server.url + "articles/port-deal-signed/")
    assert "thirty-year contract" in page.inner_text("main")
    # protocol 7 is set once the handshake is done, just before the page tells which URL it shows
    page.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol >= 7")
    page.evaluate("() => { window.notReloaded = true }")

    original = article.read_text(encoding="utf-8")
    article.write_text(original.replace("thirty-year", "forty-year"), encoding="utf-8")
    page.wait_for_function(
        "() => !window.notReloaded && document.body.innerText.includes('forty-year contract')",
        timeout=WAIT * 1000,
    )

    article.write_text(original.replace("title: ", "title: [", 1), encoding="utf-8")
    overlay = page.locator("#dossier-build-errors")
    overlay.wait_for(timeout=WAIT * 1000)
    assert "content/articles/port-deal-signed.md:" in overlay.inner_text()
    assert "forty-year contract" in page.inner_text("main")  # the last good page stays

    article.write_text(original, encoding="utf-8")
    overlay.wait_for(state="detached", timeout=WAIT * 1000)
    assert "thirty-year contract" in page.inner_text("main")
