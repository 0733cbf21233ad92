"""Fixtures for the ingest tests: a fresh project, the fixture files, the real CLI."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from dossier.content import front_matter
from tests.conftest import FIXTURES, run_dossier

SEEDS = FIXTURES / "seeds"
NPR_SEED = SEEDS / "000_0c7a59ec6d6fc239.txt"
WP_SEED = SEEDS / "003_a7f0a91c806c4f2d.txt"
INGEST_FIXTURES = FIXTURES / "ingest"

CONFIG = """\
title: Test dossier
language: en
topic_rules:
  - topic: Ports
    keywords: [harbour, port]
  - topic: Russia and North Korea
    entities: [Vladivostok]
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """An empty dossier project with a config that has topic rules."""
    root = tmp_path / "project"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "dossier.yml").write_text(CONFIG, encoding="utf-8")
    return root


def ingest(project: Path, *args: str | Path, entities: bool = False) -> subprocess.CompletedProcess:
    """``dossier ingest ARGS`` run in ``project``, without entity extraction unless asked."""
    extra = () if entities else ("--no-entities",)
    return run_dossier("ingest", *map(str, args), *extra, cwd=project, timeout=120)


def articles(project: Path) -> dict[str, str]:
    """Every article file of ``project``: name -> text."""
    folder = project / "content" / "articles"
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.md"))}


def meta_of(text: str) -> tuple[dict, str]:
    meta, body, _ = front_matter.parse(text)
    return meta, body
