"""Ask the quotation extractor (:mod:`dossier.quotes`) who said what in an article.

Like entities, quotations are found once, at ingest, from the article's body and
the entities just found, and live in the front matter for a person to correct.
Only English prose is read: the attribution patterns are English.
"""

from __future__ import annotations

from typing import Any

from ..quotes.extract import extract_quotes


def find_quotes(body: str, entities: list[Any], language: str) -> tuple[list[dict[str, str]], bool]:
    """The ``quotes`` field of an article, and whether a speaker is left unresolved."""
    if not (language or "en").lower().startswith("en"):
        return [], False
    found = extract_quotes(body, [entity for entity in entities if isinstance(entity, dict)])
    return [quote.as_field() for quote in found], any(not quote.resolved for quote in found)
