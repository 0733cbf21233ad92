"""Precision and recall of (speaker, quotation) pairs on the hand-made gold, held above floors.

The floors sit a little under what the extractor reaches (see
tests/fixtures/quotes/README.md for the figures, and textacy's on the same gold).
"""

from __future__ import annotations

import pytest

from tests.quotes.quote_scoring import (
    SEEDS,
    Score,
    dossier_quotes,
    load_gold,
    score_all,
    score_page,
    sets,
)


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return score_all(dossier_quotes)


def test_gold_covers_the_seeds_and_at_least_15_pages():
    gold = load_gold()
    assert set(SEEDS) <= set(gold)
    assert (
        len([name for name in gold if name not in SEEDS and not gold[name].get("held_out")]) >= 15
    )
    assert sum(len(page["quotes"]) for page in gold.values()) >= 190


def test_pages_precision_and_recall(scores):
    summed = sets(scores)
    pages, held_out = summed["pages"], summed["held-out"]
    assert pages.precision >= 0.97, pages.wrong
    assert pages.recall >= 0.96, pages.misses
    # pages annotated after the extractor was written, never used to tune it
    assert held_out.precision >= 0.90, held_out.wrong
    assert held_out.recall >= 0.83, held_out.misses
    assert summed["all"].precision >= 0.95 and summed["all"].recall >= 0.92


def test_every_seed_quotation_attributed_to_the_right_speaker(scores):
    for name in SEEDS:
        assert scores[name].misses == [], name
        assert scores[name].wrong == [], name


def test_scorer_counts_wrong_speakers_and_ignores_optional_quotations():
    page = {
        "quotes": [{"speaker": "Usman Hasib", "text": "Then they just walked out."}],
        "optional": ["My girlfriend is trying to get an appointment"],
        "speakers": {},
    }
    right = [{"speaker": "Hasib", "text": "Then they just walked out"}]
    assert (score_page(page, right).precision, score_page(page, right).recall) == (1.0, 1.0)
    wrong = [
        {"speaker": "Kim", "text": "Then they just walked out."},
        {"speaker": "the man", "text": "My girlfriend is trying to get an appointment"},
    ]
    score = score_page(page, wrong)
    assert (score.right, score.predicted, score.found) == (0, 1, 0)
    short = [{"speaker": "Usman Hasib", "text": "Then they"}]
    assert score_page(page, short).found == 0
