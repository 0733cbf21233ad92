"""Turn an article's Markdown body into the plain text NER should read.

Markdown syntax, tables, transcript speaker labels (``**L. KIM:**``, ``PUTIN:``) and
sound cues (``*(SOUNDBITE OF ...)*``, ``(Speaking Russian)``) are not prose:
fed to the model they come out as entities ("SOUNDBITE", "UN" from
"KIM JONG UN"). Labels are kept aside as speakers; cues are dropped. Lines
that are not sentences (headings, page chrome such as "Play Live Radio") are
marked, because the model is unreliable on title-case fragments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

PROSE = "prose"
FRAGMENT = "fragment"  # a heading or a line that is not a sentence

_FENCE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.MULTILINE | re.DOTALL)
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_WIKILINK = re.compile(r"\[\[(?:[^\]|]+\|)?([^\]]+)\]\]")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_CODE = re.compile(r"`[^`]*`")
_EMPHASIS = re.compile(r"(\*{1,3}|_{1,3})(?=\S)(.+?)(?<=\S)\1")
_LIST_MARK = re.compile(r"^\s{0,3}(?:[-*+\u2022\u00b7\u25aa\u25cf]|\d+[.)])\s+", re.MULTILINE)
# A table row: a grid of names (members and their constituencies) is not
# prose, and the model reads each cell as a fragment of a name.
_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$\n?", re.MULTILINE)
_QUOTE_MARK = re.compile(r"^\s{0,3}>\s?", re.MULTILINE)
_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
# A speaker label opens a turn: words in capitals, an optional role after a
# comma ("LUCIAN KIM, BYLINE"), then a colon; in bold or not.
_LABEL = re.compile(
    r"^\s*(\*\*|__)?(?P<name>[A-Z][A-Z.'\u2019\- ]*[A-Z.])(?:,\s*(?P<role>[A-Z][A-Z ,\-]*?))?:(?:\1)?(?:\s+|$)"
)
# A cue: a parenthesis set in italics, several words in capitals in parentheses,
# or a parenthesis standing alone. "(KCNA)" after a name is an acronym, not a cue.
_CUE = re.compile(
    r"\*\([^)]*\)\*|_\([^)]*\)_|\((?=[^)]*[A-Z])[^a-z)]* [^a-z)]*\)|^\s*\([^)]*\)[\s.]*$"
)
_SENTENCE_END = re.compile(r"[.!?:;][\"'\u201d\u2019)]*(?:\s|$)")


@dataclass(frozen=True)
class Block:
    """A paragraph of text to run NER on, or a speaker label."""

    kind: str  # PROSE, FRAGMENT, or "speaker"
    text: str
    offset: int  # order of appearance: position in the Markdown body
    role: str = ""  # a speaker's role, e.g. "HOST"


def _inline(text: str) -> str:
    text = _IMAGE.sub(r"\1", text)
    text = _WIKILINK.sub(r"\1", text)
    text = _LINK.sub(r"\1", text)
    text = _CODE.sub(" ", text)
    text = _HTML_TAG.sub("", text)
    previous = None
    while previous != text:
        previous, text = text, _EMPHASIS.sub(r"\2", text)
    return text


def blocks(markdown: str) -> list[Block]:
    """Split a Markdown body into prose, fragments and speaker labels, in order."""
    markdown = _FENCE.sub(lambda m: " " * len(m.group(0)), markdown)
    markdown = _TABLE_ROW.sub(lambda m: " " * (len(m.group(0)) - 1) + "\n", markdown)
    found: list[Block] = []
    for match in re.finditer(r"[^\n](?:.|\n(?!\s*\n))*", markdown):
        raw, offset = match.group(0), match.start()
        heading = bool(_HEADING.match(raw))
        raw = _QUOTE_MARK.sub("", _LIST_MARK.sub("", _HEADING.sub("", raw)))
        label = _LABEL.match(raw)
        if label and label.group("name").strip(" .-'"):
            found.append(
                Block("speaker", label.group("name").strip(), offset, label.group("role") or "")
            )
            raw = raw[label.end() :]
            offset += label.end()
        text = _CUE.sub(" ", raw)
        text = " ".join(_inline(text).split())
        if not any(c.isalpha() for c in text):
            continue
        lines = [" ".join(_inline(_CUE.sub(" ", line)).split()) for line in raw.splitlines()]
        lines = [line for line in lines if any(c.isalpha() for c in line)]
        if heading:
            found.append(Block(FRAGMENT, text, offset))
        elif len(lines) > 1 and not any(_is_sentence(line) for line in lines):
            found.extend(Block(FRAGMENT, line, offset + n) for n, line in enumerate(lines))
        else:
            found.append(Block(PROSE if _is_sentence(text) else FRAGMENT, text, offset))
    return found


def _is_sentence(text: str) -> bool:
    """Prose has a sentence end and more than a handful of words; chrome lines are short."""
    words = len(text.split())
    return words >= 12 or (words >= 4 and bool(_SENTENCE_END.search(text)))
