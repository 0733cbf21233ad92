"""The preview web server: the last good build, served from memory, with livereload.

A finished build is one immutable :class:`SiteSnapshot` that replaces the
previous one by a single assignment, and each request reads the snapshot once:
a request during a rebuild is answered from the previous complete site, never
from a half-made one. Only names of rendered files can be served, so nothing
outside the output can be reached: no ``..``, no encoded traversal, no
symlink. Browsers reload through livereload's own protocol handler and its
``livereload.js``, both served by this server (nothing from another host).

The preview holds unpublished work (drafts, sources under embargo), so it
answers only to its own names: a request whose ``Host`` is another name is
refused before anything is read. That stops DNS rebinding, where a web page
re-points its own name at 127.0.0.1 to read the preview as same-origin. Every
response also carries a Content-Security-Policy (no inline script, no framing)
and no CORS header, so no other origin may read, frame or run what it serves.
"""

from __future__ import annotations

import base64
import hashlib
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
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
REFUSED = (
    "403 Forbidden: this dossier preview answers only to its own host names (localhost and "
    "127.0.0.1 with its port, and those allowed with --allow-host or preview_hosts in "
    "dossier.yml); it refuses others so that no web page can read it by DNS rebinding.\n"
)
OVERLAY_CSS = (
    "#dossier-build-errors{position:fixed;left:0;right:0;bottom:0;z-index:2147483647;"
    "max-height:45vh;overflow:auto;margin:0;padding:1em 1.25em;background:#2d0a0c;"
    "color:#ffe8e8;border-top:4px solid #e5484d;"
    "font:14px/1.5 ui-monospace,SFMono-Regular,Menlo,monospace;text-align:left}"
    "#dossier-build-errors pre{margin:.5em 0 0;white-space:pre-wrap;font:inherit}"
)
# Style attributes the default theme writes: Markdown's table column alignment.
THEME_STYLE_ATTRIBUTES = ("text-align:left", "text-align:right", "text-align:center")


def csp_hash(text: str) -> str:
    digest = base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
    return f"'sha256-{digest}'"


# Scripts only from this server (Pagefind's search needs WebAssembly); styles from
# files, the overlay's hashed <style> and the table alignments; no plugin, no
# framing, no <base> and forms that post only here.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self' 'unsafe-hashes' "
        + " ".join(csp_hash(text) for text in (OVERLAY_CSS, *THEME_STYLE_ATTRIBUTES)),
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


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
        f'<style>{OVERLAY_CSS}</style><div id="dossier-build-errors" role="alert">'
        f"<strong>{html.escape(heading)}</strong><pre>{lines}</pre></div>"
    ).encode()


def decorate(page: bytes, site: SiteSnapshot) -> bytes:
    """An HTML page with the livereload script and the error overlay added before ``</body>``."""
    extra = RELOAD_SCRIPT + overlay(site)
    at = page.rfind(b"</body>")
    return page + extra if at < 0 else page[:at] + extra + page[at:]


def own_hosts(bind: str, port: int, allowed: Iterable[str] = ()) -> frozenset[str]:
    """The ``Host`` values the preview answers to, lower-case.

    Its loopback names and the address it listens on, with its port (alone
    for port 80, as browsers send it); an allowed name given with a port as
    written, one without both alone (a tunnel on its default port) and with
    the preview's port (a LAN name).
    """
    names = {*LOOPBACK_NAMES, f"[{bind}]" if ":" in bind else bind}
    hosts = {f"{name}:{port}" for name in names} | (names if port == 80 else set())
    for name in allowed:
        hosts.add(name)
        if not name.rsplit("]", 1)[-1].count(":"):
            hosts.add(f"{name}:{port}")
    return frozenset(host.lower() for host in hosts)


class GuardedHandler(web.RequestHandler):
    """Every response: refused unless the ``Host`` is one of the preview's own names,
    and with headers that keep other origins from framing, sniffing or embedding it."""

    def set_default_headers(self) -> None:
        self.set_header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Cross-Origin-Resource-Policy", "same-origin")
        self.set_header("Cache-Control", "no-store")

    def own_host(self) -> bool:
        """The raw header, not tornado's ``request.host``, which stands in 127.0.0.1 for none."""
        return self.request.headers.get("Host", "").lower() in self.settings["own_hosts"]

    def prepare(self) -> None:
        if not self.own_host():
            self.set_status(403)
            self.set_header("Content-Type", "text/plain; charset=utf-8")
            self.finish(REFUSED)


class PageHandler(GuardedHandler):
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
        self.set_header("Content-Length", str(len(data)))
        if send_body:
            self.write(data)


class LiveReloadScript(GuardedHandler):
    def get(self) -> None:
        self.set_header("Content-Type", "application/javascript; charset=utf-8")
        self.write(LIVERELOAD_JS.read_bytes())


class ReloadSocket(GuardedHandler, LiveReloadHandler):
    """livereload's protocol handler, also noting which page each tab shows."""

    page: str | None = None

    def check_origin(self, origin: str) -> bool:
        """Only pages of this server may listen: another site must not learn when you save.

        The ``Host`` is one of the preview's names (``prepare`` refused others) and
        the page's origin must be that very name: a page elsewhere cannot connect.
        """
        return urlsplit(origin.lower()).netloc == self.request.headers.get("Host", "").lower()

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


def make_app(state: PreviewState, hosts: frozenset[str]) -> web.Application:
    """The preview's routes; ``hosts`` are the ``Host`` values it answers to (:func:`own_hosts`)."""
    return web.Application(
        [
            (r"/livereload", ReloadSocket),
            (r"/livereload\.js", LiveReloadScript),
            (r"/.*", PageHandler, {"state": state}),  # no group: the raw path is decoded here
        ],
        default_handler_class=PageHandler,  # a request target not starting with / is guarded too
        default_handler_args={"state": state},
        own_hosts=hosts,
    )
