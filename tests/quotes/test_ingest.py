"""Ingest writes 'quotes' next to 'entities', and flags an article whose speaker it could not resolve."""

from __future__ import annotations

from pathlib import Path

from dossier.content import front_matter
from tests.conftest import run_dossier

SOURCE = """---
title: Harbour plan divides the town
date: 2024-05-02
source: Harbour Times
authors: [Ana Reis]
---

Maria Costa, the harbour master of Lisbon, presented the plan to the council on Tuesday.

“We will open the new quay in June,” she said. “Nobody will lose a berth.”

“It is too late for the fishermen,” said one trader at the market.
"""


def _ingest(tmp_path: Path, *options: str) -> dict:
    (tmp_path / "project" / "content" / "articles").mkdir(parents=True)
    (tmp_path / "project" / "dossier.yml").write_text("title: Test\n", encoding="utf-8")
    source = tmp_path / "harbour.md"
    source.write_text(SOURCE, encoding="utf-8")
    done = run_dossier(
        "ingest", "-C", str(tmp_path / "project"), str(source), *options, timeout=300
    )
    assert done.returncode == 0, done.stderr
    [written] = (tmp_path / "project" / "content" / "articles").glob("*.md")
    return front_matter.parse(written.read_text(encoding="utf-8"))[0]


def test_quotes_written_with_resolved_speakers_and_unresolved_flagged(tmp_path):
    meta = _ingest(tmp_path)
    assert {"name": "Maria Costa", "type": "person"} in meta["entities"]
    assert meta["quotes"] == [
        {"speaker": "Maria Costa", "text": "We will open the new quay in June", "cue": "said"},
        {"speaker": "Maria Costa", "text": "Nobody will lose a berth.", "cue": "said"},
        {"speaker": "one trader", "text": "It is too late for the fishermen", "cue": "said"},
    ]
    assert "quotes" in meta["needs_review"]


def test_no_entities_means_no_quotes(tmp_path):
    meta = _ingest(tmp_path, "--no-entities")
    assert "quotes" not in meta
    assert "quotes" not in (meta.get("needs_review") or [])
