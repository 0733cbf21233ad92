"""Near-duplicate text: the same story syndicated by two outlets, flagged for a person to judge.

Texts are compared by the share of their five-word sequences that they have
in common, relative to the shorter text, so a shortened reprint still matches.
"""

from __future__ import annotations

import hashlib
import re

from .markdown_text import plain

SHINGLE_WORDS = 5
THRESHOLD = 0.5  # share of the shorter text's shingles found in the other
MIN_SHINGLES = 20  # shorter texts say too little to compare


def shingles(markdown: str) -> frozenset[int]:
    """Hashes of every run of :data:`SHINGLE_WORDS` words of the text, ignoring case and markup."""
    words = re.findall(r"\w+", plain(markdown).casefold())
    runs = (" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1))
    return frozenset(int.from_bytes(hashlib.blake2b(run.encode(), digest_size=8).digest()) for run in runs)


def overlap(a: frozenset[int], b: frozenset[int]) -> float:
    """Share of the smaller set found in the larger; 0 when either text is too short to judge."""
    if min(len(a), len(b)) < MIN_SHINGLES:
        return 0.0
    return len(a & b) / min(len(a), len(b))
