"""Atomic file writes: a reader sees the old file or the complete new one, never half.

The temporary file gets the mode the file would have had without it: a new file
follows the umask (``mkstemp`` alone would make it ``-rw-------``), a replaced
one keeps its own.
"""

from __future__ import annotations

import functools
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@functools.cache
def _umask() -> int:
    """The process's umask, read once (setting it back at once is the only portable way)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _mode_for(path: Path) -> int:
    try:
        return stat.S_IMODE(os.stat(path).st_mode)
    except OSError:
        return 0o666 & ~_umask()


@contextmanager
def _temporary(path: Path) -> Iterator[tuple[BinaryIO, str]]:
    """A new temporary file beside ``path``, flushed to disk when the block ends; removed
    if the block fails."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), _mode_for(path))
            yield handle, tmp_name
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(tmp_name)
        raise


@contextmanager
def replacing(path: Path) -> Iterator[BinaryIO]:
    """A file to write whose content replaces ``path`` at once when the block succeeds,
    for output too large to build as one string first."""
    with _temporary(path) as (handle, tmp_name):
        yield handle
    try:
        os.replace(tmp_name, path)
    except BaseException:
        os.unlink(tmp_name)
        raise


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    with replacing(path) as handle:
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)


def write_new_atomic(path: Path, data: bytes | str) -> bool:
    """Create ``path`` atomically only if it does not exist yet; return False if it did.

    Uses a hard link so that two writers racing for one name cannot both win and
    nothing that already exists is ever replaced.
    """
    with _temporary(path) as (handle, tmp_name):
        handle.write(data.encode("utf-8") if isinstance(data, str) else data)
    try:
        os.link(tmp_name, path)
    except FileExistsError:
        return False
    finally:
        os.unlink(tmp_name)
    return True
