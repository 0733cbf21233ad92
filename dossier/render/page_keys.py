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
from pathlib import Path
from typing import Any

from ..graph.site_graph import ArticleNode, EntityNode, Node, SiteGraph, TopicNode

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
