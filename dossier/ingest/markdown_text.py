"""Write source text into Markdown so that it reads literally: nothing in it becomes markup.

A stray ``*``, ``<script>``, ``[[name]]`` or a line starting ``1.`` in a source
must not turn into emphasis, raw HTML, a wikilink or a list in the dossier.
"""

from __future__ import annotations

import re

_INLINE = re.compile(r"([\\`*_\[\]<])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_LINE_START = re.compile(r"^([ \t]*)([#>+=~-]|\d+(?=[.)](?:\s|$)))", re.M)


def escape(text: str) -> str:
    """Backslash-escape the characters that CommonMark would read as markup."""
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    return _LINE_START.sub(_escape_marker, text)


def _escape_marker(match: re.Match[str]) -> str:
    indent, marker = match.groups()
    if marker.isdigit():
        # "1. Not a list" -> "1\. Not a list": the escape goes on the dot, which follows
        return f"{indent}{marker}\\"
    return f"{indent}\\{marker}"


def tidy(markdown: str) -> str:
    """One blank line between blocks, no trailing spaces, no non-breaking spaces."""
    markdown = markdown.replace("\xa0", " ").replace("\u200b", "")
    markdown = re.sub(r"[ \t]+$", "", markdown, flags=re.M)
    markdown = re.sub(r"\n{3,}", "\n\n", markdown)
    return markdown.strip()


def paragraphs(markdown: str) -> list[str]:
    """The blocks of ``markdown``, split at blank lines."""
    return [block.strip() for block in re.split(r"\n\s*\n", markdown) if block.strip()]


def plain(markdown: str) -> str:
    """Markdown to readable plain text, for summaries and comparisons."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    text = re.sub(r"^\s*(?:#+|>|[-+]|\d+[.)])\s+", "", text, flags=re.M)
    text = re.sub(r"(?<!\\)(\*\*|__|\*|_|`)", "", text)
    text = re.sub(r"\\([\\`*_\[\]<>#+=~.&)-])", r"\1", text)
    return re.sub(r"\s+", " ", text).strip()
