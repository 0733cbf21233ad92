"""Full-text search: run Pagefind over a published site to write its static index.

Pagefind ships its binary in the ``pagefind[bin]`` wheel; it reads the built
HTML (only the parts marked ``data-pagefind-body``, with the filters and meta
the templates declare) and writes ``pagefind/`` next to the pages. Its output
is the same for the same site, so builds stay reproducible.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .publish.output import safe_relative

BUNDLE_DIR = "pagefind"


class SearchIndexError(Exception):
    """Pagefind is missing or failed; the site itself was published."""


@dataclass(frozen=True)
class SearchIndex:
    folder: Path
    seconds: float


def pagefind_binary() -> Path:
    try:
        from pagefind.service import get_executable
    except ImportError as exc:
        raise SearchIndexError("the pagefind package is not installed") from exc
    binary = get_executable()
    if binary is None or not binary.is_file():
        raise SearchIndexError("the Pagefind binary was not found (install 'pagefind[bin]')")
    return binary


def index_site(site: Path, timeout: float = 600, background: bool = False) -> SearchIndex:
    """Index the site in ``site`` in place, into ``site/pagefind/``.

    In the ``background`` (the preview's indexer), Pagefind runs at a lower priority, so
    the next rebuild, which a writer is waiting for, is not slowed down by it.
    """
    started = time.perf_counter()
    nice = shutil.which("nice") if background else None
    command = [
        *([nice, "-n", "10"] if nice else []),
        str(pagefind_binary()),
        "--site",
        str(site),
        "--output-subdir",
        BUNDLE_DIR,
        "--silent",
    ]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired) as exc:
        raise SearchIndexError(f"Pagefind did not run: {exc}") from exc
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise SearchIndexError(f"Pagefind failed: {detail[-1] if detail else done.returncode}")
    return SearchIndex(site / BUNDLE_DIR, time.perf_counter() - started)


def index_files(files: dict[str, bytes], timeout: float = 600) -> dict[str, bytes]:
    """The search index of a site held in memory (the preview's), as its output files,
    written in the background."""
    with tempfile.TemporaryDirectory(
        prefix="dossier-search-", ignore_cleanup_errors=True
    ) as folder:
        site = Path(folder)
        for name, data in files.items():
            if name.endswith(".html") and not name.startswith(f"{BUNDLE_DIR}/"):
                target = site / safe_relative(name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        bundle = index_site(site, timeout, background=True).folder
        return {
            f"{BUNDLE_DIR}/{path.relative_to(bundle).as_posix()}": path.read_bytes()
            for path in sorted(bundle.rglob("*"))
            if path.is_file()
        }
