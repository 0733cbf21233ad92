"""XSS vectors that arrive from the web (HTML pages, WordPress posts, feed entries) never run.

Each of the 40 vectors in ``tests/fixtures/xss/vectors.txt`` is placed in
every part of each kind of source that ingest reads: a saved page's title,
meta description, byline and body; a WordPress post's title, excerpt, content,
author and link; a feed entry's title, summary, content, author and link.
Ingest turns them into articles, the hand-written project of
``test_xss_build`` (vectors in front matter and Markdown, ``allow_html`` on) is
added, and the real ``dossier build`` publishes the site. Then:

- ingest's own Markdown holds no active HTML even if rendered with raw HTML
  allowed (sanitised at ingest, not only at render);
- every built page holds no script, frame, event handler or script URL that
  came from content (the theme's own ``<script>`` and ``<meta>`` are allowed);
- headless Chromium opens every built page with ``alert``/``confirm``/``prompt``
  hooked before any script runs, and nothing calls them, no dialog opens and
  no ``xss-N`` marker reaches the console.
"""

from __future__ import annotations

import functools
import html
import json
import re
import threading
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dossier.markdown.body import LinkIndex, make_parser, render_body
from tests.conftest import run_dossier
from tests.security.html_safety import unsafe_parts
from tests.security.ingest_run import start
from tests.security.test_xss_build import THEME_TAGS, VECTORS
from tests.security.test_xss_build import make_project as make_handwritten


def html_page(n: int, vector: str) -> bytes:
    """A saved news page with ``vector`` in its metadata and around its article text."""
    attr = html.escape(vector, quote=True)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Harbour report {n} {vector}</title>
<meta name="description" content="Summary {n} {attr}">
<meta name="author" content="Reporter {n} {attr}">
<meta property="og:site_name" content="Outlet {attr}">
<script>alert('xss-head-{n}')</script>
</head><body onload="alert('xss-body-{n}')">
<nav><a href="javascript:alert('xss-nav-{n}')">Home</a></nav>
<article><h1>Harbour report {n} {vector}</h1>
<p>The harbour authority published its audit on Monday, number {n} of the series,
and the port workers' union said it would study the findings carefully.</p>
<p>Inline vector: {vector} and the text goes on after it for a while.</p>
{vector}
<p>A last paragraph closes the report with a quote from the mayor about the docks.</p>
</article></body></html>""".encode()


def wordpress_posts() -> bytes:
    """One WordPress list with a post per vector, in every field the reader takes."""
    posts = [
        {
            "id": n,
            "date_gmt": f"2023-05-{n % 28 + 1:02d}T10:00:00",
            "link": "javascript:alert('xss-wp-link')" if n % 2 else f"https://wp.test/p/{n}",
            "title": {"rendered": f"WordPress story {n} {vector}"},
            "excerpt": {"rendered": f"<p>Excerpt {vector}</p>"},
            "content": {
                "rendered": f"<p>The council met on Tuesday, story {n}.</p>\n{vector}\n"
                f"<p>Then {vector} and more text.</p>"
            },
            "yoast_head_json": {"og_site_name": f"WP {vector}", "author": f"Author {vector}"},
            "_embedded": {"author": [{"name": f"Writer {n} {vector}"}]},
        }
        for n, vector in enumerate(VECTORS)
    ]
    return json.dumps(posts).encode()


def feed() -> bytes:
    """An RSS feed and an Atom feed entry per vector (escaped HTML and CDATA content)."""
    items = []
    for n, vector in enumerate(VECTORS):
        escaped = html.escape(vector)
        items.append(
            f"<item><title>Feed story {n} {escaped}</title>"
            f"<link>{'javascript:alert(1)' if n % 2 else f'https://feed.test/{n}'}</link>"
            f"<author>x@feed.test (Feeder {escaped})</author>"
            f"<pubDate>Tue, 02 Jan 2024 10:{n:02d}:00 GMT</pubDate>"
            f"<description>{escaped}</description>"
            f"<content:encoded><![CDATA[<p>Story {n} body.</p>{vector}<p>End.</p>]]>"
            "</content:encoded></item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>'
        f"<title>Wire &lt;script&gt;alert('xss-chan')&lt;/script&gt;</title>{''.join(items)}"
        "</channel></rss>"
    ).encode()


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, int]:
    """(project, built site, number of articles ingested) with every vector in every source."""
    root = tmp_path_factory.mktemp("xss-ingest")
    project = make_handwritten(root / "project", allow_html=True)
    run = start(project)
    for n, vector in enumerate(VECTORS):
        run.add(f"pages/page-{n}.html", html_page(n, vector))
    run.add("wp/posts.json", wordpress_posts())
    run.add("feeds/wire.xml", feed())
    ingested = run.ingest.tally.written
    assert all("Traceback" not in line for line in run.problems)
    out = root / "site"
    built = run_dossier("build", "-C", str(project), "--out", str(out), "--no-search")
    assert "Traceback" not in built.stderr, built.stderr
    assert (out / "index.html").is_file(), built.stderr
    return project, out, ingested


def test_every_source_gave_its_articles(hostile_site):
    _, _, ingested = hostile_site
    # 40 pages + 40 posts + 40 feed entries: a vector may cost an article its text, not the run.
    assert ingested >= 3 * len(VECTORS) - 6, ingested


def test_ingested_markdown_is_sanitised_even_with_raw_html_allowed(hostile_site):
    project, _, _ = hostile_site
    parser = make_parser(True)
    checked = 0
    for path in sorted((project / "content" / "articles").glob("*.md")):
        text = path.read_text(encoding="utf-8")
        if "ingested_from" not in text:
            continue  # the hand-written ones are test_xss_build's
        body = text.split("\n---\n", 1)[1]
        result = render_body(parser, body, str(path), 1, LinkIndex(), allow_html=False)
        assert unsafe_parts(result.html) == [], path.name
        raw = parser.render(body)  # markdown-it with raw HTML passed through, no sanitiser
        assert unsafe_parts(raw) == [], f"{path.name}: ingest let active HTML into the Markdown"
        checked += 1
    assert checked >= 3 * len(VECTORS) - 6


def built_pages(out: Path) -> list[Path]:
    return sorted(p for p in out.rglob("*") if p.suffix in (".html", ".xml", ".svg"))


def test_no_built_page_holds_code_from_content(hostile_site):
    _, out, _ = hostile_site
    pages = built_pages(out)
    assert len(pages) > 3 * len(VECTORS)
    for page in pages:
        text = page.read_text(encoding="utf-8")
        problems = unsafe_parts(text, allowed_tags=THEME_TAGS)
        assert problems == [], f"{page.relative_to(out)}: {problems}"
        for attrs, content in scripts(text):
            src = attrs.get("src") or ""
            if src:
                assert content.strip() == "", f"{page.relative_to(out)}: script with src and code"
                assert re.fullmatch(r"(?:/|\./|(?:\.\./)*)(?:static|pagefind)/[\w.-]+\.js", src), (
                    src
                )
            else:
                # an inline script is only ever the theme's inert JSON data, and must parse whole
                assert attrs.get("type") == "application/json", f"{page.relative_to(out)}: {attrs}"
                json.loads(content)


class _Scripts(HTMLParser):
    """Every ``<script>`` element as a browser splits them: attributes and raw text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.found: list[tuple[dict[str, str], str]] = []
        self._open: dict[str, str] | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script":
            self._open, self._text = {k: v or "" for k, v in attrs}, []

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._open is not None:
            self.found.append((self._open, "".join(self._text)))
            self._open = None


def scripts(text: str) -> list[tuple[dict[str, str], str]]:
    parser = _Scripts()
    parser.feed(text)
    parser.close()
    return parser.found


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        pass


CONTROL = (
    "<!doctype html><title>control</title><img src=x onerror=\"alert('control-1')\">"
    "<details open ontoggle=\"confirm('control-2')\"><summary>x</summary></details>"
)
HOOK = """
window.__xss = [];
for (const name of ['alert', 'confirm', 'prompt', 'print']) {
  window[name] = (...args) => { window.__xss.push(name + ':' + args.join(' ')); };
}
"""


def test_chromium_runs_no_vector_on_any_page(chromium_path: Path, hostile_site):
    from playwright.sync_api import sync_playwright

    _, out, _ = hostile_site
    handler = functools.partial(_Quiet, directory=str(out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    ran: list[str] = []
    opened = 0
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=str(chromium_path),
                args=[
                    "--headless",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-background-networking",
                ],
            )
            try:
                context = browser.new_context(java_script_enabled=True)
                context.add_init_script(HOOK)
                context.route(
                    "**/*",
                    lambda route: (
                        route.continue_()
                        if route.request.url.startswith(base)
                        else (ran.append(f"request to {route.request.url}"), route.abort())
                    ),
                )
                page = context.new_page()
                page.on("dialog", lambda d: (ran.append(f"dialog {d.message}"), d.dismiss()))
                page.on(
                    "console",
                    lambda m: ran.append(f"console {m.text}") if "xss" in m.text else None,
                )
                page.on("popup", lambda popup: ran.append(f"popup {popup.url}"))
                # Positive control: the hooks must see a vector that does run.
                control = out / "__control.htm"
                control.write_text(CONTROL, encoding="utf-8")
                try:
                    page.goto(base + control.name, wait_until="load", timeout=15000)
                    page.wait_for_timeout(100)
                    assert len(page.evaluate("window.__xss")) == 2, "the alert hook is not working"
                finally:
                    control.unlink()
                for path in built_pages(out):
                    if path.suffix != ".html":
                        continue
                    url = base + path.relative_to(out).as_posix()
                    page.goto(url, wait_until="load", timeout=15000)
                    page.wait_for_timeout(20)  # autofocus, ontoggle and onload fire by now
                    calls = page.evaluate("window.__xss || []")
                    ran.extend(f"{url}: {call}" for call in calls)
                    frames = len(page.frames) - 1
                    if frames:
                        ran.append(f"{url}: {frames} frames")
                    if not page.url.startswith(base):
                        ran.append(f"{url}: navigated to {page.url}")
                    opened += 1
            finally:
                browser.close()
    finally:
        server.shutdown()
        server.server_close()
    assert opened > 3 * len(VECTORS)
    assert ran == []
