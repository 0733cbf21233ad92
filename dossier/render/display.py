"""How dates and citations are shown to readers; shared by templates, previews and charts."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from ..graph.site_graph import ArticleNode


@lru_cache(maxsize=4096)  # lists show the same dates on page after page
def long_date(value: dt.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else "undated"


@lru_cache(maxsize=4096)
def iso_date(value: dt.date | None) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def day(value: Any) -> str:
    """A front-matter date as YYYY-MM-DD whether YAML gave a datetime, a date or a string."""
    if isinstance(value, dt.date):
        return value.strftime("%Y-%m-%d")
    return str(value or "").strip()[:10]


def _names(authors: list[str]) -> str:
    if len(authors) <= 2:
        return " and ".join(authors)
    return ", ".join(authors[:-1]) + " and " + authors[-1]


def citation(article: ArticleNode) -> str:
    """One plain-text reference: authors, title, source, date, original URL, retrieval date.

    Retrieval is the ingest time recorded in the front matter: the moment the
    text in the dossier was taken from the source.
    """
    meta = article.meta
    authors = [str(a) for a in meta.get("authors") or [] if str(a).strip()]
    parts = [f"{_names(authors)}." if authors else "", f"“{article.title.rstrip('.')}.”"]
    where = ", ".join(p for p in (str(meta.get("source") or ""), long_date(article.date)) if p)
    parts.append(f"{where}.")
    if meta.get("url"):
        parts.append(str(meta["url"]))
    retrieved = day(meta.get("ingested_at"))
    if retrieved:
        parts.append(f"(retrieved {retrieved}).")
    return " ".join(p for p in parts if p)
