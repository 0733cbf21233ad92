"""Notice edits to a project's sources from the operating system, and turn a burst into one change.

The operating system reports each change as it happens (``watchfiles``: inotify,
FSEvents or ReadDirectoryChangesW), so an idle preview costs nothing and an edit is
seen at once however many files the project holds. Edits come in bursts (an editor's
save-all, a ``git checkout``, an ingest of 50 files), so :meth:`ChangeWatcher.wait`
returns only once no event has come for ``quiet`` seconds: one burst, one rebuild.
Names starting with a dot (editor swap files, ``.git``) are ignored, as the build
ignores them. Events are gathered from the moment the watcher is made, so an edit
saved during a rebuild is the next change.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from watchfiles._rust_notify import RustNotify

Stamp = tuple[int, int] | None  # modification time (ns) and size, None when missing


def _stamp(path: Path) -> Stamp:
    try:
        info = path.stat()
    except OSError:
        return None
    return (info.st_mtime_ns, info.st_size)


class ChangeWatcher:
    """Waits for the next settled change under a set of files and folders.

    Folders are watched through the operating system's events, with everything in
    them (symlinked folders too, as the build follows them). A root that is a file
    (``dossier.yml``) or a folder not made yet (``templates/``) is looked at whenever
    the wait wakes, at least every ``look`` seconds; a folder made meanwhile is watched
    from then on.
    """

    def __init__(
        self, roots: Iterable[Path], quiet: float = 0.03, longest: float = 3.0, look: float = 0.25
    ) -> None:
        self.roots = [Path(root).absolute() for root in roots]
        self.quiet = quiet  # a change counts as finished after this long without another
        self.longest = longest  # but a never-ending stream of writes still gets a rebuild
        self.look = look
        self._watch()

    def _watch(self) -> None:
        self._folders = [root for root in self.roots if root.is_dir()]
        self._others = {root: _stamp(root) for root in self.roots if root not in self._folders}
        paths = [str(folder) for folder in self._folders]
        try:
            self._events = RustNotify(paths, False, False, 50, True, True)
        except (OSError, RuntimeError):  # out of inotify watches, say: poll instead
            self._events = RustNotify(paths, False, True, 300, True, True)

    def _is_source(self, path: str) -> bool:
        for root in self._folders:
            try:
                inside = Path(path).relative_to(root)
            except ValueError:
                continue
            return not any(part.startswith(".") for part in inside.parts)
        return False

    def _others_changed(self) -> set[str]:
        changed = {str(path) for path, seen in self._others.items() if _stamp(path) != seen}
        if any(path.is_dir() for path in self._others):  # a folder was made: watch it
            self._watch()
        else:
            self._others = {path: _stamp(path) for path in self._others}
        return changed

    def wait(
        self, stop: threading.Event, idle: Callable[[], None] | None = None
    ) -> list[str] | None:
        """Block until sources changed and then settled; the changed paths, or None once
        stopped. ``idle`` is called whenever ``look`` seconds pass without an event."""
        while not stop.is_set():
            events = self._events.watch(
                int(self.longest * 1000), int(self.quiet * 1000), int(self.look * 1000), stop
            )
            if events in ("stop", "signal"):
                return None
            changed = self._others_changed()
            if events != "timeout":
                changed |= {path for _, path in events if self._is_source(path)}
            if changed:
                return sorted(changed)
            if events == "timeout" and idle is not None:
                idle()
        return None
