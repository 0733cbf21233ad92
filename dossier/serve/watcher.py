"""Notice edits to a project's sources, and turn a burst of them into one change.

Polls file stats (``os.scandir``): no platform support needed, and a few
milliseconds for thousands of files. Edits come in bursts (an editor's
save-all, a ``git checkout``, an ingest of 50 files), so :meth:`ChangeWatcher.wait`
returns only once the files have stayed quiet for a moment: one burst, one
rebuild. Names starting with a dot (editor swap files, ``.git``) are ignored,
as the build ignores them.
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterable
from pathlib import Path

Stamp = tuple[int, int, int]  # modification time (ns), size, inode


def snapshot(roots: Iterable[Path]) -> dict[str, Stamp]:
    """The stamp of every file under ``roots`` (files or folders; missing ones are skipped)."""
    found: dict[str, Stamp] = {}
    for root in roots:
        if root.is_dir():
            _scan(str(root), found)
        elif root.is_file():
            info = root.stat()
            found[str(root)] = (info.st_mtime_ns, info.st_size, info.st_ino)
    return found


def _scan(folder: str, found: dict[str, Stamp]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                _scan(entry.path, found)
            else:
                info = entry.stat()
                found[entry.path] = (info.st_mtime_ns, info.st_size, info.st_ino)
        except OSError:
            continue  # deleted while we looked: the next poll sees it gone


def changed_paths(before: dict[str, Stamp], after: dict[str, Stamp]) -> set[str]:
    """Files added, removed or modified between two snapshots."""
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


class ChangeWatcher:
    """Waits for the next settled change under a set of files and folders."""

    def __init__(
        self,
        roots: Iterable[Path],
        interval: float = 0.1,
        quiet: float = 0.2,
        longest: float = 3.0,
    ) -> None:
        self.roots = list(roots)
        self.interval = interval  # seconds between polls
        self.quiet = quiet  # a change counts as finished after this long without another
        self.longest = longest  # but a never-ending stream of writes still gets a rebuild
        self._seen = snapshot(self.roots)

    def wait(self, stop: threading.Event) -> list[str] | None:
        """Block until files changed and then settled; the changed paths, or None once stopped.

        The snapshot that ends the wait becomes the new baseline before the caller
        rebuilds, so an edit saved during the rebuild is seen by the next wait.
        """
        while not stop.wait(self.interval):
            current = snapshot(self.roots)
            if current == self._seen:
                continue
            changed = changed_paths(self._seen, current)
            started = settled_since = time.monotonic()
            while time.monotonic() - settled_since < self.quiet:
                if time.monotonic() - started >= self.longest:
                    break
                if stop.wait(self.interval):
                    return None
                later = snapshot(self.roots)
                if later != current:
                    changed |= changed_paths(current, later)
                    current, settled_since = later, time.monotonic()
            self._seen = current
            return sorted(changed)
        return None
