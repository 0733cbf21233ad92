"""Plain records passed between the ingest steps: a source read in, an article read out."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

FORMATS = ("wordpress", "html", "text", "feed", "markdown")


class SourceError(Exception):
    """A source that cannot be ingested at all; the message is shown as ``source: message``."""


@dataclass(frozen=True)
class Source:
    """The bytes of one source and where they came from."""

    name: str  # as shown in messages: the path as given, or the URL
    origin: str  # recorded as ``ingested_from``: the file name, or the URL
    data: bytes
    url: str = ""  # the address it was fetched from, after redirects
    content_type: str = ""  # from the HTTP response, lower case, without parameters
    charset: str = ""  # from the HTTP response, if it named one

    @property
    def suffix(self) -> str:
        stem = self.origin.rsplit("/", 1)[-1].split("?", 1)[0]
        return stem.rsplit(".", 1)[-1].lower() if "." in stem else ""


@dataclass
class Article:
    """One article as a parser understood it, before provenance, entities and topics."""

    title: str
    body: str  # CommonMark
    date: str = ""  # ISO 8601, or empty when the source gives none
    authors: list[str] = field(default_factory=list)
    source: str = ""  # the outlet
    url: str = ""
    summary: str = ""
    language: str = ""
    author_bios: dict[str, str] = field(default_factory=dict)
    rights: str = ""
    original_source: str = ""  # the outlet that first published a republished story
    extra: dict[str, Any] = field(default_factory=dict)  # fields a Markdown source brings along
    notes: list[str] = field(default_factory=list)  # what was salvaged or guessed
    needs_review: list[str] = field(default_factory=list)


@dataclass
class Parsed:
    """What one source gave: its articles, and problems with parts of it (a feed's bad entry)."""

    articles: list[Article] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # a part that was lost: counts as a failure
    warnings: list[str] = field(default_factory=list)  # a part that was salvaged or guessed


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(value: Any) -> Any:
    """``value`` with every lone surrogate in its text (nested lists and dicts too) made U+FFFD.

    JSON ``"\\ud800"`` and YAML escapes give Python strings that UTF-8 cannot encode:
    the HTML cleaner and the article writer both raised on them.
    """
    if isinstance(value, str):
        return _SURROGATE.sub("\ufffd", value)
    if isinstance(value, list):
        return [without_surrogates(item) for item in value]
    if isinstance(value, dict):
        return {without_surrogates(key): without_surrogates(item) for key, item in value.items()}
    return value
