"""The build pipeline: config -> content -> site graph -> rendered files -> published folder."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import TemplateError

from .build_cache import BuildCache
from .config import Config, load_config
from .content import load_content, parse_documents
from .diagnostics import Diagnostics, counted
from .output import publish
from .parallel import beside
from .project import Project
from .render import SiteRenderer
from .search_index import IndexBeside, SearchIndexError
from .site_graph import SiteGraph, build_graph
from .template_errors import template_location
from .up_to_date import forget, input_stamp, is_up_to_date, marker_text, record


class BuildFailed(Exception):
    """The site could not be rendered at all; nothing was published."""

    def __init__(self, diagnostics: Diagnostics) -> None:
        super().__init__("build failed")
        self.diagnostics = diagnostics


@dataclass
class BuildResult:
    files: dict[str, bytes]
    graph: SiteGraph | None
    diagnostics: Diagnostics
    seconds: float = 0.0
    published: bool = False
    out_dir: Path | None = None
    timings: dict[str, float] = field(default_factory=dict)
    search_seconds: float | None = None
    up_to_date: bool = False  # nothing changed since the last clean build: nothing was done
    pages_rendered: int | None = None  # content pages rendered, the others reused

    def summary(self) -> str:
        if self.up_to_date:
            return f"nothing changed since the last build into {self.out_dir}; {self.seconds:.2f} s"
        pages = sum(1 for name in self.files if name.endswith(".html"))
        errors, warnings = len(self.diagnostics.errors), len(self.diagnostics.warnings)
        where = f" into {self.out_dir}" if self.published and self.out_dir else ""
        return (
            f"{counted(pages, 'page')}, {counted(len(self.files), 'file')}{where}; "
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
    cache: BuildCache | None = None,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Everything up to the bytes of every output file, in memory; nothing is written.

    ``progress`` hears one line per finished stage (for long builds).

    With a ``cache``, files and bodies whose inputs did not change since it last saw
    them are reused instead of parsed and rendered again; the output is the same.
    """
    with collector_paused():
        return _render_project(project, include_drafts, base_url, cache, progress)


def _render_project(
    project: Project,
    include_drafts: bool,
    base_url: str | None,
    cache: BuildCache | None,
    progress: Callable[[str], None] | None,
) -> BuildResult:
    started = time.perf_counter()
    diagnostics = Diagnostics()
    timings: dict[str, float] = {}
    config: Config = load_config(project.root, diagnostics)
    parse = cache.load_documents if cache is not None else parse_documents
    try:
        documents = load_content(project, diagnostics, include_drafts=include_drafts, parse=parse)
        timings["load"] = time.perf_counter() - started
        if progress:
            loaded = counted(len(documents), "content file")
            progress(f"loaded {loaded} ({timings['load']:.1f} s)")
        graph = build_graph(config, documents, diagnostics, cache=cache)
        timings["graph"] = time.perf_counter() - started - timings["load"]
        if progress:
            progress(
                f"analysed {counted(len(graph.articles), 'article')}, "
                f"{counted(len(graph.entities), 'entity', 'entities')}, "
                f"{counted(len(graph.topics), 'topic')} ({timings['graph']:.1f} s)"
            )
        renderer = SiteRenderer(
            project, graph, base_url or config.base_url, diagnostics,
            page_cache=cache.pages if cache is not None else None,
        )  # fmt: skip
        files = renderer.render()
        if cache is not None:
            cache.pages_rendered = renderer.pages_rendered
            cache.pages_reused = renderer.reused
    except TemplateError as exc:
        path, line, what = template_location(exc, project)
        diagnostics.error(path, f"template error: {what}", line)
        raise BuildFailed(diagnostics) from None
    finally:
        if cache is not None:
            cache.prune()
    timings["render"] = time.perf_counter() - started - timings["load"] - timings["graph"]
    return BuildResult(
        files, graph, diagnostics, time.perf_counter() - started, timings=timings,
        pages_rendered=renderer.pages_rendered,
    )  # fmt: skip


def build_project(
    project: Project,
    out_dir: Path | None = None,
    include_drafts: bool = False,
    base_url: str | None = None,
    search: bool = True,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Render and publish; pages with problems are left out and reported, the rest is published.

    With ``search``, the Pagefind index is written into the staging folder before the
    swap, so the published site always has the index its pages load.

    Rendered bodies are cached in the project's ``.dossier-cache/``, so the next build
    re-renders only what changed; publishing rewrites only files whose bytes changed.
    """
    started = time.perf_counter()
    out = (out_dir or project.build_dir).absolute()
    options = {"drafts": include_drafts, "base_url": base_url, "search": search}
    stamp = input_stamp(project, options)
    if is_up_to_date(project, out, stamp):
        return BuildResult(
            {}, None, Diagnostics(), time.perf_counter() - started, out_dir=out, up_to_date=True
        )
    with collector_paused():
        return _build_project(project, out, options, stamp, started, progress)


def _build_project(
    project: Project,
    out: Path,
    options: dict,
    stamp: str,
    started: float,
    progress: Callable[[str], None] | None,
) -> BuildResult:
    include_drafts, base_url, search = options["drafts"], options["base_url"], options["search"]
    forget(project)
    cache = BuildCache.open(project.cache_dir, site=out)
    result = render_project(
        project, include_drafts=include_drafts, base_url=base_url, cache=cache, progress=progress
    )
    if progress:
        progress(
            f"rendered {counted(len(result.files), 'file')} ({result.timings['render']:.1f} s)"
        )
    result.out_dir = out

    def index(staging: Path) -> None:
        if progress:
            progress("writing the search index (Pagefind)")
        try:
            result.search_seconds = indexer.write(staging).seconds
        except SearchIndexError as exc:
            result.diagnostics.error(str(result.out_dir), f"search index not written: {exc}")

    # The cache is written, and the pages are indexed, by forked children while the site is published.
    with beside(cache.save), IndexBeside(result.files, out) if search else nullcontext() as indexer:
        publish(
            result.files, out, before_swap=index if search else None,
            marker=marker_text(stamp), known=cache.pages_read(),
            lock=project.cache_dir / "publish.lock",
        )  # fmt: skip
    result.published = True
    cache.save_pages(out, stamp)
    if not result.diagnostics.items:
        record(project, out, stamp)
    result.seconds = time.perf_counter() - started
    return result
