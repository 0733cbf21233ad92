"""Quotations in the site: marked in their article, listed on their speaker's page.

Each quotation of an article's ``quotes`` field is found in the article's HTML
and wrapped in ``<span class="quote" id="quote-N" data-speaker="…">``, so a reader
sees who speaks and a speaker's "Said" section can link to the very sentence.
A quotation edited by hand so that it no longer matches the text keeps its
place in the lists, linked to the article without an anchor.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..entities.registry import EntityRegistry
    from ..graph.site_graph import ArticleNode, EntityNode

ANCHOR = "quote-"
_INLINE_OPENING = re.compile(r"<(?:a|span|em|strong|b|i|code|mark|small|sub|sup|abbr)\b[^<>]*>\Z")
_LONGEST_TAG = 300  # characters an opening tag of the body may take
_TAG = re.compile(r"<(/?)([a-zA-Z][\w-]*)[^>]*?(/?)>")
# a tag, a character reference, a run of spaces, a run of other text, a lone ampersand
_PIECE = re.compile(r"<[^>]*>?|&#?\w+;|\s+|[^<&\s]+|&")
_VOID = frozenset("br hr img wbr input meta link source".split())


@dataclass(frozen=True)
class Said:
    """One quotation as the site shows it."""

    speaker: str  # as the front matter writes it
    entity: EntityNode | None  # the speaker's page, if the speaker is an entity of the site
    article: ArticleNode
    text: str
    cue: str
    anchor: str  # id of the quotation in the article page, or "" if it was not found there


def attach_quotes(
    articles: list[ArticleNode],
    anchors: dict[str, list[str]],
    registry: EntityRegistry,
    entities: dict[str, EntityNode],
) -> None:
    """Give each article, and each speaker's node, what was said; ``anchors`` are where
    :func:`mark_quotes` marked each article's quotations when its body was rendered."""
    for article in articles:
        quotes = _quotes(article.meta.get("quotes") or [])
        for (speaker, text, cue), anchor in zip(quotes, anchors.get(article.url, []), strict=True):
            found = registry.resolve(speaker)
            entity = entities.get(found.slug) if found is not None else None
            said = Said(speaker, entity, article, text, cue, anchor)
            article.quotes.append(said)
            if entity is not None:
                entity.said.append(said)


def _quotes(field: list[dict[str, str]]) -> list[tuple[str, str, str]]:
    """(speaker, text, cue) of a ``quotes`` field that :mod:`dossier.content` checked."""
    return [(quote["speaker"], quote["text"], quote["cue"]) for quote in field]


def quotations(meta: dict) -> tuple[tuple[str, str], ...]:
    """(speaker, text) of each quotation of an article's front matter, to mark in its body."""
    return tuple((who, text) for who, text, _ in _quotes(meta.get("quotes") or []))


def speakers(articles: list[ArticleNode]) -> list[tuple[str, EntityNode | None, list[Said]]]:
    """Every speaker with their quotations in site order, most quoted first."""
    groups: dict[str, list[Said]] = {}
    for article in articles:
        for said in article.quotes:
            key = said.entity.url if said.entity is not None else said.speaker
            groups.setdefault(key, []).append(said)
    rows = [(group[0].entity.title if group[0].entity else group[0].speaker, group[0].entity, group)
            for group in groups.values()]  # fmt: skip
    return sorted(rows, key=lambda row: (-len(row[2]), row[0].casefold()))


def mark_quotes(page: str, quotes: list[tuple[str, str]]) -> tuple[str, list[str]]:
    """``page`` with each (speaker, text) of ``quotes`` wrapped in an anchored span, and the
    anchors ("" for a text not found).

    The text is looked for in what a reader sees (tags skipped, entities decoded,
    spaces collapsed), after the quotation before it. A span never crosses the end of
    the element it starts in: a quotation over two paragraphs is marked in the first.
    """
    if not quotes:
        return page, []
    visible, positions = _visible(page)
    spans: list[tuple[int, int, int]] = []
    searched_from = 0
    for number, (_, text) in enumerate(quotes, start=1):
        found = _find(visible, " ".join(text.split()), searched_from)
        if found is None:
            continue
        at, wanted = found
        searched_from = at + len(wanted)
        start, end = _opened_before(page, positions[at]), positions[at + len(wanted) - 1] + 1
        spans.append((start, _balanced_end(page, start, end), number))
    anchors = [""] * len(quotes)
    for start, end, number in sorted(spans, reverse=True):
        if any(s < end and start < e for s, e, n in spans if n != number and n < number):
            continue  # overlaps an earlier quotation (the same words quoted twice)
        anchors[number - 1] = f"{ANCHOR}{number}"
        speaker = html.escape(quotes[number - 1][0])
        opening = f'<span class="quote" id="{ANCHOR}{number}" data-speaker="{speaker}">'
        page = f"{page[:start]}{opening}{page[start:end]}</span>{page[end:]}"
    return page, anchors


def _find(visible: str, text: str, after: int) -> tuple[int, str] | None:
    """Where ``text`` stands, after ``after`` if it can; failing that, its longest first
    sentences (a quotation over paragraphs has a mark at each paragraph's start)."""
    cuts = [m.end() for m in re.finditer(r"[.!?…]\s", text)]
    for wanted in [text, *(text[:cut].rstrip() for cut in reversed(cuts))]:
        if len(wanted) < 12 and wanted != text or not wanted:
            continue
        for start in (after, 0):
            at = visible.find(wanted, start)
            if at >= 0:
                return at, wanted
    return None


def _visible(page: str) -> tuple[str, list[int]]:
    """The text of ``page`` with spaces collapsed, and each character's offset in ``page``."""
    pieces: list[str] = []
    positions: list[int] = []
    after_space = True  # no space is kept before the first character
    for match in _PIECE.finditer(page):
        piece, at = match.group(), match.start()
        if piece[0] == "<":
            continue
        entity = piece[0] == "&" and len(piece) > 1
        if entity:
            piece = html.unescape(piece)
        if piece.isspace():
            if not after_space:
                pieces.append(" ")
                positions.append(at)
                after_space = True
            continue
        pieces.append(piece)
        positions.extend([at] * len(piece) if entity else range(at, at + len(piece)))
        after_space = False
    return "".join(pieces), positions


def _opened_before(page: str, start: int) -> int:
    """``start``, or earlier, so that a quotation that begins with a name marked in the
    page (``<span class="mention-ref">Kim</span> raised a toast``) opens that element too,
    instead of ending where it closes."""
    while found := _INLINE_OPENING.search(page, max(0, start - _LONGEST_TAG), start):
        start = found.start()
    return start


def _balanced_end(page: str, start: int, end: int) -> int:
    """``end``, or earlier, so that ``page[start:end]`` closes every element it opens."""
    opened: list[tuple[str, int]] = []
    for tag in _TAG.finditer(page, start, end):
        closing, name, self_closing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if self_closing or name in _VOID:
            continue
        if not closing:
            opened.append((name, tag.start()))
        elif opened and opened[-1][0] == name:
            opened.pop()
        else:  # closes the element the quotation starts in: stop before the first still open
            return opened[0][1] if opened else tag.start()
    return opened[0][1] if opened else end
