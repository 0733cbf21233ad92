"""Direct quotations and their speakers, found by the patterns of English news prose.

A quotation is text between quotation marks that an attribution gives to a
speaker. The attribution is looked for, in this order:

1. right after the closing mark: ``“…,” she said``, ``“…,” said X, the …``,
   ``“…” if …, Mr. Powers said``;
2. right before the opening mark, in the same sentence: ``X said: “…”``,
   ``Walter said, "…"``, ``Mr. Cueto responded that “…”``;
3. the quotation before it, when this one continues it: ``“…,” she said. “…”``,
   or a paragraph that opens with a quotation after one that ended with it;
4. anywhere earlier in the sentence: ``Kirby said talks were “actively advancing.”``;
5. the sentence before: ``Mr. Barrios said. “…”``.

Regular expressions find these in microseconds, so no parser runs: on the gold of
``tests/fixtures/quotes`` they reach the precision a dependency parse would give
(textacy's ``direct_quotations`` scores lower there; see its README). Transcripts
are read by :mod:`.transcript`; speakers are resolved by :mod:`.speakers`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..ingest.markdown_text import paragraphs, plain
from . import transcript
from .speakers import PRONOUNS, Entity, Mentions, resolve_name, speaker_entities
from .speakers import SENTENCE_END as _SENTENCE_END

_VERBS = """
    said says say told tells added adds asked asks explained explains noted notes declared
    declares quipped quips replied replies responded responds wrote writes tweeted tweets
    continued continues stated states warned warns argued argues insisted insists
    acknowledged acknowledges recalled recalls admitted admits claimed claims cautioned
    cautions pledged pledges joked jokes exclaimed remarked remarks testified announced
    announces conceded concedes countered counters recounted recounts emphasized stressed
    """.split()
_VERB = r"(?P<verb>" + "|".join(_VERBS) + r")"
# A capitalised run: "Jean H. Lee", "Gov. Inslee", "Montoya-Lewis", "Mr Hancock"
_NAME = r"(?:[A-Z][\w’'.\-]*)(?:\s+(?:[A-Z][\w’'.\-]*|de|da|van|von|del|bin|al))*"
_WHO = r"(?P<who>\b(?:he|she|they|He|She|They)\b|" + _NAME + r")"
_ADVERB = r"(?:\s+(?:also|then|later|now|once|simply|herself|himself|themselves|[a-z]+ly))?"
_APPOSITION = r"(?:,\s[^,“”\"]{1,90},)?"
# 1. after the closing mark
_SAID_WHO = re.compile(r"^[,;:]?\s*(?:[—–-]\s*)?" + _VERB + r"\s+(?P<who>[^,;:!?“”\"()]{1,120})")
# a full stop that ends the sentence, not an initial or a title ("Jean H. Lee", "Mr. Kim")
_STOP = re.compile(r"(?<![A-Z])(?<!\bMr)(?<!\bMs)(?<!\bMrs)(?<!\bDr)(?<!\bSt)\.(?:\s|$)")
# "Mr. Cueto responded that “…”": the attribution of the quotation that follows
_INTRODUCES = re.compile(r"\s+that\b|\s*:")
_WHO_SAID = re.compile(r"^[,;:]?\s*(?:[—–-]\s*)?" + _WHO + _ADVERB + r"\s+" + _VERB + r"\b")
_LATE_WHO_SAID = re.compile(r",\s" + _WHO + _ADVERB + r"\s+" + _VERB + r"\b[^.;“”\"]{0,40}$")
# 2, 4 and 5: a speaker and a speech verb earlier in the sentence
_SPEAKS = re.compile(
    _WHO + _APPOSITION + r",?" + _ADVERB + r"(?:\s+(?:last|this|on)\s+\w+)?\s+"
    r"(?P<verb>" + "|".join(_VERBS) + r"|had\s[^.“”\"]{0,30}\bstatement)\b"
)
_SPOKESPERSON = re.compile(
    r"\bspokes(?:man|woman|person)\s+(?:for|of|from)\s+(?:the\s+)?(?P<who>[A-Z][^,;]{0,90}?)\s+"
    + _VERB
)
_ASKED = re.compile(r"\basked\s+(?P<who>" + _NAME + r")")
# where the part of the name ends: "Supervisor Alfredo Pedroza of Napa County"
_NAME_END = re.compile(
    r"\s(?:who|whose|in|at|on|during|of|to|after|before|about|with|when|while|as|and|but|"
    r"backstage|because)\b"
)
_NEAR = 100  # characters between an attribution and the opening mark it introduces
# Double quotation marks; single ones only in an article that has no double ones (British
# style), where an apostrophe is told from a mark by the letters on both its sides.
_DOUBLE = ('“"', '”"')
_SINGLE = ("‘'", "’'")
_BEFORE_OPENING = " ([—–-"
_AFTER_CLOSING = " ,.;:!?)—–-"


@dataclass
class Span:
    """One quotation: its text and where its marks stand (paragraph, offset)."""

    text: str
    start: tuple[int, int]  # paragraph and offset of the opening mark
    end: tuple[int, int]  # paragraph and offset just after the closing mark


@dataclass(frozen=True)
class Quote:
    speaker: str
    text: str
    cue: str
    resolved: bool  # the speaker is one of the article's entities

    def as_field(self) -> dict[str, str]:
        return {"speaker": self.speaker, "text": self.text, "cue": self.cue}


def extract_quotes(body: str, entities: list[dict[str, str]]) -> list[Quote]:
    """The quotations of a Markdown ``body``, in order, with speakers among ``entities``."""
    texts = [plain(paragraph) for paragraph in paragraphs(body)]
    people = speaker_entities(entities)
    if transcript.is_transcript(texts):
        return transcript.turns(texts, people)
    return _Reader(texts, people).quotes()


class _Reader:
    """Finds the quotation spans of an article's paragraphs, then attributes each."""

    def __init__(self, texts: list[str], people: list[Entity]) -> None:
        self.texts = texts
        self.people = people
        self.bases = []
        total = 0
        for text in texts:
            self.bases.append(total)
            total += len(text) + 2
        self.marks = _DOUBLE if any(c in text for text in texts for c in '“"') else _SINGLE
        self.spans = _spans(texts, self.marks)
        self.mentions = Mentions(people)
        self._scan_outside_quotes()

    def quotes(self) -> list[Quote]:
        found: list[Quote] = []
        previous: tuple[Span, Quote] | None = None
        for span in self.spans:
            if _embedded_term(span, self.texts):
                continue
            quote = self._attribute(span, previous)
            if quote is None:
                continue
            found.append(quote)
            previous = (span, quote)
        return found

    def _attribute(self, span: Span, previous: tuple[Span, Quote] | None) -> Quote | None:
        start_paragraph, start = span.start
        end_paragraph, end = span.end
        after = self.texts[end_paragraph][end:]
        after = re.split(f"(?:^|(?<=\\s))[{self.marks[0]}]", after, maxsplit=1)[0]
        before = self.texts[start_paragraph][:start]
        sentence_start = _sentence_start(before)
        tail = before[sentence_start:]
        found = _after(after)
        if found:
            return self._quote(span, *found, span.end)
        found = _near_before(tail)
        if found:
            return self._quote(span, *found, span.start)
        if previous and _continues(previous[0], span, self.texts):
            return Quote(previous[1].speaker, span.text, previous[1].cue, previous[1].resolved)
        for found in (_last_speaker(tail), _last_speaker(_previous_sentence(before))):
            if found:
                return self._quote(span, *found, span.start)
        return None

    def _quote(self, span: Span, written: str, verb: str, at: tuple[int, int]) -> Quote:
        """The quotation of ``span`` by ``written``, a pronoun or a name, said near ``at``."""
        paragraph, offset = at
        position = self.bases[paragraph] + offset
        if written.lower() in PRONOUNS:
            entity = self.mentions.pronoun(position, self.bases[paragraph])
        else:
            entity = _resolve(written, self.people)
        if entity is None:
            return Quote(written, span.text, verb, False)
        self.mentions.add(position, self.bases[paragraph], entity)
        return Quote(entity.name, span.text, verb, True)

    def _scan_outside_quotes(self) -> None:
        """Names outside quotation marks, and who speaks or is asked, as pronoun candidates."""
        for index, text in enumerate(self.texts):
            base = self.bases[index]
            for start, piece in _outside(index, text, self.spans):
                self.mentions.scan(piece, base + start, base)
                for pattern in (_SPEAKS, _ASKED, _SPOKESPERSON):
                    for match in pattern.finditer(piece):
                        entity = _resolve(match.group("who"), self.people)
                        if entity is not None:
                            self.mentions.add(base + start + match.start(), base, entity)


def _spans(texts: list[str], marks: tuple[str, str]) -> list[Span]:
    """Quotation spans; one left open at a paragraph's end goes on if the next opens with a mark."""
    spans: list[Span] = []
    parts: list[str] = []
    opened: tuple[int, int] | None = None
    for index, text in enumerate(texts):
        part_start = 0
        if opened is not None:
            if text[:1] and text[0] in marks[0]:
                part_start = 1
            else:
                opened, parts = None, []
        for mark in re.finditer(f"[{re.escape(marks[0] + marks[1])}]", text):
            position = mark.start()
            if position < part_start:  # the mark that carries a quotation over
                continue
            char = text[position]
            opening = char in marks[0] and _opens(text, position)
            closing = char in marks[1] and not opening and _closes(text, position)
            if opening and (opened is None or opened[0] == index):
                opened, parts, part_start = (index, position), [], position + 1
            elif closing and opened is not None:
                parts.append(text[part_start:position])
                quoted = " ".join(" ".join(parts).split()).rstrip(",").strip()
                if any(c.isalpha() for c in quoted):
                    spans.append(Span(quoted, opened, (index, position + 1)))
                opened, parts = None, []
        if opened is not None:
            parts.append(text[part_start:])
    return spans


def _opens(text: str, at: int) -> bool:
    """A mark at ``at`` opens a quotation: the typographic one always, a straight one or
    a single one after a space (or at the start) and before a word."""
    if text[at] == "“":
        return True
    after = text[at + 1 : at + 2]
    return (at == 0 or text[at - 1] in _BEFORE_OPENING) and bool(after) and not after.isspace()


def _closes(text: str, at: int) -> bool:
    """A mark at ``at`` closes a quotation: ” always, another one after a non-space and
    before a space, punctuation or the end (not the apostrophe of "don't")."""
    if text[at] == "”":
        return True
    after = text[at + 1 : at + 2]
    return at > 0 and not text[at - 1].isspace() and (not after or after in _AFTER_CLOSING)


def _outside(index: int, text: str, spans: list[Span]) -> list[tuple[int, str]]:
    """The pieces of paragraph ``index`` outside quotation marks, with their offsets."""
    pieces, position = [], 0
    for span in spans:
        (first, start), (last, end) = span.start, span.end
        if last < index or first > index:
            continue
        cut = start if first == index else 0
        pieces.append((position, text[position:cut]))
        position = end if last == index else len(text)
    pieces.append((position, text[position:]))
    return [(at, piece) for at, piece in pieces if piece.strip()]


def _embedded_term(span: Span, texts: list[str]) -> bool:
    """A title ("Fleabag.") or a short term inside a sentence ("up against walls" and)."""
    paragraph, end = span.end
    words = span.text.split()
    if len(words) <= 4 and all(word[:1].isupper() or word[:1].isdigit() for word in words):
        return True
    closing = texts[paragraph][end - 2 : end - 1]
    following = texts[paragraph][end : end + 2]
    return len(words) <= 3 and closing not in ".,!?…" and bool(re.match(r"\s?[A-Za-z]", following))


def _after(after: str) -> tuple[str, str] | None:
    """The speaker and verb right after the closing mark, or closing the same sentence."""
    match = _WHO_SAID.match(after)
    if match and not _INTRODUCES.match(after, match.end()):
        return match.group("who"), match.group("verb")
    match = _SAID_WHO.match(after)
    if match:
        who = _STOP.split(_NAME_END.split(match.group("who"), 1)[0], 1)[0]
        return who.strip(), match.group("verb")
    end = _SENTENCE_END.search(after)
    match = _LATE_WHO_SAID.search(after[: end.start() if end else len(after)].rstrip(". "))
    if match:
        return match.group("who"), match.group("verb")
    return None


def _near_before(tail: str) -> tuple[str, str] | None:
    """A speaker and verb that introduce the quotation: ``X said:``, ``X told him,``."""
    matches = list(_SPEAKS.finditer(tail))
    if matches and len(tail) - matches[-1].end() <= _NEAR:
        rest = tail[matches[-1].end() :]
        if not re.search(r"[.!?]\s", rest):
            return matches[-1].group("who"), _verb(matches[-1])
    return None


def _last_speaker(sentence: str) -> tuple[str, str] | None:
    matches = list(_SPEAKS.finditer(sentence))
    return (matches[-1].group("who"), _verb(matches[-1])) if matches else None


def _verb(match: re.Match[str]) -> str:
    verb = match.group("verb")
    return "statement" if verb.startswith("had") else verb


def _sentence_start(text: str) -> int:
    """Where the last sentence of ``text`` starts (sentences are read within 1,000 characters)."""
    skip = max(0, len(text) - 1000)
    ends = list(_SENTENCE_END.finditer(text, skip))
    return ends[-1].end() if ends else skip


def _previous_sentence(before: str) -> str:
    """The sentence before the one the quotation opens, if it opens one."""
    start = _sentence_start(before)
    if before[start:].strip():
        return ""
    earlier = before[:start]
    return earlier[_sentence_start(earlier.rstrip()) :]


def _continues(previous: Span, span: Span, texts: list[str]) -> bool:
    """``span`` goes on from ``previous``: after its attribution, or opening the next paragraph."""
    (last, end), (first, start) = previous.end, span.start
    if last == first:  # one sentence between them: the attribution
        between = texts[first][end:start].strip(" ,")
        return len(between) <= 3 * _NEAR and not _SENTENCE_END.search(between)
    return first == last + 1 and start == 0


def _resolve(written: str, people: list[Entity]) -> Entity | None:
    """The entity a capitalised run names, trying the whole run, then without its first words."""
    written = written.strip()
    tokens = written.split()
    for start in range(len(tokens)):
        entity = resolve_name(" ".join(tokens[start:]), people)
        if entity is not None:
            return entity
    return None
