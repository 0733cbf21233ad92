"""Which pages must be rendered again: a fingerprint of everything a page's template reads.

A rebuild after a one-word edit should render the few pages that show that
word, not the whole site. Each page gets a key made of the site-wide state every
template may read (settings, navigation, the theme's files, and the title, date,
summary and URL of every page, which lists all over the site show) and the
page's own view: its fields, body, backlinks and what it lists. A page whose key
is unchanged keeps the bytes of the last build. A project with templates of its
own may read anything, so its pages are always rendered.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..graph.site_graph import ArticleNode, EntityNode, Node, SiteGraph, TopicNode


def _digest(value: Any) -> str:
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def _article_ref(article: ArticleNode) -> tuple:
    return (article.url, article.title, article.date, article.meta.get("source"), article.summary)


def _html_digest(html: str) -> str:
    return hashlib.sha256(html.encode("utf-8")).hexdigest()


def _entity_ref(entity: EntityNode) -> tuple:
    return (entity.url, entity.title, entity.type, len(entity.appearances))


def site_key(graph: SiteGraph, base_url: str, theme_dirs: Iterable[Path], extra: Any) -> str:
    """What every page may show: any change here renders the whole site again."""
    theme = [
        (path.as_posix(), path.read_bytes())
        for folder in theme_dirs
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix in (".html", ".xml", ".svg", ".js", ".css")
    ]
    shape = (
        [_article_ref(a) for a in graph.articles],
        [_entity_ref(e) for e in graph.entities],
        [(t.url, t.title, t.summary, len(t.articles)) for t in graph.topics],
        [(p.url, p.title) for p in graph.pages],
    )
    return _digest((repr(graph.config), base_url, theme, shape, extra))


class PageViews:
    """What many pages show of one node, digested once per build: entity and topic pages
    list hundreds of articles each, and an article's listing is the same on all of them."""

    def __init__(self) -> None:
        self._bodies: dict[int, str] = {}
        self._listings: dict[int, str] = {}
        self._entities: dict[int, str] = {}

    def body(self, node: Node) -> str:
        """A node's rendered body; entity pages quote sentences of many article bodies,
        and a body's digest stands for all of them."""
        found = self._bodies.get(id(node))
        if found is None:
            found = self._bodies[id(node)] = _html_digest(node.html)
        return found

    def listing(self, article: ArticleNode) -> str:
        """An article as lists show it."""
        found = self._listings.get(id(article))
        if found is None:
            found = self._listings[id(article)] = repr(_article_ref(article))
        return found

    def entity(self, entity: EntityNode) -> str:
        """An entity as chips and lists show it."""
        found = self._entities.get(id(entity))
        if found is None:
            found = self._entities[id(entity)] = repr(_entity_ref(entity))
        return found


def node_key(node: Node, template: str, views: PageViews) -> str:
    """Everything the page of ``node`` shows beyond the site-wide state.

    A page made from a file stands for its front matter and title by the file's digest.
    """
    own = node.document.digest if node.document else repr((node.title, node.meta))
    view: list[Any] = [
        template,
        node.kind,
        node.url,
        own,
        views.body(node),
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
            # a mention's sentence is text of its article's body: the body's digest and
            # the mentions' anchors in it stand for the sentences
            "\n".join(
                f"{views.listing(a.article)} {views.body(a.article)} "
                + ",".join([m.anchor for m in a.mentions])
                for a in node.appearances
            ),
            [(views.entity(e), n) for e, n in node.neighbours],
            [(s.article.url, s.text, s.cue, s.anchor) for s in node.said],
        ]
    elif isinstance(node, TopicNode):
        view += [
            "\n".join([views.listing(a) for a in node.articles]),
            [(views.entity(e), n) for e, n in node.main_entities],
        ]
    return _digest(view)
