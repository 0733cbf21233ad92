"""Near-duplicate text: the same story syndicated by two outlets, flagged for a person to judge.

Texts are compared by the share of their five-word sequences (shingles) that
they have in common, relative to the shorter text, so a shortened reprint
still matches. Only one shingle in :data:`SAMPLE` is indexed (chosen by its
hash, so every text keeps the same ones), which keeps the index small and a
lookup proportional to the new text, not to the whole dossier.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Hashable
from itertools import chain, repeat

from .markdown_text import plain

SHINGLE_WORDS = 5
SAMPLE = 4
THRESHOLD = 0.5  # share of the shorter text's shingles found in the other
MIN_SHINGLES = 20  # shorter texts say too little to compare


def shingles(markdown: str) -> frozenset[int]:
    """Hashes of the sampled runs of :data:`SHINGLE_WORDS` words, ignoring case and markup."""
    words = re.findall(r"\w+", plain(markdown).casefold())
    runs = (" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))
    hashes = (int.from_bytes(hashlib.blake2b(run.encode(), digest_size=8).digest()) for run in runs)
    return frozenset(value for value in hashes if value % SAMPLE == 0)


class SimilarTexts:
    """An index of texts by sampled shingle, answering "which texts share most of this one?"."""

    def __init__(self) -> None:
        self._postings: dict[int, list[Hashable]] = {}
        self._samples: dict[Hashable, frozenset[int]] = {}
        self._last: tuple[str, frozenset[int]] = ("", frozenset())

    def _shingles(self, markdown: str) -> frozenset[int]:
        """:func:`shingles`, remembered for the last text: ingest looks a text up, then adds it."""
        if self._last[0] != markdown:
            self._last = (markdown, shingles(markdown))
        return self._last[1]

    def add(self, key: Hashable, markdown: str) -> None:
        """Index ``markdown`` under ``key``, replacing what ``key`` had."""
        for value in self._samples.get(key, ()):
            self._postings[value].remove(key)
        sampled = self._shingles(markdown)
        self._samples[key] = sampled
        for value in sampled:
            self._postings.setdefault(value, []).append(key)

    def similar(self, markdown: str, exclude: Hashable = None) -> list[tuple[Hashable, float]]:
        """Keys whose text shares at least :data:`THRESHOLD` of the shorter text, best first."""
        sampled = self._shingles(markdown)
        if len(sampled) * SAMPLE < MIN_SHINGLES:
            return []
        # Counted in C: boilerplate shingles ("said in a statement") have long postings.
        shared = Counter(chain.from_iterable(map(self._postings.get, sampled, repeat(()))))
        shared.pop(exclude, None)  # a key is listed once per shingle, so this drops all of it
        found = []
        for key, count in shared.items():
            smaller = min(len(sampled), len(self._samples[key]))
            if smaller * SAMPLE >= MIN_SHINGLES and count / smaller >= THRESHOLD:
                found.append((key, count / smaller))
        return sorted(found, key=lambda item: (-item[1], str(item[0])))
