"""Names in a language no installed model was trained on: known names and clear name shapes.

An English model reads German nouns as names ("Medien (person)", "Behörden
(place)"), so for such languages only two kinds of span count, precision first:

- names the dossier already knows (curated entities, entities of its English
  articles), matched whatever the script, case of diacritics ("Путин",
  "Zelenskyj", "Selenskyj" are only matched as written in some entity's names);
- runs of two or more capitalised words inside a sentence with no function word
  and no word the text also uses as a common noun (after an article), ending in
  a legal form ("GmbH") or in a person's name whose first name two known people
  have. German capitalises every noun, so one capitalised word, or two, is never
  enough by itself.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence

from .grouping import Mention
from .plain_text import PROSE, blocks

# Justext's stoplists, by ISO 639-1 code, for the languages of the news a dossier follows.
_STOPLISTS = {
    "de": "German", "es": "Spanish", "pt": "Portuguese", "it": "Italian", "nl": "Dutch",
    "ru": "Russian", "uk": "Ukrainian", "pl": "Polish", "sv": "Swedish", "da": "Danish",
    "no": "Norwegian_Bokmal", "fi": "Finnish", "cs": "Czech", "tr": "Turkish",
    "ro": "Romanian", "hu": "Hungarian", "ca": "Catalan", "fr": "French", "en": "English",
}  # fmt: skip
# Articles and contractions with an article: a capitalised word after one is a common noun.
_ARTICLES = frozenset(
    """
    der die das den dem des ein eine einen einem einer eines kein keine keinen keinem keiner
    im am zum zur vom beim ins ans aufs
    el la los las un una unos unas del al lo
    o a os as um uma uns umas do da dos das no na nos nas ao à pelo pela
    il lo gli le i uno della dello degli delle nel nella
    het een de
    """.split()
)
# Legal forms that end a company's name: "Signa Holding GmbH", "Ebiquity Plc".
LEGAL_FORMS = frozenset("GmbH AG SE KG eV Inc Ltd Plc LLC SA SpA NV BV Oy AB".split())
_WORD = re.compile(r"[^\W\d_][\w'\u2019\-]*")
_SENTENCE_START = re.compile(r"[.!?:;\"\u201c\u201d\u201e\u00ab\u00bb(\d]\s*$")  # or a number
_CYRILLIC = dict(
    zip(
        map(ord, "абвгдеёжзийклмнопрстуфхцчшщъыьэюяіїєґ"),
        "a b v g d e e zh z i y k l m n o p r s t u f kh ts ch sh shch  y  e yu ya i yi ye g".split(
            " "
        ),
        strict=True,
    )
)


@functools.cache
def _stopwords(language: str) -> frozenset[str]:
    import justext

    name = _STOPLISTS.get(language)
    return frozenset(justext.get_stoplist(name)) if name else frozenset()


def fold(text: str) -> str:
    """Compare form: lower case, Cyrillic in Latin letters, no diacritics, words by spaces."""
    text = unicodedata.normalize("NFKD", text.lower()).translate(_CYRILLIC)
    text = "".join(char for char in text if not unicodedata.combining(char))
    return " ".join(re.sub(r"[^\w]+", " ", text).split())


def known_index(
    curated: Iterable[tuple[str, str, Sequence[str]]],
    found: Iterable[tuple[str, str, Sequence[str]]] = (),
) -> dict[str, tuple[str, str]]:
    """Folded name or alias -> (name, type) of the curated entities and of names found in
    articles (one entry per article). A one-word name found in only one article is left
    out: the model's mistakes ("House", "Super", "South") rarely recur, real names do."""
    found = list(found)
    articles = Counter(fold(name) for name, _, _ in found)
    index: dict[str, tuple[str, str]] = {}
    for entries, needed in ((curated, 0), (found, 2)):
        for name, kind, aliases in entries:
            for form in (name, *aliases):
                key = fold(form)
                if len(key) < 3 or kind == "person" and " " not in key:  # "Walter" is anybody
                    continue
                if " " in key or articles[key] >= needed:
                    index.setdefault(key, (name, kind))
    return index


def find_mentions(
    text: str, title: str, language: str, known: dict[str, tuple[str, str]]
) -> list[Mention]:
    """Mentions of known names and of name-shaped spans in the headline and the prose."""
    parts = [(PROSE, title, -1_000_000)] if title.strip() else []
    parts += [(part.kind, part.text, part.offset) for part in blocks(text) if part.kind == PROSE]
    stop = _stopwords(language)
    common = {
        word.lower()
        for _, paragraph, _ in parts
        for article, word in re.findall(r"\b(\w+)\s+(\w+)", paragraph)
        if article.lower() in _ARTICLES and word[:1].isupper()
    }
    people = {fold(name) for name, kind in known.values() if kind == "person"}
    forenames = Counter(name.split()[0] for name in people)
    given = {forename for forename, count in forenames.items() if count >= 2}  # not "Mini Mike"
    known = {key: hit for key, hit in known.items() if " " in key or key not in common}
    found: list[Mention] = []
    for _, paragraph, offset in parts:
        words = list(_WORD.finditer(paragraph))
        mentions, taken = known_mentions(paragraph, offset, known)
        found.extend(mentions)
        for run in _runs(paragraph, words, stop | common, taken):
            found.extend(_shaped(paragraph, run, offset, given))
    return found


def known_mentions(
    paragraph: str, offset: int, known: dict[str, tuple[str, str]]
) -> tuple[list[Mention], set[int]]:
    """Mentions of known names in a paragraph (longest first), and the word indexes they cover.

    A person's name stays open to short references (a model vote); other types are fixed.
    """
    words = list(_WORD.finditer(paragraph))
    found: list[Mention] = []
    taken: set[int] = set()
    for size in range(5, 0, -1):
        for start in range(len(words) - size + 1):
            span = range(start, start + size)
            if taken.intersection(span) or not words[start].group(0)[:1].isupper():
                continue
            first, last = words[start].start(), words[start + size - 1].end()
            hit = known.get(fold(paragraph[first:last]))
            if hit:
                name, kind = hit
                fixed = kind != "person"
                found.append(
                    Mention(name, kind, offset + first, PROSE, fixed, paragraph, first, last)
                )
                taken.update(span)
    return found, taken


def _runs(
    paragraph: str, words: list[re.Match[str]], ordinary: set[str] | frozenset[str], taken: set[int]
) -> list[list[re.Match[str]]]:
    """Runs of two or more capitalised words inside a sentence, none an ordinary word."""
    runs: list[list[re.Match[str]]] = [[]]
    for index, match in enumerate(words):
        word = match.group(0)
        before = paragraph[max(0, match.start() - 3) : match.start()]
        if runs[-1] and paragraph[runs[-1][-1].end() : match.start()].strip():
            runs.append([])  # punctuation ends a name
        if (
            word[:1].isupper()
            and any(char.islower() for char in word)
            and word.lower() not in ordinary
            and index not in taken
            and not _SENTENCE_START.search(before or ".")
        ):
            runs[-1].append(match)
        elif runs[-1]:
            runs.append([])
    return [run for run in runs if len(run) >= 2]


def _shaped(
    paragraph: str, run: list[re.Match[str]], offset: int, given: set[str]
) -> list[Mention]:
    """A company with its legal form, or a person's name ending a run, whose first name two
    people known to the dossier have ("Daniel Ortega" if it knows two Daniels). Repetition
    is no evidence: German repeats noun pairs ("Design Regenbogen") as often as names."""
    if run[-1].group(0).strip(".") in LEGAL_FORMS:
        first, last = run[0].start(), run[-1].end()
        name = paragraph[first:last]
        return [Mention(name, "organization", offset + first, PROSE, True, paragraph, first, last)]
    forename, surname = run[-2].group(0), run[-1].group(0)
    if "-" in forename + surname:
        return []
    if fold(forename) not in given:
        return []
    first, last = run[-2].start(), run[-1].end()
    name = paragraph[first:last]
    return [Mention(name, "person", offset + first, PROSE, True, paragraph, first, last)]
