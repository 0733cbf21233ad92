"""Browser fixtures: the example dossier built once, served from a sub-path, in headless Chromium.

The site is served from ``/sub/`` of a loopback server so every relative link
is exercised as it would be on a host that publishes the dossier in a folder.
Requests to any other host are blocked and reported: the site must load
nothing from elsewhere.
"""

from __future__ import annotations

import functools
import shutil
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import REPO, require_chromium, run_dossier

SCREENSHOTS = REPO / "tests" / "screenshots"
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib signature
        pass


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled example dossier, built with its search index into ``<www>/sub/``."""
    work = tmp_path_factory.mktemp("example")
    project = work / "project"
    shutil.copytree(REPO / "content", project / "content")
    shutil.copy(REPO / "dossier.yml", project / "dossier.yml")
    www = work / "www"
    built = run_dossier(
        "build", "-C", str(project), "--out", str(www / "sub"),
        "--base-url", "http://127.0.0.1/sub/", timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stderr
    assert (www / "sub" / "pagefind" / "pagefind.js").is_file(), built.stderr
    return www


@pytest.fixture(scope="session")
def site_url(example_site: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(example_site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sub/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="package")
def browser() -> Iterator[object]:
    """One Chromium for this package, closed before other packages start their own Playwright."""
    chromium_path = require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(chromium_path),
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield chromium
        chromium.close()


class Tab:
    """A page in its own browser context, with the console errors and off-site requests it saw."""

    def __init__(self, browser: object, viewport: dict, **options: object) -> None:
        self.context = browser.new_context(viewport=viewport, **options)
        self.errors: list[str] = []
        self.offsite: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))

    def _route(self, route: object) -> None:
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "file") or parts.hostname == "127.0.0.1":
            route.continue_()
        else:
            self.offsite.append(url)
            route.abort()

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def open_tab(browser: object) -> Iterator:
    """Factory for tabs; on teardown, fails if any page asked another host for anything."""
    tabs: list[Tab] = []

    def make(viewport: dict = DESKTOP, **options: object) -> Tab:
        tab = Tab(browser, viewport, **options)
        tabs.append(tab)
        return tab

    yield make
    offsite = [url for tab in tabs for url in tab.offsite]
    for tab in tabs:
        tab.close()
    assert not offsite, f"requests to other hosts: {offsite}"


@pytest.fixture
def tab(open_tab) -> Tab:
    return open_tab()


def screenshot(page: object, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
