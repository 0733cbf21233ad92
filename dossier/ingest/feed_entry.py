"""A feed and its entries as every feed format reads them: what an article is made from."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Entry:
    id: str = ""  # guid, Atom or JSON Feed id
    title: str = ""  # plain text
    body: str = ""  # HTML, or plain text when ``body_type`` says so
    body_type: str = "text/html"
    full: bool = True  # False: the body is the feed's summary, the story is at ``link``
    summary: str = ""  # HTML, only when the entry has a body besides
    link: str = ""
    date: str = ""  # ISO 8601
    authors: list[str] = field(default_factory=list)
    language: str = ""


@dataclass
class Channel:
    title: str = ""
    language: str = ""
    entries: list[Entry] = field(default_factory=list)
