"""The small pieces ingest is made of, each on plain data."""

from __future__ import annotations

import pytest

from dossier.content import front_matter
from dossier.ingest import article_file, bios, html_markdown, markdown_text, sanitise
from dossier.ingest.decode import decode
from dossier.ingest.duplicates import SimilarTexts
from dossier.ingest.metadata import canonical_url, iso_date, summary_from
from dossier.ingest.model import SourceError
from dossier.ingest.tolerant_json import scan


@pytest.mark.parametrize(
    ("text", "value", "problem"),
    [
        ('{"a": "line one\nline two"}', {"a": "line one\nline two"}, ""),
        ('{"a": 1, "b": {"rendered": "cut he', {"a": 1, "b": {"rendered": "cut he"}}, "cut off inside b.rendered"),
        ('[{"t": "x"}, {"t": "y', [{"t": "x"}, {"t": "y"}], "cut off inside [1].t"),
        ('{"a": "\\ud83d\\ude00 \\u2019 \\/ \\q"}', {"a": "😀 ’ / \\q"}, ""),
        ('{"a": 1} trailing', {"a": 1}, "unexpected text after the JSON value at line 1, column 10"),
    ],
)
def test_tolerant_json_salvages(text: str, value: object, problem: str) -> None:
    result = scan(text)
    assert result.value == value
    assert result.problem == problem


def test_tolerant_json_survives_deep_nesting() -> None:
    result = scan("[" * 5000)
    assert "nested more than 200 levels" in result.problem


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"%PDF-1.7\n...", "binary file (a PDF document)"),
        (b"\x1f\x8b\x08\x00abc", "binary file (a gzip archive)"),
        (bytes(range(1, 32)) * 40, "binary file (control characters)"),
    ],
)
def test_decode_refuses_what_is_not_text(data: bytes, message: str) -> None:
    with pytest.raises(SourceError, match=message.replace("(", r"\(").replace(")", r"\)")):
        decode(data)


def test_decode_handles_boms_declared_charsets_and_newlines() -> None:
    assert decode("Hé\r\nho".encode("utf-16")) == ("Hé\nho", None)
    html = '<meta charset="iso-8859-15"><p>Prix: 5 €</p>'.encode("iso-8859-15")
    text, note = decode(html)
    assert "5 €" in text and note == "not UTF-8 (line 1); read as iso8859-15 (declared)"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2019-04-25", "2019-04-25"),
        ("2019-04-25T16:05:00Z", "2019-04-25T16:05:00+00:00"),
        ("Thu, 25 Apr 2019 16:05:00 -0400", "2019-04-25T16:05:00-04:00"),
        ("April 25, 2019 4:05 PM ET", "2019-04-25T16:05:00"),
        ("12 June 2021", "2021-06-12"),
        ("2024", ""),
        ("April 2019", ""),
        ("yesterday-ish", ""),
        (None, ""),
    ],
)
def test_dates_are_never_invented(value: str | None, expected: str) -> None:
    assert iso_date(value) == expected


def test_canonical_url_ignores_tracking_and_trailing_slash() -> None:
    assert canonical_url("https://WWW.Example.com/a/b/?utm_source=x&id=3#top") == "https://example.com/a/b?id=3"


def test_summary_skips_labels_and_short_lines() -> None:
    body = "*(SOUNDBITE OF MUSIC)*\n\nHi.\n\n**ANNA BELL, HOST:** Mr. Kim met Mr. Putin today in a port city."
    assert summary_from(body) == "Mr. Kim met Mr. Putin today in a port city."


def test_escape_keeps_source_text_literal() -> None:
    escaped = markdown_text.escape("1. <b>x</b> *y* _z_ [[w]] &amp; # h")
    assert escaped == "1\\. \\<b>x\\</b> \\*y\\* \\_z\\_ \\[\\[w\\]\\] \\&amp; # h"
    assert markdown_text.plain(escaped) == "1. <b>x</b> *y* _z_ [[w]] &amp; # h"


def test_sanitiser_keeps_structure_and_drops_code() -> None:
    dirty = (
        '<p onclick="x()">Hi <a href="javascript:alert(1)">a</a> <a href="data:text/html,x">b</a> '
        '<a href="https://ok.test/">c</a><script>bad()</script><style>p{}</style>'
        '<iframe src="https://evil.test"></iframe><img src=x onerror=y></p>'
    )
    assert sanitise.clean(dirty) == '<p>Hi <a>a</a> <a>b</a> <a href="https://ok.test/">c</a></p>'
    assert sanitise.unsafe_parts(dirty) == (
        "1 script, 1 style, 1 iframe, 2 event handler, 1 javascript: URL, 1 data: URL"
    )


def test_paragraphs_that_lost_their_opening_tag_are_mended() -> None:
    soup = "First para.</p>\nSecond <span>para</span>.</p>\n<h2>Head</h2>Third para.</p> Tail"
    assert html_markdown.to_markdown(soup) == "First para.\n\nSecond para.\n\n## Head\n\nThird para.\n\nTail"


def test_bios_need_a_full_name_and_a_journalism_role() -> None:
    kept, back = bios.split_back_matter(
        ["Story.", "Iran has supplied drones to Russia.", "Jo Ann Lee, a former editor, covers energy."]
    )
    assert kept == ["Story.", "Iran has supplied drones to Russia."]
    assert back.bios == {"Jo Ann Lee": "Jo Ann Lee, a former editor, covers energy."}
    assert bios.outlet_in_every_bio({"A": "writes for The Daily Bugle.", "B": "joined The Daily Bugle."}) == (
        "The Daily Bugle"
    )


def test_digest_detects_any_edit_but_ingested_at() -> None:
    text = article_file.render({"title": "T", "ingested_at": "2024-01-01T00:00:00+00:00"}, "Body.")
    assert not article_file.edited_by_hand(text)
    assert not article_file.edited_by_hand(text.replace("2024-01-01", "2025-02-02"))
    assert article_file.edited_by_hand(text.replace("Body.", "Body!"))
    assert article_file.edited_by_hand(text.replace("title: T", "title: U"))
    meta, _, _ = front_matter.parse(text)
    assert list(meta) == ["title", "ingested_at", "ingest_digest"]


def test_similar_texts_finds_a_shortened_reprint_and_forgets_replaced_text() -> None:
    story = " ".join(f"Sentence {n} of the long report says something new about the harbour." for n in range(40))
    index = SimilarTexts()
    index.add("original", story)
    index.add("other", "A completely different text about museums, " * 30)
    reprint = story[: len(story) // 2]
    assert [key for key, _ in index.similar(reprint)] == ["original"]
    assert index.similar(reprint, exclude="original") == []
    index.add("original", "Now it is about trains and nothing else at all, " * 20)
    assert index.similar(reprint) == []
