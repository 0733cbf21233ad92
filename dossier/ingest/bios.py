"""Author bios and rights lines at the end of an article: recognised, moved to front matter.

Outlets close a story with "Jane Doe is a correspondent who covers ..." and
"Copyright ..." lines. They are not part of the story, but they name its
authors and its original outlet, so they are kept as data instead of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .markdown_text import plain

_NAME_WORD = r"(?:(?:[A-Z]['’])?[A-Z][a-zà-ÿ'’-]+|[A-Z]\.|[A-Z][a-zà-ÿ]*[A-Z][a-zà-ÿ]+)"
PERSON_NAME = rf"{_NAME_WORD}(?:\s+(?:{_NAME_WORD}|de|da|van|von|der|al|bin|del|la|le)){{1,4}}"
# "Jane Q. Doe is a correspondent ...", "Jane Doe, a reporter, covers ...", "Jane Doe covers ..."
_BIO_START = re.compile(
    rf"^(?P<name>{PERSON_NAME})(?:,[^.]{{0,80}},)?\s+(?:is|was|has|covers|writes|reports|joined|served|edits)\b"
)
_ROLE = re.compile(
    r"\b(?:correspondent|reporter|journalist|editor|writer|columnist|author|producer|host|anchor|"
    r"contributor|photographer|critic|bureau|reporting|reported|covers|covering|newsroom|staff)\b",
    re.I,
)
_MORE_ABOUT = re.compile(rf"\s*More (?:about|by|from) {PERSON_NAME}\.?$")
_MAX_BIO = 700
# A sentence that states who owns the text, such as "Transcript provided by NPR, Copyright NPR."
_RIGHTS = re.compile(
    r"(?:^|(?<=[.!?]\s))((?:Transcript provided by|Copyright\b|©|\(c\)\s*\d{4}|All rights reserved)[^\n]*)$",
    re.I,
)
_RIGHTS_HOLDER = re.compile(
    r"(?:provided by|Copyright|©)\s+(?:\d{4}\s+)?([A-Z][\w&.'’ -]{1,40}?)(?=[,.;]|\s+\d|$)"
)
_OUTLET = re.compile(r"\bThe(?:\s+[A-Z][\w&'’.-]*)+")


@dataclass
class Back:
    """What was taken off the end of an article."""

    bios: dict[str, str] = field(default_factory=dict)  # author name -> bio text
    rights: str = ""


def split_back_matter(paragraphs: list[str]) -> tuple[list[str], Back]:
    """Move trailing bio paragraphs and rights sentences out of ``paragraphs``."""
    kept = list(paragraphs)
    back = Back()
    found: list[tuple[str, str]] = []
    rights: list[str] = []
    while kept:
        last = plain(kept[-1])
        bio = _bio(last)
        if bio:
            found.insert(0, bio)
            kept.pop()
            continue
        match = _RIGHTS.search(kept[-1])
        if not match:
            break
        rights.insert(0, plain(match.group(1)))
        rest = kept[-1][: match.start(1)].rstrip()
        if rest:
            kept[-1] = rest
            break
        kept.pop()
    back.bios = dict(found)
    back.rights = " ".join(rights)
    return kept, back


def _bio(text: str) -> tuple[str, str] | None:
    if len(text) > _MAX_BIO:
        return None
    match = _BIO_START.match(text)
    if not match or not _ROLE.search(text):
        return None
    return match.group("name"), _MORE_ABOUT.sub("", text).strip()


def rights_holder(rights: str) -> str:
    """The outlet a rights line names, e.g. ``NPR`` in "Transcript provided by NPR"."""
    match = _RIGHTS_HOLDER.search(rights)
    return match.group(1).strip() if match else ""


def outlet_in_every_bio(bios: dict[str, str]) -> str:
    """An outlet ("The Times") that every bio names: where the authors' story first ran."""
    named = [_outlets(bio) for bio in bios.values()]
    if not named:
        return ""
    common = set.intersection(*map(set, named))
    # In the first bio's order, so the answer does not depend on set ordering.
    return next((outlet for outlet in named[0] if outlet in common), "")


def _outlets(text: str) -> list[str]:
    return [outlet.rstrip(".") for outlet in _OUTLET.findall(text)]
