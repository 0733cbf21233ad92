"""The site graph: every page, what links to it, and what belongs together.

Gathers everything before anything is written (as MkDocs does), so every page
sees a consistent whole: backlinks, articles per entity and per topic, entity
co-occurrence, related articles and the timeline. Bodies are rendered here
because links and mentions are found while parsing them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import heapq
import math
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property

from ..config import Config
from ..content.documents import Document
from ..content.slugs import slugify
from ..diagnostics import Diagnostics
from ..entities.mentions import MentionMatcher
from ..entities.registry import Entity, EntityRegistry, build_registry
from ..markdown.body import (
    BodyJob,
    BrokenLink,
    LinkIndex,
    LinkTarget,
    Mention,
    RenderedBody,
    make_parser,
    render_body,
)
from ..parallel import map_in_workers
from ..quotes.site import Said, attach_quotes, mark_quotes, quotations

RELATED_LIMIT = 5
RELATED_WINDOW = 20
RELATED_ENTITIES = 8
NEIGHBOUR_LIMIT = 12
PAGE_FOLDERS = {"article": "articles", "entity": "entities", "topic": "topics", "page": "pages"}
COOCCURRENCE_CAP = 60  # entities per article counted for co-occurrence: keeps it linear
# Two entities count as associated when they share at least this many articles (one shared
# article is chance in a large dossier, but all there is in a small one) and their NPMI is
# at least MIN_ASSOCIATION.
MIN_SHARED = 2
SMALL_DOSSIER = 50  # articles; below this one shared article is enough
MIN_ASSOCIATION = 0.1


@dataclass(frozen=True)
class Backlink:
    url: str
    title: str
    kind: str
    snippet: str


@dataclass(eq=False)  # a node is itself: compared by identity
class Node:
    """One page of the site built from a content file (or generated, for entities and topics)."""

    kind: str
    slug: str
    title: str
    document: Document | None
    html: str = ""
    body_digest: str = ""  # of the body's HTML as rendered (see RenderedBody.digest)
    backlinks: list[Backlink] = field(default_factory=list)
    url: str = field(init=False, default="")  # e.g. "entities/kim-jong-un/"; read everywhere

    def __post_init__(self) -> None:
        self.url = f"{PAGE_FOLDERS[self.kind]}/{self.slug}/"

    @property
    def meta(self) -> dict:
        return self.document.meta if self.document else {}

    @property
    def summary(self) -> str:
        return str(self.meta.get("summary") or self.meta.get("description") or "")


@dataclass(eq=False)
class ArticleNode(Node):
    date: dt.datetime | None = None
    entities: list[EntityNode] = field(default_factory=list)
    topics: list[TopicNode] = field(default_factory=list)
    related: list[ArticleNode] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    quoted: dict[str, str] = field(default_factory=dict)  # see RenderedBody.quoted
    quotes: list[Said] = field(default_factory=list)  # see dossier.quotes.site

    @property
    def entities_by_type(self) -> dict[str, list[EntityNode]]:
        groups: dict[str, list[EntityNode]] = defaultdict(list)
        for entity in self.entities:
            groups[entity.type].append(entity)
        return groups


@dataclass
class EntityMentions:
    article: ArticleNode
    mentions: list[Mention]
    quoted: str = ""  # a digest of the mentions as the entity's page shows them


@dataclass(eq=False)
class EntityNode(Node):
    entity: Entity | None = None
    appearances: list[EntityMentions] = field(default_factory=list)
    neighbours: list[tuple[EntityNode, int]] = field(default_factory=list)
    said: list[Said] = field(default_factory=list)  # quotations of this speaker, in site order

    @property
    def type(self) -> str:
        return self.entity.type if self.entity else "other"

    @property
    def aliases(self) -> list[str]:
        return [a for a in (self.entity.aliases if self.entity else []) if a != self.title]

    @property
    def mention_count(self) -> int:
        return sum(len(a.mentions) for a in self.appearances)

    @property
    def dated_appearances(self) -> list[EntityMentions]:
        return [a for a in self.appearances if a.article.date]

    @property
    def dated(self) -> list[dt.datetime]:
        return sorted(a.article.date for a in self.appearances if a.article.date)


@dataclass(eq=False)
class TopicNode(Node):
    articles: list[ArticleNode] = field(default_factory=list)
    main_entities: list[tuple[EntityNode, int]] = field(default_factory=list)


@dataclass
class SiteGraph:
    config: Config
    articles: list[ArticleNode]
    entities: list[EntityNode]
    topics: list[TopicNode]
    pages: list[Node]

    # every associated pair (see MIN_SHARED): (slug, slug, shared articles, NPMI), strongest first
    associations: list[tuple[str, str, int, float]] = field(default_factory=list)

    def all_nodes(self) -> Iterable[Node]:
        yield from self.articles
        yield from self.entities
        yield from self.topics
        yield from self.pages


def article_sort_key(article: ArticleNode) -> tuple:
    """Newest first; undated last; ties by title then slug so output is stable."""
    stamp = article.date or dt.datetime.min
    return (
        article.date is None,
        -stamp.toordinal(),
        -(stamp.hour * 3600 + stamp.minute * 60 + stamp.second),
        article.title.casefold(),
        article.slug,
    )


def _link_index(
    nodes: Iterable[Node], registry: EntityRegistry, by_slug: dict[str, EntityNode]
) -> LinkIndex:
    index = LinkIndex()
    for node in nodes:
        target = LinkTarget(node.url, node.title, node.kind)
        names = [node.title, node.slug]
        if isinstance(node, EntityNode) and node.entity:
            names += node.entity.aliases
        if node.document:
            names += node.document.aliases
            index.add(target, node.document.path, names)
        else:
            index.add(target, f"<generated {node.url}>", names)

    index.set_entity_resolver(_EntityResolver(registry, by_slug))
    return index


@dataclass
class _EntityResolver:
    """The link target of an entity's name (a class, not a closure: a site is pickled
    into the engine's store, see :mod:`dossier.engine.resident`)."""

    registry: EntityRegistry
    by_slug: dict[str, EntityNode]

    def __call__(self, name: str) -> LinkTarget | None:
        entity = self.registry.resolve(name)
        node = self.by_slug.get(entity.slug) if entity else None
        return LinkTarget(node.url, node.title, "entity") if node else None


def _topic_nodes(
    documents: list[Document], articles: list[ArticleNode]
) -> tuple[list[TopicNode], Callable[[str], TopicNode]]:
    nodes: dict[str, TopicNode] = {}
    names: dict[str, TopicNode] = {}
    for doc in documents:
        if doc.kind == "topic":
            node = TopicNode("topic", doc.slug, doc.title, doc)
            nodes[doc.slug] = node
            for name in (doc.title, doc.slug, *doc.aliases):
                names.setdefault(slugify(name), node)

    slugs: dict[str, str] = {}  # a few names, written on thousands of articles

    def topic_for(name: str) -> TopicNode:
        key = slugs.get(name)
        if key is None:
            key = slugs[name] = slugify(name)
        if key not in names:
            node = TopicNode("topic", key, name.strip(), None)
            nodes[key] = names[key] = node
        return names[key]

    for article in articles:
        for name in article.meta.get("topics", []):
            topic = topic_for(name)
            if topic not in article.topics:
                article.topics.append(topic)
    return sorted(nodes.values(), key=lambda t: t.slug), topic_for


@dataclass
class LinkedSite:
    """Every node of the site and the link index, before bodies are rendered."""

    config: Config
    articles: list[ArticleNode]
    entity_nodes: dict[str, EntityNode]
    topics: list[TopicNode]
    pages: list[Node]
    registry: EntityRegistry
    index: LinkIndex
    own: dict[str, list[Entity]]  # each article's front matter entities, by URL

    @property
    def nodes(self) -> list[Node]:
        return [*self.articles, *self.entity_nodes.values(), *self.topics, *self.pages]

    @cached_property
    def matcher(self) -> MentionMatcher:
        """The registry's mention matcher, made once: a patched site renders a body per edit."""
        return MentionMatcher(self.registry)

    def __getstate__(self) -> dict:
        """Kept without the matcher (made again when a body is rendered): see
        :mod:`dossier.engine.resident`."""
        return {name: value for name, value in self.__dict__.items() if name != "matcher"}

    @property
    def sources(self) -> list[Node]:
        """The nodes made from a content file, which have a body."""
        return [node for node in self.nodes if node.document is not None]


def registry_inputs(documents: list[Document]) -> tuple:
    """What :func:`build_registry` reads of the documents: the entity files, and each
    article's path and ``entities``."""
    return (
        tuple(d for d in documents if d.kind == "entity"),
        tuple((d.path, d.meta.get("entities")) for d in documents if d.kind == "article"),
    )


def link_site(
    config: Config, documents: list[Document], registry: EntityRegistry | None = None
) -> LinkedSite:
    """A node for every page and the index that resolves links between them; ``registry``
    is the :func:`build_registry` of the documents, when already made."""
    articles = [
        ArticleNode("article", d.slug, d.title, d, date=d.date)
        for d in documents
        if d.kind == "article"
    ]
    pages = [Node("page", d.slug, d.title, d) for d in documents if d.kind == "page"]
    if registry is None:
        curated = [d for d in documents if d.kind == "entity"]
        registry = build_registry(curated, [a.document for a in articles if a.document])
    entity_nodes = {
        e.slug: EntityNode("entity", e.slug, e.name, e.document, entity=e)
        for e in registry.entities
        if not e.hidden
    }
    topics, _ = _topic_nodes(documents, articles)
    index = _link_index(
        [*articles, *entity_nodes.values(), *topics, *pages], registry, entity_nodes
    )
    own = {node.url: registry.article_entities(node.document) for node in articles if node.document}
    return LinkedSite(config, articles, entity_nodes, topics, pages, registry, index, own)


def body_job(site: LinkedSite, node: Node, document: Document) -> BodyJob:
    """The job of rendering ``document``'s body as the body of ``node``."""
    return BodyJob(
        document.body,
        document.path,
        document.body_line,
        node.kind == "article",
        tuple(site.own.get(node.url, ())),
        site.config.allow_html,
        quotations(document.meta) if node.kind == "article" else (),
    )  # fmt: skip


def body_jobs(site: LinkedSite) -> list[BodyJob]:
    """One job per node with a body, in the order of :attr:`LinkedSite.sources`."""
    return [body_job(site, node, node.document) for node in site.sources if node.document]


def body_context(site: LinkedSite) -> str:
    """A digest of what every body's rendering reads of the site: the entity registry
    (mentions, wikilinks to entities) and the settings. What a body reads of other pages
    (its links) is in the body: see :meth:`LinkIndex.answers`."""
    state = (
        [(e.slug, e.name, e.type, tuple(e.aliases), e.hidden) for e in site.registry.entities],
        site.config.allow_html,
    )
    return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()


def body_inputs(job: BodyJob, context: str) -> str:
    """A digest of a body's job and the :func:`body_context`."""
    parts = (
        context,
        job.source_path,
        str(job.body_line),
        str(job.mentions),
        ",".join(entity.slug for entity in job.entities),
        str(job.allow_html),
        repr(job.quotes),
        job.body,
    )
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def render_bodies(site: LinkedSite, jobs: Sequence[BodyJob]) -> list[RenderedBody]:
    """Each job's body rendered to HTML, with its links and mentions, across the cores."""
    if not jobs:
        return []
    matcher = site.matcher
    md = make_parser(site.config.allow_html)

    def render_one(i: int) -> RenderedBody:
        job = jobs[i]
        body = render_body(
            md, job.body, job.source_path, job.body_line, site.index,
            matcher=matcher if job.mentions else None,
            entities=job.entities, allow_html=job.allow_html,
        )  # fmt: skip
        if job.quotes:
            body.html, body.quote_anchors = mark_quotes(body.html, list(job.quotes))
            body.digest = hashlib.sha256(body.html.encode("utf-8")).hexdigest()
        return body

    return map_in_workers(render_one, len(jobs))


def report_broken(node: Node, broken_links: Iterable[BrokenLink], diagnostics: Diagnostics) -> None:
    """Report the links of ``node``'s body that lead nowhere (its ``broken`` ones)."""
    assert node.document is not None
    for broken in broken_links:
        diagnostics.error(node.document.path, f"unresolved link {broken.target}", broken.line)


def attach_bodies(
    site: LinkedSite, bodies: Sequence[RenderedBody], diagnostics: Diagnostics
) -> tuple[list[list[str]], list[list[str]]]:
    """Put each body on its node, with the backlinks and mentions it makes, then articles
    on their entities and topics; the entities and topics of each article, in site order."""
    incoming: dict[str, list[Backlink]] = defaultdict(list)
    anchors: dict[str, list[str]] = {}  # of each article's quotations
    grouped: dict[str, dict[str, list[Mention]]] = {}  # each article's mentions, by entity
    for node, result in zip(site.sources, bodies, strict=True):
        doc = node.document
        assert doc is not None
        node.html, node.body_digest = result.html, result.digest
        report_broken(node, result.broken, diagnostics)
        seen: set[str] = set()
        for link in result.links:
            if link.url != node.url and link.url not in seen:
                seen.add(link.url)
                incoming[link.url].append(Backlink(node.url, node.title, node.kind, link.snippet))
        if isinstance(node, ArticleNode):
            node.mentions, node.quoted = result.mentions, result.quoted
            grouped[node.url] = result.mentions_by_entity
            anchors[node.url] = result.quote_anchors

    for node in site.nodes:
        node.backlinks = sorted(incoming.get(node.url, []), key=_backlink_order)

    articles, entity_nodes = site.articles, site.entity_nodes
    articles.sort(key=article_sort_key)
    attach_quotes(articles, anchors, site.registry, entity_nodes)
    for article in articles:  # in site order, so every list of appearances is in order too
        by_entity = grouped[article.url] if article.url in grouped else {}
        _attach_entities(article, site.own[article.url], by_entity, entity_nodes)
        for topic in article.topics:
            topic.articles.append(article)
    for topic in site.topics:
        counts = Counter(e.slug for a in topic.articles for e in a.entities)
        topic.main_entities = [
            (entity_nodes[s], n)
            for s, n in sorted(counts.items(), key=lambda x: (-x[1], x[0]))[:NEIGHBOUR_LIMIT]
        ]
    return memberships(articles)


def memberships(articles: list[ArticleNode]) -> tuple[list[list[str]], list[list[str]]]:
    """The entities and the topics of each article, in site order (what the groupings read)."""
    entity_slugs = [[e.slug for e in a.entities] for a in articles]
    return entity_slugs, [[t.slug for t in a.topics] for a in articles]


def _backlink_order(backlink: Backlink) -> tuple:
    return backlink.kind, backlink.title.casefold(), backlink.url


def same_reads(old: RenderedBody, new: RenderedBody) -> bool:
    """Whether what other nodes take of a body is the same (see ``RenderedBody.reads``)."""
    return old.reads == new.reads


def patch_body(node: Node, document: Document, body: RenderedBody) -> None:
    """Put an edited document and its body on ``node`` of an attached site, in place of
    the old ones, when what other nodes take of them is the same (the front matter,
    and :func:`same_reads`): the node's HTML, its mentions, and its mentions on each
    of its entities' appearances. Nothing else of the graph changes."""
    node.document = document
    node.html, node.body_digest = body.html, body.digest
    if isinstance(node, ArticleNode):
        node.mentions, node.quoted = body.mentions, body.quoted
        by_entity = body.mentions_by_entity
        for entity in node.entities:
            for appearance in entity.appearances:
                if appearance.article is node:
                    appearance.mentions = by_entity.get(entity.slug, [])
                    appearance.quoted = body.quoted.get(entity.slug, "")
                    break


def patch_listing(
    site: LinkedSite,
    by_document: list[Node],
    edits: list[tuple[ArticleNode, Document, RenderedBody]],
) -> tuple[list[list[str]], list[list[str]]]:
    """Put edited titles and dates on their articles of an attached site, in place, with
    their documents and bodies (see :func:`patch_body`); the :func:`memberships` after.

    The link index and the backlinks the edited articles make show their new titles, and
    every list of articles (the site's, each entity's appearances and quotations, each
    topic's) is in site order again. What a retitled article's links are is the caller's
    to check: only the answers to no other body's links may change. ``by_document`` is
    the nodes with a body in the order the site was linked (see :func:`link_site`)."""
    retitled = [(node, body) for node, document, body in edits if node.title != document.title]
    for node, document, body in edits:
        node.title, node.date = document.title, document.date
        patch_body(node, document, body)
    if retitled:
        linked = [node for node in by_document if isinstance(node, ArticleNode)]
        nodes = [*linked, *site.entity_nodes.values(), *site.topics, *site.pages]
        site.index = _link_index(nodes, site.registry, site.entity_nodes)
        by_url = {node.url: node for node in nodes}
        for node, body in retitled:
            for url in {link.url for link in body.links} - {node.url}:
                target = by_url[url]
                target.backlinks = sorted(
                    (replace(b, title=node.title) if b.url == node.url else b for b in target.backlinks),
                    key=_backlink_order,
                )  # fmt: skip
    site.articles.sort(key=article_sort_key)
    position = {article.url: i for i, article in enumerate(site.articles)}
    for node, _, _ in edits:
        for entity in node.entities:
            entity.appearances.sort(key=lambda appearance: position[appearance.article.url])
        for topic in node.topics:
            topic.articles.sort(key=lambda article: position[article.url])
        for said in node.quotes:
            if said.entity is not None:
                said.entity.said.sort(key=lambda other: position[other.article.url])
    return memberships(site.articles)


Groupings = tuple[
    dict[str, list[tuple[str, int]]], list[tuple[str, str, int, float]], list[list[int]]
]


def groupings(entity_slugs: list[list[str]], topic_slugs: list[list[str]]) -> Groupings:
    """Entities' associations, and related articles, from what is in each article."""
    neighbours, associations = entity_associations(entity_slugs)
    return neighbours, associations, related_articles(entity_slugs, topic_slugs)


def co_occurrences(entity_slugs: list[list[str]]) -> list[list[str]]:
    """All that :func:`entity_associations` reads of the articles: the set of entities each
    counts, in no order of articles (a date edit moves an article, and changes none)."""
    return sorted(sorted(set(article[:COOCCURRENCE_CAP])) for article in entity_slugs)


def finish_graph(site: LinkedSite, grouped: Groupings) -> SiteGraph:
    """The site graph, with the groupings put on their nodes."""
    neighbours, associations, related = grouped
    articles, entity_nodes = site.articles, site.entity_nodes
    for slug, ranked in neighbours.items():
        entity_nodes[slug].neighbours = [(entity_nodes[s], n) for s, n in ranked]
    for article, best in zip(articles, related, strict=True):
        article.related = [articles[j] for j in best]
    entities = sorted(
        entity_nodes.values(), key=lambda e: (-len(e.appearances), e.title.casefold(), e.slug)
    )
    topics = [t for t in site.topics if t.articles or t.document]
    pages = sorted(site.pages, key=lambda p: p.slug)
    return SiteGraph(site.config, articles, entities, topics, pages, list(associations))


def build_graph(config: Config, documents: list[Document], diagnostics: Diagnostics) -> SiteGraph:
    """The whole site as linked nodes, every body rendered (the pipeline does the same steps,
    asking the engine for what it can reuse)."""
    site = link_site(config, documents)
    membership = attach_bodies(site, render_bodies(site, body_jobs(site)), diagnostics)
    return finish_graph(site, groupings(*membership))


def _attach_entities(
    article: ArticleNode,
    own: list[Entity],
    by_entity: dict[str, list[Mention]],
    nodes: dict[str, EntityNode],
) -> None:
    """The article's entities (front matter first, then as first mentioned), and the
    article on each one's appearances with its mentions there."""
    for slug in dict.fromkeys([*(e.slug for e in own), *by_entity]):
        node = nodes.get(slug)
        if node is None:
            continue
        article.entities.append(node)
        mentions = by_entity.get(slug, [])
        node.appearances.append(EntityMentions(article, mentions, article.quoted.get(slug, "")))


def npmi(together: int, a: int, b: int, total: int) -> float:
    """Normalised pointwise mutual information of two entities found in ``a`` and ``b`` of
    ``total`` articles, ``together`` of them shared: log(p(ab) / (p(a) p(b))) / -log p(ab).

    Chosen over raw counts because the most frequent entities share articles with
    everything, and over plain PMI because PMI grows without bound for rare pairs: NPMI
    runs from -1 (never together) through 0 (as often as chance) to 1 (always together),
    so one threshold means the same in a dossier of ten articles or ten thousand.
    Jaccard would rank a frequent pair above a rare exclusive one only by overlap, and
    log-likelihood ratios grow with corpus size, so neither gives a fixed scale.
    """
    if together == total:
        return 1.0
    joint = together / total
    return math.log(joint / ((a / total) * (b / total))) / -math.log(joint)


def entity_associations(
    entity_slugs: list[list[str]],
) -> tuple[dict[str, list[tuple[str, int]]], list[tuple[str, str, int, float]]]:
    """Each entity's neighbours, most associated first, with their shared-article counts; and
    every associated pair, strongest first.

    A neighbour seen fewer than MIN_SHARED times ranks after every better-attested one,
    whatever its NPMI, so one chance meeting of two rare names does not lead the list.
    """
    total = len(entity_slugs)
    min_shared = 1 if total < SMALL_DOSSIER else MIN_SHARED
    seen: Counter[str] = Counter()
    shared: Counter[tuple[str, str]] = Counter()
    for article in entity_slugs:
        slugs = sorted(set(article[:COOCCURRENCE_CAP]))
        seen.update(slugs)
        for i, a in enumerate(slugs):
            for b in slugs[i + 1 :]:
                shared[(a, b)] += 1
    ranked: dict[str, list[tuple[bool, float, int, str]]] = defaultdict(list)
    associations = []
    for (a, b), n in shared.items():
        score = round(npmi(n, seen[a], seen[b], total), 4)
        ranked[a].append((n < min_shared, -score, -n, b))
        ranked[b].append((n < min_shared, -score, -n, a))
        if n >= min_shared and score >= MIN_ASSOCIATION:
            associations.append((a, b, n, score))
    associations.sort(key=lambda x: (-x[3], -x[2], x[0], x[1]))
    neighbours = {
        slug: [(other, -n) for _, _, n, other in heapq.nsmallest(NEIGHBOUR_LIMIT, keys)]
        for slug, keys in ranked.items()
    }
    return neighbours, associations


def _nearby(group: list[int], i: int, width: int) -> list[int]:
    """At most ``2 * width`` members of a date-sorted ``group`` closest in date to article ``i``."""
    if len(group) <= 2 * width:
        return group
    at = bisect_left(group, i)
    return group[max(0, at - width) : at + width]


def related_articles(
    entity_slugs: list[list[str]], topic_slugs: list[list[str]]
) -> list[list[int]]:
    """For each article (given by its entities and topics, in site order), the indices of the
    articles sharing most entities (rare ones count more), then topics.

    Large groups only contribute their members closest in date, so the work per
    article is bounded and the whole pass stays linear in the number of articles.
    """
    by_entity, by_topic = _members(entity_slugs), _members(topic_slugs)
    return [
        _related_of(i, entities, topics, by_entity, by_topic)
        for i, (entities, topics) in enumerate(zip(entity_slugs, topic_slugs, strict=True))
    ]


Related = tuple[list[str], list[list[str]], list[list[str]], list[list[int]]]
"""What :func:`related_articles_since` needs of a build: its articles' URLs, entities and
topics in site order, and their related articles."""


def related_articles_since(
    last: Related, urls: list[str], entity_slugs: list[list[str]], topic_slugs: list[list[str]]
) -> list[list[int]]:
    """:func:`related_articles`, ranked again only for the articles that share an entity or
    a topic with one whose entities or topics changed, or that moved (a date edit).

    The same answer: any other article's groups hold the same members in the same order
    (the moved ones are the fewest whose removal leaves the two orders equal), so its
    windows, weights and ties, and its related articles, are what they were.
    """
    old_urls, old_entities, old_topics, old_related = last
    old_at = {url: i for i, url in enumerate(old_urls)}
    if len(old_at) != len(urls) or any(url not in old_at for url in urls):
        return related_articles(entity_slugs, topic_slugs)  # articles added or removed
    changed = {
        i
        for i, url in enumerate(urls)
        if entity_slugs[i] != old_entities[old_at[url]] or topic_slugs[i] != old_topics[old_at[url]]
    }
    moved = changed | _out_of_order([old_at[url] for url in urls])
    by_entity, by_topic = _members(entity_slugs), _members(topic_slugs)
    old_groups = (_members(old_entities), _members(old_topics))
    new_at = {url: i for i, url in enumerate(urls)}
    touched: set[int] = set(moved)
    for i in moved:
        j = old_at[urls[i]]
        for groups, old, slugs, old_slugs, width in (
            (by_entity, old_groups[0], entity_slugs[i], old_entities[j], RELATED_WINDOW),
            (by_topic, old_groups[1], topic_slugs[i], old_topics[j], RELATED_WINDOW // 4),
        ):
            for slug in slugs:
                touched.update(_near(groups[slug], i, width, i not in changed))
            for slug in old_slugs:
                touched.update(
                    new_at[old_urls[k]] for k in _near(old[slug], j, width, i not in changed)
                )
    return [
        _related_of(i, entity_slugs[i], topic_slugs[i], by_entity, by_topic)
        if i in touched
        else [new_at[old_urls[k]] for k in old_related[old_at[url]]]
        for i, url in enumerate(urls)
    ]


def _near(group: list[int], i: int, width: int, only_window: bool) -> list[int]:
    """The members of ``group`` whose related articles may change when article ``i`` moves
    in it (``only_window``: only its position changed) or joins or leaves it: those whose
    window nearest in date holds it, or all when the group is taken whole (ties between
    equal scores go by position) or changes size (every weight changes)."""
    if not only_window or len(group) <= 2 * width:
        return group
    at = bisect_left(group, i)
    return group[max(0, at - width - 1) : at + width + 1]


def _members(slugs_per_article: list[list[str]]) -> dict[str, list[int]]:
    """The indices of the articles in each group (an entity's, a topic's), in site order."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, slugs in enumerate(slugs_per_article):
        for slug in slugs:
            members[slug].append(i)
    return members


def _out_of_order(sequence: list[int]) -> set[int]:
    """The fewest positions of ``sequence`` to take out to leave it increasing (the
    complement of a longest increasing subsequence)."""
    tails: list[int] = []  # tails[k]: position ending the best increasing run of length k + 1
    ends: list[int] = []  # the values at those positions
    before = [-1] * len(sequence)
    for i, value in enumerate(sequence):
        k = bisect_left(ends, value)
        before[i] = tails[k - 1] if k else -1
        tails[k : k + 1], ends[k : k + 1] = [i], [value]
    kept: set[int] = set()
    i = tails[-1] if tails else -1
    while i >= 0:
        kept.add(i)
        i = before[i]
    return set(range(len(sequence))) - kept


def _related_of(
    i: int,
    entities: list[str],
    topics: list[str],
    by_entity: dict[str, list[int]],
    by_topic: dict[str, list[int]],
) -> list[int]:
    scores: defaultdict[int, float] = defaultdict(float)
    # the rarest entities say most about what an article is about; a few are enough
    for slug in sorted(entities, key=lambda s: (len(by_entity[s]), s))[:RELATED_ENTITIES]:
        group = by_entity[slug]
        weight = 1.0 + 1.0 / len(group)
        for j in _nearby(group, i, RELATED_WINDOW):
            scores[j] += weight
    for slug in topics:
        for j in _nearby(by_topic[slug], i, RELATED_WINDOW // 4):
            scores[j] += 0.25
    scores.pop(i, None)
    best = heapq.nsmallest(RELATED_LIMIT, [(-score, j) for j, score in scores.items()])
    return [j for _, j in best]
