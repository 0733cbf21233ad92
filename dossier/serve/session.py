"""``dossier serve``: build, serve the last good build, rebuild on change, reload open tabs.

Two threads. The asyncio loop (tornado) answers requests and talks to browsers;
one builder thread waits for a settled change (:mod:`dossier.serve.watcher`) and
rebuilds. So there is never more than one build at a time, and an edit saved
during a build is picked up by the next one. The builder keeps one
:class:`~dossier.engine.engine.Engine` resident: a rebuild parses only changed
files and renders only the bodies and pages whose inputs changed.

A build that brings new errors (broken front matter just saved, say) is held
back: the previous site stays served, with the errors over every page until a
build without them. Each rebuild prints one line that starts with ``rebuild``.
"""

from __future__ import annotations

import asyncio
import gc
import ipaddress
import logging
import signal
import sys
import threading
import time
import traceback
import webbrowser
from collections.abc import Callable, Iterable
from pathlib import Path
from socket import socket

from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from ..build import BuildFailed, render_project
from ..config import load_config
from ..content.documents import ContentReader
from ..diagnostics import Diagnostics
from ..engine.engine import Engine
from ..project import Project, default_theme_dir
from ..search_index import BUNDLE_DIR, SearchIndexError, index_files
from .preview_server import (
    PreviewState,
    SiteSnapshot,
    make_app,
    open_tabs,
    own_hosts,
    reload_tabs,
)
from .watcher import ChangeWatcher

SHOWN_CHANGES = 3
STOP_WAIT = 10.0  # seconds Ctrl-C waits for a running build before leaving it
INDEX_WHEN_QUIET = 1.0  # seconds without a rebuild before the search index is made again
COLLECT_WHEN_QUIET = 3.0  # seconds without a rebuild before the previous builds' garbage is freed


def say(line: str) -> None:
    print(line, flush=True)


def watched_paths(project: Project) -> list[Path]:
    """Everything a build reads: content, the project's and the default theme, dossier.yml."""
    roots = [project.content_dir, project.templates_dir, default_theme_dir(), project.config_path]
    return list(dict.fromkeys(path.resolve() for path in roots))


def changed_files(
    old: SiteSnapshot, new: SiteSnapshot, names: Iterable[str] | None = None
) -> set[str]:
    """Output files added, removed or with other bytes (the search index aside: no page
    shows it, and it is replaced in the background), of ``names`` when only those can
    have changed."""
    return {
        name
        for name in (old.files.keys() | new.files.keys() if names is None else names)
        if old.files.get(name) != new.files.get(name) and not name.startswith(f"{BUNDLE_DIR}/")
    }


def tabs_to_reload(old: SiteSnapshot, new: SiteSnapshot, changed: set[str]) -> set[str] | None:
    """Pages whose open tabs must reload; None when every tab must (overlay, CSS or JS)."""
    if (old.problems, old.held_back) != (new.problems, new.held_back):
        return None
    return None if any(name.endswith((".css", ".js")) for name in changed) else changed


def describe(paths: Iterable[str]) -> str:
    shown = list(paths)
    more = len(shown) - SHOWN_CHANGES
    text = ", ".join(shown[:SHOWN_CHANGES])
    return f"{text} and {more} more" if more > 0 else text


class PreviewBuilder:
    """Builds with an engine kept across rebuilds, and decides which build is served."""

    def __init__(
        self, project: Project, include_drafts: bool, base_url: str, search: bool = True
    ) -> None:
        self.project = project
        self.search = search
        self.search_files: dict[str, bytes] = {}  # the latest search index, kept across builds
        self._swap = threading.Lock()  # the builder and the indexer both replace the site
        self._index_wanted = threading.Event()
        self._rebuilt_at: float | None = None  # when the last rebuild ended (not the first build)
        self.include_drafts = include_drafts
        self.base_url = base_url
        self.engine = Engine.open(project.cache_dir)  # resident: rebuilds read nothing back
        self.reader = ContentReader(project)  # resident: rebuilds read only the files changed
        self.state = PreviewState(SiteSnapshot({}))
        self.served_errors: set[tuple[str, str]] | None = None  # None: nothing good served yet
        self._served_build: dict[str, bytes] | None = None  # the files of the build served
        self.rebuilds = 0
        self._garbage = False  # a rebuild left garbage to collect when idle

    def build(
        self, changed: Iterable[Path] | None = None
    ) -> tuple[set[str] | None, str, Diagnostics]:
        """Build once and swap in what to serve: (pages to reload, outcome, diagnostics).
        ``changed``: the paths reported changed since the last build (None: unknown).

        A build is served if it brings no error that the served build did not have
        already, so a dossier with a known broken link still previews its edits.
        """
        old = self.state.site
        rewritten: set[str] | None = None  # the files that can differ from the served ones
        try:
            result = render_project(
                self.project, self.include_drafts, self.base_url, self.engine,
                reader=self.reader, changed=changed,
            )  # fmt: skip
            diagnostics, files = result.diagnostics, result.files
            if result.patched is not None and result.patched is self._served_build:
                rewritten = result.rewritten
        except BuildFailed as failed:
            diagnostics, files = failed.diagnostics, None
        errors = {(d.path, d.message) for d in diagnostics.errors}
        problems = tuple(str(item) for item in sorted(set(diagnostics.errors)))
        accepted = files is not None and (
            self.served_errors is None or errors <= self.served_errors
        )
        with self._swap:
            if files is not None and accepted:
                self.served_errors = errors
                self._served_build = files
                site = SiteSnapshot({**files, **self.search_files}, problems)
            else:
                site = SiteSnapshot(self.state.site.files, problems, held_back=True)
            self.state.site = site
        if accepted and self.search:
            self._index_wanted.set()
        changed = changed_files(old, site, rewritten if site.files is not old.files else ())
        if not accepted:
            outcome = "failed; still serving the last good build"
        else:
            pages = sum(1 for name in changed if name.endswith(".html"))
            outcome = f"{pages} page{'s' * (pages != 1)} updated"
            if problems:
                outcome += f", {len(problems)} error{'s' * (len(problems) != 1)}"
        bodies, pages = self.engine.computed["body"], self.engine.computed["page preview"]
        outcome += f"; {bodies} bod{'ies' if bodies != 1 else 'y'}, "
        outcome += f"{pages} page{'s' * (pages != 1)} rendered"
        return tabs_to_reload(old, site, changed), outcome, diagnostics

    def index_in_background(self, stop: threading.Event) -> None:
        """The indexer thread: after each served build, its Pagefind index, swapped in
        without a reload; until then the previous index answers searches.

        After a rebuild it waits until no rebuild came for ``INDEX_WHEN_QUIET`` seconds:
        writing every page out for Pagefind takes the interpreter for a while, and a
        writer saving again and again waits for the rebuilds, not for the search.
        Pagefind itself runs in a process of its own, at a lower priority."""
        while not stop.is_set():
            if not self._index_wanted.wait(0.2):
                continue
            while (
                self._rebuilt_at is not None
                and time.monotonic() - self._rebuilt_at < INDEX_WHEN_QUIET
                and not stop.wait(0.05)
            ):
                pass
            self._index_wanted.clear()
            snapshot = self.state.site
            try:
                index = index_files(dict(snapshot.files), stop)
            except SearchIndexError as exc:
                if not stop.is_set():  # Ctrl-C stops Pagefind too: that is no news
                    say(f"search index not written: {exc}")
                continue
            with self._swap:
                self.search_files = index
                if self.state.site is snapshot:
                    pages = {
                        k: v
                        for k, v in snapshot.files.items()
                        if not k.startswith(f"{BUNDLE_DIR}/")
                    }
                    self.state.site = SiteSnapshot(
                        {**pages, **index}, snapshot.problems, snapshot.held_back
                    )

    def rebuild(self, changed: list[str]) -> set[str] | None:
        """One rebuild after ``changed`` source paths; prints its line and any problems."""
        self.rebuilds += 1
        self._rebuilt_at = time.monotonic()  # the index it asks for waits for it to end too
        started = time.perf_counter()
        shown = describe(self.project.relative(Path(path)) for path in changed)
        try:
            reload, outcome, diagnostics = self.build([Path(path) for path in changed])
        except Exception:  # a bug must not stop the preview; the traceback says where
            traceback.print_exc()
            say(f"rebuild {self.rebuilds}: {shown} -> internal error; still serving the last build")
            return set()
        say(
            f"rebuild {self.rebuilds}: {shown} -> {outcome} ({time.perf_counter() - started:.2f} s)"
        )
        diagnostics.print(sys.stdout)
        return reload

    def watch(
        self,
        watcher: ChangeWatcher,
        stop: threading.Event,
        notify: Callable[[set[str] | None], None],
    ) -> None:
        """The builder thread: rebuild after each settled change until ``stop``."""
        while (changed := watcher.wait(stop, idle=self.collect_garbage)) is not None:
            reload = self.rebuild(changed)
            self._rebuilt_at = time.monotonic()
            self._garbage = True
            if reload is None or reload:
                notify(reload)

    def collect_garbage(self) -> None:
        """Free the previous builds' reference cycles, once the preview is idle.

        The collector is off while serving (see :func:`serve`): the resident engine and
        site are a large heap, and a full collection (a tenth of a second at 1,000
        articles, 0.5 to 0.8 s at 10,000) in the middle of a rebuild or of the reload
        after it would delay the edit it shows. The garbage is the replaced part of the
        last build (an old graph), which only a full collection finds; so it waits until
        no rebuild came for ``COLLECT_WHEN_QUIET`` seconds, past a writer's next save."""
        quiet = (
            self._rebuilt_at is None or time.monotonic() - self._rebuilt_at >= COLLECT_WHEN_QUIET
        )
        if self._garbage and quiet:
            self._garbage = False
            gc.collect()


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def warn_of_readers(host: str, port: int, include_drafts: bool, allowed: list[str]) -> None:
    """Say who besides the user can read the preview: the host check only stops browsers."""
    what = "every page of this preview" + (", drafts included" if include_drafts else "")
    if not is_loopback(host):
        say(
            f"warning: listening on {host}, not on this machine only: anyone who can reach "
            f"port {port} of this machine can read {what}"
        )
    if allowed:
        names = ", ".join(allowed)
        say(f"warning: also answering to {names}: whoever reaches it there can read {what}")


def serve(
    project: Project,
    host: str = "127.0.0.1",
    port: int = 8000,
    include_drafts: bool = False,
    open_browser: bool = False,
    search: bool = True,
    allowed_hosts: Iterable[str] = (),
) -> int:
    """Run the preview until Ctrl-C or SIGTERM; the exit status.

    ``allowed_hosts`` are names to answer to besides its own, with those of
    ``preview_hosts`` in dossier.yml (whose errors the build reports).
    """
    try:
        sockets = bind_sockets(port, host)
    except OSError as exc:
        print(f"error: cannot listen on {host}:{port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    port = sockets[0].getsockname()[1]
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"
    configured = load_config(project.root, Diagnostics()).preview_hosts
    allowed = list(dict.fromkeys([*allowed_hosts, *configured]))
    warn_of_readers(host, port, include_drafts, allowed)
    logging.getLogger("tornado.access").setLevel(logging.ERROR)  # no line per request
    builder = PreviewBuilder(project, include_drafts, url, search)
    watcher = ChangeWatcher(watched_paths(project))  # before the build, so no edit is missed
    gc.disable()  # garbage is collected when the preview is idle
    gc.freeze()  # what is loaded now lives as long as the preview: never walked again
    started = time.perf_counter()
    _, outcome, diagnostics = builder.build()
    say(f"Built: {outcome} ({time.perf_counter() - started:.2f} s)")
    diagnostics.print(sys.stdout)
    say(f"Serving {project.root} at {url} (Ctrl-C to stop)")
    hosts = own_hosts(host, port, allowed)
    asyncio.run(_run(builder, watcher, sockets, hosts, url if open_browser else None))
    say("Stopped.")
    return 0


async def _run(
    builder: PreviewBuilder,
    watcher: ChangeWatcher,
    sockets: list[socket],
    hosts: frozenset[str],
    open_url: str | None,
) -> None:
    """Serve until a stop signal."""
    loop = asyncio.get_running_loop()
    stopping = asyncio.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stopping.set)
    server = HTTPServer(make_app(builder.state, hosts))
    server.add_sockets(sockets)
    halt = threading.Event()

    def notify(changed: set[str] | None) -> None:
        loop.call_soon_threadsafe(reload_tabs, changed)

    worker = threading.Thread(
        target=builder.watch, args=(watcher, halt, notify), name="dossier-rebuild", daemon=True
    )
    worker.start()
    indexer = threading.Thread(
        target=builder.index_in_background, args=(halt,), name="dossier-search", daemon=True
    )
    indexer.start()
    if open_url:
        loop.run_in_executor(None, webbrowser.open, open_url)
    await stopping.wait()
    halt.set()
    server.stop()
    for tab in open_tabs():
        tab.close()
    try:
        await asyncio.wait_for(server.close_all_connections(), 2)
    except TimeoutError:
        pass
    await asyncio.to_thread(worker.join, STOP_WAIT)
    await asyncio.to_thread(indexer.join, STOP_WAIT)
