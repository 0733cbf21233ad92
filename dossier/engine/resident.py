"""What a resident engine keeps of its last build of a target, to patch the next one.

``dossier serve`` rebuilds after every save, and most saves change a body and nothing
that another page shows of it. Such an edit is patched into the last build instead
of the site being made again: the edited node gets its new document and body (and
its mentions on its entities' appearances), its link preview is made again, its page
alone gets a key and is rendered, and every other page, key and file is the last
build's. An edit of an article's title or date is patched in too: the article is
put in its place in every listing of the last build's graph, the groupings are made
again from the last ones, and the pages that show it are rendered again (when no
link found it and none asks for its new title: a link's answer shows the title).
Any other edit (other front matter, a link or mention more, a file added or removed,
the settings or the theme) is built from the documents as before, and that build is
kept in turn.

``dossier build`` (a new engine per process) keeps its last full build in the store
(one row, without the bodies and the pages' bytes, which are rows of their own) and
patches it the same way: the edits since that build, which the row of its edited
paths names, are patched in again each time (their bodies and pages are rows kept by
the engine, so this costs a recall each).
"""

from __future__ import annotations

import hashlib
import io
import pickle
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import NamedTuple

from ..config import Config
from ..content.documents import ContentError, Document
from ..content.slugs import slugify
from ..diagnostics import Diagnostic
from ..entities.registry import EntityRegistry
from ..graph.site_graph import (
    ArticleNode,
    EntityMentions,
    EntityNode,
    LinkedSite,
    Node,
    SiteGraph,
    TopicNode,
)
from ..markdown.body import LinkIndex, RenderedBody
from ..render.link_previews import Previews
from .engine import Engine


@dataclass
class LastBuild:
    """A build's graph and the parts of its site that a patch reuses; the graph, the
    previews and these lists are patched in place by the next build."""

    config: Config
    base_url: str
    documents: list[Document]  # in site order
    site: LinkedSite
    sources: list[Node]  # the nodes with a body, in the order of ``bodies``
    bodies: list[RenderedBody] | None  # None once read back from the store
    context: str  # the bodies' context (see body_context)
    graph: SiteGraph
    grouped: object  # the groupings, as the engine gave them back
    previews: Previews
    chrome: str  # the key of what every page shows
    listings: str  # the key of what the listing pages show
    entity_graph: str  # the key of what the graph page and graph.json show
    files: Mapping[str, bytes]  # once read back from the store, all but the pages
    page_keys: dict[str, str]
    problems: list[Diagnostic]  # reported while the pages were made (unknown templates)
    # the paths of documents to patch in again (read back from the store: the edits since)
    redo: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.source_of = {
            node.document.path: i for i, node in enumerate(self.sources) if node.document
        }
        assert self.bodies is not None
        # what a patch needs of the bodies: what other nodes take of each, its broken links
        self.reads = [body.reads for body in self.bodies]
        self.broken = {i: list(body.broken) for i, body in enumerate(self.bodies) if body.broken}

    @cached_property
    def looked_up(self) -> set[str]:
        """Every name a body's link looked up, as the link index keys it (see
        :meth:`LinkIndex.lookup`): a page may take a new title no link asks for. (A patch
        keeps what every body looks up; not kept in the store.)"""
        assert self.bodies is not None
        names = {name for body in self.bodies for how, name in body.lookups if how == "name"}
        return {LinkIndex.key(name) for name in names} | {
            slugify(name, fallback="") for name in names
        }

    def __getstate__(self) -> dict:
        """What a patch reads of this build, to be kept in the store: not the bodies, the
        pages' bytes (rows of their own), the documents' bodies, the nodes' mentions and
        quoted sentences, nor the HTML of a node the feed does not show. (A patch renders
        the pages of the edited nodes alone, and a page shows of other nodes what their
        listing shows, and on an entity's page its mentions, which
        :meth:`restore_mentions` reads back.)

        Every node is pickled first without its attributes, then each node's attributes,
        so that pickling does not follow the graph's references as deep as its longest
        path (a recursion as deep as the site is large)."""
        state = dict(self.__dict__)
        state.pop("looked_up", None)
        state["bodies"] = None
        state["files"] = {
            name: data for name, data in self.files.items() if name not in self.page_keys
        }
        fed = {id(node) for node in self.graph.articles[: self.config.feed_items]}
        nodes = self.site.nodes
        attributes = []
        for node in nodes:
            kept = dict(node.__dict__)
            if id(node) not in fed:
                kept["html"] = ""
            if "mentions" in kept:
                kept["mentions"], kept["quoted"] = [], {}
            if "appearances" in kept:  # its articles: an appearance is made again when read
                kept["appearances"] = [appearance.article for appearance in kept["appearances"]]
            attributes.append(kept)
        data = io.BytesIO()
        _Lean(data, protocol=5).dump((nodes, attributes, state))
        return {"pickled": data.getvalue()}

    def put_body(self, i: int, body: RenderedBody) -> None:
        """Keep ``body`` as the body of source ``i``, patched in (its reads unchanged)."""
        if self.bodies is not None:
            self.bodies[i] = body
        self.broken.pop(i, None)
        if body.broken:
            self.broken[i] = list(body.broken)

    def restore_mentions(self, engine: Engine, edits: list[tuple[int, Document]]) -> bool:
        """Read back the mentions (and quoted sentences) on the appearances of each edited
        entity (its page shows them), from its articles' bodies; False when a body stored
        is not the one this build was made with. (An edited article's are put on by its
        patch.)"""
        edited = {self.sources[i].url for i, _ in edits}
        for i, _ in edits:
            node = self.sources[i]
            if not isinstance(node, EntityNode):
                continue
            shown = [a for a in node.appearances if a.article.url not in edited]
            paths = [a.article.document.path for a in shown if a.article.document]
            if len(paths) != len(shown):
                return False
            rows = engine.values("body", paths)
            for appearance, path in zip(shown, paths, strict=True):
                row = rows.get(path)
                if row is None or row[1].digest != appearance.article.body_digest:
                    return False
                appearance.mentions = row[1].mentions_by_entity.get(node.slug, [])
                appearance.quoted = row[1].quoted.get(node.slug, "")
        return True

    def __setstate__(self, state: dict) -> None:
        nodes, attributes, state = pickle.loads(state["pickled"])
        for node, found in zip(nodes, attributes, strict=True):
            if "appearances" in found:
                found["appearances"] = [EntityMentions(a, []) for a in found["appearances"]]
            node.__dict__.update(found)
        self.__dict__.update(state)

    def body_edits(
        self, config: Config, base_url: str, documents: list[Document], redo: Collection[str] = ()
    ) -> list[tuple[int, Document]] | None:
        """The edited documents with a body, each with the index of its node in
        :attr:`sources`, when every edit leaves all but the body as it was (the same
        documents in the same order, the front matter and the settings the same); None
        when another edit was made. A document whose path is in ``redo`` counts as
        edited even when it is this build's (it is patched in again)."""
        if config != self.config or base_url != self.base_url:
            return None
        if len(documents) != len(self.documents):
            return None
        edits = []
        for new, old in zip(documents, self.documents, strict=True):
            if new is old and new.path not in redo:
                continue
            if not _same_but_body(old, new):
                return None
            if new.path in self.source_of:  # else no page shows it (a hidden entity's)
                edits.append((self.source_of[new.path], new))
        return edits

    def listing_edits(
        self, config: Config, base_url: str, documents: list[Document]
    ) -> list[tuple[int, Document]] | None:
        """The edited documents, each with the index of its node in :attr:`sources`, when
        every edit is of an article's title, date or body and leaves the answer to every
        link the same (as :meth:`body_edits`, for edits that move an article in its
        listings); None after any other edit, or with no bodies to check links against."""
        if self.bodies is None or config != self.config or base_url != self.base_url:
            return None
        if len(documents) != len(self.documents):
            return None
        edits = []
        for new, old in zip(documents, self.documents, strict=True):
            if new is old:
                continue
            i = self.source_of.get(new.path)
            if new.kind != "article" or i is None or not _same_but_listing(old, new):
                return None
            if new.title != old.title and not self._retitled_alone(i, new.title):
                return None
            edits.append((i, new))
        return edits or None

    def _retitled_alone(self, i: int, title: str) -> bool:
        """Whether the node ``i`` can take ``title`` and no link find another page: none
        found it (a link's answer shows the title), and none looks the new title up."""
        node, body = self.sources[i], self.bodies[i]  # type: ignore[index]
        if node.backlinks or any(link.url == node.url for link in body.links):
            return False
        return LinkIndex.key(title) not in self.looked_up


class _Lean(pickle.Pickler):
    """Pickles a node as its class alone (its attributes are pickled apart), a document
    without its body and the registry without the origins of names (``dossier
    entities explain`` reads them; see :meth:`LastBuild.__getstate__`)."""

    def reducer_override(self, obj: object) -> object:
        if isinstance(obj, Node):
            return _bare_node, (type(obj),)
        if isinstance(obj, Document):
            return _bare_node, (Document,), {**obj.__dict__, "body": ""}
        if isinstance(obj, EntityRegistry):  # without why each name is an entity's
            return _bare_node, (EntityRegistry,), {**obj.__dict__, "origins": {}}
        return NotImplemented


def _bare_node(kind: type) -> object:
    return kind.__new__(kind)


class Changes(NamedTuple):
    """What a build made from the documents changed since the last one (see :func:`changes`)."""

    stale: set[str]  # the URLs of the nodes whose page may show a change
    bodies: bool  # whether a body changed (what the entity graph counts of mentions)


def changes(
    last: LastBuild, site: LinkedSite, sources: list[Node], bodies: list[RenderedBody],
    graph: SiteGraph, grouped: object,
) -> Changes | None:  # fmt: skip
    """The nodes of ``graph`` whose page may show what changed since ``last`` (reverse
    dependencies); None when any page may (another registry, or nodes added or removed).

    A source is changed when its document or its body is another. Its page shows it,
    and so do the pages that show its listing or its links: its entities (appearances,
    quotations said) and topics, the pages it links to (backlinks) and the articles
    that list it as related; a topic's articles show its title. Both its old and
    its new links, entities and topics count. When the groupings were made again, the
    nodes whose related articles or neighbours differ are stale too (a topic's main
    entities are its articles': they change with an article of it);
    a node page with a template of its own may show anything, so it is always stale.
    """
    old_bodies = last.bodies
    if site.registry is not last.site.registry or old_bodies is None:
        return None  # (a build read back from the store has no bodies to compare)
    nodes = {node.url: node for node in graph.all_nodes()}
    before = {node.url: node for node in last.graph.all_nodes()}
    source_of = {node.document.path: i for i, node in enumerate(sources) if node.document}
    if nodes.keys() != before.keys() or source_of.keys() != last.source_of.keys():
        return None
    stale: set[str] = set()
    edited: set[str] = set()
    bodies_changed = False
    for path, i in source_of.items():
        j = last.source_of[path]
        new_body, old_body = bodies[i], old_bodies[j]
        same_body = new_body is old_body or (
            new_body.digest == old_body.digest and new_body.reads == last.reads[j]
        )  # rendered again (a link's answer changed) to what the pages showed: a cutoff
        if sources[i].document is last.sources[j].document and same_body:
            continue
        bodies_changed = bodies_changed or not same_body
        for node, body in ((sources[i], new_body), (last.sources[j], old_body)):
            edited.add(node.url)
            stale.update(_shown_on(node, body))
    stale |= _regrouped(nodes.values(), grouped_as(last.graph), edited, grouped is not last.grouped)
    for url, node in nodes.items():
        old = before[url]
        if isinstance(node, TopicNode) and isinstance(old, TopicNode) and node.title != old.title:
            stale.update(_urls([*node.articles, *old.articles]))  # they show it (a generated
            # topic's: as first named)
    return Changes(stale, bodies_changed)


Grouped = dict[str, tuple[list[ArticleNode], list[tuple[EntityNode, int]]]]
"""Each node's related articles and neighbours, by URL (what :func:`changes` compares)."""


def grouped_as(graph: SiteGraph) -> Grouped:
    """What each node of ``graph`` shows of the groupings, before they are made again."""
    return {
        node.url: (getattr(node, "related", []), getattr(node, "neighbours", []))
        for node in graph.all_nodes()
    }


def listing_changes(
    graph: SiteGraph,
    edited: list[tuple[Node, RenderedBody]],
    before: Grouped,
    regrouped: bool,
    bodies: bool,
) -> Changes:
    """:func:`changes` after edits of articles' titles and dates (and ``bodies``)
    patched into the graph of the last build (see
    :func:`~dossier.graph.site_graph.patch_listing`), which showed the groupings
    ``before``."""
    stale = {url for node, body in edited for url in _shown_on(node, body)}
    urls = {node.url for node, _ in edited}
    return Changes(stale | _regrouped(graph.all_nodes(), before, urls, regrouped), bodies)


def _regrouped(
    nodes: Iterable[Node], before: Grouped, edited: set[str], regrouped: bool
) -> set[str]:
    """The nodes whose page shows a change in the groupings: the articles that list an
    ``edited`` one as related, now or ``before``, and when the groupings were made again
    (``regrouped``), those whose related articles or neighbours differ; and a node page
    with a template of its own, which may show anything."""
    stale = set()
    for node in nodes:
        related, neighbours = before[node.url]
        if isinstance(node, ArticleNode):
            if any(a.url in edited for a in (*node.related, *related)):
                stale.add(node.url)
            elif regrouped and _urls(node.related) != _urls(related):
                stale.add(node.url)
        elif isinstance(node, EntityNode):
            if regrouped and _ranked(node.neighbours) != _ranked(neighbours):
                stale.add(node.url)
        if node.meta.get("template"):
            stale.add(node.url)
    return stale


def _shown_on(node: Node, body: RenderedBody) -> list[str]:
    """The URLs of the pages that show something of ``node`` or of its ``body``."""
    urls = [node.url, *(link.url for link in body.links)]
    if isinstance(node, ArticleNode):
        urls += _urls(node.entities) + _urls(node.topics)
        urls += [said.entity.url for said in node.quotes if said.entity is not None]
    return urls


def _urls(nodes: Iterable[Node]) -> list[str]:
    return [node.url for node in nodes]


def _ranked(pairs: Iterable[tuple[Node, int]]) -> list[tuple[str, int]]:
    return [(node.url, n) for node, n in pairs]


def front_digest(document: Document | ContentError) -> str:
    """A digest of all but the body of ``document`` (what :meth:`LastBuild.body_edits`
    compares), for a build to know whether the one kept in the store can be patched
    before reading it back."""
    if not isinstance(document, Document):
        return ""  # a file that could not be read
    front = (
        document.kind, document.slug, document.path, document.title, document.date,
        document.draft, document.aliases, document.meta,
    )  # fmt: skip
    return hashlib.sha256(repr(front).encode("utf-8")).hexdigest()


def _same_but_listing(old: Document, new: Document) -> bool:
    """Whether ``new`` differs from ``old`` in its title, date or body alone."""
    return (old.kind, old.slug, old.path, old.draft, old.aliases) == (
        new.kind, new.slug, new.path, new.draft, new.aliases
    ) and _but_listing(old.meta) == _but_listing(new.meta)  # fmt: skip


def _but_listing(meta: dict) -> dict:
    return {key: value for key, value in meta.items() if key not in ("title", "date")}


def _same_but_body(old: Document, new: Document) -> bool:
    return (old.title, old.date, old.meta) == (new.title, new.date, new.meta) and (
        _same_but_listing(old, new)
    )
