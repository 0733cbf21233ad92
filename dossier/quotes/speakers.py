"""Resolve who a quotation's attribution names to one of the article's entities.

An attribution names its speaker the way the text does: a full name with a title
("Gov. Jay Inslee"), a surname ("Hasib"), an initial ("L. KIM"), an organisation's
acronym ("UCEA"), or a pronoun ("she said"). Names go through the same rules as
entity resolution (:mod:`dossier.entities.names`); a pronoun goes to the person
the text was last talking about, found by :class:`Mentions`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ..entities import names

SENTENCE_END = re.compile(  # a full stop after an initial or a title ends no sentence
    r"[.!?](?<![A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bMrs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bGov\.)"
    r"(?<!\bSen\.)(?<!\bRep\.)[”\"’)]*\s+(?=[A-Z“\"‘(])"
)
_SUBJECT_PRONOUN = re.compile(r"\b(?:[Hh]e|[Ss]he|[Tt]hey)\b")
PRONOUNS = frozenset("he she they i we it".split())
SPEAKER_TYPES = ("person", "organization")
# "a spokesperson for the Universities and Colleges Employers’ Association" speaks for it
_FOR_ORGANIZATION = re.compile(
    r"\b(?:spokes(?:man|woman|person)|representative|statement|release)\s+(?:for|of|from)\s+(?:the\s+)?(?P<org>.+)$",
    re.I,
)


@dataclass(frozen=True)
class Entity:
    name: str
    type: str


def speaker_entities(entities: list[dict[str, str]]) -> list[Entity]:
    """The people and organisations of an article's ``entities`` field, in order."""
    found = []
    for entity in entities:
        if isinstance(entity, dict) and entity.get("type") in SPEAKER_TYPES and entity.get("name"):
            found.append(Entity(str(entity["name"]), str(entity["type"])))
    return found


def resolve_name(written: str, entities: list[Entity]) -> Entity | None:
    """The entity ``written`` names: itself, its short form, or an organisation's acronym.

    Several people sharing a surname go to the first named in the article (entities
    are in order of appearance); a closer call needs :class:`Mentions`.
    """
    written = names.clean(written)
    if not written or written.lower() in PRONOUNS:
        return None
    organization = _FOR_ORGANIZATION.search(written)
    if organization:
        return resolve_name(organization.group("org"), entities)
    key = names.match_key(written)
    person = names.person_key(written)
    for entity in entities:
        if names.match_key(entity.name) == key:
            return entity
    for entity in entities:
        if entity.type == "person" and names.person_key(entity.name) == person:
            return entity
    for entity in entities:
        if entity.type == "person" and names.abbreviates(written, entity.name):
            return entity
    # "Walter said": a first name, when the article names one person so
    first = [e for e in entities if e.type == "person" and _first_name(e.name) == person]
    if len(first) == 1 and " " not in person:
        return first[0]
    short = names.as_acronym(written)
    for entity in entities:
        if entity.type == "organization" and short and names.acronym(entity.name) == short:
            return entity
    return None


def _first_name(name: str) -> str:
    tokens = names.person_tokens(name)
    return tokens[0] if len(tokens) > 1 else ""


@dataclass(frozen=True)
class Mention:
    """A speaker candidate named at ``at`` in the article, in the paragraph starting at ``paragraph``."""

    at: int
    paragraph: int
    entity: Entity
    weight: int  # 3: subject of a speech verb (or the one asked); 2: the first person its sentence names; 1: named


class Mentions:
    """Where each person of the article is named, to resolve pronouns.

    ``he said`` goes to the person of the same paragraph who was speaking or
    spoken to, else who a sentence was about, else who was named last; failing
    the paragraph, to the best candidate of the nearest paragraph before it that
    names someone.
    """

    def __init__(self, entities: list[Entity]) -> None:
        self.found: list[Mention] = []
        forms: dict[str, Entity] = {}
        for entity in entities:
            if entity.type == "person":
                for form in _forms(entity.name):
                    forms.setdefault(form, entity)
        alternatives = sorted(forms, key=len, reverse=True)
        self._forms = forms
        self._pattern = (
            re.compile(r"\b(" + "|".join(re.escape(f) for f in alternatives) + r")\b(?!['’]s)")
            if alternatives
            else None
        )

    def scan(self, text: str, offset: int, paragraph: int) -> None:
        """Record the people named in ``text``, which starts at ``offset`` in the article."""
        if self._pattern is None:
            return
        matches = list(self._pattern.finditer(text))
        if not matches:
            return
        sentence = -1
        ends = [0, *(end.end() for end in SENTENCE_END.finditer(text))]
        for match in matches:
            entity = self._forms[match.group(1)]
            start = ends[bisect_right(ends, match.start()) - 1]
            # the subject, likely: the first person its sentence names, after no pronoun
            first = start > sentence and not _SUBJECT_PRONOUN.search(text, start, match.start())
            sentence = match.start()
            self.found.append(Mention(offset + match.start(), paragraph, entity, 2 if first else 1))

    def add(self, at: int, paragraph: int, entity: Entity, weight: int = 3) -> None:
        self.found.append(Mention(at, paragraph, entity, weight))

    def pronoun(self, at: int, paragraph: int) -> Entity | None:
        """The person a pronoun at ``at`` refers to, or None if no one was named before."""
        before = [m for m in self.found if m.at < at]
        if not before:
            return None
        nearest = max(m.paragraph for m in before)
        window = [m for m in before if m.paragraph == nearest]
        return max(window, key=lambda m: (m.weight, m.at)).entity


def _forms(name: str) -> set[str]:
    """Ways the text may write a person: the name, without titles, the surname."""
    forms = {name, names.strip_titles(name)}
    tokens = names.strip_titles(name).split()
    if len(tokens) > 1:
        family = names.surname(name)
        for token in tokens:
            if token.lower().strip(".") == family:
                forms.add(token)
    return {form for form in forms if len(form) > 1}
