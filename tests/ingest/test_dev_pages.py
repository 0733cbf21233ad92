"""Quality floors on 20 real pages of the development corpus, as saved HTML and as text copies.

The text copies come from three tools: the browser's copy, a ``lynx`` dump and ``html2text``.

Each set goes through the real ``dossier ingest`` once; the scores are those
of the corpus's own scorer (:mod:`dev_scoring`). The floors sit a little under
what dossier reaches, so a change that makes ingest worse on real pages fails
here instead of going unseen. Raise them when ingest gets better.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import FIXTURES
from tests.ingest.conftest import CONFIG, ingest, meta_of
from tests.ingest.dev_scoring import Scores

PAGES = FIXTURES / "dev_pages"
GOLD = json.loads((PAGES / "gold.json").read_text(encoding="utf-8"))["pages"]

# set -> (title, byline, date, snippet F1): fractions over the 20 pages.
FLOORS = {
    "html": (0.95, 0.60, 0.90, 0.95),
    "text": (0.80, 0.55, 0.70, 0.88),
    "lynx": (0.85, 0.55, 0.75, 0.88),
    "markdown": (0.90, 0.45, 0.80, 0.83),
}


def _scored(tmp_path: Path, folder: str, suffix: str) -> tuple[Scores, str]:
    root = tmp_path / folder
    (root / "content" / "articles").mkdir(parents=True)
    (root / "dossier.yml").write_text(CONFIG, encoding="utf-8")
    sources = root / "sources"
    sources.mkdir()
    for page in GOLD:  # copied, so that ``ingested_from`` names the page and nothing else
        shutil.copy(PAGES / folder / f"{page['id']}.{suffix}", sources)
    result = ingest(root, *sorted(sources.iterdir()))
    by_source = {}
    for path in (root / "content" / "articles").glob("*.md"):
        meta, body = meta_of(path.read_text(encoding="utf-8"))
        by_source[Path(str(meta["ingested_from"])).stem] = (meta, body)
    scores = Scores()
    for page in GOLD:
        meta, body = by_source.get(page["id"], (None, ""))
        scores.add(page, meta, body)
    return scores, result.stderr


@pytest.mark.parametrize(
    ("folder", "suffix"),
    [("html", "html"), ("text", "txt"), ("lynx", "txt"), ("markdown", "txt")],
)
def test_real_pages_keep_their_fields(tmp_path: Path, folder: str, suffix: str) -> None:
    scores, stderr = _scored(tmp_path, folder, suffix)
    assert "Traceback" not in stderr
    refused = [failure for failure in scores.failures if failure.endswith("refused")]
    assert not refused, stderr
    figures = (
        scores.fraction("title"),
        scores.fraction("byline"),
        scores.fraction("date"),
        scores.snippet_f1,
    )
    report = "title {:.2f} byline {:.2f} date {:.2f} snippet F1 {:.3f}\n".format(*figures)
    for name, got, floor in zip(
        ("title", "byline", "date", "F1"), figures, FLOORS[folder], strict=True
    ):
        assert got >= floor, f"{folder}: {name} {got:.3f} < floor {floor}\n{report}" + "\n".join(
            scores.failures
        )
