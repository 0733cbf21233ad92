"""Ask the entity extractor (:mod:`dossier.entities.extract`) which entities an article names.

Extraction runs once, at ingest, and its result lives in the front matter, so
builds stay fast. The extractor is imported only when needed: it loads spaCy.
The names the dossier already knows (its curated entities and the entities of
its English articles) help: as a gazetteer, as type votes, and as the only names
of articles in a language without a model.
"""

from __future__ import annotations

import functools
from pathlib import Path

from ..content import front_matter
from .model import Article

_EXTRACTOR = "dossier.entities.extract"
KnownName = tuple[str, str, tuple[str, ...]]


def find_entities(
    article: Article, language: str = "en", content: Path | None = None
) -> list[dict[str, str]] | None:
    """The article's entities, or None when the extractor is not installed in this version.

    ``content`` is the project's content folder, whose known entities help: see
    :func:`dossier.entities.extract.extract_entities`.
    """
    try:
        from dossier.entities.extract import extract_entities
    except ImportError as exc:
        if exc.name in (_EXTRACTOR, "dossier.entities"):
            return None
        raise
    curated, known = known_names(content) if content is not None else ((), ())
    return extract_entities(
        article.body,
        title=article.title,
        authors=tuple(article.authors),
        language=language,
        known=known,
        curated=curated,
    )


@functools.cache
def known_names(content: Path) -> tuple[tuple[KnownName, ...], tuple[KnownName, ...]]:
    """(name, type, aliases) of the curated entities, and of the English articles' entities.

    Read once per run: the articles it ingests do not inform each other.
    """
    curated: list[KnownName] = []
    for path in sorted((content / "entities").glob("*.md")):
        meta = _meta(path)
        if meta.get("name") and not meta.get("hidden"):
            aliases = tuple(str(alias) for alias in meta.get("aliases") or ())
            curated.append((str(meta["name"]), str(meta.get("type", "other")), aliases))
    found: list[KnownName] = []
    for path in sorted((content / "articles").glob("*.md")):
        meta = _meta(path)
        if str(meta.get("language") or "en").lower().startswith("en"):
            for ref in meta.get("entities") or ():
                if isinstance(ref, dict) and ref.get("name") and ref.get("type") != "other":
                    found.append((str(ref["name"]), str(ref.get("type")), ()))
    return tuple(curated), tuple(found)


def _meta(path: Path) -> dict:
    try:
        meta, _, _ = front_matter.parse(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, front_matter.FrontMatterError):
        return {}
    return meta if isinstance(meta, dict) else {}
