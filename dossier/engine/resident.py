"""What a resident engine keeps of its last build of a target, to patch the next one.

``dossier serve`` rebuilds after every save, and most saves change a body and nothing
that another page shows of it. Such an edit is patched into the last build instead
of the site being made again: the edited node gets its new document and body (and
its mentions on its entities' appearances), its link preview is made again, its page
alone gets a key and is rendered, and every other page, key and file is the last
build's. Any other edit (front matter, a link or mention more, a file added or
removed, the settings or the theme) is built from the documents as before, and
that build is kept in turn.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from ..config import Config
from ..content.documents import Document
from ..diagnostics import Diagnostic
from ..graph.site_graph import (
    ArticleNode,
    EntityNode,
    LinkedSite,
    Node,
    SiteGraph,
    TopicNode,
    same_reads,
)
from ..markdown.body import RenderedBody
from ..render.link_previews import Previews


@dataclass
class LastBuild:
    """A build's graph and the parts of its site that a patch reuses; the graph, the
    previews and these lists are patched in place by the next build."""

    config: Config
    base_url: str
    documents: list[Document]  # in site order
    site: LinkedSite
    sources: list[Node]  # the nodes with a body, in the order of ``bodies``
    bodies: list[RenderedBody]
    context: str  # the bodies' context (see body_context)
    graph: SiteGraph
    grouped: object  # the groupings, as the engine gave them back
    previews: Previews
    chrome: str  # the key of what every page shows
    listings: str  # the key of what the listing pages show
    entity_graph: str  # the key of what the graph page and graph.json show
    files: dict[str, bytes]
    page_keys: dict[str, str]
    problems: list[Diagnostic]  # reported while the pages were made (unknown templates)

    def __post_init__(self) -> None:
        self.source_of = {
            node.document.path: i for i, node in enumerate(self.sources) if node.document
        }

    def body_edits(
        self, config: Config, base_url: str, documents: list[Document]
    ) -> list[tuple[int, Document]] | None:
        """The edited documents with a body, each with the index of its node in
        :attr:`sources`, when every edit leaves all but the body as it was (the same
        documents in the same order, the front matter and the settings the same); None
        when another edit was made."""
        if config != self.config or base_url != self.base_url:
            return None
        if len(documents) != len(self.documents):
            return None
        edits = []
        for new, old in zip(documents, self.documents, strict=True):
            if new is old:
                continue
            if not _same_but_body(old, new):
                return None
            if new.path in self.source_of:  # else no page shows it (a hidden entity's)
                edits.append((self.source_of[new.path], new))
        return edits


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
    if site.registry is not last.site.registry:
        return None
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
        new_body, old_body = bodies[i], last.bodies[j]
        same_body = new_body is old_body or (
            new_body.digest == old_body.digest and same_reads(old_body, new_body)
        )  # rendered again (a link's answer changed) to what the pages showed: a cutoff
        if sources[i].document is last.sources[j].document and same_body:
            continue
        bodies_changed = bodies_changed or not same_body
        for node, body in ((sources[i], new_body), (last.sources[j], old_body)):
            edited.add(node.url)
            stale.update(_shown_on(node, body))
    for url, node in nodes.items():
        old = before[url]
        if isinstance(node, ArticleNode) and isinstance(old, ArticleNode):
            if any(a.url in edited for a in (*node.related, *old.related)):
                stale.add(url)
            elif grouped is not last.grouped and _urls(node.related) != _urls(old.related):
                stale.add(url)
        elif isinstance(node, EntityNode) and isinstance(old, EntityNode):
            if grouped is not last.grouped and _ranked(node.neighbours) != _ranked(old.neighbours):
                stale.add(url)
        elif isinstance(node, TopicNode) and isinstance(old, TopicNode):
            if node.title != old.title:  # its articles show it (a generated topic: as first named)
                stale.update(_urls([*node.articles, *old.articles]))
        if node.meta.get("template"):
            stale.add(url)
    return Changes(stale, bodies_changed)


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


def _same_but_body(old: Document, new: Document) -> bool:
    return (old.kind, old.slug, old.path, old.title, old.date, old.draft, old.aliases) == (
        new.kind, new.slug, new.path, new.title, new.date, new.draft, new.aliases
    ) and old.meta == new.meta  # fmt: skip
