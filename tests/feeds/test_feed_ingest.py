"""Feeds through the real ``dossier ingest``: fixed exit codes, flags a person sees, language."""

from __future__ import annotations

from pathlib import Path

from tests.feeds.conftest import FEEDS
from tests.ingest.conftest import articles, ingest, meta_of


def test_exit_status_is_fixed_not_the_number_of_failures(project: Path, tmp_path: Path) -> None:
    """Two failures exited 2, the status argparse gives a usage error."""
    missing = [tmp_path / "a.xml", tmp_path / "b.xml", tmp_path / "c.xml"]
    result = ingest(project, *missing, FEEDS / "rss20.xml")
    assert result.returncode == 1, result.stderr
    assert "3 failed" in result.stderr and "wrote 1 new" in result.stderr
    assert ingest(project, FEEDS / "atom10.xml").returncode == 0


def test_made_up_parts_are_flagged_for_review(project: Path) -> None:
    result = ingest(project, FEEDS / "untitled.xml", FEEDS / "markup_only.xml")
    assert result.returncode == 0, result.stderr
    metas = {meta["title"]: meta for meta, _ in map(meta_of, articles(project).values())}
    assert metas["Pier two is closed until Friday."]["needs_review"] == ["title", "authors"]
    assert metas["Comic 1"]["needs_review"] == ["body", "date", "authors"]
    assert metas["Comic 1"]["entry_id"] == "https://comic.test/1/"
    assert result.stderr.count("warning: the entry has only markup") == 3


def test_language_is_detected_when_the_feed_declares_none(project: Path) -> None:
    """Every article got ``language: en``, the Russian and Japanese ones too."""
    result = ingest(project, FEEDS / "russian.xml", FEEDS / "encodings" / "euc_jp.xml")
    assert result.returncode == 0, result.stderr
    languages = sorted(meta_of(text)[0]["language"] for text in articles(project).values())
    assert languages == ["ja", "ru"]
