"""Atomic file writes: a reader sees the old file or the complete new one, never half."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _write_temporary(path: Path, data: bytes | str) -> str:
    """``data`` written and flushed to disk in a temporary file beside ``path``; its name."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(tmp_name)
        raise
    return tmp_name


def write_atomic(path: Path, data: bytes | str) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and a rename."""
    tmp_name = _write_temporary(path, data)
    try:
        os.replace(tmp_name, path)
    except BaseException:
        os.unlink(tmp_name)
        raise


def write_new_atomic(path: Path, data: bytes | str) -> bool:
    """Create ``path`` atomically only if it does not exist yet; return False if it did.

    Uses a hard link so that two writers racing for one name cannot both win and
    nothing that already exists is ever replaced.
    """
    tmp_name = _write_temporary(path, data)
    try:
        os.link(tmp_name, path)
    except FileExistsError:
        return False
    finally:
        os.unlink(tmp_name)
    return True
