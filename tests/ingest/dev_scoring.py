"""The development corpus's field scores (title, byline, date, body snippets), for floor tests.

A faithful port of the metrics of the evaluation scorer that ships beside the
corpus, so that the floors in :mod:`test_dev_pages` mean the same numbers as
the figures quoted in issues and closing notes. See ``fixtures/dev_pages/README.md``.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

_QUOTES = str.maketrans(
    {
        **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u00b4`", "'"),
        **dict.fromkeys("\u2039\u203a\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
        **dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d", "-"),
    }
)
_INVISIBLE = re.compile("[\u00ad\u200b\u200c\u200d\u2060\ufeff]")
_SPACE = re.compile(r"\s+")
_SITE_SEPARATOR = re.compile(r"\s+(?:\||-{1,2}|·|•|›|»|::|/|~)\s+")
_LEADING_BY = re.compile(r"^(?:by|von|por|par)\b[\s:]*", re.I)
_NAME_SEPARATOR = re.compile(r"\s*(?:,|;|&|\+|/|\band\b|\bund\b|\bet\b|\by\b|\be\b|\bu\.)\s*")
_CONNECTORS = {"and", "und", "et", "y", "e", "u"}
_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _base(text: str) -> str:
    text = _INVISIBLE.sub("", unicodedata.normalize("NFKC", text or ""))
    return _SPACE.sub(" ", text.casefold()).strip()


def _strip_punctuation(text: str) -> str:
    def edge(char: str) -> bool:
        return char.isspace() or unicodedata.category(char)[0] in "PS"

    start, end = 0, len(text)
    while start < end and edge(text[start]):
        start += 1
    while end > start and edge(text[end - 1]):
        end -= 1
    return text[start:end]


def _norm_title(text: str) -> str:
    return _strip_punctuation(_SPACE.sub(" ", _base(text).translate(_QUOTES)).strip())


def _tokens(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def _token_f1(a: str, b: str) -> float:
    ta, tb = Counter(_tokens(a)), Counter(_tokens(b))
    common = sum((ta & tb).values())
    if not common:
        return 0.0
    precision, recall = common / sum(ta.values()), common / sum(tb.values())
    return 2 * precision * recall / (precision + recall)


def title_loose(predicted: str, gold: str) -> bool:
    """Equal, one inside the other at a length ratio of 0.6 or more, or token F1 of 0.8."""
    wanted = _norm_title(gold)
    candidates, current = [predicted], unicodedata.normalize("NFKC", predicted).translate(_QUOTES)
    for _ in range(2):  # a trailing " | Site" segment or two may be cut off
        cuts = list(_SITE_SEPARATOR.finditer(current))
        if not cuts:
            break
        current = current[: cuts[-1].start()]
        candidates.append(current)
    for candidate in map(_norm_title, candidates):
        if not candidate or not wanted:
            continue
        inside = candidate in wanted or wanted in candidate
        ratio = min(len(candidate), len(wanted)) / max(len(candidate), len(wanted))
        if candidate == wanted or (inside and ratio >= 0.6) or _token_f1(candidate, wanted) >= 0.8:
            return True
    return False


def byline_hit(predicted: str, gold: str) -> bool:
    """Every gold name's tokens are predicted, in at most twice the gold's tokens."""
    if not predicted.strip():
        return False
    guess = _LEADING_BY.sub("", _norm_title(predicted)).strip()
    wanted = _LEADING_BY.sub("", _norm_title(gold)).strip()
    guessed = [token for token in _tokens(guess) if token not in _CONNECTORS]
    gold_tokens: list[str] = []
    for name in filter(str.strip, _NAME_SEPARATOR.split(wanted)):
        tokens = [token for token in _tokens(name) if token not in _CONNECTORS]
        if not set(tokens) <= set(guessed):
            return False
        gold_tokens += tokens
    return bool(gold_tokens) and len(guessed) <= 2 * len(gold_tokens)


def day_of(value: object) -> str:
    match = _DAY.search(str(value or ""))
    return "-".join(match.groups()) if match else ""


def _visible_text(markdown: str) -> str:
    """Markdown as a reader sees it, so markup does not split a snippet."""
    text = re.sub(
        r"\\([\\`*_{}\[\]()#+\-.!|<>~\"'])", lambda m: f"\x00{ord(m.group(1))}\x00", markdown
    )
    text = re.sub(r"^[ \t]*(?:```|~~~).*$", " ", text, flags=re.M)
    text = re.sub(r"!\[([^\[\]]{0,1000})\]\([^)\n]*\)", r"\1", text)
    text = re.sub(r"\[([^\[\]]{0,1000})\]\((?:[^()\n]|\([^()\n]*\))*\)", r"\1", text)
    text = re.sub(r"\[([^\[\]]{0,1000})\]\[[^\[\]\n]{0,200}\]", r"\1", text)
    text = re.sub(r"<(https?://[^>]+)>", r"\1", text)
    text = re.sub(r"</?[A-Za-z][^>\n]*>", " ", text)
    text = re.sub(r"^[ \t]{0,3}#{1,6}[ \t]+", "", text, flags=re.M)
    text = re.sub(r"^[ \t]*(?:>[ \t]?)+", "", text, flags=re.M)
    text = re.sub(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", "", text, flags=re.M)
    text = "\n".join(
        " " if "---" in line and not line.strip(" \t|:-") else line for line in text.split("\n")
    )
    text = re.sub(r"(\*\*|__|~~)", "", text.replace("|", " "))
    text = re.sub(r"(?<!\w)[*_]+(?=\S)|(?<=\S)[*_]+(?!\w)", "", text).replace("`", "")
    text = re.sub("\x00(\\d+)\x00", lambda m: chr(int(m.group(1))), text)
    return html.unescape(text)


@dataclass
class Scores:
    """Totals over pages; snippet counts are micro-averaged, as the corpus scorer does."""

    pages: int = 0
    title: int = 0
    byline: int = 0
    date: int = 0
    true_positive: int = 0
    false_negative: int = 0
    false_positive: int = 0
    failures: list[str] = field(default_factory=list)

    def add(self, gold: dict, meta: dict | None, body: str) -> None:
        self.pages += 1
        if meta is None:
            self.false_negative += len(gold["with"])
            self.failures.append(f"{gold['id']}: refused")
            return
        authors = meta.get("authors") or meta.get("author") or ""
        if isinstance(authors, list):
            authors = ", ".join(str(name) for name in authors)
        hits = {
            "title": title_loose(str(meta.get("title") or ""), gold["title"]),
            "byline": byline_hit(str(authors), gold["author"]),
            "date": day_of(meta.get("date")) == gold["date"],
        }
        for name, hit in hits.items():
            setattr(self, name, getattr(self, name) + hit)
            if not hit:
                self.failures.append(f"{gold['id']}: {name} {meta.get(name, authors)!r}")
        raw = _base(body)
        visible = _base(re.sub(r"\]\((?:[^()\n]|\([^()\n]*\))*\)", "] ", body))
        text = _base(_visible_text(body))
        for snippet in gold["with"]:
            found = _base(snippet) in text or _base(snippet) in raw
            self.true_positive += found
            self.false_negative += not found
        for snippet in gold["without"]:
            self.false_positive += _base(snippet) in text or _base(snippet) in visible

    def fraction(self, name: str) -> float:
        return getattr(self, name) / self.pages

    @property
    def snippet_f1(self) -> float:
        precision = self.true_positive / max(1, self.true_positive + self.false_positive)
        recall = self.true_positive / max(1, self.true_positive + self.false_negative)
        return 2 * precision * recall / (precision + recall) if precision + recall else 0.0
