"""The preview in headless Chromium through Playwright: reloads after an edit, and its pages
load under its Content-Security-Policy with no violation."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit
from xml.etree import ElementTree

import pytest

from tests.conftest import REPO, require_chromium

from .conftest import WAIT, ServerProcess, start_server, wait_for

WATCH_CSP = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.cspViolations.push(e.effectiveDirective + " blocked " + (e.blockedURI || "inline"));
});
"""
MISSING = "/no/such/page/"
ALIGNED_TABLE = "\n\n| Left | Right | Centre |\n|:--|--:|:-:|\n| a | 1 | c |\n"

pytestmark = pytest.mark.browser


@contextmanager
def chromium(*args: str) -> Iterator:
    """Chromium; a machine without it fails these tests (tests/run.sh installs it)."""
    chromium_path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path),
            args=[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                *args,
            ],
        )  # fmt: skip
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser() -> Iterator:
    with chromium() as browser:
        yield browser


@pytest.fixture
def page(browser) -> object:
    return browser.new_page()


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


@pytest.fixture
def example_server(tmp_path: Path) -> Iterator[ServerProcess]:
    """``dossier serve`` on the bundled example dossier, one article with an aligned table."""
    project = tmp_path / "example"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "dossier.yml", project / "dossier.yml")
    article = sorted((project / "content" / "articles").glob("*.md"))[0]
    article.write_text(article.read_text(encoding="utf-8") + ALIGNED_TABLE, encoding="utf-8")
    running = start_server(project)
    try:
        yield running
    finally:
        running.stop()


def site_paths(server: ServerProcess) -> list[str]:
    """Every page in the sitemap, and the pages it leaves out."""
    status, sitemap = server.request("/sitemap.xml")
    assert status == 200
    locs = [e.text or "" for e in ElementTree.fromstring(sitemap).iter() if e.tag.endswith("loc")]
    paths = [urlsplit(loc).path for loc in locs]
    assert len(paths) > 20, paths
    return [*paths, "/graph/", "/search/?q=putin", MISSING]


def test_the_default_theme_loads_with_no_csp_violation(browser, example_server: ServerProcess):
    server = example_server
    wait_for(lambda: server.request("/pagefind/pagefind-entry.json")[0] == 200, "the search index")
    context = browser.new_context()
    context.add_init_script(WATCH_CSP)
    tab = context.new_page()
    console: list[str] = []

    def heard(message) -> None:
        url = message.location.get("url", "")
        if message.type in ("error", "warning") and not url.endswith(MISSING):  # its own 404
            console.append(f"{message.type}: {message.text} ({url})")

    tab.on("console", heard)
    tab.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    violations: dict[str, list[str]] = {}
    for path in site_paths(server):
        tab.goto(server.url.rstrip("/") + path)
        if path.startswith("/search/"):  # Pagefind: a module, a worker and WebAssembly
            tab.locator("#search-results li").first.wait_for(timeout=WAIT * 1000)
        if path == "/graph/":
            tab.locator("#graph-canvas .node").first.wait_for(timeout=WAIT * 1000)
        found = tab.evaluate("window.cspViolations")
        if found:
            violations[path] = found
    assert not violations
    assert not console, console

    # the live-reload script is allowed to connect, and Markdown's table alignment to apply
    article = sorted((server.project / "content" / "articles").glob("*.md"))[0]
    tab.goto(f"{server.url}articles/{article.stem}/")
    tab.wait_for_function("() => window.LiveReload && window.LiveReload.connector.protocol >= 7")
    assert tab.evaluate("getComputedStyle(document.querySelector('td + td')).textAlign") == "right"

    # the overlay over a failed build is styled by its hashed <style>
    article.write_text("---\ntitle: [broken\n---\n", encoding="utf-8")
    overlay = tab.locator("#dossier-build-errors")
    overlay.wait_for(timeout=WAIT * 1000)
    assert overlay.evaluate("e => getComputedStyle(e).position") == "fixed"
    assert not tab.evaluate("window.cspViolations") and not console, console

    # and the policy is enforced: an inline script does not run, the preview cannot be framed
    tab.evaluate(
        """() => { const s = document.createElement("script");
        s.textContent = "window.inlineRan = true"; document.body.append(s);
        const f = document.createElement("iframe"); f.src = "/"; document.body.append(f); }"""
    )
    tab.wait_for_function("() => window.cspViolations.length > 0")
    assert tab.evaluate("window.inlineRan") is None
    assert "script-src-elem blocked inline" in tab.evaluate("window.cspViolations")
    wait_for(lambda: any("frame-ancestors" in line for line in console), "the framing refused")
    context.close()


def test_a_rebinding_page_in_chromium_reads_nothing(site_project: Path):
    """evil.example resolves to 127.0.0.1, as after a DNS rebinding: its pages are same-origin
    with the name, not with the preview, and get neither pages nor the reload socket."""
    server = start_server(site_project, "--drafts")
    evil = f"http://evil.example:{server.port}"
    try:
        with chromium("--host-resolver-rules=MAP evil.example 127.0.0.1") as browser:
            tab = browser.new_page()
            response = tab.goto(f"{evil}/articles/draft-story/")
            assert response is not None and response.status == 403
            assert "Not ready yet" not in tab.content()
            read = tab.evaluate(
                """async (own) => {
                  const same = await fetch("/articles/draft-story/");
                  let cross;
                  try { cross = (await fetch(own + "articles/draft-story/")).status; }
                  catch (e) { cross = "blocked"; }
                  const socket = await new Promise((done) => {
                    const ws = new WebSocket("ws://" + location.host + "/livereload");
                    ws.onopen = () => done("open");
                    ws.onerror = () => done("refused");
                  });
                  return [same.status, (await same.text()).includes("Not ready yet"), cross, socket];
                }""",
                server.url,
            )
            assert read == [403, False, "blocked", "refused"]
            tab.goto(f"{server.url}articles/draft-story/")  # the preview's own name still works
            assert "Not ready yet" in tab.inner_text("main")
    finally:
        server.stop()
