"""Publish the rendered files: make the new site in a folder beside, then swap it in at once.

A reader (or the preview server) sees the previous complete site or the new
complete site, never a mix; a build that fails before the swap leaves the
previous site untouched. The site a swap replaces is kept as the back buffer
that the next publish brings up to date (:func:`sync_tree`), so a rebuild writes
only what changed. The output folder is only ever replaced when it is empty or
was written by dossier (it holds the marker file), so a mistyped ``--out`` can
never wipe someone's work.
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
from collections.abc import Callable, Collection, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
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


def exchange_folders(a: Path, b: Path) -> bool:
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


def _same_file(old: Path, files: Mapping[str, bytes], name: str, known: bool = False) -> bool:
    """Whether ``old`` is a regular file (not a symlink) holding exactly ``files[name]``;
    with ``known``, the caller knows what it holds, and only its kind is checked: the
    bytes are not asked for (a patched build reads a page it kept from the engine's
    store, see :class:`~dossier.build.StoredPages`)."""
    try:
        info = old.lstat()
        if not stat.S_ISREG(info.st_mode):
            return False
        if known:
            return True
        data = files[name]
        return info.st_size == len(data) and old.read_bytes() == data
    except OSError:
        return False


def write_tree(
    files: Mapping[str, bytes],
    folder: Path,
    previous: Path | None = None,
    marker: str = DEFAULT_MARKER_TEXT,
    unchanged: Collection[str] = (),
) -> list[str]:
    """Write ``files`` under ``folder``; the names actually written, in order.

    A file whose bytes are already in ``previous`` (the site being replaced; for the
    names in ``unchanged`` this is known, not read) is hard-linked from there instead,
    so it keeps its modification time and only changed files look new to whatever
    syncs or watches the output.
    """
    written = []
    for name in sorted(files):
        relative = safe_relative(name)
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        if previous is not None and _same_file(previous / relative, files, name, name in unchanged):
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
    files: Mapping[str, bytes],
    out_dir: Path,
    marker: str = DEFAULT_MARKER_TEXT,
    lock: Path | None = None,
    unchanged: Collection[str] = (),
) -> list[str]:
    """Write ``files`` as the new content of ``out_dir``, all at once; the names that changed.

    ``lock`` is the file whose lock makes publishes take turns (a build keeps it in its
    cache folder; by default it is a hidden file beside ``out_dir``). ``unchanged`` are
    names the caller knows ``out_dir`` holds with the same bytes (pages whose key is the
    one they were published with): they are not read to be compared.
    """
    with publishing(out_dir, lock):
        staged = stage(files, out_dir, marker, unchanged)
        go_live(staged)
        return staged.written


@contextmanager
def publishing(out_dir: Path, lock: Path | None = None) -> Iterator[None]:
    """One publish of ``out_dir`` at a time, from :func:`stage` to :func:`go_live`; the
    kernel drops the lock if the process holding it dies. A child forked inside holds
    it too (the lock belongs to the open file, which the fork shares). A staged site
    that did not go live (the search index failed, the user pressed Ctrl-C) is removed
    on the way out; the back buffer stays, to be brought up to date next time."""
    out_dir = out_dir.absolute()
    check_output_dir(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    lock_path = lock or out_dir.parent / f".{out_dir.name}.lock"
    lock_path.parent.mkdir(parents=True, exist_ok=True)
    with open(lock_path, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        try:
            clean_stale(out_dir)  # safe: no other build of this folder is publishing now
            yield
        finally:
            clean_stale(out_dir)
            fcntl.flock(held, fcntl.LOCK_UN)


def back_buffer(out_dir: Path) -> Path:
    """The site before the current one, kept beside it to be brought up to date and
    swapped in by the next publish: only what changed is written, and nothing is deleted
    wholesale. Its files are hard links to the current site's, so it costs little space."""
    return out_dir.parent / f".{out_dir.name}.back"


@dataclass(frozen=True)
class Staged:
    """A complete new site in ``folder`` beside ``out_dir``, not live yet: work on the
    written site that must go live with it (the search index) is done in ``folder``."""

    out_dir: Path
    folder: Path
    written: list[str]  # the names whose bytes differ from the live site's


def stage(
    files: Mapping[str, bytes],
    out_dir: Path,
    marker: str = DEFAULT_MARKER_TEXT,
    unchanged: Collection[str] = (),
) -> Staged:
    """Write ``files`` into a folder beside ``out_dir`` (the back buffer brought up to date,
    or a new folder), under :func:`publishing`; :func:`go_live` swaps it in."""
    out_dir = out_dir.absolute()
    previous = out_dir if out_dir.is_dir() else None
    back = back_buffer(out_dir)
    if previous is not None and _is_ours(back):
        try:
            written = sync_tree(files, back, previous, marker, unchanged)
            return Staged(out_dir, back, written)
        except OSError:  # a back buffer in a state of its own: start from nothing
            shutil.rmtree(back, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
    return Staged(out_dir, staging, write_tree(files, staging, previous, marker, unchanged))


def go_live(staged: Staged) -> None:
    """Swap the staged site in at once; the site it replaces becomes the back buffer.
    (What is left over, like a staged folder that never goes live, is removed when
    :func:`publishing` ends.)"""
    out_dir, staging = staged.out_dir, staged.folder
    back = back_buffer(out_dir)
    os.chmod(staging, 0o755)
    if not out_dir.is_dir():
        os.replace(staging, out_dir)
    elif exchange_folders(staging, out_dir):
        _keep_as_back_buffer(staging, back)
    else:
        old = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.tmp-", dir=out_dir.parent))
        os.replace(out_dir, old / "old")
        os.replace(staging, out_dir)
        _keep_as_back_buffer(old / "old", back)


def _is_ours(folder: Path) -> bool:
    return folder.is_dir() and not folder.is_symlink() and (folder / MARKER).is_file()


def _keep_as_back_buffer(folder: Path, back: Path) -> None:
    """Make ``folder`` (the site just replaced) the back buffer, if the name is free or
    ours (else it is left over, for :func:`publishing` to remove)."""
    if folder == back or (back.exists() and not _is_ours(back)):
        return
    shutil.rmtree(back, ignore_errors=True)
    os.replace(folder, back)


def sync_tree(
    files: Mapping[str, bytes],
    folder: Path,
    live: Path,
    marker: str = DEFAULT_MARKER_TEXT,
    unchanged: Collection[str] = (),
) -> list[str]:
    """Bring ``folder`` (an older site) to exactly ``files``; the names whose bytes differ
    from the ``live`` site's, in order, as :func:`write_tree` gives them.

    A file with the live site's bytes becomes a hard link to the live file (nothing is
    done when it is one already); any other is written to a new file renamed into place,
    never into an existing one, which may be the live site's too. Whatever else is in
    ``folder`` is removed. Both trees are read once, by directory listing: a page in
    ``unchanged`` that is already the live file costs no ``stat``.
    """
    names = sorted(files)
    relatives = [safe_relative(name) for name in names]
    wanted = {MARKER, *relatives}
    held = _remove_all_but(folder, wanted)  # first: no symlink is left to follow
    shown = _listing(live) if os.lstat(live).st_dev == os.lstat(folder).st_dev else {}
    written = []
    for name, relative in zip(names, relatives, strict=True):
        if name in unchanged and relative in held and held[relative] == shown.get(relative):
            continue  # the same inode as the live file, which holds these bytes
        target = os.path.join(folder, relative)
        source = os.path.join(live, relative)
        if _same_file(Path(source), files, name, name in unchanged):
            if not _same_inode(source, target):
                _replace(target, lambda tmp, source=source: os.link(source, tmp))
        else:
            written.append(name)
            _replace(target, lambda tmp, data=files[name]: Path(tmp).write_bytes(data))
    _replace(os.path.join(folder, MARKER), lambda tmp: Path(tmp).write_text(marker))
    return written


def _listing(folder: Path) -> dict[str, int]:
    """The inode of every regular file under ``folder`` by relative path, from the directory
    listings alone (no ``stat``); links to elsewhere and other kinds are left out."""
    found: dict[str, int] = {}
    pending = [("", os.fspath(folder))]
    while pending:
        prefix, path = pending.pop()
        with os.scandir(path) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    pending.append((relative + "/", entry.path))
                elif entry.is_file(follow_symlinks=False):
                    found[relative] = entry.inode()
    return found


def _same_inode(a: str, b: str) -> bool:
    try:
        first, second = os.lstat(a), os.lstat(b)
    except OSError:
        return False
    return stat.S_ISREG(second.st_mode) and (first.st_dev, first.st_ino) == (
        second.st_dev,
        second.st_ino,
    )


def _replace(target: str, make: Callable[[str], None]) -> None:
    """Create ``target`` anew through a temporary name, whatever was there."""
    parent = os.path.dirname(target)
    if not os.path.isdir(parent) or os.path.islink(parent):
        if os.path.lexists(parent):
            os.remove(parent)
        os.makedirs(parent, exist_ok=True)
    if os.path.isdir(target) and not os.path.islink(target):
        shutil.rmtree(target)
    tmp = f"{target}.dossier-tmp"
    if os.path.lexists(tmp):
        os.remove(tmp)
    make(tmp)
    os.replace(tmp, target)


def _remove_all_but(folder: Path, wanted: set[str]) -> dict[str, int]:
    """Delete every file under ``folder`` whose relative path is not ``wanted``, every
    symbolic link, and the folders that leaves empty; the inodes of the files kept."""
    kept: dict[str, int] = {}

    def clean(prefix: str, path: str) -> bool:  # True when the folder is left empty
        empty = True
        with os.scandir(path) as entries:
            for entry in entries:
                relative = prefix + entry.name
                if entry.is_dir(follow_symlinks=False):
                    if clean(relative + "/", entry.path):
                        os.rmdir(entry.path)
                    else:
                        empty = False
                elif relative in wanted and entry.is_file(follow_symlinks=False):
                    kept[relative] = entry.inode()
                    empty = False
                else:
                    os.remove(entry.path)  # unwanted, a symbolic link, or another kind
        return empty

    clean("", os.fspath(folder))
    return kept
