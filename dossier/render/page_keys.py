"""Which pages must be rendered again: a fingerprint of everything a page's template reads.

A rebuild after a one-word edit should render the few pages that show that
word, not the whole site. Every page's key holds the chrome every template reads
(settings, the theme's files, the navigation); a listing page's key adds the
listing state (the title, date, summary and URL of every article, every entity and
topic), and a node's page its own view: its fields, body, backlinks and what it
shows of other nodes (their listing, an entity's quoted sentences). So a title or
date edit renders the listings and the pages that show that article, not the
site. A page whose key is unchanged keeps the bytes of the last build. A project
with templates of its own may read anything, so its pages are always rendered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..content.documents import Document
from ..graph.site_graph import ArticleNode, EntityNode, Node, SiteGraph, TopicNode
from ..markdown.body import RenderedBody

# An entity page quotes the mentions of this many articles (the most recent), then lists
# the rest: a name found in thousands of articles would otherwise make a page of megabytes.
QUOTED_ARTICLES = 30


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def _article_ref(article: ArticleNode) -> tuple:
    return (article.url, article.title, article.date, article.meta.get("source"), article.summary)


def _entity_ref(entity: EntityNode) -> tuple:
    return (entity.url, entity.title, entity.type)


def chrome_key(graph: SiteGraph, base_url: str, theme_dirs: Iterable[Path], extra: Any) -> str:
    """What every page shows: any change here renders the whole site again."""
    theme = [
        (path.as_posix(), path.read_bytes())
        for folder in theme_dirs
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".xml", ".svg", ".js", ".css")
    ]
    navigation = [(p.url, p.title) for p in graph.pages]
    return _digest((repr(graph.config), base_url, theme, navigation, extra))


def listings_key(graph: SiteGraph) -> str:
    """What the listing pages (home, timeline, entities, topics, sitemap) show of the site."""
    return _digest((
        [_article_ref(a) for a in graph.articles],
        [(*_entity_ref(e), len(e.appearances)) for e in graph.entities],
        [(t.url, t.title, t.summary, len(t.articles)) for t in graph.topics],
        [p.url for p in graph.pages],
    ))  # fmt: skip


def entity_graph_key(graph: SiteGraph) -> str:
    """What the graph page and graph.json show: the entities and their associations."""
    return _digest((
        [(e.url, e.title, e.type, len(e.appearances), e.mention_count) for e in graph.entities],
        graph.associations,
    ))  # fmt: skip


class PageViews:
    """What many pages show of one node, made once per build: entity and topic pages list
    hundreds of articles each, and an article's listing is the same on all of them."""

    def __init__(self) -> None:
        self._listings: dict[int, str] = {}
        self._entities: dict[int, str] = {}

    def listing(self, article: ArticleNode) -> str:
        """An article as lists show it."""
        found = self._listings.get(id(article))
        if found is None:
            found = self._listings[id(article)] = repr(_article_ref(article))
        return found

    def entity(self, entity: EntityNode) -> str:
        """An entity as chips show it."""
        found = self._entities.get(id(entity))
        if found is None:
            found = self._entities[id(entity)] = repr(_entity_ref(entity))
        return found


def node_key(node: Node, template: str, views: PageViews) -> str:
    """Everything the page of ``node`` shows beyond the chrome.

    A page made from a file stands for its front matter and title by the file's digest.
    """
    own = node.document.digest if node.document else repr((node.title, node.meta))
    view: list[Any] = [
        template,
        node.kind,
        node.url,
        own,
        node.body_digest,
        [(b.url, b.title, b.kind, b.snippet) for b in node.backlinks],
    ]
    if isinstance(node, ArticleNode):
        view += [
            [views.entity(e) for e in node.entities],
            [(t.url, t.title) for t in node.topics],
            [views.listing(a) for a in node.related],
        ]
    elif isinstance(node, EntityNode):
        view += [
            node.type,
            node.aliases,
            # each article as listed, its number of mentions, and for the most recent the
            # digest of the sentences quoted (not of the body: an edit elsewhere shows not)
            "\n".join(
                f"{views.listing(a.article)} {len(a.mentions)} {a.quoted * (i < QUOTED_ARTICLES)}"
                for i, a in enumerate(node.appearances)
            ),
            [(views.entity(e), n) for e, n in node.neighbours],
            [(views.listing(s.article), s.text, s.cue, s.anchor) for s in node.said],
        ]
    elif isinstance(node, TopicNode):
        view += [
            "\n".join([views.listing(a) for a in node.articles]),
            [(views.entity(e), n) for e, n in node.main_entities],
        ]
    return _parts_digest(view)


def _parts_digest(parts: list[Any]) -> str:
    """A digest of ``parts``, texts (bodies, lists of hundreds of articles) taken as they
    are rather than through ``repr``, which would copy them again."""
    digest = hashlib.sha256()
    for part in parts:
        text = part if isinstance(part, str) else repr(part)
        data = text.encode("utf-8", "surrogatepass")
        digest.update(b"%d:" % len(data) + data)
    return digest.hexdigest()


@dataclass
class SiteShape:
    """What a build's node pages were made from, as a resident engine keeps it for the next
    build: the documents, the bodies (the very objects the engine gave back), the
    groupings, and the key of what every page shows (chrome and listings).

    After a body-only edit (the front matter the same, the body's links, mentions, quoted
    sentences and quotation anchors the same), no node page shows the edit but the edited
    node's own: every other node page's key (:func:`node_key`) reads of the edited node
    only its listing, its links' targets and snippets (backlinks), its mentions per entity
    and its quoted sentences and quotations. Those
    pages keep the key of the last build without it being computed again (reverse
    dependencies of a body edit). Any other edit has every key computed.
    """

    documents: dict[str, Document]  # by path as shown, in site order
    bodies: dict[str, RenderedBody]  # by the path of their document, in site order
    grouped: object  # the groupings, as the engine gave them back
    site_key: str = ""  # chrome and listings; "" when pages are not keyed

    @classmethod
    def of(
        cls,
        documents: Iterable[Document],
        sources: Iterable[Node],
        bodies: Iterable[RenderedBody],
        grouped: object,
    ) -> SiteShape:
        bodies_by_path = {
            node.document.path: body
            for node, body in zip(sources, bodies, strict=True)
            if node.document is not None
        }
        return cls({d.path: d for d in documents}, bodies_by_path, grouped)

    def unchanged_pages(self, last: SiteShape | None, graph: SiteGraph) -> set[str]:
        """The paths of the node pages whose key is the one they had in ``last``'s build."""
        if (
            last is None
            or not self.site_key
            or self.site_key != last.site_key
            or self.grouped is not last.grouped
            or list(self.documents) != list(last.documents)
            or list(self.bodies) != list(last.bodies)
        ):
            return set()
        edited: set[str] = set()
        for now, before, same in (
            (self.documents, last.documents, _same_but_body),
            (self.bodies, last.bodies, _same_reads),
        ):
            for path, value in now.items():
                if value is not before[path]:
                    if not same(before[path], value):
                        return set()
                    edited.add(path)
        return {
            f"{node.url}index.html"
            for node in graph.all_nodes()
            if node.document is None or node.document.path not in edited
        }


def _same_but_body(old: Document, new: Document) -> bool:
    return (old.kind, old.slug, old.path, old.title, old.date, old.draft, old.aliases) == (
        new.kind, new.slug, new.path, new.title, new.date, new.draft, new.aliases
    ) and old.meta == new.meta  # fmt: skip


def _same_reads(old: RenderedBody, new: RenderedBody) -> bool:
    """Whether what other pages show of a body is the same (see :func:`node_key`)."""
    return (
        [(link.url, link.snippet) for link in old.links]
        == [(link.url, link.snippet) for link in new.links]
        and [m.entity for m in old.mentions] == [m.entity for m in new.mentions]
        and old.quoted == new.quoted
        and old.quote_anchors == new.quote_anchors
    )
