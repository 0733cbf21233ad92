"""Markdown bodies to HTML, resolving wikilinks, content links and entity mentions in one pass.

One markdown-it parser is configured per build; what dossier adds to
CommonMark is rules of that parser, working on its tokens. The inline rule of
:mod:`dossier.markdown.wikilinks` parses ``[[wikilinks]]``; after inline parsing, one
core rule turns them and relative ``.md`` links into links to output URLs (or
visibly broken spans), and a second marks, in articles, every mention of a
known entity (the first one a link to its page).

A mention is a whole word of prose: never part of a longer word (``Russian``,
``Kim_Jong_Un``, ``foo*Kim*bar``), a URL, host name, e-mail address, hashtag
or handle, and never inside a link, code, an image description or raw HTML
``<a>``/``<code>``. A name written in capitals (``KIM JONG UN``, as in
transcript labels and headlines) is a mention; an acronym must be written as
it is (``US`` is not ``U.S.``). Mention anchors are ``mention_N``, an id no
heading can have. Everything found on the way (outgoing links with a snippet,
broken links with their line, mentions with their sentence) is collected for
the site graph.
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import unicodedata
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any, NamedTuple
from urllib.parse import unquote, urlsplit

import nh3
from markdown_it import MarkdownIt
from markdown_it.common.utils import escapeHtml
from markdown_it.rules_core import StateCore
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from ..content.slugs import slugify
from .wikilinks import wikilinks_plugin

# Every content page lives at <kind>/<slug>/index.html, two folders below the root.
PAGE_ROOT = "../../"
SNIPPET_LENGTH = 180
SENTENCE_LENGTH = 320
QUOTED_MENTIONS = 3  # an entity page quotes this many mentions of an article
# Mention anchors are "mention_1", "mention_2"...: slugs never hold "_", so no heading
# id (nor a footnote's "fn1") can be the same.
MENTION_ANCHOR = "mention_"

_ABBREVIATIONS = frozenset(
    "mr mrs ms dr st jr sr gen sen rep gov lt col sgt capt prof rev u.s u.k u.n no vs etc "
    "jan feb mar apr jun jul aug sep sept oct nov dec inc corp co ltd".split()
)
_SENTENCE_END = re.compile(r"([.!?][\"'”’)]*)\s+(?=[\"'“‘(]?[A-Z0-9])")


@dataclass(frozen=True)
class LinkTarget:
    url: str  # site-relative, e.g. "entities/kim-jong-un/"
    title: str
    kind: str


class OutgoingLink(NamedTuple):
    url: str
    line: int
    snippet: str


class BrokenLink(NamedTuple):
    target: str
    line: int


class Mention(NamedTuple):
    """One mention of an entity in an article; the first :data:`QUOTED_MENTIONS` of each
    entity carry their sentence (entity pages quote no more), the others an empty one."""

    entity: str  # entity slug
    anchor: str  # element id in the article page
    sentence: str
    start: int  # the mention's span inside ``sentence``
    end: int


@dataclass
class RenderedBody:
    html: str
    links: list[OutgoingLink] = field(default_factory=list)
    broken: list[BrokenLink] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # each question put to the link index, ("name" or "path", what was asked): what the
    # body read of other pages, so that it is rendered again only when an answer changes
    lookups: list[tuple[str, str]] = field(default_factory=list)
    # digests, taken once when the body is rendered, for the keys of the pages that show
    # it: of the HTML, and of each entity's quoted mentions (an entity page's sentences)
    digest: str = ""
    quoted: dict[str, str] = field(default_factory=dict)
    quote_anchors: list[str] = field(default_factory=list)  # see dossier.quotes.site

    def __reduce__(self) -> tuple:
        """Pickled as plain tuples: bodies travel back from the render workers by the
        thousand, and plain tuples unpickle about ten times faster than named ones."""
        lists = (list(map(tuple, items)) for items in self._lists())
        plain = (self.html, *lists, self.digest, self.quoted, self.quote_anchors)
        return (_rendered_body, plain)

    def _lists(self) -> tuple[list, list, list, list]:
        return self.links, self.broken, self.mentions, self.lookups

    @cached_property
    def reads(self) -> str:
        """A digest of what other nodes take of this body: its links' targets and snippets
        (backlinks), its mentions' entities in order (appearances and their counts), its
        quoted sentences and quotation anchors. Taken once per body, as below: a resident
        engine asks for it on every build."""
        state = (
            [(link.url, link.snippet) for link in self.links],
            [m.entity for m in self.mentions],
            sorted(self.quoted.items()),
            self.quote_anchors,
        )
        return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()

    @cached_property
    def mentions_by_entity(self) -> dict[str, list[Mention]]:
        """Each entity's mentions, entities in the order first mentioned: grouped once per
        body (a resident engine keeps a body across builds), not on every build."""
        grouped: dict[str, list[Mention]] = {}
        for mention in self.mentions:
            grouped.setdefault(mention.entity, []).append(mention)
        return grouped


def _rendered_body(
    html: str,
    links: list,
    broken: list,
    mentions: list,
    lookups: list,
    digest: str,
    quoted: dict,
    quote_anchors: list[str],
) -> RenderedBody:
    return RenderedBody(
        html,
        list(map(OutgoingLink._make, links)),
        list(map(BrokenLink._make, broken)),
        list(map(Mention._make, mentions)),
        lookups,
        digest,
        quoted,
        quote_anchors,
    )


def quoted_digests(mentions: Sequence[Mention]) -> dict[str, str]:
    """Per entity, a digest of its mentions as its page shows them: their number, and the
    anchor and sentence of the first :data:`QUOTED_MENTIONS`."""
    by_entity: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        by_entity[mention.entity].append(mention)
    return {
        slug: hashlib.sha256(
            repr((len(found), [m[1:] for m in found[:QUOTED_MENTIONS]])).encode("utf-8")
        ).hexdigest()
        for slug, found in by_entity.items()
    }


@dataclass(frozen=True)
class BodyJob:
    """Everything one document's body rendering depends on, apart from the site-wide state."""

    body: str
    source_path: str
    body_line: int
    mentions: bool  # articles get their entity mentions marked
    entities: tuple[Any, ...]  # the article's own entities, for short names like "Mr. Kim"
    allow_html: bool
    quotes: tuple[tuple[str, str], ...] = ()  # (speaker, text) to mark in the HTML


class LinkIndex:
    """Names, slugs, aliases and file paths of every page, for resolving links."""

    def __init__(self) -> None:
        self._by_name: dict[str, LinkTarget] = {}
        self._by_path: dict[str, LinkTarget] = {}
        self._entity_resolver: Any = None

    @staticmethod
    def key(name: str) -> str:
        """A name as the index keys it: case, curly apostrophes and spacing aside."""
        return " ".join(name.casefold().replace("’", "'").split())

    def add(self, target: LinkTarget, path: str, names: Sequence[str]) -> None:
        self._by_path[path] = target
        for name in names:
            self._by_name.setdefault(self.key(name), target)

    def set_entity_resolver(self, resolver: Any) -> None:
        """``resolver(name) -> LinkTarget | None`` for names only the entity registry knows."""
        self._entity_resolver = resolver

    def lookup(self, name: str) -> LinkTarget | None:
        found = self._by_name.get(self.key(name)) or self._by_name.get(slugify(name, fallback=""))
        if found is None and self._entity_resolver is not None:
            found = self._entity_resolver(name)
        return found

    def lookup_path(self, path: str) -> LinkTarget | None:
        return self._by_path.get(path)

    def answers(self, lookups: Sequence[tuple[str, str]]) -> str:
        """A digest of what the ``lookups`` a body made (:attr:`RenderedBody.lookups`) find now."""
        found = [self.lookup_path(key) if how == "path" else self.lookup(key) for how, key in lookups]
        return hashlib.sha256(repr((lookups, found)).encode("utf-8")).hexdigest()


def _snippet(text: str, offset: int) -> str:
    text = " ".join(text.split())
    if len(text) <= SNIPPET_LENGTH:
        return text
    start = max(0, min(offset - SNIPPET_LENGTH // 2, len(text) - SNIPPET_LENGTH))
    cut = text[start : start + SNIPPET_LENGTH]
    if start > 0:
        cut = "…" + cut.split(" ", 1)[-1]
    if start + SNIPPET_LENGTH < len(text):
        cut = cut.rsplit(" ", 1)[0] + "…"
    return cut


_MARKUP = re.compile(r"\[\[([^\]|]*\|)?([^\]]*)\]\]|!?\[([^\]]*)\]\([^)]*\)|[*_`#>]+")


class _LazyReadable:
    """A paragraph's :func:`_readable` text, computed only if a link needs a snippet."""

    def __init__(self, markdown: str) -> None:
        self.markdown = markdown
        self.text: str | None = None

    def __str__(self) -> str:
        if self.text is None:
            self.text = _readable(self.markdown)
        return self.text


def _readable(markdown: str) -> str:
    """Inline Markdown as plain text for snippets: ``[[a|b]]`` -> b, ``[t](u)`` -> t."""
    return _MARKUP.sub(lambda m: m.group(2) or m.group(3) or "", markdown)


def sentence_breaks(text: str) -> list[tuple[int, int]]:
    """``(end of sentence, start of next)`` offsets in ``text``, skipping ``Mr.``, ``J.`` and the like."""
    breaks = []
    for match in _SENTENCE_END.finditer(text):
        stop = match.start()
        if text[stop] == ".":
            word = text[text.rfind(" ", 0, stop) + 1 : stop].strip("\"'“‘(").lower()
            if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
                continue
        breaks.append((match.end(1), match.end()))
    return breaks


def _sentence_bounds(
    text: str, breaks: list[tuple[int, int]], start: int, end: int
) -> tuple[int, int]:
    """The sentence of ``text`` around ``[start, end)``, cut to a readable length."""
    at = bisect_right(breaks, (start, len(text)))
    left = breaks[at - 1][1] if at and breaks[at - 1][1] <= start else 0
    while at < len(breaks) and breaks[at][0] < end:
        at += 1
    right = breaks[at][0] if at < len(breaks) else len(text)
    if right - left > SENTENCE_LENGTH:
        left = max(left, start - SENTENCE_LENGTH // 2)
        right = min(right, left + SENTENCE_LENGTH)
    return left, right


class _Context:
    """Per-document state the core rule reads and fills, carried in markdown-it's ``env``."""

    def __init__(
        self,
        source_path: str,
        body_line: int,
        index: LinkIndex,
        matcher: Any,
        entities: Sequence[Any],
    ):
        self.source_path = source_path
        self.body_line = body_line
        self.index = index
        self.matcher = matcher
        self.entities = entities
        self.result = RenderedBody(html="")
        self.linked_entities: set[str] = set()
        self.quoted: dict[str, int] = {}  # entity slug -> mentions given their sentence
        self.breaks_of: str | None = None  # the paragraph ``breaks`` belong to
        self.breaks: list[tuple[int, int]] = []


def _link_tokens(href: str, label: str, attrs: dict[str, str] | None = None) -> list[Token]:
    opening = Token("link_open", "a", 1)
    opening.attrs = {"href": href, **(attrs or {})}
    text = Token("text", "", 0)
    text.content = label
    return [opening, text, Token("link_close", "a", -1)]


def _broken_tokens(label: str, target: str) -> list[Token]:
    opening = Token("span_open", "span", 1)
    opening.attrs = {"class": "broken-link", "title": f"Unresolved link: {target}"}
    text = Token("text", "", 0)
    text.content = label
    return [opening, text, Token("span_close", "span", -1)]


def _resolve_content_href(ctx: _Context, href: str) -> tuple[str | None, bool]:
    """Map a relative link to a ``.md`` file to its page URL; (url, is_content_link)."""
    if ".md" not in href:  # the path of no other link ends with it
        return None, False
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.endswith(".md"):
        return None, False
    path = posixpath.normpath(
        posixpath.join(posixpath.dirname(ctx.source_path), unquote(parts.path))
    )
    ctx.result.lookups.append(("path", path))
    target = ctx.index.lookup_path(path)
    if target is None:
        return None, True
    return PAGE_ROOT + target.url + (f"#{parts.fragment}" if parts.fragment else ""), True


# What each kind of child token gives the paragraph's plain text: its content, a space
# (a line break) or nothing (markup).
_PLAIN = frozenset(("text", "code_inline"))
_BREAKS = frozenset(("softbreak", "hardbreak"))


def _resolve_links(ctx: _Context, block: Token) -> None:
    """Wikilinks and relative ``.md`` links of one inline block become links to pages."""
    children = block.children or []
    line = ctx.body_line + (block.map[0] if block.map else 0)
    readable = _LazyReadable(block.content)
    out: list[Token] = []
    for child in children:
        if child.type == "wikilink":
            meta = child.meta
            where = line + block.content[: meta["offset"]].count("\n")
            ctx.result.lookups.append(("name", meta["target"]))
            target = ctx.index.lookup(meta["target"])
            if target is None:
                ctx.result.broken.append(BrokenLink(f"[[{child.content}]]", where))
                out.extend(_broken_tokens(meta["label"], meta["target"]))
                continue
            href = PAGE_ROOT + target.url + (f"#{meta['anchor']}" if meta["anchor"] else "")
            ctx.result.links.append(
                OutgoingLink(target.url, where, _snippet(str(readable), meta["offset"]))
            )
            out.extend(_link_tokens(href, meta["label"], {"class": f"internal {target.kind}-link"}))
            if target.kind == "entity":
                ctx.linked_entities.add(target.url.split("/")[1])
            continue
        if child.type == "image" and child.children:
            for part in child.children:  # a description is text: a wikilink there is its label
                if part.type == "wikilink":
                    part.type, part.content = "text", part.meta["label"]
        elif child.type == "link_open":
            href = str(child.attrs.get("href", ""))
            url, is_content = _resolve_content_href(ctx, href)
            if url is not None:
                child.attrs["href"] = url
                child.attrs["class"] = "internal"
                site_url = url[len(PAGE_ROOT) :].split("#")[0]
                ctx.result.links.append(OutgoingLink(site_url, line, _snippet(str(readable), 0)))
            elif is_content:
                ctx.result.broken.append(BrokenLink(href, line))
                child.attrs["class"] = "broken-link"
                child.attrs["title"] = f"Unresolved link: {href}"
        out.append(child)
    block.children = out


# Raw HTML elements whose text is not prose: a mention there would be a link in a
# link, or markup inside code.
_NOT_PROSE = frozenset("a code pre kbd samp var tt script style textarea svg math".split())
_HTML_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^>]*?(/?)>\Z")
# What makes a run of text without spaces an address, not prose: a URL, a host name (its
# last label in lower case, so "U.S." and "Russia.Kim" are none) or an e-mail address.
_ADDRESS = re.compile(r"://|(?<![\w.])www\.|@|(?:[\w-]+\.)+[a-z]{2,}(?![\w-])")


_BLANK = frozenset(" \t")


def _raw_depth_change(token: Token) -> int:
    """+1 for raw HTML opening an element that holds no prose, -1 for its end tag, else 0."""
    tag = _HTML_TAG.match(token.content)
    if tag is None or tag.group(3) or tag.group(2).lower() not in _NOT_PROSE:
        return 0
    return -1 if tag.group(1) else 1


def _is_word_char(char: str) -> bool:
    return (
        char.isalnum() or char == "_" or (not char.isascii() and unicodedata.category(char)[0] == "M")
    )


def _is_word(plain: str, start: int, end: int) -> bool:
    """Is ``plain[start:end]`` a whole word of prose: not part of a longer word, a hashtag
    or handle, nor of the address its run of text without spaces makes?"""
    before = plain[start - 1] if start else " "
    if before in "#@" or _is_word_char(before):
        return False
    after = plain[end] if end < len(plain) else " "
    if _is_word_char(after):
        return False
    if before in _BLANK and after in _BLANK:  # a run of its own: no address around it
        return True
    left = max(plain.rfind(" ", 0, start), plain.rfind("\t", 0, start)) + 1
    right = plain.find(" ", end)
    if right < 0:
        right = len(plain)
    tab = plain.find("\t", end, right)
    right = right if tab < 0 else tab
    return (left == start and right == end) or not _ADDRESS.search(plain, left, right)


def _mark_mentions(ctx: _Context, block: Token) -> None:
    """Entity mentions in the prose of one inline block: never in links, code or raw HTML."""
    children = block.children or []
    texts = [
        child.content if child.type in _PLAIN else " " if child.type in _BREAKS else ""
        for child in children
    ]
    plain = "".join(texts)
    out: list[Token] = []
    links = raw = 0  # inside a Markdown link; inside raw <a>, <code> and the like
    base = 0  # offset of the current child's text inside the plain text
    for child, text in zip(children, texts, strict=True):
        child_base = base
        base += len(text)
        kind = child.type
        if kind == "text":
            if not links and not raw:
                out.extend(_mention_tokens(ctx, child, plain, child_base))
                continue
        elif kind in ("link_open", "span_open"):  # a span is a broken link
            links += 1
        elif kind in ("link_close", "span_close"):
            links -= 1
        elif kind == "html_inline":
            raw = max(0, raw + _raw_depth_change(child))
        out.append(child)
    block.children = out


def _mention_tokens(ctx: _Context, child: Token, plain: str, base: int) -> list[Token]:
    """Rewrite a text token with its entity mentions marked: first one linked, every one anchored.

    The result is one pre-escaped ``html_inline`` token rather than three tokens per
    mention: articles carry hundreds of mentions and token rendering is the slow part.
    """
    text = child.content
    spans = ctx.matcher.find(text, ctx.entities)
    if not spans:
        return [child]
    mentions, quoted, linked = ctx.result.mentions, ctx.quoted, ctx.linked_entities
    parts: list[str] = []
    cursor = 0
    for start, end, entity in spans:
        if entity.hidden or not _is_word(plain, base + start, base + end):
            continue
        slug = entity.slug
        anchor = f"{MENTION_ANCHOR}{len(mentions) + 1}"
        times = quoted.get(slug, 0)
        if times < QUOTED_MENTIONS:
            quoted[slug] = times + 1
            if ctx.breaks_of is not plain:
                ctx.breaks_of, ctx.breaks = plain, sentence_breaks(plain)
            left, right = _sentence_bounds(plain, ctx.breaks, base + start, base + end)
            raw = plain[left:right]
            lead = len(raw) - len(raw.lstrip())
            offset = base - left - lead
            mentions.append(Mention(slug, anchor, raw.strip(), start + offset, end + offset))
        else:
            mentions.append(Mention(slug, anchor, "", 0, 0))
        if cursor < start:
            parts.append(escapeHtml(text[cursor:start]))
        label = escapeHtml(text[start:end])
        if slug not in linked:
            linked.add(slug)
            slug = escapeHtml(slug)
            parts.append(
                f'<a href="{PAGE_ROOT}entities/{slug}/" class="mention" id="{anchor}" '
                f'data-entity="{slug}">{label}</a>'
            )
        else:
            parts.append(f'<span class="mention-ref" id="{anchor}">{label}</span>')
        cursor = end
    if not parts:
        return [child]
    parts.append(escapeHtml(text[cursor:]))
    token = Token("html_inline", "", 0)
    token.content = "".join(parts)
    return [token]


def _resolve_rule(state: StateCore) -> None:
    ctx = state.env.get("dossier")
    if ctx is None:
        return
    for token in state.tokens:
        if token.type == "inline":
            _resolve_links(ctx, token)


def _mention_rule(state: StateCore) -> None:
    ctx = state.env.get("dossier")
    if ctx is None or ctx.matcher is None:
        return
    for token in state.tokens:
        if token.type == "inline":
            _mark_mentions(ctx, token)


def _render_tag(self: Any, tokens: Sequence[Token], idx: int, options: Any, env: Any) -> str:
    return self.renderToken(tokens, idx, options, env)


# Ids the default theme gives elements of its pages, and footnotes' ids: a heading in a
# body must not take one ("## Main" would steal the skip link's target).
THEME_IDS = frozenset(
    """backlinks-heading cite-heading cite-text entities-heading graph-canvas graph-data
    graph-view latest-heading main mentions-heading related-heading search
    search-filter-panel search-filters search-form search-input search-more search-results
    said-heading search-status search-unavailable site-heading site-search-q undated-heading
    when-heading with-heading graph-tools graph-search graph-names graph-overview graph-strength
    graph-strength-value graph-status undated""".split()
)
# and the month and year anchors of the timeline and of entity and topic pages: m2024-03, y2024
_DATE_ID = re.compile(r"m\d{4}-\d\d|y\d{4}")
# footnotes, and the quotations marked in an article (dossier.quotes.site)
_FOOTNOTE_ID = re.compile(r"fn(ref)?\d+|quote-\d+")


@lru_cache(maxsize=4096)  # articles share their headings ("What comes next")
def heading_id(title: str) -> str:
    """A heading's id: its slug, made different from every id the page has besides."""
    slug = slugify(title, "section")
    theirs = slug in THEME_IDS or _FOOTNOTE_ID.fullmatch(slug) or _DATE_ID.fullmatch(slug)
    return f"{slug}-section" if theirs else slug


# A link destination that markdown-it's normalisation (mdurl's parse, punycode, format and
# percent-encoding) gives back unchanged: a site path or a plain http(s) URL in safe ASCII.
_NORMAL_URL = re.compile(r"(?:https?://[A-Za-z0-9.-]+)?[A-Za-z0-9/._~-]*(?:#[A-Za-z0-9._~-]*)?")


class _Parser(MarkdownIt):
    def normalizeLink(self, url: str) -> str:
        """Links in articles are nearly all already normal; mdurl's round trip is the slow
        part of parsing a link, so it is only taken for those that may change."""
        return url if _NORMAL_URL.fullmatch(url) else super().normalizeLink(url)


def make_parser(allow_html: bool = False) -> MarkdownIt:
    md = _Parser("commonmark", {"html": allow_html, "typographer": False})
    md.enable(["table", "strikethrough"])
    md.use(footnote_plugin).use(anchors_plugin, min_level=2, max_level=4, slug_func=heading_id)
    md.use(wikilinks_plugin)
    md.core.ruler.push("dossier_resolve", _resolve_rule)
    md.core.ruler.push("dossier_mentions", _mention_rule)
    md.add_render_rule("span_open", _render_tag)
    md.add_render_rule("span_close", _render_tag)
    return md


def sanitise_html(html: str) -> str:
    """Raw HTML allowed by the config still goes through nh3: no scripts, handlers or bad URLs."""
    attributes = {tag: {"id", "class", "title"} for tag in nh3.ALLOWED_TAGS}
    attributes["a"] = {"href", "id", "class", "title", "data-entity"}
    attributes["img"] = {"src", "alt", "title", "width", "height"}
    attributes["ol"] = {"id", "class", "title", "start"}  # a list written "3. ..." starts at 3
    attributes["td"] = attributes["th"] = {"style", "colspan", "rowspan"}
    return nh3.clean(
        html, attributes=attributes, url_schemes={"http", "https", "mailto"}, link_rel=None
    )


def render_body(
    md: MarkdownIt,
    body: str,
    source_path: str,
    body_line: int,
    index: LinkIndex,
    matcher: Any = None,
    entities: Sequence[Any] = (),
    allow_html: bool = False,
) -> RenderedBody:
    """Render one document's Markdown body; links and mentions are collected on the way."""
    ctx = _Context(source_path, body_line, index, matcher, entities)
    html = md.render(body, {"dossier": ctx})
    result = ctx.result
    result.html = sanitise_html(html) if allow_html else html
    result.digest = hashlib.sha256(result.html.encode("utf-8")).hexdigest()
    result.quoted = quoted_digests(result.mentions)
    return result
