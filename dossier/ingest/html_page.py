"""Saved article pages: trafilatura finds the main text and the metadata, we add what it misses.

trafilatura drops navigation, ads, related links and comments and reads
``<meta>``, OpenGraph, JSON-LD and byline markup. Its HTML output is then
sanitised and converted like every other HTML source (:mod:`html_markdown`).
"""

from __future__ import annotations

import re

from .. import blas
from . import article_body, html_markdown, page_fields, structured_data
from .markdown_text import paragraphs, plain
from .metadata import iso_date, outlet_from_url
from .model import Article, Parsed, SourceError
from .sanitise import unsafe_parts

_LANG = re.compile(r"<html\b[^>]*\blang\s*=\s*[\"']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?", re.I)
_AUTHOR_SPLIT = re.compile(r"\s*(?:;|,|\band\b|&)\s*")
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CHAR_REF = re.compile(r"&#(?:[xX]([0-9a-fA-F]+)|([0-9]+));?")


def _xml_char(match: re.Match[str]) -> str:
    """A character reference, or nothing if it names a character XML cannot hold.

    trafilatura builds an XML tree: one ``&#14;`` in a link (an XSS trick) made it
    return nothing at all, and the whole article was lost.
    """
    code = int(match.group(1), 16) if match.group(1) else int(match.group(2))
    allowed = (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
    return match.group(0) if allowed else ""


def parse(html: str, url: str = "") -> Parsed:
    """Extract the article of a page; ``url`` is where it was fetched from, if it was."""
    blas.one_thread()  # trafilatura imports numpy (through py3langid)
    import trafilatura  # slow to import; only HTML sources need it

    html = _CHAR_REF.sub(_xml_char, html)
    content = trafilatura.extract(
        html,
        url=url or None,
        output_format="html",
        include_links=True,
        include_formatting=False,  # with it, trafilatura keeps less of the article text
        include_images=False,
        include_tables=True,
        include_comments=False,
        with_metadata=False,
    )
    if not content:
        raise SourceError("no article text found in the HTML page")
    meta = trafilatura.extract_metadata(html, default_url=url or None)
    stated = structured_data.read(html)
    sites = [
        (meta.sitename or "") if meta else "",
        outlet_from_url((meta.url or url or "") if meta else url),
        *stated.site_names,
    ]
    # trafilatura may take the site's name from the title itself: not a guide to cutting it
    title = page_fields.title(stated, (meta.title if meta else "") or "", sites[1:])
    if not title:
        raise SourceError("HTML page has no title (no <title>, og:title or <h1>)")
    article = Article(
        title=title.strip(),
        body="",
        date=_with_time(iso_date(meta.date), stated) if meta else "",
        authors=page_fields.authors(stated, _authors(meta.author if meta else ""), sites),
        source=(meta.sitename or "").strip() if meta else "",
        url=(meta.url or url or "") if meta else url,
        summary=(meta.description or "").strip() if meta else "",
        language=_language(html),
    )
    article.body = _without_chrome(html_markdown.to_markdown(content))
    article_body.finish(article)
    parsed = Parsed([article])
    unsafe = unsafe_parts(html)
    if unsafe:
        parsed.warnings.append(f"removed unsafe HTML ({unsafe})")
    if not article.date:
        article.needs_review.append("date")
    return parsed


_LINK = r"!?\[[^\]\n]*\]\([^)\s]*\)"
# A block that is one link and nothing else: "Back to top", a teaser's headline, "Search".
_LINK_BLOCK = re.compile(rf"^(?:#{{1,6}}\s+)?{_LINK}$")
# A list whose every item is one link: related stories or navigation.
_LINK_LIST = re.compile(rf"^(?:[-*+]\s+{_LINK}\s*(?:\n|$)){{2,}}$")
# A picture link with its caption glued on: "[Enlarge](photo.jpg)A small hole for the camera".
_PICTURE = re.compile(r"^\[[^\]\n]*\]\([^)\s]*\.(?:jpe?g|png|gif|webp)\)", re.I)
# A picture credit: "Photo: Jane Doe", "Crédits photos : X", "AFP / JANE DOE".
_CREDIT = re.compile(
    r"^[\\(\s]*(?:(?:photo|foto|bild|image|picture|titelbild|crédits?|credits?)s?"
    r"(?:\s+(?:photos?|credits?))?\s*[:©]|©|\(c\)\s)"
    r"|^[\w.-]+(?:\s[\w.-]+)?\s?/\s?[\w.-]+(?:\s[\w.-]+){0,2}$",
    re.I,
)
_SHORT = 8  # words: a label or a credit, not a paragraph


def _without_chrome(body: str) -> str:
    """Drop the blocks of ``body`` that are no article text: links elsewhere and picture credits.

    The label of a dropped list of links ("Read more:", "## Related") goes with it.
    """
    kept: list[str] = []
    for block in paragraphs(body):
        if _LINK_BLOCK.match(block) or _LINK_LIST.match(block) or _PICTURE.match(block):
            if kept and _is_label(kept[-1]):
                kept.pop()
            continue
        if len(block.split()) <= _SHORT and _CREDIT.match(plain(block)):
            continue
        kept.append(block)
    return "\n\n".join(kept)


def _is_label(block: str) -> bool:
    """A short heading, or a short line ending in ":", that introduces what follows it."""
    short = len(block.split()) <= _SHORT
    return short and (block.startswith("#") or plain(block).endswith(":"))


def _authors(value: str | None) -> list[str]:
    names = [name.strip() for name in _AUTHOR_SPLIT.split(value or "")]
    return [name for name in names if name and not name.lower().startswith("http")]


def _with_time(day: str, stated: structured_data.PageData) -> str:
    """The page's full publication time when it falls on the day trafilatura found.

    trafilatura keeps only the day; the markup that states the time is tried in
    order of trust, and only a time on that same day is taken.
    """
    for source in ("jsonld", "article", "webpage", "itemprop", "meta", "time"):
        value = stated.dates.get(source, "")
        exact = iso_date(value) if _ISO_DAY.match(value) else ""
        if day and exact.startswith(day):
            return exact
    return day


def _language(html: str) -> str:
    match = _LANG.search(html[:5000])
    return match.group(1).lower() if match else ""
