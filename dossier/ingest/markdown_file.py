"""Markdown files with front matter (from another tool or written by hand), normalised and copied in.

Field names other tools use are mapped to ours (``author`` -> ``authors``,
``tags`` -> ``topics``, ``link`` -> ``url``); fields we do not know are kept.
"""

from __future__ import annotations

import re
from typing import Any

from ..content import front_matter
from . import article_body
from .metadata import iso_date
from .model import Article, Parsed, SourceError, without_surrogates

_ALIASES = {
    "author": "authors",
    "tags": "topics",
    "categories": "topics",
    "link": "url",
    "canonical_url": "url",
    "description": "summary",
    "lang": "language",
    "publisher": "source",
    "published": "date",
    "pubdate": "date",
}
_OURS = {
    "title",
    "date",
    "authors",
    "source",
    "url",
    "summary",
    "language",
    "topics",
    "entities",
    "draft",
}
# Provenance is recomputed for the copy; the source's own values would be wrong for it.
_REPLACED = {"ingested_from", "sha256", "format", "ingested_at", "ingest_digest", "needs_review"}
_H1 = re.compile(r"^#\s+(.+?)\s*#*\s*$")


def looks_like(text: str) -> bool:
    return text.lstrip("\ufeff").startswith("---\n")


def parse(text: str) -> Parsed:
    try:
        meta, body, _ = front_matter.parse(text)
    except front_matter.FrontMatterError as exc:
        where = f"line {exc.line}: " if exc.line else ""
        message = " ".join(exc.message.split())  # YAML reader errors span lines; ours are one
        raise SourceError(f"{where}{message}") from None
    meta = without_surrogates(meta)
    meta = {_ALIASES.get(str(key).lower(), str(key)): value for key, value in meta.items()}
    lines = body.strip().split("\n")
    heading = _H1.match(lines[0]) if lines and lines[0] else None
    title = _text(meta.get("title")) or (heading.group(1) if heading else "")
    if not title:
        raise SourceError("Markdown file has no title (no 'title:' field and no '# heading')")
    if not body.strip():
        raise SourceError("Markdown file has no text after its front matter")
    article = Article(
        title=title,
        body=body.strip(),
        date=iso_date(meta.get("date")),
        authors=_list(meta.get("authors")),
        source=_text(meta.get("source")),
        url=_text(meta.get("url")),
        summary=_text(meta.get("summary")),
        language=_text(meta.get("language")),
        extra={
            key: value
            for key, value in meta.items()
            if key not in _OURS and key not in _REPLACED and key not in _ALIASES.values()
        },
    )
    if meta.get("date") and not article.date:
        article.notes.append(f"date {meta['date']!r} is not a date; left empty")
    for key in ("topics", "entities", "draft"):
        if meta.get(key) not in (None, "", []):
            article.extra[key] = _list(meta[key]) if key == "topics" else meta[key]
    article_body.finish(article)
    if not article.date:
        article.needs_review.append("date")
    return Parsed([article])


def _text(value: Any) -> str:
    return (
        str(value).strip()
        if isinstance(value, str | int | float) and not isinstance(value, bool)
        else ""
    )


def _list(value: Any) -> list[str]:
    if isinstance(value, str):
        return (
            [part.strip() for part in value.split(",") if part.strip()]
            if "," in value
            else [value.strip()]
        )
    if isinstance(value, list):
        return [_text(item) for item in value if _text(item)]
    return []
