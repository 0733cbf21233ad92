"""Shared fixtures: paths to the committed fixtures and a helper to run the real CLI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"


def run_dossier(
    *args: str, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run the installed console script exactly as a user would."""
    exe = shutil.which("dossier") or str(Path(sys.executable).parent / "dossier")
    return subprocess.run([exe, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout)


@pytest.fixture
def site_project(tmp_path: Path) -> Path:
    """A writable copy of the small fixture dossier."""
    target = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", target)
    return target
