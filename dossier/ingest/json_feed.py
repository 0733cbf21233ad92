"""JSON Feed (jsonfeed.org, versions 1 and 1.1): a feed's entries from its ``items``.

Read leniently like the XML formats: an item that is not an object is skipped
with the others kept, and the 1.0 ``author`` sits beside 1.1's ``authors``.
"""

from __future__ import annotations

import json
import re
from typing import Any

from .feed_entry import Channel, Entry
from .metadata import iso_date
from .model import SourceError

_VERSION = re.compile(r'"version"\s*:\s*"https?://jsonfeed\.org/version/1')


def looks_like(text: str) -> bool:
    return text.lstrip()[:1] == "{" and bool(_VERSION.search(text[:4000]))


def read(text: str) -> Channel:
    try:
        feed = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(
            f"JSON Feed with a syntax error at line {exc.lineno}: {exc.msg}"
        ) from None
    if not isinstance(feed, dict) or not isinstance(feed.get("items"), list):
        raise SourceError("JSON Feed without a list of items")
    return Channel(
        title=_text(feed.get("title")),
        language=_text(feed.get("language")).split("-")[0].lower(),
        entries=[_entry(item, feed) for item in feed["items"] if isinstance(item, dict)],
    )


def _entry(item: dict[str, Any], feed: dict[str, Any]) -> Entry:
    html, text = _text(item.get("content_html")), _text(item.get("content_text"))
    summary = _text(item.get("summary"))
    body, body_type = (html, "text/html") if html else (text, "text/plain")
    full = bool(body)
    if not full:
        body, body_type, summary = summary, "text/plain", ""
    return Entry(
        id=_text(item.get("id")) if isinstance(item.get("id"), str | int) else "",
        title=_text(item.get("title")),
        body=body,
        body_type=body_type,
        full=full,
        summary=summary,
        link=_text(item.get("url")) or _text(item.get("external_url")),
        date=iso_date(_text(item.get("date_published")) or _text(item.get("date_modified"))),
        authors=_authors(item) or _authors(feed),
        language=_text(item.get("language")).split("-")[0].lower(),
    )


def _authors(holder: dict[str, Any]) -> list[str]:
    listed = holder.get("authors")
    people = listed if isinstance(listed, list) else [holder.get("author")]
    return [_text(p.get("name")) for p in people if isinstance(p, dict) and _text(p.get("name"))]


def _text(value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value.strip() if isinstance(value, str) else ""
