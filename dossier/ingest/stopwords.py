"""The stopwords of a text's language, from justext's lists for a hundred languages.

Running text is about a third stopwords in any language; menus, tags and
teaser lists are not. That share, not a list of one site's words, tells
article lines from chrome (the idea behind justext's paragraph classifier).
"""

from __future__ import annotations

import functools
import re
from collections import Counter

_WORD = re.compile(r"[^\W\d_]+")
_SAMPLE_WORDS = 3000
_MIN_SAMPLE = 50


@functools.cache
def _index() -> dict[str, tuple[str, ...]]:
    """Each stopword and the languages that list it."""
    import justext  # only text copies need it

    languages: dict[str, list[str]] = {}
    for language in justext.get_stoplists():
        for word in justext.get_stoplist(language):
            languages.setdefault(word, []).append(language)
    return {word: tuple(names) for word, names in languages.items()}


@functools.cache
def _stoplist(language: str) -> frozenset[str]:
    import justext

    return justext.get_stoplist(language)


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def stoplist_for(lines: list[str]) -> frozenset[str]:
    """The stoplist of the language whose stopwords the longer lines use most; empty if none."""
    sample = [word for line in lines if len(line) > 80 for word in words(line)][:_SAMPLE_WORDS]
    if len(sample) < _MIN_SAMPLE:  # a short text: every line must do
        sample = [word for line in lines for word in words(line)][:_SAMPLE_WORDS]
    index = _index()
    votes = Counter(language for word in sample for language in index.get(word, ()))
    return _stoplist(votes.most_common(1)[0][0]) if votes else frozenset()


def density(line_words: list[str], stoplist: frozenset[str]) -> float:
    return (
        sum(1 for word in line_words if word in stoplist) / len(line_words) if line_words else 0.0
    )
