"""The build pipeline: config -> content -> site graph -> rendered files -> published folder."""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
import time
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path

from jinja2 import TemplateError

from .config import Config, load_config
from .content.documents import (
    ContentError,
    ContentReader,
    Document,
    SourceFile,
    parse_documents,
    read_sources,
    scan_sources,
    select_documents,
)
from .diagnostics import Diagnostic, Diagnostics, counted
from .engine.engine import Engine
from .engine.inputs import code_fingerprint, input_stamp, marker_text
from .engine.resident import (
    Changes,
    LastBuild,
    changes,
    front_digest,
    grouped_as,
    listing_changes,
)
from .entities.registry import build_registry
from .graph.site_graph import (
    Groupings,
    LinkedSite,
    SiteGraph,
    attach_bodies,
    body_context,
    body_inputs,
    body_job,
    body_jobs,
    co_occurrences,
    entity_associations,
    finish_graph,
    link_site,
    patch_body,
    patch_listing,
    registry_inputs,
    related_articles,
    related_articles_since,
    render_bodies,
    report_broken,
)
from .markdown.body import RenderedBody
from .parallel import in_forked_child, map_in_workers
from .project import Project
from .publish.output import MARKER, Staged, go_live, publishing, stage
from .render.pages import Route, SiteRenderer, site_base_url
from .render.template_errors import rendering, template_location


class BuildFailed(Exception):
    """The site could not be rendered at all; nothing was published."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__("build failed")
        self.diagnostics = diagnostics


@dataclass
class BuildResult:
    files: Mapping[str, bytes]
    graph: SiteGraph | None
    diagnostics: Diagnostics
    seconds: float = 0.0
    published: bool = False
    out_dir: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    search_seconds: float | None = None
    up_to_date: bool = False  # nothing changed since the last clean build: nothing was done
    pages_rendered: int | None = None  # pages rendered, the others reused
    bodies_rendered: int | None = None  # bodies rendered, the others reused
    page_keys: dict[str, str] = field(default_factory=dict)  # of the pages that have one
    # a build patched into the last one of its engine: that build's files, and the files
    # made again (every other is that build's)
    patched: Mapping[str, bytes] | None = None
    rewritten: set[str] = field(default_factory=set)
    staged: Staged | None = None  # the site written beside the output, not live yet
    # how many pages and files there are, where ``files`` stayed in the process that
    # rendered them (see :meth:`without_files`)
    counts: tuple[int, int] | None = None

    def without_files(self) -> BuildResult:
        """This result without what is as large as the site (files, graph), to be sent
        from the process that rendered it."""
        return replace(self, files={}, graph=None, patched=None, counts=self._counts())

    def _counts(self) -> tuple[int, int]:
        if self.counts is not None:
            return self.counts
        return sum(1 for name in self.files if name.endswith(".html")), len(self.files)

    def summary(self) -> str:
        if self.up_to_date:
            return f"nothing changed since the last build into {self.out_dir}; {self.seconds:.2f} s"
        pages, files = self._counts()
        errors, warnings = len(self.diagnostics.errors), len(self.diagnostics.warnings)
        where = f" into {self.out_dir}" if self.published and self.out_dir else ""
        return (
            f"{counted(pages, 'page')}, {counted(files, 'file')}{where}; "
            f"{counted(warnings, 'warning')}, {counted(errors, 'error')}; "
            f"{self.seconds:.2f} s"
            + (
                f" (search index {self.search_seconds:.2f} s)"
                if self.search_seconds is not None
                else ""
            )
        )


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the length of a build.

    A build allocates millions of objects that live until it ends and makes few
    reference cycles; the collector would walk the growing heap again and again
    (a quarter of a 10,000-article build). Forked workers inherit the pause.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def render_project(
    project: Project,
    include_drafts: bool = False,
    base_url: str | None = None,
    engine: Engine | None = None,
    progress: Callable[[str], None] | None = None,
    target: str = "preview",
    reader: ContentReader | None = None,
    changed: Iterable[Path] | None = None,
) -> BuildResult:
    """Everything up to the bytes of every output file, in memory; nothing is written.

    ``progress`` hears one line per finished stage (for long builds). A ``reader`` kept
    across builds reads again only the ``changed`` content files (see
    :class:`~dossier.content.documents.ContentReader`).

    With an ``engine`` that saw earlier builds, what an edit leaves alone is reused
    instead of computed again; the output is the same. Its pages are kept under
    ``target`` (an output folder, or the preview): sites with another base URL do not
    evict each other's.
    """
    diagnostics = Diagnostics()
    with collector_paused():
        sources = (
            reader.read(diagnostics, changed) if reader else read_sources(project, diagnostics)
        )
        digest = reader.digest if reader else _sha256
        digests = [digest(path, data or b"") for path, _, _, data in sources]  # all read
        return _render_project(
            project, sources, digests, diagnostics, include_drafts, base_url, engine or Engine(),
            progress, target,
        )  # fmt: skip


def _render_project(
    project: Project,
    sources: list[SourceFile],
    digests: list[str],
    diagnostics: Diagnostics,
    include_drafts: bool,
    base_url: str | None,
    engine: Engine,
    progress: Callable[[str], None] | None,
    target: str,
) -> BuildResult:
    """The pipeline: each stage a pure function, the engine asked for what it can reuse."""
    started = time.perf_counter()
    timings: dict[str, float] = {}
    config: Config = load_config(project.root, diagnostics)
    try:
        last = engine.shapes.pop(target, None)  # a build that fails leaves none
        reported = len(diagnostics.items)
        documents = _documents(engine, sources, digests, diagnostics, include_drafts, last)
        timings["load"] = time.perf_counter() - started
        patched = last and _patched(
            project, config, documents, diagnostics, base_url, engine, target, last
        )
        moved = (
            not patched
            and last
            and _moved(project, config, documents, diagnostics, base_url, engine, target, last)
        )
        if patched:
            graph, files, page_keys, base, rewritten = patched
            timings["graph"] = 0.0
        elif moved:
            graph, files, page_keys = moved
            base, rewritten = None, set()
            timings["graph"] = 0.0
        else:
            if last is not None and last.bodies is None:  # its documents have no bodies
                del diagnostics.items[reported:]
                documents = _documents(engine, sources, digests, diagnostics, include_drafts, None)
            graph, files, page_keys = _built(
                project, config, documents, diagnostics, base_url, engine, target, progress,
                timings, last,
            )  # fmt: skip
            base, rewritten = None, set()
    except TemplateError as exc:
        path, line, what = template_location(exc, project)
        diagnostics.error(path, f"template error: {what}", line)
        raise BuildFailed(diagnostics) from None
    finally:
        engine.finish()
    timings["render"] = time.perf_counter() - started - timings["load"] - timings["graph"]
    return BuildResult(
        files, graph, diagnostics, time.perf_counter() - started, timings=timings,
        pages_rendered=engine.computed[f"page {target}"], bodies_rendered=engine.computed["body"],
        page_keys=page_keys, patched=base, rewritten=rewritten,
    )  # fmt: skip


def _documents(
    engine: Engine,
    sources: list[SourceFile],
    digests: list[str],
    diagnostics: Diagnostics,
    include_drafts: bool,
    last: LastBuild | None,
) -> list[Document]:
    """The documents of the content files: the last build's of each file whose digest is
    the same (a file its ``stat`` says is unchanged is not even read), the others the
    engine's. (Those of a build read back from the store have no body: the edited ones,
    and those to patch in again, are the engine's.)"""
    known = {document.path: document for document in last.documents} if last else {}
    for path in last.redo if last else ():
        known.pop(path, None)
    names = [f"{kind}\t{shown}" for _, kind, shown, _ in sources]
    parsed: list[Document | ContentError | None] = []
    wanted = []
    for i, ((_, _, shown, _), digest) in enumerate(zip(sources, digests, strict=True)):
        document = known.get(shown)
        if document is None or document.digest != digest:
            wanted.append(i)
            document = None
        parsed.append(document)
    engine.touch("document", names)
    found = engine.recall(
        "document",
        [(names[i], digests[i]) for i in wanted],
        lambda stale: parse_documents([sources[wanted[j]] for j in stale]),
    )
    for i, document in zip(wanted, found, strict=True):
        parsed[i] = document
    return select_documents(sources, parsed, diagnostics, include_drafts)  # type: ignore[arg-type]


def _built(
    project: Project,
    config: Config,
    documents: list[Document],
    diagnostics: Diagnostics,
    base_url: str | None,
    engine: Engine,
    target: str,
    progress: Callable[[str], None] | None,
    timings: dict[str, float],
    last: LastBuild | None,
) -> tuple[SiteGraph, dict[str, bytes], dict[str, str]]:
    """The graph, every file and the page keys, made from the documents (each stage a pure
    function, the engine asked for what it can reuse); kept for the next build to patch.

    After ``last``, the keys of the node pages that show nothing of what changed are
    the last build's, and the link previews of only the nodes those pages show are made
    again (see :func:`~dossier.engine.resident.changes`)."""
    started = time.perf_counter()
    if progress:
        loaded = counted(len(documents), "content file")
        progress(f"loaded {loaded} ({timings['load']:.1f} s)")
    registry = engine.reuse(
        "registry",
        registry_inputs(documents),
        lambda: build_registry(
            [d for d in documents if d.kind == "entity"],
            [d for d in documents if d.kind == "article"],
        ),
    )
    site = link_site(config, documents, registry)
    sources = site.sources  # in the order of the bodies (attaching them sorts the articles)
    jobs = body_jobs(site)
    context = body_context(site)
    bodies = engine.recall(
        "body",
        [(job.source_path, body_inputs(job, context)) for job in jobs],
        lambda stale: render_bodies(site, [jobs[i] for i in stale]),
        reads=lambda body: site.index.answers(body.lookups),
    )
    membership = attach_bodies(site, bodies, diagnostics)
    grouped = _grouped(engine, site, membership)
    graph = finish_graph(site, grouped)
    timings["graph"] = time.perf_counter() - started
    if progress:
        progress(
            f"analysed {counted(len(graph.articles), 'article')}, "
            f"{counted(len(graph.entities), 'entity', 'entities')}, "
            f"{counted(len(graph.topics), 'topic')} ({timings['graph']:.1f} s)"
        )
    changed = last and changes(last, site, sources, bodies, graph, grouped)
    renderer, files, page_keys, problems = _rendered(
        project, config, graph, grouped, diagnostics, base_url, engine, target, last, changed
    )
    if renderer.keyed:
        engine.shapes[target] = LastBuild(
            config, renderer.base_url, documents, site, sources, bodies, context, graph,
            grouped, renderer.previews, renderer.chrome_key(), renderer.listings_key(),
            renderer.entity_graph_key(), files, page_keys, problems,
        )  # fmt: skip
    return graph, files, page_keys


def _rendered(
    project: Project,
    config: Config,
    graph: SiteGraph,
    grouped: object,
    diagnostics: Diagnostics,
    base_url: str | None,
    engine: Engine,
    target: str,
    last: LastBuild | None,
    changed: Changes | None,
) -> tuple[SiteRenderer, dict[str, bytes], dict[str, str], list[Diagnostic]]:
    """Every file of ``graph``, the page keys, and the problems reported while the pages
    were made; after ``last``, the keys of the node pages that show nothing of what
    ``changed`` are the last build's, and the link previews of only the nodes those
    pages show are made again."""
    compiled = _compiled_templates(project) if engine.store.path else None
    if last and changed:
        last.previews.update(node for node in graph.all_nodes() if node.url in changed.stale)
    renderer = SiteRenderer(
        project, graph, base_url or config.base_url, diagnostics, compiled,
        last.previews if last and changed else None,
        entity_graph=last.entity_graph if last and changed and grouped is last.grouped
        and not changed.bodies else None,
    )  # fmt: skip
    unchanged: set[str] = set()
    if last and changed and renderer.keyed and renderer.chrome_key() == last.chrome:
        unchanged = {f"{n.url}index.html" for n in graph.all_nodes() if n.url not in changed.stale}
    reported = len(diagnostics.items)
    with rendering():
        routes = renderer.routes()
        files, page_keys = _pages(engine, f"page {target}", routes, unchanged)
        files.update(renderer.other_files())
    return renderer, files, page_keys, diagnostics.items[reported:]


def _moved(
    project: Project,
    config: Config,
    documents: list[Document],
    diagnostics: Diagnostics,
    base_url: str | None,
    engine: Engine,
    target: str,
    last: LastBuild,
) -> tuple[SiteGraph, dict[str, bytes], dict[str, str]] | None:
    """The site after edits of articles' titles and dates, which move them in their
    listings, patched into ``last`` (see :meth:`LastBuild.listing_edits`): the graph,
    every file and the page keys; None (``last`` untouched) after any other edit.

    The edited bodies are asked for, as :func:`_patched` asks; the articles are put in
    site order again, the groupings made again from the last ones, and the pages that
    show an edited article, or whose groupings changed, rendered again."""
    edits = last.listing_edits(config, site_base_url(base_url or config.base_url), documents)
    if edits is None:
        return None
    bodies = _edited_bodies(engine, last, edits)
    if bodies is None:
        return None
    assert last.bodies is not None
    engine.touch("body")  # no body is removed
    before = grouped_as(last.graph)
    edited = [(last.sources[i], d, body) for (i, d), body in zip(edits, bodies, strict=True)]
    bodies_changed = any(
        last.bodies[i].digest != body.digest for (i, _), body in zip(edits, bodies, strict=True)
    )
    membership = patch_listing(last.site, last.sources, edited)  # type: ignore[arg-type]
    for (i, _), body in zip(edits, bodies, strict=True):
        last.put_body(i, body)
    grouped = _grouped(engine, last.site, membership)
    graph = finish_graph(last.site, grouped)
    for i in sorted(last.broken):
        report_broken(last.sources[i], last.broken[i], diagnostics)
    shown = [(node, body) for node, _, body in edited]
    changed = listing_changes(graph, shown, before, grouped is not last.grouped, bodies_changed)
    renderer, files, page_keys, problems = _rendered(
        project, config, graph, grouped, diagnostics, base_url, engine, target, last, changed
    )
    last.documents, last.graph, last.grouped, last.files = documents, graph, grouped, files
    last.page_keys, last.problems = page_keys, problems
    last.chrome, last.listings = renderer.chrome_key(), renderer.listings_key()
    last.entity_graph = renderer.entity_graph_key()
    if renderer.keyed:
        engine.shapes[target] = last
    return graph, files, page_keys


def _edited_bodies(
    engine: Engine, last: LastBuild, edits: list[tuple[int, Document]]
) -> list[RenderedBody] | None:
    """The bodies of the edited documents, from the engine; None when what other nodes
    take of one is not what they took of it in ``last`` (see ``RenderedBody.reads``)."""
    site = last.site
    jobs = [body_job(site, last.sources[i], document) for i, document in edits]
    bodies = engine.recall(
        "body",
        [(job.source_path, body_inputs(job, last.context)) for job in jobs],
        lambda stale: render_bodies(site, [jobs[i] for i in stale]),
        reads=lambda body: site.index.answers(body.lookups),
    )
    if all(last.reads[i] == body.reads for (i, _), body in zip(edits, bodies, strict=True)):
        return bodies
    return None


def _grouped(
    engine: Engine, site: LinkedSite, membership: tuple[list[list[str]], list[list[str]]]
) -> Groupings:
    """The groupings of the articles of an attached site, from the engine."""
    return engine.memo(
        "groupings",
        "site",
        _digest(membership),
        lambda: _groupings(engine, [a.url for a in site.articles], *membership),
    )


def _patched(
    project: Project,
    config: Config,
    documents: list[Document],
    diagnostics: Diagnostics,
    base_url: str | None,
    engine: Engine,
    target: str,
    last: LastBuild,
) -> tuple[SiteGraph, dict[str, bytes], dict[str, str], dict[str, bytes], set[str]] | None:
    """The site after edits that no page but the edited nodes' own can show, patched into
    ``last`` (see :mod:`dossier.engine.resident`): the graph, every file, the page keys,
    the last build's files and the files made again; None (``last`` untouched) after any
    other edit.

    Only the edited bodies are asked for: the link index is the last build's, so no other
    body's answers can have changed."""
    compiled = _compiled_templates(project) if engine.store.path else None
    renderer = SiteRenderer(
        project, last.graph, base_url or config.base_url, Diagnostics(), compiled,
        last.previews, last.listings,
    )  # fmt: skip  # its reports are the last build's: the templates chosen are the same
    edits = last.body_edits(config, renderer.base_url, documents, last.redo)
    if edits is None or not renderer.keyed or renderer.chrome_key() != last.chrome:
        return None
    kind = f"page {target}"
    if last.bodies is None and not (
        _pages_kept(engine, kind, last, edits) and last.restore_mentions(engine, edits)
    ):
        return None  # (read back from the store, ``last`` is not kept: see _documents)
    engine.touch("body")  # a patch removes no body, nor page, nor document
    bodies = _edited_bodies(engine, last, edits)
    if bodies is None:
        return None
    nodes = []
    for (i, document), body in zip(edits, bodies, strict=True):
        patch_body(last.sources[i], document, body)
        last.put_body(i, body)
        nodes.append(last.sources[i])
    last.documents = documents
    for i in sorted(last.broken):
        report_broken(last.sources[i], last.broken[i], diagnostics)
    diagnostics.items.extend(last.problems)
    last.previews.update(nodes)
    engine.touch(kind)
    engine.touch("document")
    with rendering():
        routes = [*(renderer.node_route(node) for node in nodes), renderer.quotes_route()]
        made, keys = _pages(engine, kind, routes)
        made.update(renderer.other_files())
    base = last.files
    last.page_keys = {**last.page_keys, **keys}
    if last.bodies is None:  # read back from the store: the other pages are in their rows
        last.files = StoredPages(engine, kind, last.page_keys, {**base, **made})
    else:
        last.files = {**base, **made}
    engine.shapes[target] = last
    return last.graph, last.files, last.page_keys, base, set(made)


def _pages_kept(
    engine: Engine, kind: str, last: LastBuild, edits: list[tuple[int, Document]]
) -> bool:
    """Whether the store holds every page of ``last`` that a patch of ``edits`` keeps,
    with the key it had in that build (a build that failed may have stored others)."""
    edited = {f"{last.sources[i].url}index.html" for i, _ in edits}
    stored = engine.stored_inputs(kind)
    return all(
        stored.get(path) == key for path, key in last.page_keys.items() if path not in edited
    )


class StoredPages(Mapping[str, bytes]):
    """Every file of a build patched into one read back from the store: ``files`` (made
    by the patch, or kept with the last build), and each other page of ``keys`` read
    from its row when asked for (publishing asks for the few it cannot link)."""

    def __init__(
        self, engine: Engine, kind: str, keys: Mapping[str, str], files: dict[str, bytes]
    ) -> None:
        self._engine, self._kind, self._keys, self._files = engine, kind, keys, files

    def __getitem__(self, name: str) -> bytes:
        if name in self._files:
            return self._files[name]
        if name not in self._keys:
            raise KeyError(name)
        row = self._engine.store.get(self._kind, [name]).get(name)  # (not a use: see finish)
        if row is None or row[0] != self._keys[name]:
            raise KeyError(name)  # checked before patching (see _pages_kept): never
        return row[1]

    def __iter__(self) -> Iterator[str]:
        return iter({**self._keys, **self._files})

    def __len__(self) -> int:
        return len(self._keys.keys() | self._files.keys())


def _compiled_templates(project: Project) -> Path:
    """Where templates compiled by this code are kept, beside the engine's store; those
    compiled by other code (whose Jinja settings may differ) are removed."""
    folder = project.cache_dir / "templates" / code_fingerprint()[:16]
    if not folder.is_dir():
        shutil.rmtree(folder.parent, ignore_errors=True)
    return folder


def _sha256(_: Path, data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _groupings(
    engine: Engine, urls: list[str], entity_slugs: list[list[str]], topic_slugs: list[list[str]]
) -> Groupings:
    """The groupings, made again from the last ones: the entities' associations kept while
    no article's entities changed (they read no order of articles, and a date edit
    reorders them), the related articles ranked again only around what changed."""
    counted = co_occurrences(entity_slugs)
    associated = engine.memo(
        "associations", "site", _digest(counted), lambda: entity_associations(counted)
    )
    last = engine.values("related", ["site"]).get("site")
    if last is None:
        related = related_articles(entity_slugs, topic_slugs)
    else:
        related = related_articles_since(last[1], urls, entity_slugs, topic_slugs)
    engine.keep("related", "site", "", (urls, entity_slugs, topic_slugs, related))
    return (*associated, related)


def _digest(value: object) -> str:
    return hashlib.sha256(json.dumps(value).encode()).hexdigest()


def _pages(
    engine: Engine, kind: str, routes: list[Route], unchanged: Collection[str] = ()
) -> tuple[dict[str, bytes], dict[str, str]]:
    """Each route's bytes, and the key of each that has one: kept from the last build when
    the page's key is the same, else rendered (across the cores). The keys of pages kept
    are computed first, but for the ``unchanged`` ones, whose key is the last build's; a
    page new to the engine gets its key in the worker that renders it."""
    keyed = [route for route in routes if route.key is not None]
    kept = engine.values(kind, [route.path for route in keyed])
    keys = {r.path: kept[r.path][0] for r in keyed if r.path in unchanged and r.path in kept}
    check = [route for route in keyed if route.path in kept and route.path not in keys]
    found = map_in_workers(lambda i: check[i].key(), len(check), min_items=5000)  # type: ignore[misc]
    keys.update(zip((route.path for route in check), found, strict=True))
    stale = [r for r in routes if r.key is None or keys.get(r.path) != kept.get(r.path, ("",))[0]]

    def render(i: int) -> tuple[bytes, str]:
        route = stale[i]
        key = keys.get(route.path) or (route.key() if route.key else "")
        return route.render(), key

    made = dict(
        zip((route.path for route in stale), map_in_workers(render, len(stale)), strict=True)
    )
    for route in stale:
        if route.key is not None:
            keys[route.path] = made[route.path][1]
            engine.keep(kind, route.path, made[route.path][1], made[route.path][0])
    files = {r.path: made[r.path][0] if r.path in made else kept[r.path][1] for r in routes}
    return files, keys


def build_project(
    project: Project,
    out_dir: Path | None = None,
    include_drafts: bool = False,
    base_url: str | None = None,
    search: bool = True,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Render and publish; pages with problems are left out and reported, the rest is published.

    With ``search``, the site is rendered and staged in a forked child that exits before
    Pagefind indexes the staging folder: Pagefind's peak, the largest of a build, does
    not come on top of the build's heap (3,420 -> 2,410 MiB at 10,000 articles). The index
    is written before the swap, so the published site always has the index its pages
    load; that build's result holds the counts of its files, not their bytes.

    The engine's store is kept in the project's ``.dossier-cache/``, so the next build
    recomputes only what changed; publishing rewrites only files whose bytes changed. A
    build whose inputs are those of the build its output folder holds does nothing.
    """
    started = time.perf_counter()
    out = (out_dir or project.build_dir).absolute()
    lock = project.cache_dir / "publish.lock"

    def build(staging: bool) -> BuildResult:
        return _build(project, out, include_drafts, base_url, search, progress, staging)

    with publishing(out, lock):
        if not search:
            result = build(staging=False)
        else:
            try:
                result = in_forked_child(lambda: build(staging=True).without_files())
            except BrokenProcessPool:
                diagnostics = Diagnostics()
                diagnostics.error(
                    out, "the build's process died (out of memory?); nothing was published"
                )
                raise BuildFailed(diagnostics) from None
            if result.staged is not None:
                _index(result, progress)
                go_live(result.staged)
                result.staged = None
    result.published = not result.up_to_date
    result.seconds = time.perf_counter() - started
    return result


def _build(
    project: Project,
    out: Path,
    include_drafts: bool,
    base_url: str | None,
    search: bool,
    progress: Callable[[str], None] | None,
    staging: bool,
) -> BuildResult:
    """:func:`build_project` under the publish lock: the site published, or with
    ``staging`` staged beside ``out`` for the search index (``result.staged``)."""
    target = str(out)
    options = {"drafts": include_drafts, "base_url": base_url, "search": search}
    diagnostics = Diagnostics()
    engine = Engine.open(project.cache_dir)
    recorded = engine.values("content", ["files"]).get("files")
    sources, digests, record = scan_sources(project, diagnostics, recorded[1] if recorded else {})
    if recorded is None or record != recorded[1]:
        engine.keep("content", "files", "", record)
    stamp = input_stamp(project, sources, digests, options)
    if not diagnostics.items and engine.remembers("build", target, stamp) and _holds(out, stamp):
        engine.touch("last build", [target])
        engine.touch("last build edits", [target])
        engine.finish()
        return BuildResult({}, None, diagnostics, out_dir=out, up_to_date=True)
    last, made = _last_build(engine, target, sources, digests)
    with collector_paused():
        result = _render_project(
            project, sources, digests, diagnostics, include_drafts, base_url, engine, progress,
            target,
        )  # fmt: skip
        if progress:
            progress(
                f"rendered {counted(len(result.files), 'file')} ({result.timings['render']:.1f} s)"
            )
        result.out_dir = out
        unchanged = _unchanged_pages(engine, out, result.page_keys)
        if staging:
            result.staged = stage(result.files, out, marker_text(stamp), unchanged)
        else:
            go_live(stage(result.files, out, marker_text(stamp), unchanged))
    # kept before a staged site goes live: if it never does, the output folder does
    # not hold ``stamp`` (its marker says so), and the next build does not trust it
    engine.keep(
        "build", target, stamp if not result.diagnostics.items else "", (stamp, result.page_keys)
    )
    _keep_last_build(engine, target, last, made, sources, digests)
    engine.finish()
    return result


Made = dict[str, tuple[str, str]]  # of each document: its digest and its front_digest


def _last_build(
    engine: Engine, target: str, sources: list[SourceFile], digests: list[str]
) -> tuple[LastBuild | None, Made]:
    """The last full build of ``target`` read back from the store, with the paths of the
    documents patched into it since (see :mod:`dossier.engine.resident`), for this build
    to patch, and what its documents were made from. None when there is none, or when
    a file changed since has another front matter: the build cannot be patched, and
    is not read (it is the largest row)."""
    row = engine.values("last build edits", [target]).get(target)
    if row is None:
        return None, {}
    redo, made = row[1]
    names = [f"{kind}\t{shown}" for _, kind, shown, _ in sources]
    changed = [
        i
        for i, ((_, _, shown, _), digest) in enumerate(zip(sources, digests, strict=True))
        if made.get(shown, ("",))[0] != digest
    ]
    documents = engine.recall(
        "document",
        [(names[i], digests[i]) for i in changed],
        lambda stale: parse_documents([sources[changed[j]] for j in stale]),
    )
    for document in documents:
        if isinstance(document, ContentError):
            return None, made
        if made.get(document.path, ("", ""))[1] != front_digest(document):  # or new
            return None, made
    kept = engine.values("last build", [target]).get(target)
    if kept is None:
        return None, made
    last: LastBuild = kept[1]
    last.redo = set(redo)
    engine.shapes[target] = last
    return last, made


def _keep_last_build(
    engine: Engine, target: str, base: LastBuild | None, made: Made,
    sources: list[SourceFile], digests: list[str],
) -> None:  # fmt: skip
    """Keep the build just made for the next one to patch: a full build is stored whole
    (but its bodies and pages, rows of their own), with what its documents were made
    from; after a patch of ``base``, the store keeps ``base`` as it was read, and the
    paths of the files whose digest is not the one its document was ``made`` from."""
    last = engine.shapes.get(target)
    if last is None:  # nothing a next build could patch (no keyed pages)
        return
    shown = [shown for _, _, shown, _ in sources]
    if last is not base:  # a file's front digest is made again only if the file changed
        names = [f"{kind}\t{path}" for _, kind, path, _ in sources]
        again = [i for i, path in enumerate(shown) if made.get(path, ("",))[0] != digests[i]]
        rows = engine.values("document", [names[i] for i in again])  # (this build's)
        engine.touch("document")  # (their rows were kept by the build's first finish)
        made = {path: made[path] for path in shown if path in made}
        for i in again:
            row = rows.get(names[i])
            made[shown[i]] = (digests[i], front_digest(row[1]) if row else "")
        engine.keep("last build", target, "", last)
        engine.keep("last build edits", target, "", ([], made))
        return
    engine.touch("last build", [target])
    redo = [path for path, d in zip(shown, digests, strict=True) if made.get(path, ("",))[0] != d]
    engine.keep("last build edits", target, "", (redo, made))


def _unchanged_pages(engine: Engine, out: Path, keys: dict[str, str]) -> set[str]:
    """The pages that ``out`` holds with the bytes they have now, as the engine knows:
    those whose key is the one they were published with, while ``out`` holds that build."""
    row = engine.values("build", [str(out)]).get(str(out))
    if row is None or row[1] is None:
        return set()
    stamp, published = row[1]
    if not _holds(out, stamp):
        return set()
    return {path for path, key in keys.items() if published.get(path) == key}


def _index(result: BuildResult, progress: Callable[[str], None] | None) -> None:
    """Write the Pagefind index into the staged site. (Pagefind's client is loaded only
    here: a build without search does without it.)"""
    from .search_index import SearchIndexError, index_site

    assert result.staged is not None
    if progress:
        progress("writing the search index (Pagefind)")
    try:
        result.search_seconds = index_site(result.staged.folder).seconds
    except SearchIndexError as exc:
        result.diagnostics.error(str(result.out_dir), f"search index not written: {exc}")


def _holds(out: Path, stamp: str) -> bool:
    """Whether the output folder still holds the build of ``stamp``."""
    try:
        return f"build {stamp}\n" in (out / MARKER).read_text(encoding="utf-8")
    except OSError:
        return False
