"""Resolve the mentions found in one article into that article's entities.

Within an article, "Mr. Kim", "Kim" and the label "L. KIM" are short
references: each resolves to a full name of that article it abbreviates,
preferring the person introduced first ("Kim" after "Kim Jong Un" and
"Lucian Kim" is Kim Jong Un; "L. Kim" can only be Lucian Kim). Acronyms and
appositions ("the Korean Central News Agency, or KCNA") join the name they
stand for. Headlines and page chrome are unreliable, so names found only
there are dropped. An entity's type is a vote over all its mentions.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from . import names

CONFIRMING = ("prose", "speaker")  # sources that can introduce an entity
# Tie-break for an even type vote: places and organisations are more often
# mistaken for people than the other way round.
TYPE_PRIORITY = {"place": 0, "organization": 1, "person": 2, "other": 3}
_ALIAS_JOINERS = re.compile(
    r"^,?\s*(?:(?P<named>(?:officially|formally|also)\s+(?:known as|called))|or|\()\s+(?:the\s+)?$"
)
_SUFFIXES = {"news", "inc", "corp", "corporation", "ltd", "llc", "co", "group", "media"}


@dataclass
class Mention:
    """One occurrence of a name, as repaired by the extraction rules."""

    name: str
    type: str
    position: int  # order of appearance in the article
    source: str  # "prose", "speaker", "title" or "fragment"
    fixed: bool = False  # the type was set by a rule, not by the model
    context: str = ""  # the paragraph the mention is in
    start: int = 0  # character span in ``context``
    end: int = 0


@dataclass(eq=False)
class _Group:
    forms: Counter[str] = field(default_factory=Counter)
    votes: Counter[str] = field(default_factory=Counter)
    fixed: Counter[str] = field(default_factory=Counter)
    first: float = math.inf
    confirmed: bool = False
    author: bool = False  # a byline name: an entity of the article even if not named in it
    parent: _Group | None = None

    def root(self) -> _Group:
        group = self
        while group.parent is not None:
            group = group.parent
        return group

    def add(self, mention: Mention) -> None:
        self.forms[mention.name] += 1
        (self.fixed if mention.fixed else self.votes)[mention.type] += 1
        self.first = min(self.first, mention.position)
        self.confirmed = self.confirmed or mention.source in CONFIRMING

    def absorb(self, other: _Group) -> None:
        if other is self:
            return
        self.forms.update(other.forms)
        self.votes.update(other.votes)
        self.fixed.update(other.fixed)
        self.first = min(self.first, other.first)
        self.confirmed = self.confirmed or other.confirmed
        self.author = self.author or other.author
        other.parent = self

    @property
    def type(self) -> str:
        votes = self.fixed or self.votes
        if not votes:
            return "person"
        return min(votes, key=lambda kind: (-votes[kind], TYPE_PRIORITY[kind]))

    def is_person(self) -> bool:
        return self.type == "person" and bool(self.votes["person"] + self.fixed["person"])

    def display_name(self) -> str:
        expanded = {names.acronym(form) for form in self.forms} - {""}
        full = [
            form
            for form in self.forms
            if not (self.is_person() and _is_short(form)) and names.as_acronym(form) not in expanded
        ]
        forms = full or list(self.forms)
        # a bare surname or an acronym is the last choice for a name
        return max(forms, key=lambda form: (self.forms[form] > 0, self.forms[form]))


def _is_short(name: str) -> bool:
    """A surname alone, with or without initials or suffix: "Kim", "L. Kim", "Oubre Jr."."""
    words = [word for word in name.split() if not names.is_initial(word)]
    return (
        len(words) <= 1
        or len(words) == 2
        and names.person_tokens(name)[-1:] == (names.match_key(words[0]),)
    )


def _key(mention_name: str, kind: str) -> str:
    return names.person_key(mention_name) if kind == "person" else names.match_key(mention_name)


class _Article:
    """The groups of one article while they are being formed."""

    def __init__(self, authors: Sequence[str]) -> None:
        self.groups: list[_Group] = []
        self.by_key: dict[str, _Group] = {}
        for author in authors:
            name = names.strip_titles(author)
            if name and _key(name, "person") not in self.by_key:
                group = self._new(_key(name, "person"))
                group.forms[name] += 0  # a known form, but not a mention
                group.votes["person"] += 0
                group.author = True

    def _new(self, key: str) -> _Group:
        group = _Group()
        self.groups.append(group)
        self.by_key[key] = group
        return group

    def lookup(self, name: str, kind: str) -> _Group | None:
        group = self.by_key.get(_key(name, kind)) or self.by_key.get(names.match_key(name))
        return group.root() if group else None

    def add_full(self, mention: Mention) -> _Group:
        group = self.lookup(mention.name, mention.type) or self._new(
            _key(mention.name, mention.type)
        )
        group.add(mention)
        return group

    def people(self, name: str) -> list[_Group]:
        """The people of the article that a short reference ("Kim", "L. Kim", "Pete") may mean."""
        tokens = names.person_tokens(name)
        return [
            group
            for group in self.roots()
            if ("person" in group.votes + group.fixed or group.author)
            and any(
                names.abbreviates(name, form)
                or (len(tokens) == 1 and names.person_tokens(form)[:1] == tokens)
                for form in group.forms
                if not _is_short(form)
            )
        ]

    def misspelt(self, name: str) -> _Group | None:
        """The one person whose first name or surname ``name`` misspells by one letter
        ("Hauser" for Trevor Houser, "Wiliam" for William): a long word, never a short one."""
        tokens = names.person_tokens(name)
        if len(tokens) != 1 or len(tokens[0]) < 5:
            return None
        found = {
            id(group): group
            for group in self.roots()
            if "person" in group.votes + group.fixed
            and any(
                _one_edit(tokens[0], part)
                for form in group.forms
                for part in {names.person_tokens(form)[0], names.person_tokens(form)[-1]}
            )
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def expand(self, name: str, position: int) -> _Group | None:
        """The one person a short reference abbreviates, introduced before it if possible."""
        candidates = self.people(name)
        earlier = [group for group in candidates if group.first <= position] or candidates
        return earlier[0] if len(earlier) == 1 else None

    def back_reference(self, name: str, position: int) -> _Group | None:
        """The one organisation that ``name`` shortens: "the Commission", "the Lords" for the
        House of Lords, or, named before it, "Lenoge" for "Lenoge Technology", "Homeland
        Security" for "Homeland Security Investigations"."""
        words = names.match_key(name).split()
        if not words or names.as_acronym(name):
            return None
        found = {
            id(group): group
            for group in self.roots()
            if group.type == "organization"
            and any(
                len(longer) > len(words)
                and (
                    longer[-len(words) :] == words
                    or (  # "Lenoge" for "Lenoge Technology", named before it
                        longer[: len(words)] == words
                        and (len(words) == 1 or len(longer) == len(words) + 1)
                        and group.first < position
                    )
                )
                for longer in (names.match_key(form).split() for form in group.forms)
            )
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def roots(self) -> list[_Group]:
        return [group for group in self.groups if group.parent is None]


def group_mentions(
    mentions: Sequence[Mention], *, authors: Sequence[str] = ()
) -> list[dict[str, str]]:
    """Resolve an article's mentions into ``[{"name", "type"}]`` in order of first appearance.

    The authors only help resolve short references: a byline is a credit, not a mention.
    """
    article = _Article(authors)
    ordered = sorted(mentions, key=lambda mention: mention.position)
    confirmed = [m for m in ordered if m.source in CONFIRMING]
    for mention in confirmed:
        if mention.type == "person":
            mention.name = names.strip_titles(mention.name)
    group_of: dict[int, _Group | None] = {}
    full = [mention for mention in confirmed if not _is_short(mention.name)]
    full.sort(key=lambda mention: -len(mention.name.split()))  # longer names first
    for mention in full:
        group = article.lookup(mention.name, mention.type)
        if group is None and mention.type == "person":
            group = article.expand(mention.name, mention.position)  # "De Niro"
        if group is None and mention.type == "organization":
            group = article.back_reference(mention.name, mention.position)  # "Supreme Court"
        group_of[id(mention)] = _add(article, group, mention)
    for mention in confirmed:  # short names, whatever the model typed them
        if id(mention) in group_of:
            continue
        candidates = article.people(mention.name)
        group = article.expand(mention.name, mention.position)
        if group is not None and (mention.type == "person" or group.first <= mention.position):
            mention.type = "person"  # a surname the model took for an organisation or place
        elif len(candidates) > 1:
            group_of[id(mention)] = None  # "Kim" with Kim Jong Un and Lucian Kim: nobody
            continue
        else:
            group = article.lookup(mention.name, mention.type)
            if group is None and mention.type != "place":
                group = article.back_reference(mention.name, mention.position)
                if group is not None and not mention.fixed:  # its full name's type counts,
                    mention.type = (
                        group.type
                    )  # unless a rule typed the short one ("Tatum and Brown")
            if group is None and mention.type != "place" and not mention.fixed:
                group = article.misspelt(mention.name)  # not "Paris" for Harris
                if group is not None:
                    mention.type = "person"
        group_of[id(mention)] = _add(article, group, mention)
    _merge_appositions(confirmed, group_of)
    _merge_acronyms_and_suffixes(article)
    for mention in ordered:
        if mention.source not in CONFIRMING:
            _add_tentative(article, mention)
    found = [group for group in article.roots() if group.confirmed]
    found.sort(key=lambda group: group.first)
    return [{"name": group.display_name(), "type": group.type} for group in found]


def _one_edit(word: str, other: str) -> bool:
    """Do two different words differ by one letter changed, added or left out?"""
    if word == other or abs(len(word) - len(other)) > 1:
        return False
    if word[0] != other[0]:  # a typo keeps the first letter
        return False
    short, long = sorted((word, other), key=len)
    for index, (a, b) in enumerate(zip(short, long, strict=False)):
        if a != b:
            rest = index + 1 if len(short) == len(long) else index
            return short[rest:] == long[index + 1 :]
    return True


def _add(article: _Article, group: _Group | None, mention: Mention) -> _Group:
    """Add ``mention`` to ``group``, or to a new group of its own."""
    if group is None:
        return article.add_full(mention)
    group.add(mention)
    return group


def _merge_appositions(mentions: Sequence[Mention], group_of: dict[int, _Group | None]) -> None:
    """ "X, officially known as Y", "X, or ACRONYM", "X (ACRONYM)": Y is another name of X."""
    for first, second in zip(mentions, mentions[1:], strict=False):
        if first.context != second.context or first.position > second.position:
            continue
        match = _ALIAS_JOINERS.match(first.context[first.end : second.start])
        if not match:
            continue
        one, other = group_of[id(first)], group_of[id(second)]
        if one is None or other is None:
            continue
        if match.group("named") or names.as_acronym(second.name) == names.acronym(first.name) != "":
            one.root().absorb(other.root())


def _merge_acronyms_and_suffixes(article: _Article) -> None:
    """ "U.S." joins "United States"; "NPR News" joins "NPR"."""
    for group in article.roots():
        if group.parent is not None or group.is_person():
            continue
        letters = {names.as_acronym(form) or _led_acronym(form) for form in group.forms}
        if "" not in letters:
            targets = [
                other
                for other in article.roots()
                if other is not group
                and not other.is_person()
                and any(letters & _abbreviations(form) for form in other.forms)
            ]
            if len(targets) == 1:
                targets[0].absorb(group)
                continue
        for form in group.forms:
            words = form.split()
            if len(words) > 1 and words[-1].lower().strip(".") in _SUFFIXES:
                base = article.lookup(" ".join(words[:-1]), "organization")
                if base is not None and base is not group:
                    base.absorb(group)
                    break


def _led_acronym(name: str) -> str:
    """ "California ISO": a leading word kept, the rest of a name in initials; else ""."""
    words = name.split()
    return name if len(words) == 2 and names.as_acronym(words[1]) else ""


def _abbreviations(name: str) -> set[str]:
    """Short forms of an organisation's name: "KCNA" for "Korean Central News Agency",
    "California ISO" and "ISO" for "California Independent System Operator"."""
    words = name.split()
    rest = names.acronym(" ".join(words[1:])) if len(words) > 2 else ""
    return {names.acronym(name), rest, f"{words[0]} {rest}" if rest else ""} - {""}


def _add_tentative(article: _Article, mention: Mention) -> None:
    """A name from a headline or page chrome counts only if the article names it elsewhere."""
    words = mention.name.split()
    for size in range(len(words), 0, -1):  # "Putin Plan" -> "Putin"
        name = names.clean(" ".join(words[:size]))
        group = article.lookup(name, mention.type)
        if group is None and mention.type == "person" or size < len(words):
            group = group or article.expand(name, mention.position)
        if group is not None and group.confirmed:
            group.add(Mention(name, mention.type, mention.position, mention.source))
            return
