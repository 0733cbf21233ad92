"""The built site as deploy sends it: a frozen copy of ``build/``, and what a deploy changes.

The copy is made of hard links, so it costs no space and keeps the very bytes that
were checked even if a build replaces ``build/`` while the deploy runs (a build
replaces files, it never writes into one). A symbolic link or a special file in
``build/`` stops the deploy: dossier never writes one, and following it could
publish a file from outside the site.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from ..publish.output import MARKER

MANIFEST = ".dossier-deploy.json"  # in a folder target: the files dossier published there


class DeployError(Exception):
    """One line for the user: why a target was not updated."""


@dataclass
class Site:
    root: Path
    digests: dict[str, str]  # site path ("articles/x/index.html") -> sha256 of its bytes

    def files(self) -> Mapping[str, bytes]:
        """Every file's bytes, read when asked: the link check reads the pages, and only
        looks the other names up."""
        return _FilesOnDisk(self)


class _FilesOnDisk(Mapping[str, bytes]):
    def __init__(self, site: Site) -> None:
        self.site = site

    def __getitem__(self, name: str) -> bytes:
        if name not in self.site.digests:
            raise KeyError(name)
        return (self.site.root / name).read_bytes()

    def __iter__(self) -> Iterator[str]:
        return iter(self.site.digests)

    def __len__(self) -> int:
        return len(self.site.digests)


@dataclass
class Plan:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.added or self.changed or self.removed)

    def summary(self) -> str:
        return f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed"

    def lines(self) -> list[str]:
        marked = [("+", self.added), ("~", self.changed), ("-", self.removed)]
        return [f"  {mark} {name}" for mark, names in marked for name in sorted(names)]


def digest(path: Path) -> str:
    hasher = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            hasher.update(block)
    return hasher.hexdigest()


@contextmanager
def snapshot(build_dir: Path, work_dir: Path) -> Iterator[Site]:
    """Every file of ``build_dir`` (but its marker) linked into a private folder, removed after."""
    work_dir.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="site-", dir=work_dir))
    try:
        yield Site(root, _link_tree(build_dir, root))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def _link_tree(source: Path, target: Path) -> dict[str, str]:
    digests = {}
    for folder, dirs, files in os.walk(source):
        here = Path(folder)
        for name in sorted(dirs + files):
            path = here / name
            relative = path.relative_to(source).as_posix()
            mode = path.lstat().st_mode
            if stat.S_ISDIR(mode):
                (target / relative).mkdir()
            elif not stat.S_ISREG(mode):
                what = "a symbolic link" if stat.S_ISLNK(mode) else "not a regular file"
                raise DeployError(f"{path}: {what}; deploy publishes only the files a build wrote")
            elif relative != MARKER:
                try:
                    os.link(path, target / relative, follow_symlinks=False)
                except OSError:  # another file system, or no hard links there
                    shutil.copyfile(path, target / relative, follow_symlinks=False)
                digests[relative] = digest(target / relative)
    return digests


def read_manifest(text: str | None) -> dict[str, str] | None:
    """The files a previous deploy published, or None when there is no readable manifest."""
    if text is None:
        return None
    try:
        files = json.loads(text)["files"]
    except (ValueError, KeyError, TypeError):
        return None
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        return None
    return {str(name): value for name, value in files.items()}


def manifest_text(site: Site) -> str:
    return json.dumps({"generator": "dossier", "files": site.digests}, indent=0, sort_keys=True)


def manifest_plan(site: Site, published: dict[str, str] | None) -> Plan:
    """Changes from what the manifest says was published to ``site``."""
    old = published or {}
    return Plan(
        added=sorted(set(site.digests) - set(old)),
        changed=sorted(n for n, d in site.digests.items() if n in old and old[n] != d),
        removed=sorted(set(old) - set(site.digests)),
    )
