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
)


@pytest.fixture(scope="module")
def scores() -> dict[str, Score]:
    return score_all(dossier_quotes)


def test_gold_covers_the_seeds_and_at_least_15_pages():
    gold = load_gold()
    assert set(SEEDS) <= set(gold)
    assert len(set(gold) - set(SEEDS)) >= 15
    assert sum(len(page["quotes"]) for page in gold.values()) >= 120


def test_pages_precision_and_recall(scores):
    total = Score()
    for name, score in scores.items():
        if name not in SEEDS:
            total.add(score)
    assert total.precision >= 0.96, total.wrong
    assert total.recall >= 0.95, total.misses


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
