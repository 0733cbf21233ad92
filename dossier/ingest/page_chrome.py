"""Recognise the lines of a copied web page that are not the article: chrome, datelines, bylines.

Text copied from a browser carries the site's navigation, audio-player
residue, share buttons and copyright footers. These rules describe such lines
in general (any outlet), not the lines of one page.
"""

from __future__ import annotations

import re

from .metadata import iso_date

_UI_PHRASES = (
    r"play live radio", r"next up:?", r"available on air stations", r"listen(?: live| now)?",
    r"listen\s*[·•-]\s*\d{1,2}:\d{2}(?:\s*\d{1,2}:\d{2})?", r"download", r"embed", r"transcript",
    r"toggle (?:navigation|menu|caption)", r"hide caption", r"enlarge this image",
    r"skip to (?:main )?content", r"skip navigation", r"menu", r"search", r"close", r"open",
    r"sign in", r"sign up", r"log ?in", r"subscribe(?: now)?", r"donate", r"share(?: this)?(?: story| article)?",
    r"facebook", r"twitter", r"x", r"linkedin", r"whatsapp", r"e-?mail", r"print", r"copy link",
    r"advertisement", r"ad", r"sponsored", r"read more", r"related(?: stories| articles)?",
    r"loading\W*", r"continue reading", r"back to top", r"more from .{1,40}", r"heard on .{1,60}",
    r"image (?:source|caption|credit)[:,].{0,80}", r"photo(?:graph)?:? .{1,60}(?:/|via) .{1,40}",
)  # fmt: skip
_UI_LINE = re.compile(rf"^(?:{'|'.join(_UI_PHRASES)})$", re.I)
_PLAYER_TIME = re.compile(
    r"^(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*[/·-]?\s*(?:\d{1,2}:)?\d{1,2}:\d{2})*$"
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.I)
# "NPR News, Colorado Stories": a station, network or section list above the headline.
_SECTION_LIST = re.compile(
    r"^[A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,3}(?:, [A-Z][\w&'’.-]*(?: [A-Z][\w&'’.-]*){0,3})+$"
)
_DATE_PREFIX = re.compile(
    r"^(?:published|updated|posted|last updated|first published|date)\s*:?\s*(?:on\s+)?", re.I
)
_MONTH = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\b|\b\d{4}-\d{2}-\d{2}\b",
    re.I,
)
_BYLINE = re.compile(r"^by\s+(?P<who>[A-Z].{2,150})$", re.I)
_NAME = re.compile(r"^[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){1,3}$")
_OUTLET_WORD = re.compile(
    r"\b(?:News|Times|Post|Press|Journal|Agency|Service|Radio|Tribune|Herald|Guardian|Reuters|AP|AFP|BBC|NPR|CNN)\b"
)


def is_chrome(line: str, before_headline: bool = False) -> bool:
    """A line that belongs to the page around the article, never to the article."""
    line = line.strip()
    if _UI_LINE.match(line) or _PLAYER_TIME.match(line):
        return True
    if is_rights_line(line):
        return True
    return before_headline and bool(_SECTION_LIST.match(line)) and "." not in line.rstrip(".")


def is_rights_line(line: str) -> bool:
    """A copyright footer such as "© 2021 Example Wire. All rights reserved."."""
    return bool(_COPYRIGHT.match(line.strip())) and len(line) < 120


def date_of(line: str) -> str:
    """The ISO date a dateline such as "April 25, 2019 4:05 PM ET" gives, else ""."""
    line = line.strip()
    if len(line) > 80 or not _MONTH.search(line):
        return ""
    return iso_date(_DATE_PREFIX.sub("", line))


def byline(line: str) -> tuple[list[str], str] | None:
    """``(authors, outlet)`` from a line such as "By Jane Doe and John Roe, Example News"."""
    match = _BYLINE.match(line.strip())
    if not match:
        return None
    authors, outlet = [], ""
    for part in re.split(r",\s*|\s+and\s+|\s*&\s*", match.group("who").rstrip(".")):
        part = part.strip()
        if _OUTLET_WORD.search(part) or not _NAME.match(part):
            outlet = outlet or part
        else:
            authors.append(part)
    return (authors, outlet) if authors else None
