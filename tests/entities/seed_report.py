"""Precision, recall and NER time on the two seeds: ``python -m tests.entities.seed_report``.

Extraction runs on the seeds' Markdown bodies with no curated entity files;
recall counts gold entities found with the right type, precision counts
entities that are gold among all entities found. With ``--project DIR`` it
scores instead the front matter that ``dossier ingest`` wrote in DIR.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from dossier.content.documents import load_content
from dossier.diagnostics import Diagnostics
from dossier.entities.extract import extract_entities, load_model
from dossier.entities.registry import build_registry
from dossier.project import Project
from tests.entities.conftest import FIXTURES, SEEDS, article

GOLD = {
    **dict.fromkeys(
        [
            "Kim Jong Un", "Vladimir Putin", "Lucian Kim", "Ari Shapiro", "Sergei K. Shoigu",
            "John F. Kirby", "Adrienne Watson", "Jean H. Lee", "Li Hongzhong", "Xi Jinping",
            "Donald J. Trump", "Kim Jong-il", "Kim Il-sung", "Alexander Lukashenko",
            "Antony J. Blinken", "Edward Wong", "Julian E. Barnes",
        ],
        "person",
    ),
    **dict.fromkeys(
        [
            "Vladivostok", "Pyongyang", "Moscow", "Beijing", "North Korea", "Russia",
            "United States", "China", "Ukraine", "Iran", "Hanoi", "Vietnam", "Korean Peninsula",
            "Vostochny Cosmodrome", "Washington",
        ],
        "place",
    ),
    **dict.fromkeys(
        [
            "NPR", "White House", "National Security Council", "Korean Central News Agency",
            "Wilson Center", "Far Eastern Federal University", "Eastern Economic Forum",
            "United Nations", "Chinese Communist Party", "The Times", "The Wall Street Journal",
        ],
        "organization",
    ),
}  # fmt: skip


def seed_documents(timings: list[float] | None = None):
    documents = []
    for slug, (title, authors) in SEEDS.items():
        body = (FIXTURES / f"{slug}.md").read_text(encoding="utf-8")
        start = time.perf_counter()
        found = extract_entities(body, title=title, authors=authors)
        if timings is not None:
            timings.append(time.perf_counter() - start)
        documents.append(article(slug, found, body, title))
    return documents


def score(registry) -> tuple[float, float, list[str], list[str]]:
    """(precision, recall, gold names missed or mistyped, entities not in the gold list)."""
    missed = []
    matched = set()
    for name, kind in GOLD.items():
        entity = registry.resolve(name)
        if entity is None or entity.type != kind or entity.hidden or entity.slug in matched:
            missed.append(name)
        else:
            matched.add(entity.slug)
    shown = [entity for entity in registry.entities if not entity.hidden]
    extra = [entity.name for entity in shown if entity.slug not in matched]
    return len(matched) / len(shown), len(matched) / len(GOLD), missed, extra


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="score a project's ingested articles")
    args = parser.parse_args()
    if args.project:
        documents = load_content(Project(args.project.absolute()), Diagnostics())
        report(build_registry([], [doc for doc in documents if doc.kind == "article"]))
        return
    load_model()
    seed_documents()  # warm up
    timings: list[float] = []
    for _ in range(3):
        documents = seed_documents(timings)
    report(build_registry([], documents))
    words = [len((FIXTURES / f"{slug}.md").read_text().split()) for slug in SEEDS]
    per_article = statistics.mean(timings) * 1000
    print(f"NER: {per_article:.0f} ms per article (mean of {len(timings)}; {words} words)")


def report(registry) -> None:
    precision, recall, missed, extra = score(registry)
    print(f"recall {recall:.3f} ({len(GOLD) - len(missed)}/{len(GOLD)}), missed: {missed}")
    print(f"precision {precision:.3f}; not in the gold list: {extra}")


if __name__ == "__main__":
    main()
