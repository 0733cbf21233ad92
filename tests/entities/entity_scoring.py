"""The entity gold's scores (must recall, recall, precision, split, merged), for floor tests.

A port of the matching rules of the scorer that ships with the entity gold, so
that the floors in :mod:`test_entity_pages` mean the figures quoted in issues:
names match after Unicode, case, quote, "the" and possessive folding, or after
dropping titles and punctuation; a leading possessive modifier of the
extracted name may be dropped ("Tunisia's Bardo" is Bardo).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_QUOTES = str.maketrans(
    {
        **dict.fromkeys("‘’‛′`´", "'"),
        **dict.fromkeys("“”„″«»", '"'),
        **dict.fromkeys("‐‑‒–—―", "-"),
    }
)
_TITLES = (
    "mr", "mrs", "ms", "miss", "mx", "dr", "sir", "dame", "prof", "professor", "president-elect",
    "president", "vice president", "prime minister", "senator", "sen", "rep", "representative",
    "mayor", "governor", "gov",
)  # fmt: skip
_TITLE = re.compile(
    r"^(?:{})\.?\s+".format("|".join(map(re.escape, sorted(_TITLES, key=len, reverse=True))))
)
_POSSESSIVE_PREFIX = re.compile(r"^(?:\S+\s+){0,2}?\S+?(?:'s|s')\s+(\S.*)$")

Keys = tuple[set[str], set[str], set[str]]


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFKC", str(name)).translate(_INVISIBLE).translate(_QUOTES)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = re.sub(r"\s+", " ", text.lower()).strip()
    for _ in range(3):
        text = text.strip(' \t"()[]{}<>,;:!?*_#|~')
        text = re.sub(r"(?:'s|')$", "", text).strip()
        text = re.sub(r"^the\s+", "", text)
    return text


def _loose(name: str) -> str:
    text = _norm(name)
    for _ in range(3):
        text = _TITLE.sub("", text)
    return re.sub(r"[^a-z0-9]+", "", text)


def keys_of(names: list[str]) -> Keys:
    """Exact keys, loose keys, and loose keys with a leading possessive modifier dropped."""
    exact, loose, unowned = set(), set(), set()
    for name in filter(None, names):
        exact.add(_norm(name))
        loose.add(_loose(name))
        match = _POSSESSIVE_PREFIX.match(_norm(name))
        if match:
            unowned.add(_loose(match.group(1)))
    return exact - {""}, loose - {""}, unowned - {""}


def hit(extracted: Keys, gold: Keys) -> bool:
    return bool(extracted[0] & gold[0] or extracted[1] & gold[1] or extracted[2] & gold[1])


def _tokens(names: list[str]) -> set[str]:
    found = set()
    for name in names:
        for token in re.split(r"[\s()]+", _TITLE.sub("", _norm(name))):
            token = re.sub(r"[^a-z0-9]", "", token)
            if len(token) >= 3:
                found.add(token)
    return found


@dataclass
class EntityScores:
    """Micro-averaged over pages, as the gold's own scorer does."""

    must: int = 0
    must_hit: int = 0
    gold: int = 0
    gold_hit: int = 0
    true_positive: int = 0
    false_positive: int = 0
    split: list[str] = field(default_factory=list)
    merged: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    def add(self, page: dict, extracted: list[dict]) -> None:
        gold = [
            (entity, keys_of([entity["name"], *entity.get("aliases", [])]),
             {entity["type"], *entity.get("alt_types", [])})
            for entity in page["entities"]
        ]  # fmt: skip
        optional = [keys_of([o["name"], *o.get("aliases", [])]) for o in page.get("optional", [])]
        found: dict[str, bool] = {}
        matches: dict[str, int] = {}
        keyed = [(keys_of([str(e.get("name", ""))]), e.get("type")) for e in extracted]
        for keys, kind in keyed:
            matched = False
            for entity, gold_keys, kinds in gold:
                if hit(keys, gold_keys):
                    matched = True
                    matches[entity["name"]] = matches.get(entity["name"], 0) + 1
                    found[entity["name"]] = found.get(entity["name"], False) or kind in kinds
            if matched:
                self.true_positive += 1
            elif not any(hit(keys, option) for option in optional):
                self.false_positive += 1
        for entity, _, _ in gold:
            self.gold += 1
            self.gold_hit += found.get(entity["name"], False)
            if entity.get("must"):
                self.must += 1
                self.must_hit += found.get(entity["name"], False)
            if not found.get(entity["name"]):
                self.misses.append(f"{page['page']}: {entity['name']}")
        self.split += [f"{page['page']}: {name}" for name, count in matches.items() if count > 1]
        self._confusables(page, gold, keyed)

    def _confusables(self, page: dict, gold: list, keyed: list) -> None:
        """A pair is merged when one entity carries both, or neither has its own and the
        name they share stands for one of them."""
        by_name = {entity["name"]: (entity, keys) for entity, keys, _ in gold}
        for a, b in page.get("confusable", []):
            (gold_a, keys_a), (gold_b, keys_b) = by_name[a], by_name[b]
            only_a = (keys_a[0] - keys_b[0], keys_a[1] - keys_b[1], set())
            only_b = (keys_b[0] - keys_a[0], keys_b[1] - keys_a[1], set())
            has_a = {i for i, (keys, _) in enumerate(keyed) if hit(keys, only_a)}
            has_b = {i for i, (keys, _) in enumerate(keyed) if hit(keys, only_b)}
            shared = _tokens([gold_a["name"], *gold_a.get("aliases", [])]) & _tokens(
                [gold_b["name"], *gold_b.get("aliases", [])]
            )
            others = [keys for entity, keys, _ in gold if entity["name"] not in (a, b)]
            bare = [
                keys
                for keys, _ in keyed
                if keys[1] & shared and not any(hit(keys, other) for other in others)
            ]
            if has_a & has_b or (not (has_a and has_b) and bare):
                self.merged.append(f"{page['page']}: {a} / {b}")

    @property
    def must_recall(self) -> float:
        return self.must_hit / max(1, self.must)

    @property
    def recall(self) -> float:
        return self.gold_hit / max(1, self.gold)

    @property
    def precision(self) -> float:
        return self.true_positive / max(1, self.true_positive + self.false_positive)
