"""Which format a source is in: from its content first, then its HTTP type, then its file name.

Content wins because file names lie (the seeds are ``.txt`` files holding a
WordPress JSON export and a page copy). But a name or type only ever picks
between formats the content allows: a copied page that starts with ``[`` or
quotes a ``<p>`` tag is still text, since refusing it would lose an article.
"""

from __future__ import annotations

import re

from . import feed, markdown_file, wordpress
from .model import Source
from .tolerant_json import scan

_HTML_START = re.compile(
    r"^\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)
_TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>")
_CODE = re.compile(r"<(script|style)\b.*?</\1\s*>|<!--.*?-->", re.I | re.S)
_JSON_START = re.compile(r"^\s*[{\[]")
_BY_TYPE = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/json": "wordpress",
    "text/markdown": "markdown",
    "text/plain": "text",
}
_BY_SUFFIX = {
    "html": "html", "htm": "html", "xhtml": "html",
    "rss": "feed", "atom": "feed", "xml": "feed",
    "json": "wordpress",
    "md": "markdown", "markdown": "markdown",
    "txt": "text",
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
    if by_name == "wordpress":
        # JSON of some kind: the WordPress reader says what is wrong with it
        return by_name if _is_json(text) else "text"
    if by_name in ("feed", "markdown", "text"):
        return by_name
    return "html" if has_markup(text) else "text"


def _is_json(text: str) -> bool:
    """Text that reads as a JSON object or list, at least in part."""
    if not _JSON_START.match(text):
        return False
    value = scan(text).value
    return isinstance(value, (dict, list)) and bool(value)


def has_markup(text: str) -> bool:
    """Tags that carry the text, not a few quoted in it: a tenth of the characters or half the lines."""
    head = _CODE.sub("<x>", text[:50000])
    tags = _TAG.findall(head)
    if len(tags) < 3:
        return False
    lines = [line for line in head.split("\n") if line.strip()]
    tagged = sum(1 for line in lines if _TAG.search(line))
    return sum(map(len, tags)) >= 0.1 * len(head) or tagged >= 0.5 * len(lines)
