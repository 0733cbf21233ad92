"""Topics for a new article: the ``--topic`` flags plus the config rules it matches."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ..config import TopicRule


def assign_topics(
    given: Iterable[str],
    rules: Sequence[TopicRule],
    text: str,
    entity_names: Iterable[str],
) -> list[str]:
    """``given`` first, then the topic of every rule whose entity or keyword the article names.

    A rule's entity counts when the extractor found it or, so that rules work
    with ``--no-entities`` too, when its name is written in ``text``.
    """
    names = {name.casefold() for name in entity_names}
    topics = [topic.strip() for topic in given if topic.strip()]
    for rule in rules:
        if any(entity.casefold() in names for entity in rule.entities) or any(
            _mentions(text, term) for term in (*rule.entities, *rule.keywords)
        ):
            topics.append(rule.topic)
    return list(dict.fromkeys(topics))


def _mentions(text: str, term: str) -> bool:
    return bool(term.strip()) and re.search(rf"(?<!\w){re.escape(term.strip())}(?!\w)", text, re.I) is not None
