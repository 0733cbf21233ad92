"""Publish the rendered files: build into a temporary folder, then swap it in at once.

A reader (or the preview server) sees the previous complete site or the new
complete site, never a mix; a build that fails before the swap leaves the
previous site untouched. The output folder is only ever replaced when it is
empty or was written by dossier (it holds the marker file), so a mistyped
``--out`` can never wipe someone's work.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import posixpath
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

MARKER = ".dossier-build"
DEFAULT_MARKER_TEXT = "This folder is written by `dossier build`; it is replaced on every build.\n"
_RENAME_EXCHANGE = 2


class OutputError(RuntimeError):
    pass


def safe_relative(path: str) -> str:
    """Refuse output paths that are absolute or climb out of the output folder."""
    normal = posixpath.normpath(path)
    if normal.startswith(("/", "../")) or normal in ("..", ".") or "\\" in path or "\x00" in path:
        raise OutputError(f"refusing to write outside the output folder: {path!r}")
    return normal


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths with Linux renameat2(RENAME_EXCHANGE); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def check_output_dir(out_dir: Path) -> None:
    if out_dir.exists() and (
        not out_dir.is_dir() or (any(out_dir.iterdir()) and not (out_dir / MARKER).exists())
    ):
        raise OutputError(f"{out_dir} exists and was not made by dossier; refusing to replace it")


def clean_stale(out_dir: Path) -> None:
    """Remove temporary folders left by a build that was killed before it finished."""
    for stale in out_dir.parent.glob(f".{out_dir.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)


FileIdentity = tuple[int, int, int, int]  # device, inode, size, modification time


def file_identity(info: os.stat_result) -> FileIdentity:
    return (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns)


def _same_file(old: Path, data: bytes, known: FileIdentity | None = None) -> bool:
    """Whether ``old`` is a regular file (not a symlink) holding exactly ``data``.

    ``known`` is the identity of the file ``data`` was read from, if it was: when ``old``
    is still that file, unchanged, it need not be read again.
    """
    try:
        info = old.lstat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != len(data):
            return False
        return file_identity(info) == known or old.read_bytes() == data
    except OSError:
        return False


def write_tree(
    files: dict[str, bytes],
    folder: Path,
    previous: Path | None = None,
    marker: str = DEFAULT_MARKER_TEXT,
    known: Mapping[str, FileIdentity] | None = None,
) -> list[str]:
    """Write ``files`` under ``folder``; the names actually written, in order.

    A file whose bytes are already in ``previous`` (the site being replaced) is hard-linked
    from there instead, so it keeps its modification time and only changed files look new
    to whatever syncs or watches the output. ``known`` names files of ``previous`` whose
    bytes are already in ``files`` (see :func:`_same_file`).
    """
    written = []
    for name in sorted(files):
        relative = safe_relative(name)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        seen = known.get(name) if known else None
        if previous is not None and _same_file(previous / relative, files[name], seen):
            try:
                os.link(previous / relative, target)
                continue
            except OSError:
                pass
        target.write_bytes(files[name])
        written.append(name)
    (folder / MARKER).write_text(marker)
    return written


def publish(
    files: dict[str, bytes],
    out_dir: Path,
    before_swap: Callable[[Path], None] | None = None,
    marker: str = DEFAULT_MARKER_TEXT,
    known: Mapping[str, FileIdentity] | None = None,
) -> list[str]:
    """Write ``files`` as the new content of ``out_dir``, all at once; the names that changed.

    ``before_swap`` gets the complete staging folder just before it goes live, for work
    on the written site (the search index) that must be published with it, atomically.
    """
    out_dir = out_dir.absolute()
    check_output_dir(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with _publishing(out_dir):
        clean_stale(out_dir)  # safe: no other build of this folder is publishing now
        return _publish_locked(files, out_dir, before_swap, marker, known)


@contextmanager
def _publishing(out_dir: Path) -> Iterator[None]:
    """One publish of ``out_dir`` at a time; the kernel drops the lock if the process dies."""
    with open(out_dir.parent / f".{out_dir.name}.lock", "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _publish_locked(
    files: dict[str, bytes],
    out_dir: Path,
    before_swap: Callable[[Path], None] | None,
    marker: str,
    known: Mapping[str, FileIdentity] | None,
) -> list[str]:
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    try:
        previous = out_dir if out_dir.is_dir() else None
        written = write_tree(files, staging, previous, marker, known)
        os.chmod(staging, 0o755)
        if before_swap is not None:
            before_swap(staging)
        if out_dir.exists():
            if not _exchange(staging, out_dir):
                old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
                os.replace(out_dir, old / "old")
                os.replace(staging, out_dir)
                staging = old
        else:
            os.replace(staging, out_dir)
        return written
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)
