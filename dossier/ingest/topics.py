"""Topics for a new article: the ``--topic`` flags plus the config rules it matches."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..config import TopicRule
from ..entities.names import abbreviates, match_key


def assign_topics(
    given: Iterable[str],
    rules: Sequence[TopicRule],
    text: str,
    entity_names: Iterable[str],
) -> list[str]:
    """``given`` first, then the topic of every rule whose entity or keyword the article names.

    A rule's entity counts when the extractor found it under any spelling the
    entity rules treat as the same ("Vladimir Putin" for "Vladimir V. Putin",
    "Kim Jong Un" for "Kim Jong-un") or, so that rules work with
    ``--no-entities`` too, when its name is written in ``text``.
    """
    found = list(entity_names)
    topics = [topic.strip() for topic in given if topic.strip()]
    for rule in rules:
        if any(_found(entity, found) for entity in rule.entities) or any(
            _written(text, term) for term in (*rule.entities, *rule.keywords)
        ):
            topics.append(rule.topic)
    return list(dict.fromkeys(topics))


def _found(entity: str, names: list[str]) -> bool:
    key = match_key(entity)
    return any(match_key(name) == key or abbreviates(entity, name) for name in names)


def _written(text: str, term: str) -> bool:
    term = term.strip()
    return bool(term) and re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.I) is not None
