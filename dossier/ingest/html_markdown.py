"""Untrusted HTML fragments to clean CommonMark: mend, sanitise, convert, tidy.

Every HTML path (saved pages, WordPress posts, feed entries) ends here, so the
safety rules and the look of the Markdown are the same whatever the source.
"""

from __future__ import annotations

import re
from html import unescape
from typing import Any

from markdownify import MarkdownConverter

from . import markdown_text, sanitise

_P_OPEN = re.compile(r"<p[\s>]", re.I)
_P_CLOSE = re.compile(r"</p\s*>", re.I)
_BLOCK_BOUNDARY = re.compile(
    r"</(?:h[1-6]|ul|ol|blockquote|figure|table|pre|div|section|dl)\s*>|<(?:br|hr)\s*/?>\s*(?=<br|\n)",
    re.I,
)
_TAG = re.compile(r"<[^>]*>")
_BOLD = {"b", "strong"}
_ITALIC = {"em", "i"}
_VISIBLE = re.compile(r"[^\s\\]")  # a line break converts to "\\" and a newline
# A line break alone on its line (a run of <br>), and one that ends a block, show as "\\".
_EMPTY_BREAK = re.compile(r"^[ \t]*\\[ \t]*$", re.M)
_LAST_BREAK = re.compile(r"(?<!\\)\\(?=\n[ \t]*(?:\n|$)|$)")


class _Converter(MarkdownConverter):
    """markdownify, with escaping that keeps source text literal (see :mod:`markdown_text`)."""

    def escape(self, text: str, parent_tags: set[str]) -> str:
        return markdown_text.escape(text) if text else ""

    def convert_b(self, el: Any, text: str, parent_tags: set[str]) -> str:
        """Bold inside bold, or around a mere line break, adds nothing but ``****``."""
        if parent_tags & _BOLD:
            return text
        if not _VISIBLE.search(text):
            return text if text.strip() else ""
        return str(super().convert_b(el, text, parent_tags))

    convert_strong = convert_b

    def convert_em(self, el: Any, text: str, parent_tags: set[str]) -> str:
        if parent_tags & _ITALIC:
            return text
        if not _VISIBLE.search(text):
            return text if text.strip() else ""
        return str(super().convert_em(el, text, parent_tags))

    convert_i = convert_em


_CONVERTER = _Converter(
    heading_style="ATX",
    bullets="-",
    strong_em_symbol="*",
    newline_style="backslash",
    escape_asterisks=False,
    escape_underscores=False,
    escape_misc=False,
)


_LONG_SPACE = re.compile(r"[ \t]{32,}")


def to_markdown(html: str) -> str:
    """Convert an HTML fragment from a source to Markdown that is safe to publish.

    Long runs of spaces are cut to one first: markdownify's whitespace regex takes
    time quadratic in their length (100,000 spaces took minutes).
    """
    safe = _LONG_SPACE.sub(" ", sanitise.clean(mend_paragraphs(html)))
    markdown = _EMPTY_BREAK.sub("", _CONVERTER.convert(safe))
    return markdown_text.tidy(_LAST_BREAK.sub("", markdown))


def to_text(html: str) -> str:
    """Text of a short HTML fragment such as a title: tags dropped, entities decoded."""
    return re.sub(r"\s+", " ", unescape(_TAG.sub("", html))).strip()


def mend_paragraphs(html: str) -> str:
    """Wrap text that lost its opening ``<p>`` (exports often drop them) back into paragraphs.

    Only runs when there are more ``</p>`` than ``<p>``: each run of text that ends
    in an unmatched ``</p>`` becomes its own paragraph instead of one wall of text.
    """
    if len(_P_CLOSE.findall(html)) <= len(_P_OPEN.findall(html)):
        return html
    pieces = _P_CLOSE.split(html)
    mended = []
    for index, piece in enumerate(pieces):
        closing = "</p>" if index < len(pieces) - 1 else ""
        if _P_OPEN.search(piece):
            mended.append(piece + closing)
            continue
        cut = max((match.end() for match in _BLOCK_BOUNDARY.finditer(piece)), default=0)
        head, tail = piece[:cut], piece[cut:]
        mended.append(head + (f"<p>{tail.strip()}</p>" if _TAG.sub("", tail).strip() else tail))
    return "\n".join(mended)
