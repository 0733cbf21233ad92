"""Skip a build when nothing it reads has changed since the last clean one.

The stamp is a digest of every input: content files, ``dossier.yml``, the theme's
files, dossier's own code and the build options. It is recorded in the cache
folder after a build without errors, together with the output folder it went to,
and written into that folder's marker file; a build whose stamp matches both
(so the folder still holds that very build) has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..content.documents import content_files
from ..project import Project
from ..publish.atomic_write import write_atomic
from ..publish.output import MARKER
from ..render.pages import theme_dirs
from .build_cache import code_fingerprint

STAMP_FILE = "last-build.json"


def input_stamp(project: Project, options: dict[str, object]) -> str:
    """A digest of every input (not of where the site goes: the same inputs, the same site)."""
    digest = hashlib.sha256()
    digest.update(json.dumps([code_fingerprint(), options], sort_keys=True).encode())
    files = [path for _, path in content_files(project)]
    files += [project.config_path] if project.config_path.exists() else []
    files += [p for folder in theme_dirs(project) for p in sorted(folder.rglob("*")) if p.is_file()]
    for path in files:
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"\0unreadable")
    return digest.hexdigest()


def marker_text(stamp: str) -> str:
    return f"This folder is written by `dossier build`; it is replaced on every build.\nbuild {stamp}\n"


def is_up_to_date(project: Project, out_dir: Path, stamp: str) -> bool:
    try:
        saved = json.loads((project.cache_dir / STAMP_FILE).read_text(encoding="utf-8"))
        marker = (out_dir / MARKER).read_text(encoding="utf-8")
    except (OSError, ValueError):
        return False
    return saved == {"stamp": stamp, "site": str(out_dir)} and f"build {stamp}\n" in marker


def record(project: Project, out_dir: Path, stamp: str) -> None:
    """Remember a clean build; if the cache cannot be written the next build just runs."""
    try:
        write_atomic(
            project.cache_dir / STAMP_FILE, json.dumps({"stamp": stamp, "site": str(out_dir)})
        )
    except OSError:
        pass


def forget(project: Project) -> None:
    (project.cache_dir / STAMP_FILE).unlink(missing_ok=True)
