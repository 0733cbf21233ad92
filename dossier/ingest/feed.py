"""RSS and Atom feeds: one article per entry, via feedparser.

An entry that cannot make an article is reported on its own and the others
are still ingested; a feed that is not well-formed XML is read as far as
feedparser can and the damage is reported.
"""

from __future__ import annotations

import re
from typing import Any

from . import article_body, html_markdown, markdown_text
from .metadata import iso_date
from .model import Article, Parsed, SourceError

_FEED_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)


def looks_like(text: str) -> bool:
    return bool(_FEED_START.match(text[:4000]))


def parse(data: bytes) -> Parsed:
    """Parse raw feed bytes (feedparser reads the XML encoding declaration itself)."""
    import feedparser  # only feeds need it

    feed = feedparser.parse(data)
    if not feed.entries:
        problem = f" ({_describe(feed.bozo_exception)})" if feed.bozo else ""
        raise SourceError(f"no entries in the feed{problem}")
    parsed = Parsed()
    if feed.bozo:
        problem = _describe(feed.bozo_exception)
        parsed.warnings.append(f"feed is damaged ({problem}); read {len(feed.entries)} entries")
    channel = feed.feed
    outlet = (channel.get("title") or "").strip()
    language = (channel.get("language") or "").split("-")[0].lower()
    for number, entry in enumerate(feed.entries, start=1):
        try:
            parsed.articles.append(_article(entry, outlet, language))
        except SourceError as exc:
            parsed.errors.append(f"entry {number}: {exc}")
    return parsed


def _article(entry: Any, outlet: str, language: str) -> Article:
    title = html_markdown.to_text(entry.get("title") or "")
    body_html, body_type = _body(entry)
    if not title and not body_html:
        raise SourceError("no title and no text")
    if not title:
        raise SourceError("no title")
    if not body_html:
        raise SourceError(
            f"{title!r} has no text (the feed only links to it; ingest its URL instead)"
        )
    date = iso_date(entry.get("published") or entry.get("updated") or "")
    if not date:
        date = iso_date(entry.get("published_parsed") or entry.get("updated_parsed"))
    article = Article(
        title=title,
        body="",
        date=date,
        authors=[
            a.get("name", "").strip() for a in entry.get("authors", []) if a.get("name", "").strip()
        ],
        source=outlet,
        url=entry.get("link", ""),
        language=language,
    )
    if body_type == "text/plain":
        article.body = "\n\n".join(
            markdown_text.escape(p) for p in markdown_text.paragraphs(body_html)
        )
        article_body.finish(article)
    else:
        article_body.from_html(article, body_html)
    if entry.get("content") and entry.get("summary"):
        article.summary = html_markdown.to_text(entry["summary"])
    if not article.date:
        article.needs_review.append("date")
    return article


def _body(entry: Any) -> tuple[str, str]:
    for content in entry.get("content", []):
        if (content.get("value") or "").strip():
            return content["value"], content.get("type", "text/html")
    detail = entry.get("summary_detail") or {}
    return (entry.get("summary") or "").strip(), detail.get("type", "text/html")


def _describe(error: Exception) -> str:
    """feedparser's XML errors read "<unknown>:2:0: ..."; say "XML error at line 2: ..." instead."""
    if hasattr(error, "getLineNumber") and hasattr(error, "getMessage"):
        return f"XML error at line {error.getLineNumber()}: {error.getMessage()}"
    return str(error)
