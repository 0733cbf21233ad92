"""Normalise what sources say about an article: dates, outlet names, URLs, summaries."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Any
from urllib.parse import SplitResult, parse_qsl, urlencode, urlsplit, urlunsplit

from .markdown_text import paragraphs, plain

SUMMARY_LENGTH = 300
_DAY_AND_YEAR = re.compile(r"(?=.*\b\d{4}\b)(?=.*\b\d{1,2}(?:st|nd|rd|th|er|\.)?(?!\d))", re.S)
_HAS_TIME = re.compile(r"\d{1,2}:\d{2}")
_EXACT_ZONE = re.compile(r"[+-]\d{2}:?\d{2}\b|\d(?:Z|\s*(?:UTC|GMT))\b")
_TRACKING = re.compile(r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid)$", re.I)
_SENTENCE_END = re.compile(r"[.!?][\"”’)]?\s+(?=[\"“‘(]?[A-Z])")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Prof|Jan|Feb|Aug|Sept|Oct|Nov|Dec|No|vs)\.$"
)


def iso_date(value: Any) -> str:
    """A date in any usual shape as ISO 8601 text, or "" when it does not name a whole day.

    Never guesses: a year alone, or a month without a day, gives "".
    """
    if value is None or value == "":
        return ""
    if isinstance(value, time.struct_time):
        return _format(dt.datetime(*value[:6], tzinfo=dt.UTC), has_time=True)
    if isinstance(value, dt.datetime):
        return _format(value, has_time=True)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value).strip()
    if not text:
        return ""
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        parsed = _parse_words(text)
        if parsed is None:
            return ""
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return parsed.date().isoformat()
    if parsed.tzinfo is not None and not _EXACT_ZONE.search(text):
        parsed = parsed.replace(
            tzinfo=None
        )  # "ET" or "PT" does not say whether summer time applied
    return _format(parsed, has_time=bool(_HAS_TIME.search(text)))


def _parse_words(text: str) -> dt.datetime | None:
    if not _DAY_AND_YEAR.search(text):
        return (
            None  # cannot name a whole day; also spares dateparser's slow search of every language
        )
    import dateparser  # slow to import; only text dates need it

    return dateparser.parse(
        text,
        settings={"STRICT_PARSING": True, "REQUIRE_PARTS": ["day", "month", "year"]},
    )


def _format(value: dt.datetime, has_time: bool) -> str:
    if not has_time:
        return value.date().isoformat()
    return value.replace(microsecond=0).isoformat()


def _split(url: str) -> SplitResult | None:
    """``urlsplit`` that gives None instead of raising on an address it cannot split (``http://[x``)."""
    try:
        return urlsplit(url)
    except ValueError:
        return None


def outlet_from_url(url: str) -> str:
    """The host of ``url`` without ``www.``: the best outlet name when nothing else says it."""
    parts = _split(url)
    host = (parts.hostname if parts else "") or ""
    return host.removeprefix("www.")


def web_url(url: str) -> str:
    """``url`` if it is an http(s) address, else "": a page's canonical link is untrusted input."""
    url = (url or "").strip()
    parts = _split(url)
    return url if parts and parts.scheme.lower() in ("http", "https") and parts.hostname else ""


def canonical_url(url: str) -> str:
    """The form of ``url`` used to recognise the same page: no fragment, tracking or trailing slash.

    Only web addresses have one: two posts whose link is the same ``javascript:`` or
    broken text are not the same page, and must not be taken for copies of each other.
    """
    url = web_url(url)
    if not url:
        return ""
    parts = urlsplit(url)
    query = urlencode(
        [
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not _TRACKING.match(k)
        ]
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit(
        (parts.scheme.lower(), (parts.hostname or "").removeprefix("www."), path, query, "")
    )


def summary_from(body: str) -> str:
    """The first sentences of the first real paragraph, up to about :data:`SUMMARY_LENGTH` characters."""
    for block in paragraphs(body):
        if block.startswith(("#", "*(", "_(", "|", "```")):
            continue
        text = re.sub(r"^\*\*[^*]{1,80}:\*\*\s*", "", block)  # a transcript speaker label
        text = plain(text)
        if len(text.split()) < 6:
            continue
        return _shorten(text)
    return ""


def _shorten(text: str) -> str:
    if len(text) <= SUMMARY_LENGTH:
        return text
    summary = ""
    for sentence in _sentences(text):
        if summary and len(summary) + len(sentence) + 1 > SUMMARY_LENGTH:
            break
        summary = f"{summary} {sentence}".strip()
    if len(summary) > SUMMARY_LENGTH:
        summary = summary[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"
    return summary


def _sentences(text: str) -> list[str]:
    """Split at sentence ends, but not after "Mr." or an initial such as "Julian E."."""
    sentences, start = [], 0
    for match in _SENTENCE_END.finditer(text):
        head = text[start : match.start() + 1]
        if _ABBREVIATION.search(head):
            continue
        sentences.append(text[start : match.end()].strip())
        start = match.end()
    sentences.append(text[start:].strip())
    return [sentence for sentence in sentences if sentence]
