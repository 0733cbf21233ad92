"""Fixtures for the feed tests: small feeds made for each case, in tests/fixtures/feeds."""

from __future__ import annotations

from pathlib import Path

from dossier.ingest import feed
from dossier.ingest.model import Article, Parsed
from tests.conftest import FIXTURES
from tests.ingest.conftest import project

__all__ = ["project"]  # the ingest tests' fresh project, for the CLI tests here

FEEDS = FIXTURES / "feeds"


def parse(name: str) -> Parsed:
    """The feed ``name`` read the way ingest reads it (bytes decoded first)."""
    return feed.parse((FEEDS / name).read_bytes())


def only_article(name: str) -> Article:
    parsed = parse(name)
    assert not parsed.errors, parsed.errors
    assert len(parsed.articles) == 1, parsed.articles
    return parsed.articles[0]


def fixture_path(name: str) -> Path:
    return FEEDS / name
