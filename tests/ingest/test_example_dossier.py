"""The bundled example's articles are exactly what ``dossier ingest`` makes of the seeds.

To regenerate them after a deliberate change to ingest or entity extraction,
from the repository root: ``rm content/articles/*.md && dossier ingest tests/fixtures/seeds/*.txt``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import REPO
from tests.ingest.conftest import NPR_SEED, WP_SEED, articles, ingest


def _without_ingest_time(text: str) -> str:
    return "\n".join(line for line in text.split("\n") if not line.startswith("ingested_at:"))


def test_committed_articles_are_what_ingest_makes_of_the_seeds(tmp_path: Path) -> None:
    project = tmp_path / "example"
    (project / "content" / "articles").mkdir(parents=True)
    shutil.copy(REPO / "dossier.yml", project / "dossier.yml")  # its topic rules shape the output
    # The curated entities are the gazetteer extraction names entities by.
    shutil.copytree(REPO / "content" / "entities", project / "content" / "entities")
    result = ingest(project, NPR_SEED, WP_SEED, entities=True)
    assert result.returncode == 0, result.stderr
    fresh = articles(project)
    committed = articles(REPO)
    assert sorted(fresh) == sorted(committed)
    for name, text in fresh.items():
        assert _without_ingest_time(text) == _without_ingest_time(committed[name]), name
