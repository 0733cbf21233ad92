"""The preview web server: the last good build, served from memory, with livereload.

A finished build is one immutable :class:`SiteSnapshot` that replaces the
previous one by a single assignment, and each request reads the snapshot once:
a request during a rebuild is answered from the previous complete site, never
from a half-made one. Only names of rendered files can be served, so nothing
outside the output can be reached: no ``..``, no encoded traversal, no
symlink. Browsers reload through livereload's own protocol handler and its
``livereload.js``, both served by this server (nothing from another host).
"""

from __future__ import annotations

import html
import json
import mimetypes
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

import livereload
from livereload.handlers import LiveReloadHandler
from tornado import web

LIVERELOAD_JS = Path(livereload.__file__).parent / "vendors" / "livereload.js"
RELOAD_SCRIPT = b'<script src="/livereload.js"></script>'
FALLBACK_404 = b"<!doctype html><title>Not found</title><h1>Not found</h1>"


@dataclass(frozen=True)
class SiteSnapshot:
    """What the server shows: a build's files and the problems of the latest build."""

    files: Mapping[str, bytes]
    problems: tuple[str, ...] = ()  # ``path:line: message`` lines
    held_back: bool = False  # the latest build failed; ``files`` are an earlier build's


class PreviewState:
    """The snapshot being served; rebuilds replace it whole."""

    def __init__(self, site: SiteSnapshot) -> None:
        self.site = site


def file_name(url_path: str) -> str | None:
    """The output file a request path names, or None for a path that tries to leave the site."""
    try:
        path = unquote(url_path, errors="strict")
    except UnicodeDecodeError:
        return None
    if "\x00" in path or "\\" in path:
        return None
    parts = path.split("/")
    if any(part in (".", "..") for part in parts):
        return None
    name = "/".join(part for part in parts if part)
    if not name:
        return "index.html"
    return f"{name}/index.html" if path.endswith("/") else name


def overlay(site: SiteSnapshot) -> bytes:
    """The error panel shown over every page while the latest build has errors."""
    if not site.problems:
        return b""
    heading = (
        "Build failed: showing the last good build until this is fixed."
        if site.held_back
        else "The build has errors."
    )
    lines = html.escape("\n".join(site.problems))
    return (
        '<div id="dossier-build-errors" role="alert" style="position:fixed;left:0;right:0;'
        "bottom:0;z-index:2147483647;max-height:45vh;overflow:auto;margin:0;padding:1em 1.25em;"
        "background:#2d0a0c;color:#ffe8e8;border-top:4px solid #e5484d;"
        'font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;text-align:left">'
        f"<strong>{html.escape(heading)}</strong>"
        f'<pre style="margin:.5em 0 0;white-space:pre-wrap;font:inherit">{lines}</pre></div>'
    ).encode()


def decorate(page: bytes, site: SiteSnapshot) -> bytes:
    """An HTML page with the livereload script and the error overlay added before ``</body>``."""
    extra = RELOAD_SCRIPT + overlay(site)
    at = page.rfind(b"</body>")
    return page + extra if at < 0 else page[:at] + extra + page[at:]


class PageHandler(web.RequestHandler):
    """Any path: a file of the snapshot, a redirect to its folder, or the site's 404 page."""

    def initialize(self, state: PreviewState) -> None:
        self.state = state

    def get(self) -> None:
        self._answer(send_body=True)

    def head(self) -> None:
        self._answer(send_body=False)

    def _answer(self, send_body: bool) -> None:
        site = self.state.site
        name = file_name(self.request.path)
        if name is not None and name not in site.files and f"{name}/index.html" in site.files:
            query = f"?{self.request.query}" if self.request.query else ""
            self.redirect(f"/{quote(name)}/{query}")  # pretty URLs need their slash
            return
        if name is not None and name in site.files:
            data = site.files[name]
        else:
            self.set_status(404)
            name, data = "404.html", site.files.get("404.html", FALLBACK_404)
        kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
        if kind == "text/html":
            data = decorate(data, site)
        if kind.startswith("text/") or kind in ("application/javascript", "application/json"):
            kind += "; charset=utf-8"
        self.set_header("Content-Type", kind)
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Content-Length", str(len(data)))
        if send_body:
            self.write(data)


class LiveReloadScript(web.RequestHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.write(LIVERELOAD_JS.read_bytes())


class ReloadSocket(LiveReloadHandler):
    """livereload's protocol handler, also noting which page each tab shows."""

    page: str | None = None

    def check_origin(self, origin: str) -> bool:
        """Only pages of this server may listen: another site must not learn when you save."""
        return urlsplit(origin).netloc == self.request.host

    def on_message(self, message: str | bytes) -> None:
        try:
            super().on_message(message)
            data = json.loads(message)
        except (ValueError, TypeError, AttributeError):
            return  # not a livereload message: ignore it, keep the socket
        if isinstance(data, dict) and data.get("command") == "info":
            self.page = file_name(urlsplit(str(data.get("url", ""))).path)


def open_tabs() -> list[ReloadSocket]:
    return [tab for tab in LiveReloadHandler.waiters if isinstance(tab, ReloadSocket)]


def reload_tabs(changed: Iterable[str] | None) -> int:
    """Reload the tabs showing a page in ``changed`` (every tab for None); how many."""
    wanted = None if changed is None else set(changed)
    reloaded = 0
    for tab in open_tabs():
        if wanted is None or tab.page in wanted:
            tab.send_message({"command": "reload", "path": tab.page or "index.html"})
            reloaded += 1
    return reloaded


def make_app(state: PreviewState) -> web.Application:
    return web.Application(
        [
            (r"/livereload", ReloadSocket),
            (r"/livereload\.js", LiveReloadScript),
            (r"/.*", PageHandler, {"state": state}),  # no group: the raw path is decoded here
        ]
    )
