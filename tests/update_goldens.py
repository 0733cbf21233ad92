"""Regenerate the golden site after a deliberate change to output: ``python tests/update_goldens.py``.

Review ``git diff tests/golden`` before committing: every changed line is a
change every user will see.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from dossier.build import render_project  # noqa: E402
from dossier.project import Project  # noqa: E402

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "site"
GOLDEN = HERE / "golden" / "site"


def golden_files() -> dict[str, bytes]:
    """The fixture's built files; the theme's static assets are copied verbatim, so they
    are left out rather than committed twice."""
    files = render_project(Project(FIXTURE)).files
    return {name: data for name, data in files.items() if not name.startswith("static/")}


if __name__ == "__main__":
    shutil.rmtree(GOLDEN, ignore_errors=True)
    for name, data in golden_files().items():
        target = GOLDEN / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(f"wrote {len(list(GOLDEN.rglob('*')))} paths under {GOLDEN.relative_to(HERE.parent)}")
