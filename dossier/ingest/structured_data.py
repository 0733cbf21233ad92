"""What a saved page says about its article in markup: JSON-LD, OpenGraph, meta tags, bylines.

trafilatura reads some of this but keeps one value per field and mangles
user names ("happyface313" became "Happyface"). Here every statement is kept
with where it came from, so :mod:`html_page` can choose per field by general
rules: structured data over guesses, a person's name over a site's.

The page is untrusted: JSON-LD may be broken, huge, deeply nested or of the
wrong types. Everything here returns less instead of raising.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html import unescape
from typing import Any, NamedTuple

from lxml import html as lxml_html

_MAX_JSON = 1_000_000  # characters of one JSON-LD script; a bigger one is not article data
_MAX_NODES = 2_000  # JSON objects visited per page
_MAX_DEPTH = 12
_ARTICLE_TYPE = re.compile(r"(?:Article|BlogPosting|Posting|Report|WebPage)$")
_SPACE = re.compile(r"\s+")
# The text was decoded already: a page's own <meta charset> must not make lxml decode it again.
_PARSER = lxml_html.HTMLParser(encoding="utf-8")


class Stated(NamedTuple):
    """A name a page gives as the author, with the JSON-LD type it gave it, if any."""

    name: str
    kind: str = ""  # "Person", "Organization" or ""


@dataclass
class PageData:
    """Values the page states, by source name ("jsonld", "meta", "byline", ...)."""

    titles: dict[str, str] = field(default_factory=dict)  # the JSON-LD headline, the <title>
    authors: dict[str, list[Stated]] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)  # when it was published
    site_names: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)  # the page's <h1> texts


def read(html: str) -> PageData:
    """Everything the page's markup states about its article; empty when it cannot be parsed."""
    data = PageData()
    try:
        root = lxml_html.fromstring(html.encode("utf-8", "replace"), parser=_PARSER)
    except (ValueError, TypeError, lxml_html.etree.ParserError):
        return data
    _read_meta(root, data)
    _read_json_ld(root, data)
    _read_markup(root, data)
    return data


def _text_of(node: Any) -> str:
    """The visible text of an element, whitespace collapsed."""
    try:
        parts = node.xpath(".//text()[not(ancestor::script or ancestor::style)]")
        return _SPACE.sub(" ", " ".join(parts)).strip()
    except (AttributeError, ValueError, lxml_html.etree.XPathError):
        return ""


# --- meta tags -----------------------------------------------------------------------------

_META_AUTHOR = {
    "author": "meta",
    "article:author": "article",
    "dc.creator": "meta",
    "dcterms.creator": "meta",
    "parsely-author": "meta",
    "sailthru.author": "meta",
    "byl": "meta",
    "citation_author": "meta",
}
_META_DATE = {
    "article:published_time": "article",
    "og:article:published_time": "article",
    "article.published": "article",
    "datepublished": "meta",
    "date": "meta",
    "dc.date": "meta",
    "dc.date.issued": "meta",
    "dcterms.date": "meta",
    "dcterms.created": "meta",
    "pubdate": "meta",
    "publishdate": "meta",
    "publish-date": "meta",
    "parsely-pub-date": "meta",
    "sailthru.date": "meta",
    "citation_publication_date": "meta",
}
_META_SITE = ("og:site_name", "application-name", "twitter:site")


def _read_meta(root: Any, data: PageData) -> None:
    for meta in root.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").strip()
        key = key.lower()
        value = _clean(meta.get("content"))
        if not key or not value:
            continue
        if key in _META_AUTHOR:
            data.authors.setdefault(_META_AUTHOR[key], []).append(Stated(value))
        elif key in _META_DATE:
            data.dates.setdefault(_META_DATE[key], value)
        elif key in _META_SITE:
            data.site_names.append(value.lstrip("@"))
    title = root.find(".//title")
    if title is not None and _text_of(title):
        data.titles["title"] = _text_of(title)


# --- JSON-LD -------------------------------------------------------------------------------


def _read_json_ld(root: Any, data: PageData) -> None:
    nodes = list(_json_ld_nodes(root))
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    for node in nodes:
        types = _types(node)
        if any(_ARTICLE_TYPE.search(kind) for kind in types):
            source = "jsonld" if not all(kind.endswith("WebPage") for kind in types) else "webpage"
            headline = _text(node.get("headline")) or _text(node.get("name"))
            if headline and source == "jsonld":
                data.titles.setdefault(source, headline)
            names = _people(node.get("author"), by_id) or _people(node.get("creator"), by_id)
            if names:
                data.authors.setdefault(source, names)
            published = _text(node.get("datePublished")) or _text(node.get("dateCreated"))
            if published:
                data.dates.setdefault(source, published)
        if "WebSite" in types or "Organization" in types or "NewsMediaOrganization" in types:
            name = _text(node.get("name"))
            if name:
                data.site_names.append(name)


def _json_ld_nodes(root: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object of the page's JSON-LD scripts, nested ones and ``@graph`` members too."""
    budget = [_MAX_NODES]
    for script in root.iter("script"):
        if (script.get("type") or "").strip().lower() != "application/ld+json":
            continue
        text = script.text or ""
        if len(text) > _MAX_JSON:
            continue
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):
            continue
        yield from _walk(value, 0, budget)


def _walk(value: Any, depth: int, budget: list[int]) -> Iterator[dict[str, Any]]:
    if depth > _MAX_DEPTH or budget[0] <= 0:
        return
    if isinstance(value, list):
        for item in value:
            yield from _walk(item, depth + 1, budget)
    elif isinstance(value, dict):
        budget[0] -= 1
        yield value
        for key in ("@graph", "mainEntity", "mainEntityOfPage", "itemListElement", "hasPart"):
            if key in value:
                yield from _walk(value[key], depth + 1, budget)


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return [item.rsplit("/", 1)[-1] for item in kinds if isinstance(item, str)]


def _people(value: Any, by_id: dict[str, dict[str, Any]]) -> list[Stated]:
    """The authors a JSON-LD ``author`` states: strings, Person objects or ``@id`` refs."""
    items = value if isinstance(value, list) else [value]
    names = []
    for item in items[:20]:
        if isinstance(item, dict) and "name" not in item and isinstance(item.get("@id"), str):
            item = by_id.get(item["@id"], item)
        kind = ""
        if isinstance(item, dict):
            types = _types(item)
            kind = "Person" if "Person" in types else "Organization" if types else ""
            name = _text(item.get("name"))
            if not name and (item.get("givenName") or item.get("familyName")):
                name = f"{_text(item.get('givenName'))} {_text(item.get('familyName'))}".strip()
        else:
            name = _text(item)
        if name:
            names.append(Stated(name, kind))
    return names


def _text(value: Any, depth: int = 0) -> str:
    """A JSON-LD value as one line of text; lists give their first text, objects their name."""
    if depth > _MAX_DEPTH:
        return ""
    if isinstance(value, list):
        return next((text for item in value[:10] if (text := _text(item, depth + 1))), "")
    if isinstance(value, str):
        return _clean(value)
    if isinstance(value, dict):
        return _text(value.get("name"), depth + 1)
    return ""


def _clean(value: str | None) -> str:
    return _SPACE.sub(" ", unescape(value or "")).strip()[:500]


# --- visible markup ------------------------------------------------------------------------

_BYLINE_XPATHS = (
    ("itemprop", './/*[@itemprop="author"]'),
    ("rel", './/a[contains(concat(" ", normalize-space(@rel), " "), " author ")]'),
    ("vcard", './/*[contains(concat(" ", normalize-space(@class), " "), " author ")]'
     '//*[contains(concat(" ", normalize-space(@class), " "), " fn ")]'),
    ("hentry", './/*[contains(concat(" ", normalize-space(@class), " "), " p-author ")]'),
    ("byline", './/*[contains(@class, "byline") or contains(@class, "author")]'),
)  # fmt: skip


def _byline_text(node: Any) -> str:
    name_node = node.find('.//*[@itemprop="name"]')
    value = _text_of(name_node if name_node is not None else node)
    return value or _clean(node.get("content"))


_COMMENTS = re.compile(r"comment|respond|reply|discussion|kommentar", re.I)


def _in_comments(node: Any) -> bool:
    """Whether ``node`` is in a form or a comment thread: its "author" is a commenter."""
    for ancestor in node.iterancestors():
        if ancestor.tag == "form":
            return True
        if _COMMENTS.search(f"{ancestor.get('class', '')} {ancestor.get('id', '')}"):
            return True
    return False


def _first_group(nodes: list[Any]) -> list[Any]:
    """The first byline element and those beside it: co-authors, not the authors of teasers."""
    if not nodes:
        return []
    first = nodes[0]
    parent = first.getparent()
    container = parent.getparent() if parent is not None else None
    group = [first]
    for node in nodes[1:6]:
        if container is None or container not in node.iterancestors():
            break
        group.append(node)
    return group


def _read_markup(root: Any, data: PageData) -> None:
    for source, xpath in _BYLINE_XPATHS:
        try:
            nodes = root.xpath(xpath)
        except Exception:  # lxml raises several types on odd trees; markup is a bonus
            continue
        nodes = [node for node in nodes if not _in_comments(node)]
        names = [name for name in map(_byline_text, _first_group(nodes)) if name]
        if names:
            data.authors[source] = [Stated(name) for name in dict.fromkeys(names)]
    data.headings = [text for text in map(_text_of, root.iter("h1")) if text][:20]
    for xpath, source in (
        ('.//*[@itemprop="datePublished"]', "itemprop"),
        (".//time[@datetime]", "time"),
    ):
        for node in root.xpath(xpath)[:1]:
            value = _clean(node.get("datetime") or node.get("content")) or _text_of(node)
            if value:
                data.dates.setdefault(source, value)
