"""What a build reads: dossier's own code, the options, ``dossier.yml``, the theme, the content.

Their digest (:func:`input_stamp`) is the root of the engine's trace: a build whose
stamp is the one of the build its output folder holds has nothing to do.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from functools import cache
from pathlib import Path

from ..content.documents import SourceFile
from ..project import Project
from ..render.pages import theme_dirs

PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def code_fingerprint() -> str:
    """A hash of dossier's Python source: values computed by other code are never reused."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def input_stamp(
    project: Project,
    sources: Sequence[SourceFile],
    digests: Sequence[str],
    options: dict[str, object],
) -> str:
    """A digest of every input (not of where the site goes: the same inputs, the same site).

    ``sources`` are the content files as found for the build, with their ``digests``
    (see :func:`~dossier.content.documents.scan_sources`), so none is read twice.
    """
    digest = hashlib.sha256()
    digest.update(json.dumps([code_fingerprint(), options], sort_keys=True).encode())
    for (path, _, _, _), found in zip(sources, digests, strict=True):
        digest.update(str(path).encode("utf-8", "surrogateescape") + b"\0")
        digest.update(bytes.fromhex(found))
    files = [project.config_path] if project.config_path.exists() else []
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
