"""Make untrusted source HTML harmless before it is turned into Markdown.

Everything from a source goes through :func:`clean` (nh3, an allow-list
sanitiser): only text structure survives, so no script, style, frame, event
handler or ``javascript:``/``data:`` URL can reach an article.
"""

from __future__ import annotations

import re

import nh3

_TAGS = {
    "p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li", "blockquote",
    "pre", "code", "a", "em", "i", "strong", "b", "q", "cite", "sub", "sup", "s", "del",
    "figure", "figcaption", "dl", "dt", "dd",
    "table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td",
}  # fmt: skip
_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}
# Elements dropped with everything inside them, not just unwrapped.
_DROPPED = {
    "script", "style", "iframe", "frame", "frameset", "object", "embed", "noscript", "template",
    "svg", "math", "form", "button", "select", "textarea", "canvas", "audio", "video", "head", "title",
}  # fmt: skip
_SCHEMES = {"http", "https", "mailto"}

_UNSAFE = {
    "script": re.compile(r"<script\b", re.I),
    "style": re.compile(r"<style\b", re.I),
    "iframe": re.compile(r"<i?frame\b", re.I),
    "object/embed": re.compile(r"<(?:object|embed)\b", re.I),
    "event handler": re.compile(r"<[^>]*\son[a-z]+\s*=", re.I),
    "javascript: URL": re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I),
    "data: URL": re.compile(r"""(?:href|src)\s*=\s*["']?\s*data:""", re.I),
}


MAX_DEPTH = 100  # deeper than any real article; tags below it are dropped, their text kept
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)[^>]*>")
_VOID = {
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
    "source", "track", "wbr",
}  # fmt: skip


def flatten_deep(html: str, limit: int = MAX_DEPTH) -> str:
    """Drop the tags nested more than ``limit`` deep, keeping all text, in linear time.

    The sanitiser takes time quadratic in nesting depth (100,000 nested ``<div>``
    took minutes) and the Markdown converter recurses once per level, so a
    hostile page could stall ingest or crash it. The text is all kept; what is
    dropped is only markup no article has. Whatever remains still goes through
    :func:`clean`, so dropping a tag can never let anything through.
    """
    if html.count("<") <= limit:
        return html
    depth = 0
    pieces: list[str] = []
    kept_to = 0
    for match in _TAG.finditer(html):
        name = match.group(2).lower()
        if name in _VOID or match.group(0).endswith("/>"):
            continue
        closing = bool(match.group(1))
        deep = depth > limit if closing else depth >= limit
        depth = max(depth - 1, 0) if closing else depth + 1
        if deep:
            pieces.append(html[kept_to : match.start()] + " ")  # words stay apart
            kept_to = match.end()
    pieces.append(html[kept_to:])
    return "".join(pieces)


def clean(html: str) -> str:
    """Keep only text structure (paragraphs, headings, lists, quotes, tables, links)."""
    return nh3.clean(
        flatten_deep(html),
        tags=_TAGS,
        clean_content_tags=_DROPPED,
        attributes=_ATTRIBUTES,
        url_schemes=_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def unsafe_parts(html: str) -> str:
    """Describe what :func:`clean` will remove that could run code, e.g. ``2 script, 1 event handler``."""
    counts = [(name, len(pattern.findall(html))) for name, pattern in _UNSAFE.items()]
    return ", ".join(f"{count} {name}" for name, count in counts if count)
