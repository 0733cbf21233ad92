"""Every feed format in the wild gives the same article: RSS 0.9x/1.0/2.0, Atom 0.3/1.0, JSON Feed."""

from __future__ import annotations

import pytest

from dossier.ingest.detect import detect
from dossier.ingest.model import Source
from tests.feeds.conftest import FEEDS, only_article, parse

FORMATS = [
    "rss090.rdf", "rss091.xml", "rss10.rdf", "rss20.xml",
    "atom03.xml", "atom10.xml", "jsonfeed1.json", "jsonfeed11.json",
]  # fmt: skip


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_is_detected_as_a_feed(name: str) -> None:
    """A JSON Feed was rejected as "not a WordPress post"."""
    data = (FEEDS / name).read_bytes()
    assert detect(Source(name=name, origin=name, data=data), data.decode()) == "feed"


@pytest.mark.parametrize("name", FORMATS)
def test_every_format_gives_the_entry(name: str) -> None:
    article = parse(name).articles[0]
    assert article.title == "Harbour reopens after storm"
    assert article.source == "Harbour Herald"
    assert article.url == "https://harbour.test/news/reopens"
    assert article.extra["entry_id"]
    if name != "rss090.rdf":  # RSS 0.90 items have no text
        assert article.body == "The harbour reopened on Monday after the storm damaged two piers."


@pytest.mark.parametrize(
    "name", ["rss10.rdf", "atom03.xml", "atom10.xml", "jsonfeed1.json", "jsonfeed11.json"]
)
def test_dates_and_authors(name: str) -> None:
    article = parse(name).articles[0]
    assert article.date == "2024-03-04T08:00:00+00:00"
    assert article.authors == ["Ann Lee"]


def test_json_feed_11_language_and_untitled_item() -> None:
    """An item that is no object is skipped; one without a title gets its first sentence."""
    parsed = parse("jsonfeed11.json")
    assert [a.language for a in parsed.articles] == ["en", "en"]
    untitled = parsed.articles[1]
    assert untitled.title == "A post without a title."
    assert untitled.needs_review == ["title", "date"]
    assert only_article("jsonfeed1.json").extra["entry_id"] == "1"
