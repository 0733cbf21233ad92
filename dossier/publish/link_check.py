"""Check every internal link of a rendered site: each must land on a file of the site."""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

from ..diagnostics import Diagnostics


class _LinkCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, int]] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name == "id" and value:
                self.ids.add(value)
            if name in ("href", "src") and value is not None:
                self.links.append((value, self.getpos()[0]))


def _target_file(page: str, href: str) -> str | None:
    """Site path a relative link from ``page`` points at, or None for external links."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or href.startswith(("#", "mailto:")) or not parts.path:
        return None
    if parts.path.startswith("/"):
        return None  # absolute paths only appear on 404.html, which is checked against base_url
    path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
    if parts.path.endswith("/") or path == ".":
        path = posixpath.join(path, "index.html") if path != "." else "index.html"
    return path


def check_links(files: dict[str, bytes], diagnostics: Diagnostics, out_name: str = "build") -> int:
    """Report every internal link that points at no file; return how many links were checked."""
    checked = 0
    for page in sorted(name for name in files if name.endswith(".html")):
        collector = _LinkCollector()
        collector.feed(files[page].decode("utf-8", errors="replace"))
        for href, line in collector.links:
            target = _target_file(page, href)
            if target is None:
                continue
            checked += 1
            if target.startswith("../") or target not in files:
                diagnostics.error(f"{out_name}/{page}", f"broken internal link '{href}'", line)
    return checked
