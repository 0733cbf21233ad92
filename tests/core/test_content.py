import datetime as dt
from pathlib import Path

import pytest

from dossier.content.documents import ContentError, load_content, load_document, parse_date
from dossier.diagnostics import Diagnostics
from dossier.project import Project


def doc(text: str, kind: str = "article", name: str = "a.md"):
    return load_document(Path(name), kind, f"content/articles/{name}", text.encode())


def test_article_fields_are_normalised():
    d = doc(
        "---\ntitle: T\ndate: 2023-09-05T17:09:58\nauthors: Edward Wong\nentities: [Kim, {name: Moscow, type: location}]\n---\nBody"
    )
    assert d.title == "T"
    assert d.date == dt.datetime(2023, 9, 5, 17, 9, 58)
    assert d.meta["authors"] == ["Edward Wong"]
    assert d.meta["entities"] == [
        {"name": "Kim", "type": "other"},
        {"name": "Moscow", "type": "place"},
    ]
    assert d.url == "articles/a/"


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: T\ndate: 5th of May\n---\n", 3, "invalid date"),
        ("---\nsummary: no title\n---\n", 1, "missing required field 'title'"),
        ("---\ntitle: T\nauthors: {a: 1}\n---\n", 3, "'authors' must be a list of text"),
        ("---\ntitle: T\ndraft: maybe\n---\n", 3, "'draft' must be true or false"),
        ("---\ntitle: T\nentities: [{type: person}]\n---\n", 3, "entities[0]"),
        ("---\ntitle: T\nentities: [{name: X, type: planet}]\n---\n", 3, "not one of"),
    ],
)
def test_bad_fields_name_field_and_line(text, line, words):
    with pytest.raises(ContentError) as info:
        doc(text)
    assert info.value.line == line
    assert words in info.value.message


def test_not_utf8_names_the_line():
    with pytest.raises(ContentError) as info:
        load_document(Path("a.md"), "article", "a.md", b"---\ntitle: ok\n---\n\ncaf\xe9\n")
    assert info.value.line == 5 and "UTF-8" in info.value.message


def test_parse_date_accepts_iso_forms():
    assert parse_date("2024-01-02") == dt.datetime(2024, 1, 2)
    assert parse_date("2024-01-02T03:04:05Z") == dt.datetime(2024, 1, 2, 3, 4, 5)
    assert parse_date(dt.date(2024, 1, 2)) == dt.datetime(2024, 1, 2)
    assert parse_date("") is None


def test_load_content_reports_and_skips_bad_files(site_project: Path):
    articles = site_project / "content" / "articles"
    (articles / "broken.md").write_text("---\ntitle: [oops\n---\n")
    (articles / "Port Deal Signed.md").write_text("---\ntitle: Same slug\n---\n")
    diagnostics = Diagnostics()
    documents = load_content(Project(site_project), diagnostics)
    messages = [str(d) for d in diagnostics.errors]
    assert any(m.startswith("content/articles/broken.md:3: invalid YAML") for m in messages)
    assert any("duplicate slug 'port-deal-signed'" in m for m in messages)
    titles = {d.title for d in documents}
    assert "Harbour audit finds gaps" in titles and "Unfinished story" not in titles
    with_drafts = load_content(Project(site_project), Diagnostics(), include_drafts=True)
    assert "Unfinished story" in {d.title for d in with_drafts}
