"""Full-text search: Pagefind's index of the rendered pages.

Pagefind parses each page itself and keeps only what the templates mark
(``data-pagefind-body``, with the filters, meta and sort keys they declare), so a
project's own templates decide what is found. One Pagefind process holds one index
for the whole site: split indexes answer a rare name with pages matching a prefix of it.

``dossier build`` indexes its staging folder, once it is complete and before it goes
live, with Pagefind's own command (:func:`index_site`). The preview, whose site is
held in memory, feeds its pages to Pagefind's service through the Python API
(:class:`SearchFeed`, on a thread of its own, at most ``IN_FLIGHT`` pages in the
pipe); the records are the same (a test compares them).
"""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import json
import os
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

from pagefind.index import IndexConfig, PagefindIndex
from pagefind.service import PagefindService, get_executable

BUNDLE_DIR = "pagefind"
IN_FLIGHT = 64  # pages sent and not yet indexed
BACKGROUND_NICENESS = 10
TIMEOUT = 600.0  # seconds for starting Pagefind, and for writing the index
# Pagefind's allocator (jemalloc) keeps freed pages for ten seconds by default; writing
# the index frees and allocates a lot within that time, so returning them at once
# lowers its peak (10,000 articles: 2.75 GB -> 2.4 GB) at no measured cost in time.
JEMALLOC_CONF = "dirty_decay_ms:0,muzzy_decay_ms:0"


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the site itself was published."""


@dataclass(frozen=True)
class SearchIndex:
    folder: Path
    seconds: float


def pagefind_binary() -> Path:
    binary = get_executable()
    if binary is None or not binary.is_file():
        raise SearchIndexError("the Pagefind binary was not found (install 'pagefind[bin]')")
    return binary


def page_url(path: str) -> str:
    """The URL Pagefind gives an output file: ``a/b/index.html`` is ``/a/b/``."""
    return "/" + path.removesuffix("index.html")


def is_page(path: str) -> bool:
    return path.endswith(".html") and not path.startswith(f"{BUNDLE_DIR}/")


class _PromptService(PagefindService):
    """Pagefind's service client, reading each answer as it arrives.

    The packaged client sleeps 0.1 s before reading each answer, which caps it at ten
    pages a second (Pagefind#976); and it leaves requests waiting forever if Pagefind
    dies. This reader fails them instead. Pagefind starts with ``JEMALLOC_CONF``.
    """

    async def launch(self) -> _PromptService:
        self._backend = await asyncio.create_subprocess_exec(
            self._bin, "--service", cwd=os.getcwd(),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT, limit=2**21,
            env={**os.environ, "_RJEM_MALLOC_CONF": JEMALLOC_CONF},
        )  # fmt: skip
        self._poll_task = self._loop.create_task(self._wait_for_responses())
        return self

    async def _wait_for_responses(self) -> None:
        assert self._backend.stdout is not None
        try:
            while True:
                answer = json.loads(
                    base64.b64decode((await self._backend.stdout.readuntil(b","))[:-1])
                )
                if answer is None:
                    continue
                payload = answer["payload"]
                waiting = self._responses.pop(answer.get("message_id"), None)
                if waiting is None or waiting.done():
                    continue
                if payload["type"] == "Error":
                    waiting.set_exception(SearchIndexError(f"Pagefind: {payload['message']}"))
                else:
                    waiting.set_result(payload)
        except (asyncio.IncompleteReadError, ValueError, KeyError) as exc:
            for waiting in self._responses.values():
                if not waiting.done():
                    waiting.set_exception(SearchIndexError(f"Pagefind stopped answering: {exc!r}"))
                    waiting.exception()  # a request that died sending has no one to hear it
            self._responses.clear()


class SearchFeed:
    """One Pagefind index, fed pages (``add``, ``add_all``) and written once (``write``).

    In the ``background`` (the preview's indexer), Pagefind runs at a lower priority,
    so the next rebuild, which a writer is waiting for, is not slowed down by it.
    """

    def __init__(self, pages: Iterable[tuple[str, bytes]] = (), background: bool = False) -> None:
        """Start Pagefind and send it ``pages`` (see :meth:`add_all`); a failure to start
        is raised by :meth:`write`."""
        self.started = time.perf_counter()
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(
            target=self._loop.run_forever, name="dossier-search-feed", daemon=True
        )
        self._thread.start()
        self._slots = threading.BoundedSemaphore(IN_FLIGHT)
        self._sent: set[concurrent.futures.Future[Any]] = set()
        self._lock = threading.Lock()
        self._failure: BaseException | None = None
        self._service: _PromptService | None = None
        self._feeding: threading.Thread | None = None
        try:
            pagefind_binary()
            self._index: PagefindIndex = self._call(self._start(background))
        except (SearchIndexError, OSError) as exc:
            self._failure = exc
            return
        self.add_all(pages)

    async def _start(self, background: bool) -> PagefindIndex:
        try:
            self._service = await _PromptService().launch()
        except OSError as exc:
            raise SearchIndexError(f"Pagefind did not start: {exc}") from exc
        if background:
            try:
                os.setpriority(os.PRIO_PROCESS, self._service._backend.pid, BACKGROUND_NICENESS)
            except OSError:
                pass  # no lower priority to be had: index at the same one
        return await self._service.create_index(IndexConfig())

    def _call(self, work: Any, timeout: float = TIMEOUT) -> Any:
        try:
            return asyncio.run_coroutine_threadsafe(work, self._loop).result(timeout)
        except concurrent.futures.TimeoutError as exc:
            raise SearchIndexError(f"Pagefind did not answer within {timeout:.0f} s") from exc

    def add(self, path: str, html: bytes) -> None:
        """Send one output file (only pages are indexed); waits while ``IN_FLIGHT`` are pending."""
        if not is_page(path) or self._failure is not None:
            return
        self._slots.acquire()
        sent = asyncio.run_coroutine_threadsafe(self._add(path, html), self._loop)
        with self._lock:
            self._sent.add(sent)
        sent.add_done_callback(self._done)

    async def _add(self, path: str, html: bytes) -> None:
        await self._index.add_html_file(content=html.decode("utf-8"), url=page_url(path))

    def _done(self, sent: concurrent.futures.Future[Any]) -> None:
        with self._lock:
            self._sent.discard(sent)
            if not sent.cancelled() and sent.exception() and self._failure is None:
                self._failure = sent.exception()
        self._slots.release()

    def add_all(self, files: Iterable[tuple[str, bytes]]) -> None:
        """Send every page of ``files`` from a thread of the feed; returns at once.

        ``files`` must not change until :meth:`write` (that thread reads it).
        """
        self._feeding = threading.Thread(
            target=self._add_each, args=(files,), name="dossier-search-pages", daemon=True
        )
        self._feeding.start()

    def _add_each(self, files: Iterable[tuple[str, bytes]]) -> None:
        try:
            for path, html in files:
                self.add(path, html)
        except Exception as exc:  # raised by write(), in the caller's thread
            with self._lock:
                self._failure = self._failure or exc

    def write(self, site: Path) -> SearchIndex:
        """Wait for every page sent, then write the index into ``site/pagefind/``."""
        if self._feeding is not None:
            self._feeding.join()
        with self._lock:
            sent = list(self._sent)
        concurrent.futures.wait(sent, TIMEOUT)
        if isinstance(self._failure, SearchIndexError):
            raise self._failure
        if isinstance(self._failure, OSError):  # the pipe to Pagefind broke
            raise SearchIndexError(f"Pagefind stopped answering: {self._failure!r}")
        if self._failure is not None:
            raise SearchIndexError(f"a page was not indexed: {self._failure!r}")
        try:
            self._call(self._index.write_files(output_path=str(site / BUNDLE_DIR)))
        except SearchIndexError:
            raise
        except Exception as exc:  # the client raises bare Exceptions for Pagefind's errors
            raise SearchIndexError(f"Pagefind did not write the index: {exc}") from exc
        return SearchIndex(site / BUNDLE_DIR, time.perf_counter() - self.started)

    def close(self) -> None:
        """Stop Pagefind and the feed's thread (after ``write``, or to give up)."""
        if self._service is not None:
            try:
                self._call(self._service.close(), timeout=10)
            except (SearchIndexError, OSError, ProcessLookupError):
                pass
            self._service = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
        if not self._thread.is_alive():
            self._loop.close()

    def __enter__(self) -> SearchFeed:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


def index_site(site: Path) -> SearchIndex:
    """Index the written ``site`` into ``site/pagefind/`` with Pagefind's own command
    (``pagefind --site``), which parses pages on every core: a build's staging folder,
    complete before it goes live. (At 10,000 articles it took 24 s, where feeding the
    same pages from memory to Pagefind's service took 54 s: the service indexes one
    request at a time, and writes its index more slowly.)"""
    started = time.perf_counter()
    try:
        done = subprocess.run(
            [str(pagefind_binary()), "--site", str(site), "--output-subdir", BUNDLE_DIR],
            cwd=site,  # not the user's folder: Pagefind reads a pagefind.yml it finds there
            env={**os.environ, "_RJEM_MALLOC_CONF": JEMALLOC_CONF},
            capture_output=True,
            text=True,
            errors="replace",
            timeout=TIMEOUT,
        )  # fmt: skip
    except subprocess.TimeoutExpired as exc:
        raise SearchIndexError(f"Pagefind did not finish within {TIMEOUT:.0f} s") from exc
    except OSError as exc:
        raise SearchIndexError(f"Pagefind did not start: {exc}") from exc
    if done.returncode != 0 or not (site / BUNDLE_DIR / "pagefind.js").is_file():
        said = " ".join((done.stderr or done.stdout).split()[-40:])
        raise SearchIndexError(f"Pagefind failed (exit {done.returncode}): {said}")
    return SearchIndex(site / BUNDLE_DIR, time.perf_counter() - started)


def index_files(files: dict[str, bytes]) -> dict[str, bytes]:
    """The search index of a site held in memory (the preview's), as its output files,
    made in the background."""
    with (
        SearchFeed(background=True) as feed,
        tempfile.TemporaryDirectory(prefix="dossier-search-", ignore_cleanup_errors=True) as folder,
    ):
        feed.add_all(files.items())
        bundle = feed.write(Path(folder)).folder
        return {
            f"{BUNDLE_DIR}/{path.relative_to(bundle).as_posix()}": path.read_bytes()
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        }
