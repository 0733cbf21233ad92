"""Find mentions of every known entity in a text in one pass (Aho-Corasick).

The automaton is built once per build from the registry. Text and patterns
are folded the same way (lower case, every non-alphanumeric character a
space) so one pattern covers "Kim Jong-un", "KIM JONG UN" and "Kim Jong Un's",
and each pattern is padded with spaces so it can only match whole words.
Folding keeps every offset, so spans point into the original text, where case
is checked: "U.S." is not "us", and a lower-case word is not a name.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick

from . import names
from .registry import Entity, EntityRegistry

_NOT_WORD = re.compile(r"[\W_]")
_CASELESS_WORDS = {"the"}  # "the Times" in prose is "The Times"


@dataclass(frozen=True)
class _Pattern:
    """One way to write one entity. ``short`` forms need the article's context."""

    cased: str
    entity: int
    short: bool
    tail: str  # punctuation that ends the written form, e.g. the last "." of "U.S."


def _fold(text: str) -> str:
    """Lower case with punctuation and spacing as spaces; same length as ``text``."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    return _NOT_WORD.sub(" ", lowered)


def _forms(entity: Entity) -> list[tuple[str, bool]]:
    """Every surface form to look for, with whether it is a context-dependent short form."""
    full = [names.clean(alias) for alias in [entity.name, *entity.aliases]]
    if entity.type == "person":
        full += [names.strip_titles(alias) for alias in full]
    forms = [(form, False) for form in dict.fromkeys(full) if form]
    if entity.type == "person":
        for form in dict.fromkeys(full):
            tokens = form.split()
            if len(tokens) < 2:
                continue
            family = next((t for t in tokens if names.match_key(t) == names.surname(form)), "")
            if family:
                forms.append((family, True))
                if tokens[-1] == family and not names.is_initial(tokens[0]):
                    forms.append((f"{tokens[0][0]}. {family}", True))
            bare = [t for t in tokens if not names.is_initial(t)]
            if 1 < len(bare) < len(tokens):  # "Vladimir V. Putin" -> "Vladimir Putin"
                forms.append((" ".join(bare), False))
    return forms


class MentionMatcher:
    """All entities of a registry as one automaton; :meth:`find` scans a text once."""

    def __init__(self, registry: EntityRegistry) -> None:
        self.entities = [entity for entity in registry.entities if not entity.hidden]
        self._index = {entity.slug: index for index, entity in enumerate(self.entities)}
        table: dict[str, list[_Pattern]] = {}
        for index, entity in enumerate(self.entities):
            for form, short in _forms(entity):
                folded = _fold(form)
                key = folded.strip()
                if len(key) < 2:
                    continue
                lead = len(folded) - len(folded.lstrip())
                cased = form[lead : lead + len(key)]
                tail = form[lead + len(key) :].rstrip()
                table.setdefault(f" {key} ", []).append(_Pattern(cased, index, short, tail))
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for key, patterns in table.items():
            self._automaton.add_word(key, (len(key), tuple(patterns)))
        self._empty = not table
        if table:
            self._automaton.make_automaton()

    def find(self, text: str, article_entities: Sequence[Entity]) -> list[tuple[int, int, Entity]]:
        """Non-overlapping ``(start, end, entity)`` mentions, longest match first, in order."""
        if self._empty or not text:
            return []
        rank = {
            self._index[e.slug]: n for n, e in enumerate(article_entities) if e.slug in self._index
        }
        folded = f" {_fold(text)} "
        hits: list[tuple[int, int, int]] = []
        for end, (length, patterns) in self._automaton.iter(folded):
            start = end - length + 1  # in ``folded``; the text starts one later
            span = text[start : end - 1]
            chosen = _choose(span, text, start, patterns, rank)
            if chosen is not None:
                stop = start + len(span)
                if chosen.tail and text.startswith(chosen.tail, stop):
                    stop += len(chosen.tail)
                hits.append((start, stop, chosen.entity))
        hits.sort(key=lambda hit: (hit[0], -hit[1]))
        found: list[tuple[int, int, Entity]] = []
        last = 0
        for start, end, entity in hits:
            if start >= last:
                found.append((start, end, self.entities[entity]))
                last = end
        return found


def _choose(
    span: str, text: str, start: int, patterns: Sequence[_Pattern], rank: dict[int, int]
) -> _Pattern | None:
    """The pattern a matched span stands for; None if case or context rule it out."""
    fitting = [p for p in patterns if _case_fits(span, p.cased, text, start)]
    in_article = [p for p in fitting if p.entity in rank]
    if in_article:
        return min(in_article, key=lambda p: rank[p.entity])
    definite = [p for p in fitting if not p.short]
    if definite:
        return min(definite, key=lambda p: p.entity)
    return None


def _case_fits(span: str, cased: str, text: str, start: int) -> bool:
    """Is ``span`` written like the name ``cased`` (or in capitals, as transcript labels are)?"""
    if len(span) != len(cased):
        return False
    if not any(c.islower() for c in cased):  # an acronym: exactly as written
        return all(a == b or not b.isalpha() for a, b in zip(span, cased, strict=True))
    if not any(c.islower() for c in span):
        return True
    for offset, (got, want) in enumerate(zip(span, cased, strict=True)):
        at_word = offset == 0 or not span[offset - 1].isalnum()
        if not at_word or not want.isupper() or got.isupper():
            continue
        before = text[start + offset - 1] if start + offset > 0 else " "
        word = span[offset:].split(" ", 1)[0].lower()
        if before in "-'" or word in _CASELESS_WORDS:
            continue
        return False
    return True
