"""Ingest bugs found by the security tests, each pinned by the smallest source that showed it."""

from __future__ import annotations

import json
from pathlib import Path

from dossier.ingest import html_page
from dossier.ingest.metadata import canonical_url, outlet_from_url, web_url
from tests.security.ingest_run import start


def test_posts_sharing_a_non_web_link_are_not_taken_for_copies(tmp_path: Path):
    """Every post whose link was ``javascript:...`` used to be "already ingested": 19 of 40 lost."""
    posts = [
        {
            "link": "javascript:alert(1)",
            "title": {"rendered": f"Story number {n}"},
            "content": {"rendered": f"<p>Entirely different text for story {n}.</p>"},
        }
        for n in range(3)
    ]
    run = start(tmp_path / "p")
    run.add("posts.json", json.dumps(posts).encode())
    assert run.ingest.tally.written == 3, run.info + run.problems
    assert canonical_url("javascript:alert(1)") == "" and canonical_url("not a url") == ""
    assert canonical_url("https://www.x.test/a/?utm_source=y#z") == "https://x.test/a"


def test_an_unsplittable_url_costs_the_url_not_the_article(tmp_path: Path):
    """``url: http://[oops`` made urllib raise, and the Markdown source "could not be read"."""
    run = start(tmp_path / "p")
    run.add("note.md", b"---\ntitle: Quay note\nurl: http://[oops\n---\n\nThe quay is open.\n")
    assert run.problems == [] and run.ingest.tally.written == 1
    text = (tmp_path / "p" / "content" / "articles" / "quay-note.md").read_text()
    assert "url: ''" in text or "url: \n" in text or "url:\n" in text
    assert web_url("http://[oops") == "" and outlet_from_url("http://[oops") == ""


def test_a_control_character_reference_in_a_link_does_not_lose_the_page():
    """trafilatura returned nothing for a page with ``<a href="&#14;javascript:...">``."""
    page = (
        "<html><head><title>Dock strike ends</title></head><body><article><h1>Dock strike ends"
        "</h1><p>The dock strike ended on Tuesday after ten days of talks between the union "
        "and the port.</p><p><a href=\" &#14;javascript:alert('x')\">x</a> and &#xFFFE;"
        "&#0; more.</p><p>Work resumes on Wednesday morning, the union said.</p>"
        "</article></body></html>"
    )
    parsed = html_page.parse(page)
    assert len(parsed.articles) == 1
    body = parsed.articles[0].body
    assert "Work resumes" in body and "javascript" not in body and "\x0e" not in body


def test_a_yaml_reader_error_in_a_markdown_source_is_one_line(tmp_path: Path):
    run = start(tmp_path / "p")
    run.add("bad.md", b"---\ntitle: T\ndate: 7 March \x12024\n---\n\nText.\n")
    assert len(run.problems) == 1
    assert run.problems[0].startswith("bad.md: ") and "\n" not in run.problems[0]
