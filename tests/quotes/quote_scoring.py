"""Score (speaker, quotation) pairs against the hand-made gold of ``tests/fixtures/quotes``.

A predicted pair is right when its text overlaps a gold quotation's by at least 80%
(shared words over the longer of the two) and its speaker is the gold speaker: the
same name, a shorter form of it that keeps the surname ("Hasib", "Mr. Kim" for "Kim
Jong Un" does not count), or an alias the gold lists. A prediction whose text is an
*optional* quotation of the gold (unnamed speaker, documents, scare quotes) is
neither right nor wrong. Precision = right / (predictions not optional); recall =
gold pairs found / gold pairs.

Run as a script to print the figures of dossier's extractor per set::

    PYTHONPATH=. python3 -P tests/quotes/quote_scoring.py [-v]
"""

from __future__ import annotations

import json
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

GOLD_DIR = Path(__file__).resolve().parents[1] / "fixtures" / "quotes"
SEEDS = ("seed-wordpress", "seed-npr")
OVERLAP = 0.8
_TITLES = {"mr", "mrs", "ms", "dr", "gov", "sen", "rep", "president", "supervisor", "the"}


@dataclass
class Score:
    right: int = 0
    predicted: int = 0
    gold: int = 0
    found: int = 0
    misses: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.right += other.right
        self.predicted += other.predicted
        self.gold += other.gold
        self.found += other.found
        self.misses += other.misses
        self.wrong += other.wrong

    @property
    def precision(self) -> float:
        return self.right / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 1.0

    def line(self, name: str) -> str:
        return (
            f"{name:<12} precision={self.precision:.3f} ({self.right}/{self.predicted}) "
            f"recall={self.recall:.3f} ({self.found}/{self.gold})"
        )


def load_gold() -> dict:
    return json.loads((GOLD_DIR / "gold.json").read_text(encoding="utf-8"))["pages"]


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("’", "'"))


def overlap(gold: str, predicted: str) -> float:
    a, b = Counter(words(gold)), Counter(words(predicted))
    longer = max(sum(a.values()), sum(b.values()))
    return sum((a & b).values()) / longer if longer else 0.0


def _name(name: str) -> list[str]:
    tokens = re.sub(r"[^\w\s]", " ", name.lower().replace("’s", "")).split()
    return [token for token in tokens if token not in _TITLES] or tokens


def same_speaker(gold: str, predicted: str, aliases: list[str]) -> bool:
    if _name(predicted) in [_name(alias) for alias in aliases]:
        return True
    full, short = _name(gold), _name(predicted)
    if not short:
        return False
    small, large = (short, full) if len(short) <= len(full) else (full, short)
    return set(small) <= set(large) and small[-1] == large[-1]


def score_page(page: dict, predicted: list[dict[str, str]]) -> Score:
    score = Score(gold=len(page["quotes"]))
    taken: set[int] = set()
    for pred in predicted:
        text, speaker = str(pred.get("text", "")), str(pred.get("speaker", ""))
        hit = None
        for number, gold in enumerate(page["quotes"]):
            aliases = page.get("speakers", {}).get(gold["speaker"], [])
            if number not in taken and overlap(gold["text"], text) >= OVERLAP:
                if same_speaker(gold["speaker"], speaker, aliases):
                    hit = number
                    break
        if hit is not None:
            taken.add(hit)
            score.right += 1
            score.predicted += 1
        elif not any(overlap(optional, text) >= OVERLAP for optional in page["optional"]):
            score.predicted += 1
            score.wrong.append(f"{speaker}: {text[:70]}")
    score.found = len(taken)
    score.misses = [
        f"{gold['speaker']}: {gold['text'][:70]}"
        for number, gold in enumerate(page["quotes"])
        if number not in taken
    ]
    return score


def page_text(page: dict) -> tuple[str, str]:
    """(title, Markdown body) of a gold page's text: the headline, then a paragraph a line."""
    text = (GOLD_DIR / page["source"]).read_text(encoding="utf-8")
    title, _, body = text.partition("\n")
    return title.strip(), "\n\n".join(line for line in body.splitlines() if line.strip())


def dossier_quotes(name: str, page: dict) -> list[dict[str, str]]:
    """What dossier finds in a gold page's text: its entities, then its quotations."""
    from dossier.entities.extract import extract_entities
    from dossier.quotes.extract import extract_quotes

    if page["source"].endswith(".md"):  # a seed, as ``dossier ingest`` wrote it
        from dossier.content import front_matter

        meta, body, _ = front_matter.parse((GOLD_DIR / page["source"]).read_text("utf-8"))
        entities = meta.get("entities") or []
    else:
        title, body = page_text(page)
        entities = extract_entities(body, title=title)
    return [quote.as_field() for quote in extract_quotes(body, entities)]


def score_all(predict, names: list[str] | None = None) -> dict[str, Score]:
    """Scores per page of ``predict(name, page) -> [{speaker, text}]`` over the eval pages."""
    gold = load_gold()
    return {
        name: score_page(page, predict(name, page))
        for name, page in gold.items()
        if names is None or name in names
    }


def sets(scores: dict[str, Score]) -> dict[str, Score]:
    """Scores summed per set: development pages, held-out pages, seeds, and all."""
    gold = load_gold()
    summed = {name: Score() for name in ("pages", "held-out", "seeds", "all")}
    for name, score in scores.items():
        group = "seeds" if name in SEEDS else "held-out" if gold[name].get("held_out") else "pages"
        summed[group].add(score)
        summed["all"].add(score)
    return summed


def report(scores: dict[str, Score], verbose: bool = False) -> str:
    lines = []
    if verbose:
        for name, score in scores.items():
            lines.append(score.line(name[:12]))
            lines += [f"    miss  {miss}" for miss in score.misses]
            lines += [f"    wrong {wrong}" for wrong in score.wrong]
    lines += [score.line(name) for name, score in sets(scores).items()]
    return "\n".join(lines)


if __name__ == "__main__":
    print(report(score_all(dossier_quotes), "-v" in sys.argv))
