"""URL-safe, ASCII slugs that can never name a path outside their folder."""

from __future__ import annotations

import re

from slugify import slugify as _slugify

MAX_SLUG_LENGTH = 80
# What python-slugify gives back unchanged. Checked first: a generated or ingested file's
# name is nearly always a slug already, and python-slugify makes a dozen passes over it.
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def slugify(text: str, fallback: str = "untitled") -> str:
    """``"Kim Jong-un's trip"`` -> ``"kim-jong-uns-trip"``; dots, slashes and punctuation go."""
    if isinstance(text, str) and len(text) <= MAX_SLUG_LENGTH and _SLUG.fullmatch(text):
        return text
    slug = _slugify(
        str(text),
        max_length=MAX_SLUG_LENGTH,
        word_boundary=True,
        replacements=[["'", ""], ["’", ""]],
    )
    return slug or fallback


def unique_slug(base: str, taken: set[str]) -> str:
    """``base`` if free, else ``base-2``, ``base-3``, ... (never an existing one)."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"
