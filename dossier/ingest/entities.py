"""Ask the entity extractor (:mod:`dossier.entities.extract`) which entities an article names.

Extraction runs once, at ingest, and its result lives in the front matter, so
builds stay fast. The extractor is imported only when needed: it loads spaCy.
"""

from __future__ import annotations

from .model import Article

_EXTRACTOR = "dossier.entities.extract"


def find_entities(article: Article) -> list[dict[str, str]] | None:
    """The article's entities, or None when the extractor is not installed in this version."""
    try:
        from dossier.entities.extract import extract_entities
    except ImportError as exc:
        if exc.name in (_EXTRACTOR, "dossier.entities"):
            return None
        raise
    return extract_entities(article.body, title=article.title, authors=tuple(article.authors))
