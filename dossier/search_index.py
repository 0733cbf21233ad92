"""Full-text search: Pagefind's index of the rendered pages.

Pagefind parses each page itself and keeps only what the templates mark
(``data-pagefind-body``, with the filters, meta and sort keys they declare), so a
project's own templates decide what is found. One Pagefind process holds one index
for the whole site: split indexes answer a rare name with pages matching a prefix of it.

Both indexes are made by Pagefind's own command, which parses pages on every core in a
process of its own: ``dossier build`` runs it on its staging folder, once that is
complete and before it goes live (:func:`index_site`); the preview, whose site is held
in memory, writes its pages to a folder for it, in the background (:func:`index_files`).
Pagefind's Python API (its ``--service``) was measured slower (it indexes one request at
a time) and, fed from a thread, took the interpreter from the rebuilds a writer waits for.
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

from pagefind.service import get_executable

from .publish.output import OutputError, safe_relative

BUNDLE_DIR = "pagefind"
BACKGROUND_NICENESS = 10
TIMEOUT = 600.0  # seconds for Pagefind to index a site
# Pagefind's allocator (jemalloc) keeps freed pages for ten seconds by default; writing
# the index frees and allocates a lot within that time, so returning them at once
# lowers its peak (10,000 articles: 2.98 GB -> 2.44 GB, for 23-26 s against 23 s).
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


def is_page(path: str) -> bool:
    return path.endswith(".html") and not path.startswith(f"{BUNDLE_DIR}/")


def index_site(
    site: Path, background: bool = False, stop: threading.Event | None = None
) -> SearchIndex:
    """Index the written ``site`` into ``site/pagefind/`` with Pagefind's own command
    (``pagefind --site``), which parses pages on every core. (At 10,000 articles it took
    24 s, where feeding the same pages from memory to Pagefind's service took 54 s.) In
    the ``background`` (the preview's), it runs at a lower priority than the rebuilds a
    writer waits for; ``stop`` (the preview stopping) stops it."""
    started = time.perf_counter()
    try:
        running = subprocess.Popen(
            [str(pagefind_binary()), "--site", str(site), "--output-subdir", BUNDLE_DIR],
            cwd=site,  # not the user's folder: Pagefind reads a pagefind.yml it finds there
            env={**os.environ, "_RJEM_MALLOC_CONF": JEMALLOC_CONF},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )  # fmt: skip
    except OSError as exc:
        raise SearchIndexError(f"Pagefind did not start: {exc}") from exc
    if background:
        try:
            os.setpriority(os.PRIO_PROCESS, running.pid, BACKGROUND_NICENESS)
        except OSError:
            pass  # no lower priority to be had: index at the same one
    while True:
        try:
            said, _ = running.communicate(timeout=0.2)
            break
        except subprocess.TimeoutExpired:
            stopped = stop is not None and stop.is_set()
            if stopped or time.perf_counter() - started > TIMEOUT:
                running.kill()
                running.communicate()
                raise SearchIndexError(
                    "stopped" if stopped else f"Pagefind did not finish within {TIMEOUT:.0f} s"
                ) from None
    if running.returncode != 0 or not (site / BUNDLE_DIR / "pagefind.js").is_file():
        said = " ".join((said or "").split()[-40:])
        raise SearchIndexError(f"Pagefind failed (exit {running.returncode}): {said}")
    return SearchIndex(site / BUNDLE_DIR, time.perf_counter() - started)


def index_files(files: dict[str, bytes], stop: threading.Event | None = None) -> dict[str, bytes]:
    """The search index of a site held in memory (the preview's), as its output files:
    its pages are written to a folder of their own and indexed there in the background.
    (Fed to Pagefind's service from a thread, they took the interpreter from the rebuilds:
    a title edit at 10,000 articles was served in 1.35 s, against 0.97 s now.) ``stop``
    ends the work early, its folder removed (SearchIndexError)."""
    with tempfile.TemporaryDirectory(
        prefix="dossier-search-", ignore_cleanup_errors=True
    ) as folder:
        site = Path(folder)
        for name, data in files.items():
            if stop is not None and stop.is_set():
                raise SearchIndexError("stopped")
            if not is_page(name):
                continue
            try:
                path = site / safe_relative(name)
            except OutputError:  # never made by the renderer; not indexed if it were
                continue
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        bundle = index_site(site, background=True, stop=stop).folder
        return {
            f"{BUNDLE_DIR}/{path.relative_to(bundle).as_posix()}": path.read_bytes()
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        }
