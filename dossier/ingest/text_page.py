"""Plain-text copies of web pages: find the headline, drop the page around it, keep the story.

The rules, in order: blocks are runs of lines between blank lines; chrome
lines (:mod:`page_chrome`) go everywhere; the headline is the first block
left with exactly one plausible line, and everything before it is page
furniture except datelines and bylines, which are read; a transcript is
rendered by :mod:`transcript`; bios and rights lines at the end move to
front matter (:mod:`bios`); a sign-off such as "Jane Doe, Example News,
Paris." names the reporter and outlet when nothing else did.
"""

from __future__ import annotations

import re

from . import article_body, page_chrome, transcript
from .bios import PERSON_NAME
from .markdown_text import escape
from .model import Article, Parsed, SourceError

_LIST_ITEM = re.compile(r"^(?:[-*•]|\d{1,3}[.)])\s+")
_SIGN_OFF = re.compile(
    rf"(?:^|(?<=[.!?]\s))(?P<name>{PERSON_NAME}), (?P<outlet>[A-Z][\w&'’ ]{{1,40}}?), (?P<place>[A-Z][\w .'’-]{{1,40}})\.$"
)
_HEADLINE_WORDS = range(2, 26)


def parse(text: str) -> Parsed:
    """Turn a plain-text page copy into one article."""
    blocks = [
        [line.strip() for line in block.split("\n") if line.strip()]
        for block in re.split(r"\n\s*\n", text)
    ]
    blocks = [block for block in blocks if block]
    if not blocks:
        raise SourceError("no text found")
    article = Article(title="", body="")
    start = _find_headline(blocks, article)
    paragraphs = _body_paragraphs(blocks[start:], article)
    if not paragraphs:
        raise SourceError(f"no article text after the headline {article.title!r}")
    if transcript.is_transcript(paragraphs):
        article.authors = article.authors or [
            _proper_case(name, text) for name in transcript.reporters(paragraphs)
        ]
        rendered = transcript.render(paragraphs)
    else:
        rendered = [_paragraph_markdown(paragraph) for paragraph in paragraphs]
    article.body = "\n\n".join(rendered)
    article_body.finish(article)
    _read_sign_off(article)
    if not article.date:
        article.needs_review.append("date")
    return Parsed([article])


def _find_headline(blocks: list[list[str]], article: Article) -> int:
    """Set the title from the first one-line block; return the index of the block after it."""
    for index, block in enumerate(blocks):
        remaining = [
            line for line in block if not _read_meta_line(line, article, before_headline=True)
        ]
        if len(remaining) == 1 and _plausible_headline(remaining[0]) and index + 1 < len(blocks):
            article.title = remaining[0]
            return index + 1
    # No headline block: the first line that could be one, and the text after it.
    for index, block in enumerate(blocks):
        for number, line in enumerate(block):
            if _plausible_headline(line) and not page_chrome.is_chrome(line, before_headline=True):
                article.title = line
                rest = block[number + 1 :]
                blocks[index] = rest
                return index if rest else index + 1
    raise SourceError("no headline found (no short line before the text)")


def _plausible_headline(line: str) -> bool:
    return (
        len(line.split()) in _HEADLINE_WORDS
        and len(line) <= 200
        and not line.endswith((":", ",", ";"))
        and not line.startswith("(")
        and transcript.split_label(line) is None
    )


def _read_meta_line(line: str, article: Article, before_headline: bool) -> bool:
    """Use a dateline or byline, or recognise chrome; True when the line is not article text."""
    if page_chrome.is_chrome(line, before_headline):
        return True
    date = page_chrome.date_of(line)
    if date:
        article.date = article.date or date
        return True
    by = page_chrome.byline(line)
    if by:
        article.authors = article.authors or by[0]
        article.source = article.source or by[1]
        return True
    return False


def _body_paragraphs(blocks: list[list[str]], article: Article) -> list[str]:
    """Paragraphs of the story; datelines and bylines just under the headline are read, not kept.

    Runs of two or more list-item lines stay a list (joined by newlines); other
    lines of a block are joined by spaces, which undoes hard wrapping.
    """
    paragraphs = []
    rights = []
    for index, block in enumerate(blocks):
        lines = []
        for line in block:
            if index < 3 and _read_meta_line(line, article, before_headline=False):
                continue
            if page_chrome.is_rights_line(line):
                rights.append(line)
            elif not page_chrome.is_chrome(line) and line != article.title:
                lines.append(line)
        paragraphs.extend(_runs(lines))
    article.rights = " ".join(rights)
    return paragraphs


def _runs(lines: list[str]) -> list[str]:
    runs: list[tuple[bool, list[str]]] = []
    for line in lines:
        is_item = bool(_LIST_ITEM.match(line))
        if runs and runs[-1][0] == is_item:
            runs[-1][1].append(line)
        else:
            runs.append((is_item, [line]))
    return ["\n".join(run) if is_list and len(run) > 1 else " ".join(run) for is_list, run in runs]


def _paragraph_markdown(paragraph: str) -> str:
    if "\n" in paragraph:  # a list kept from the source
        return "\n".join(f"- {escape(_LIST_ITEM.sub('', line))}" for line in paragraph.split("\n"))
    return escape(paragraph)


def _read_sign_off(article: Article) -> None:
    """ "Jane Doe, Example News, Paris." closing the story names its reporter and outlet."""
    last = article.body.rsplit("\n\n", 1)[-1].replace("\\", "")
    match = _SIGN_OFF.search(last)
    if not match:
        return
    if not article.authors:
        article.authors = [match.group("name")]
    if not article.source:
        article.source = re.sub(r"\s+News$", "", match.group("outlet"))


def _proper_case(upper_name: str, text: str) -> str:
    """How the text itself writes an upper-case name ("LUCIAN KIM" -> "Lucian Kim")."""
    pattern = r"\b" + r"\s+".join(re.escape(word) for word in upper_name.split()) + r"\b"
    for match in re.finditer(pattern, text, re.I):
        if not match.group().isupper():
            return re.sub(r"\s+", " ", match.group())
    return upper_name.title()
