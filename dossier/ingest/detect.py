"""Which format a source is in: from its content first, then its HTTP type, then its file name.

Content wins because file names lie (the seeds are ``.txt`` files holding a
WordPress JSON export and a page copy).
"""

from __future__ import annotations

import re

from . import feed, markdown_file, wordpress
from .model import Source

_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_HTML_TAGS = re.compile(r"<(?:p|div|article|section|h[1-6]|br|span|a\s+href)\b[^>]*>", re.I)
_JSON_START = re.compile(r"^\s*(?:\{|\[\s*[{\]])")
_BY_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/json": "wordpress",
    "text/markdown": "markdown",
}
_BY_SUFFIX = {
    "html": "html", "htm": "html", "xhtml": "html",
    "rss": "feed", "atom": "feed", "xml": "feed",
    "json": "wordpress",
    "md": "markdown", "markdown": "markdown",
}  # fmt: skip


def detect(source: Source, text: str) -> str:
    """One of :data:`model.FORMATS`; plain text when nothing else fits."""
    if wordpress.looks_like(text):
        return "wordpress"
    if feed.looks_like(text):
        return "feed"
    if _HTML_START.match(text[:4000]):
        return "html"
    if markdown_file.looks_like(text):
        return "markdown"
    by_name = _BY_TYPE.get(source.content_type) or _BY_SUFFIX.get(source.suffix)
    if by_name:
        return by_name
    if _JSON_START.match(text):
        return "wordpress"  # JSON of some kind: the WordPress reader says what is wrong with it
    if len(_HTML_TAGS.findall(text[:20000])) >= 3:
        return "html"
    return "text"
