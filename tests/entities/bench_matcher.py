"""Time the mention matcher: ``python -m tests.entities.bench_matcher``.

A registry of 300+ entities (people, places, organisations) and 750-word
articles naming about 30 of them; prints the automaton build time and the
time of one ``MentionMatcher.find`` per article. Not a test: timings belong
in a benchmark, not in assertions.
"""

from __future__ import annotations

import random
import time

from dossier.content.documents import Document
from dossier.entities.mentions import MentionMatcher
from dossier.entities.registry import build_registry

FIRST = (
    "Anna Boris Chen Dmitri Elena Farid Grace Hiro Ines Jamal Kofi Lena Mateo Nadia Omar".split()
)
LAST = "Ivanova Petrov Okafor Haddad Tanaka Silva Novak Mensah Larsen Duarte Kowalski Reyes".split()
PLACES = "Aldmoor Brevik Calder Dunmore Eskar Falun Garron Holmfirth Ilsen Jarrow".split()
FILLER = (
    "the officials said on Tuesday that talks would continue despite growing concern about "
    "supplies and the cost of the new agreement which was signed after months of delay"
).split()


def make_registry(size: int = 320):
    rng = random.Random(7)
    refs: list[dict[str, str]] = []
    for i in range(size):
        kind = ("person", "place", "organization")[i % 3]
        if kind == "person":
            name = f"{rng.choice(FIRST)} {rng.choice('ABCDEFGHJK')}. {rng.choice(LAST)}{i}"
        elif kind == "place":
            name = f"{rng.choice(PLACES)}{i}"
        else:
            name = f"{rng.choice(PLACES)}{i} Trade Council"
        refs.append({"name": name, "type": kind})
    article = Document("article", "seed", "seed.md", {"entities": refs}, "", 1, "seed")
    return build_registry([], [article])


def make_article(registry, rng: random.Random, words: int = 750) -> tuple[str, list]:
    chosen = rng.sample(registry.entities, 12)
    out: list[str] = []
    while len(out) < words:
        out.extend(rng.sample(FILLER, 8))
        entity = rng.choice(chosen)
        out.append(rng.choice([entity.name, entity.name.split()[-1], entity.name.upper()]))
        out[-1] += rng.choice([",", ".", "'s", ""])
    return " ".join(out), chosen


def main() -> None:
    registry = make_registry()
    start = time.perf_counter()
    matcher = MentionMatcher(registry)
    built = time.perf_counter() - start
    rng = random.Random(1)
    articles = [make_article(registry, rng) for _ in range(200)]
    start = time.perf_counter()
    found = sum(len(matcher.find(text, chosen)) for text, chosen in articles)
    per_article = (time.perf_counter() - start) / len(articles)
    print(f"{len(registry.entities)} entities; automaton built in {built * 1000:.1f} ms")
    print(
        f"find: {per_article * 1000:.3f} ms per 750-word article ({found / len(articles):.0f} mentions)"
    )


if __name__ == "__main__":
    main()
