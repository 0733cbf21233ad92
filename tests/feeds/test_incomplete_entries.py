"""Legal entries that lack a part still become articles, with what was made up to review."""

from __future__ import annotations

from tests.feeds.conftest import parse


def test_untitled_entry_takes_its_first_sentence() -> None:
    """Microblog feeds never have titles; 690 real feeds were refused for it."""
    first = parse("untitled.xml").articles[0]
    assert first.title == "Pier two is closed until Friday."
    assert first.body == "Pier two is closed until Friday. Ships use pier three."
    assert first.needs_review == ["title"]


def test_untitled_entry_without_words_takes_the_feeds_name_and_date() -> None:
    second = parse("untitled.xml").articles[1]
    assert second.title == "@harbourmaster, 2024-03-05"
    assert second.needs_review == ["body", "title"]


def test_entry_without_text_links_to_the_story() -> None:
    """151 real feeds were refused because an entry had a title and no text."""
    parsed = parse("no_text.xml")
    linked, bare, only_link = parsed.articles
    assert linked.title == "Harbour reopens after storm"
    assert linked.body == "[Read it at the source](https://harbour.test/news/reopens)"
    assert "body" in linked.needs_review
    assert bare.title == "Ferry fares rise" and "body" in bare.needs_review
    assert parsed.errors == ["entry 3: empty entry (no title, text or link)"]
    assert only_link.title == "Harbour Herald"
    assert only_link.needs_review == ["body", "title", "date"]


def test_markup_only_entries_are_flagged() -> None:
    """An image-only or empty-span entry became an article with an empty body, and exit 0."""
    comic, empty = parse("markup_only.xml").articles
    assert comic.body == "[Read it at the source](https://comic.test/1/)"  # no pictures kept
    assert empty.body == "[Read it at the source](https://comic.test/2/)"
    for article in (comic, empty):
        assert "body" in article.needs_review
        assert article.notes and "only markup" in article.notes[0]


def test_line_break_runs_and_nested_bold_in_an_atom_entry() -> None:
    body = parse("junk_markup.xml").articles[0].body
    assert body == (
        "**Pier works** start on Monday.\n\nThe harbour stays open.\n\nShips use pier three."
    )
