"""Shared fixtures: paths to the committed fixtures and a helper to run the real CLI."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
FIXTURES = TESTS / "fixtures"
# Debian's chromium, installed by tests/run.sh; DOSSIER_CHROMIUM names another one.
CHROMIUM = Path(os.environ.get("DOSSIER_CHROMIUM", "/usr/bin/chromium"))


def require_chromium() -> Path:
    """Chromium, or a failure: a test of what a browser does must never pass without one."""
    if not CHROMIUM.is_file():
        pytest.fail(f"{CHROMIUM} is missing: run tests/run.sh or apt-get install chromium")
    return CHROMIUM


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    """Chromium, checked before any costly fixture of the test that asks for it."""
    return require_chromium()


# The command line of this checkout's dossier: never a ``dossier`` found first on PATH or an
# installed copy (``-P`` keeps the working folder off sys.path; dossier_env puts REPO first).
DOSSIER = (sys.executable, "-P", "-m", "dossier")


def dossier_env(**extra: str) -> dict[str, str]:
    """The environment for ``DOSSIER``: this checkout's package is imported before any other."""
    env = {**os.environ, **extra}
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH")) if p)
    return env


def run_dossier(
    *args: str, cwd: Path | None = None, timeout: float = 120
) -> subprocess.CompletedProcess:
    """Run this checkout's ``dossier`` command as a user would, output captured."""
    return subprocess.run(
        [*DOSSIER, *args], cwd=cwd, env=dossier_env(), capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip


@pytest.fixture
def site_project(tmp_path: Path) -> Path:
    """A writable copy of the small fixture dossier."""
    target = tmp_path / "site"
    shutil.copytree(FIXTURES / "site", target)
    return target
