"""Citations and dates as readers see them."""

from __future__ import annotations

import datetime as dt

from dossier.content.documents import Document
from dossier.graph.site_graph import ArticleNode
from dossier.render.display import citation, day, long_date


def article(meta: dict, date: dt.datetime | None) -> ArticleNode:
    doc = Document("article", "s", "content/articles/s.md", meta, "", 1, meta["title"], date)
    return ArticleNode("article", "s", meta["title"], doc, date=date)


def test_citation_names_source_authors_date_url_and_retrieval():
    a = article(
        {
            "title": "Kim and Putin Plan to Meet.",
            "authors": ["Edward Wong", "Julian E. Barnes", "A. N. Other"],
            "source": "The Times",
            "url": "https://example.org/story",
            "ingested_at": dt.datetime(2024, 5, 1, 10, 30),
        },
        dt.datetime(2023, 9, 5, 17, 9),
    )
    assert citation(a) == (
        "Edward Wong, Julian E. Barnes and A. N. Other. “Kim and Putin Plan to Meet.” "
        "The Times, 5 September 2023. https://example.org/story (retrieved 2024-05-01)."
    )


def test_citation_without_authors_url_or_date_stays_well_formed():
    a = article({"title": "Notes", "source": "Gazette", "url": "", "authors": []}, None)
    assert citation(a) == "“Notes.” Gazette, undated."


def test_dates():
    assert long_date(dt.datetime(2019, 4, 25)) == "25 April 2019"
    assert long_date(None) == "undated"
    assert day("2024-05-01T10:00:00Z") == "2024-05-01"
    assert day(dt.date(2024, 5, 1)) == "2024-05-01"
    assert day(None) == ""
