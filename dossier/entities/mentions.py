"""Find mentions of every known entity in a text in one pass (Aho-Corasick).

The automaton is built once per build from the registry. Text and patterns
are folded the same way (lower case, every character that is not a word
character a space) so one pattern covers "Kim Jong-un", "KIM JONG UN" and
"Kim Jong Un's", and each pattern is padded with spaces so it can only match whole words.
Folding keeps every offset, so spans point into the original text, where case
is checked: "U.S." is not "us", and a lower-case word is not a name.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import ahocorasick

from . import names
from .registry import Entity, EntityRegistry

_CASELESS_WORDS = {"the"}  # "the Times" in prose is "The Times"


@dataclass(frozen=True)
class _Pattern:
    """One way to write one entity, with what its case check needs precomputed."""

    cased: str  # as written, e.g. "Kim Jong Un"
    entity: int
    short: bool  # a surname or initial form: only for entities of the article
    tail: str  # punctuation that ends the written form, e.g. the last "." of "U.S."
    acronym: bool  # no lower-case letter: must match exactly ("U.S." is not "us")
    capitals: tuple[int, ...]  # offsets of word starts that must be capitals

    def fits(self, span: str, text: str, start: int) -> bool:
        """Is ``span`` written like this form (or in capitals, as transcript labels are)?"""
        if span == self.cased:
            return True
        if self.acronym:
            return False
        if span.isupper():
            return True
        for offset in self.capitals:
            if not span[offset].isupper() and (offset == 0 or text[start + offset - 1] not in "-'"):
                return False  # "Jong-un" may be lower case after a hyphen
        return True


def _capitals(cased: str) -> tuple[int, ...]:
    offsets = []
    for offset, char in enumerate(cased):
        if char.isupper() and (offset == 0 or not cased[offset - 1].isalnum()):
            word = cased[offset:].split(" ", 1)[0].lower()
            if word not in _CASELESS_WORDS:
                offsets.append(offset)
    return tuple(offsets)


def _fold_char(char: str) -> str:
    lower = char.lower()
    word = char.isalnum() or char == "_"
    return (lower if len(lower) == 1 else char) if word else " "


@functools.cache
def _fold_table() -> str:
    """Character -> its folded form, for ``str.translate`` (one C pass per text)."""
    return "".join(_fold_char(chr(code)) for code in range(0x10000))


# Latin-1 folds within Latin-1, so such a text folds as bytes: several times faster than
# ``str.translate``, which looks each character up on its own once one is not ASCII.
_LATIN1_FOLD = bytes(ord(_fold_char(chr(code))) for code in range(256))
# Characters beyond Latin-1 that news prose is full of; each folds to a space.
_SPACED = "€—–’‘“”…"


def _fold(text: str) -> str:
    """Lower case with punctuation and spacing as spaces; same length as ``text``.

    ``_`` is a word character, as in regular expressions: ``Kim_Jong_Un`` is an identifier, not a name."""
    if not text.isascii():
        for char in _SPACED:
            if char in text:
                text = text.replace(char, " ")
        data = text.encode("latin-1", "ignore")
        if len(data) < len(text):
            return text.translate(_fold_table())
        return data.translate(_LATIN1_FOLD).decode("latin-1")
    return text.encode("ascii").translate(_LATIN1_FOLD).decode("ascii")


def _forms(entity: Entity) -> list[tuple[str, bool]]:
    """Every surface form to look for, and whether it is short (needs the article's context).

    A person is also found by the name without middle initials ("Vladimir
    Putin"), and, in articles that list them, by surname ("Kim", "Mr. Kim")
    and first initial with surname ("L. Kim").
    """
    written = [names.clean(alias) for alias in [entity.name, *entity.aliases]]
    forms = dict.fromkeys(filter(None, written), False)
    if entity.type != "person":
        return list(forms.items())
    has_full_name = len(names.person_tokens(entity.name)) > 1
    for form in written:
        bare = names.strip_titles(form)
        tokens = bare.split()
        if len(tokens) < 2:
            forms.setdefault(bare, has_full_name)
            continue
        forms.setdefault(bare, False)
        plain = [token for token in tokens if not names.is_initial(token)]
        if 1 < len(plain) < len(tokens):
            forms.setdefault(" ".join(plain), False)
        family = next((t for t in tokens if names.match_key(t) == names.surname(bare)), "")
        if family:
            forms.setdefault(family, True)
            if tokens[-1] == family and not names.is_initial(tokens[0]):
                forms.setdefault(f"{tokens[0][0]}. {family}", True)
    return list(forms.items())


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
                acronym = not any(char.islower() for char in cased)
                pattern = _Pattern(cased, index, short, tail, acronym, _capitals(cased))
                table.setdefault(f" {key} ", []).append(pattern)
        self._automaton = ahocorasick.Automaton(ahocorasick.STORE_ANY, ahocorasick.KEY_STRING)
        for key, patterns in table.items():
            self._automaton.add_word(key, (len(key), tuple(patterns)))
        self._empty = not table
        self._last_rank: tuple[Sequence[Entity], int, dict[int, int]] | None = None
        if table:
            self._automaton.make_automaton()

    def _rank(self, article_entities: Sequence[Entity]) -> dict[int, int]:
        """Entity index -> place in the article's list; kept while the build scans one article."""
        cached = self._last_rank
        if (
            cached is not None
            and cached[0] is article_entities
            and cached[1] == len(article_entities)
        ):
            return cached[2]
        index = self._index
        rank = {index[e.slug]: n for n, e in enumerate(article_entities) if e.slug in index}
        self._last_rank = (article_entities, len(article_entities), rank)
        return rank

    def find(self, text: str, article_entities: Sequence[Entity]) -> list[tuple[int, int, Entity]]:
        """Non-overlapping ``(start, end, entity)`` mentions, longest match first, in order."""
        if self._empty or not text:
            return []
        rank = self._rank(article_entities)
        hits: list[tuple[int, int, _Pattern]] = []
        for end, (length, patterns) in self._automaton.iter(f" {_fold(text)} "):
            start = end - length + 1  # in the padded text, so the span starts here in ``text``
            span = text[start : end - 1]
            chosen = None
            for pattern in patterns:  # nearly always one
                if pattern.short and pattern.entity not in rank:
                    continue
                if span != pattern.cased and not pattern.fits(span, text, start):
                    continue
                if chosen is None or _better(pattern, chosen, rank):
                    chosen = pattern
            if chosen is not None:
                stop = end - 1
                if chosen.tail and text.startswith(chosen.tail, stop):
                    stop += len(chosen.tail)
                hits.append((start, stop, chosen))
        if len(hits) > 1:
            hits.sort(key=lambda hit: (hit[0], -hit[1]))
        found: list[tuple[int, int, Entity]] = []
        last = 0
        for start, stop, pattern in hits:
            if start >= last:
                found.append((start, stop, self.entities[pattern.entity]))
                last = stop
        return found


def _better(pattern: _Pattern, other: _Pattern, rank: dict[int, int]) -> bool:
    """Between namesakes: an entity of the article (the earliest listed), else the first."""
    mine, theirs = rank.get(pattern.entity), rank.get(other.entity)
    if mine is not None and theirs is not None:
        return mine < theirs
    if mine is not None or theirs is not None:
        return mine is not None
    return pattern.entity < other.entity
