"""One writing ingest at a time per project, and no temporary files left by a killed one.

Each article is written through a hidden temporary file and a rename
(:mod:`dossier.publish.atomic_write`). A run killed between the two (kill -9, power
cut) leaves that temporary file behind, and nothing else would ever remove it.
While a run holds this lock no other ingest can be writing, so every such file
found is a dead run's and is removed. The lock is an ``flock`` on a file in the
project's cache folder (not among the user's articles): the kernel releases it
when the process dies, so a lock is never stale.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Callable
from pathlib import Path

from ..project import Project

LOCK_NAME = "ingest.lock"
# What atomic_write's mkstemp makes for "<name>.md": ".<name>.md.<8 random characters>.tmp".
_TEMPORARY = re.compile(r"\..+\.md\.[a-z0-9_]{8}\.tmp")


class IngestLock:
    """Held from :meth:`acquire` until the process ends (or :meth:`release`)."""

    def __init__(self, articles_dir: Path) -> None:
        self.articles_dir = articles_dir
        self.lock_path = Project(articles_dir.parent.parent).cache_dir / LOCK_NAME
        self.fd: int | None = None

    def acquire(self, waiting: Callable[[str], None]) -> list[str]:
        """Take the lock (telling ``waiting`` if another ingest has it); the stale files removed."""
        self.articles_dir.mkdir(parents=True, exist_ok=True)
        self.lock_path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.lock_path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting("waiting for another 'dossier ingest' in this project to finish")
            fcntl.flock(fd, fcntl.LOCK_EX)
        self.fd = fd
        removed = []
        for path in sorted(self.articles_dir.iterdir()):
            if _TEMPORARY.fullmatch(path.name) and path.is_file():
                try:
                    path.unlink()
                    removed.append(path.name)
                except FileNotFoundError:
                    pass
        return removed

    def release(self) -> None:
        if self.fd is not None:
            os.close(self.fd)  # closing the last descriptor releases the flock
            self.fd = None
