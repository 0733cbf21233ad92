"""Fixtures for the entity tests: the seed articles as ingest writes them, extracted once."""

from __future__ import annotations

from pathlib import Path

import pytest

from dossier.content.documents import Document
from dossier.entities.extract import extract_entities
from dossier.entities.registry import EntityRegistry, build_registry

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "entities"

# The two seeds' Markdown bodies (tests/fixtures/entities/*.md) with their headlines.
SEEDS = {
    "npr": ("North Korea-Russia Summit Intended To Send A Signal To U.S.", ["Lucian Kim"]),
    "nyt": ("Kim Jong-un and Putin Plan to Meet in Russia to Discuss Weapons", []),
}


def article(slug: str, entities: list[dict[str, str]], body: str = "", title: str = "") -> Document:
    """An article document as :func:`dossier.content.documents.load_content` would give it."""
    meta = {"title": title or slug, "entities": entities}
    return Document("article", slug, f"content/articles/{slug}.md", meta, body, 1, title or slug)


def curated(slug: str, name: str, type: str, aliases=(), hidden: bool = False, body: str = ""):
    """A curated ``content/entities/<slug>.md`` document."""
    meta = {"name": name, "type": type, "aliases": list(aliases), "hidden": hidden}
    return Document(
        "entity", slug, f"content/entities/{slug}.md", meta, body, 1, name, aliases=list(aliases)
    )


@pytest.fixture(scope="session")
def seed_articles() -> list[Document]:
    """Both seeds with their entities extracted (the model runs once per test session)."""
    documents = []
    for slug, (title, authors) in SEEDS.items():
        body = (FIXTURES / f"{slug}.md").read_text(encoding="utf-8")
        found = extract_entities(body, title=title, authors=authors)
        documents.append(article(slug, found, body, title))
    return documents


@pytest.fixture(scope="session")
def seed_registry(seed_articles: list[Document]) -> EntityRegistry:
    """The registry of the seeds with no curated entity files."""
    return build_registry([], seed_articles)
