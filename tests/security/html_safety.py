"""Find anything in an HTML document that could run code, as a browser would parse it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "data",
    "poster",
    "background",
    "srcset",
    "cite",
}
ACTIVE_TAGS = {"script", "iframe", "object", "embed", "frame", "frameset", "applet", "base", "meta"}
_SCHEME = re.compile(r"^\s*([a-z][a-z0-9+.\-]*)\s*:", re.I)
_STRIP = re.compile(r"[\x00-\x20]")


class _Scanner(HTMLParser):
    def __init__(self, allowed_tags: set[str]) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.allowed_tags = allowed_tags

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ACTIVE_TAGS and tag not in self.allowed_tags:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…>")
            if name in URL_ATTRIBUTES and value:
                scheme = _SCHEME.match(_STRIP.sub("", value))
                if scheme and scheme.group(1).lower() in (
                    "javascript",
                    "vbscript",
                    "data",
                    "livescript",
                ):
                    self.problems.append(f"<{tag} {name}={value[:40]!r}>")


def unsafe_parts(html: str, allowed_tags: set[str] = frozenset()) -> list[str]:
    """Tags that run code, event handlers and script URLs present in ``html``."""
    scanner = _Scanner(set(allowed_tags))
    scanner.feed(html)
    scanner.close()
    return scanner.problems
