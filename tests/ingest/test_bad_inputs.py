"""Broken sources: one line ``source: what is wrong`` each, the others still ingested, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.ingest.conftest import INGEST_FIXTURES, articles, ingest, meta_of


@pytest.fixture(scope="module")
def bad_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str, int]:
    """One run over every kind of bad source, next to two good ones."""
    root = tmp_path_factory.mktemp("bad")
    (root / "content" / "articles").mkdir(parents=True)
    inbox = tmp_path_factory.mktemp("inbox")
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "blank.txt").write_bytes(b"  \n\n \n")
    (inbox / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (inbox / "nul.dat").write_bytes(b"abc\x00\x01\x02def" * 50)
    (inbox / "latin1.txt").write_bytes(
        "Caf\u00e9 Owners Protest New Rules\n\nThe caf\u00e9 owners of the old town "
        "protested on Monday against the new terrace rules, which they called na\u00efve.\n".encode("cp1252")
    )
    sources = [
        INGEST_FIXTURES / "wp_cut_in_title.json",
        INGEST_FIXTURES / "invalid.json",
        INGEST_FIXTURES / "feed_with_bad_entry.xml",
        INGEST_FIXTURES / "article_page.html",
        inbox / "empty.txt",
        inbox / "blank.txt",
        inbox / "image.png",
        inbox / "nul.dat",
        inbox / "latin1.txt",
        inbox / "does-not-exist.html",
    ]
    result = ingest(root, *sources)
    return root, result.stdout, result.stderr, result.returncode


def _line(stderr: str, name: str) -> str:
    lines = [line for line in stderr.splitlines() if line.startswith(str(name)) or f"/{name}:" in line]
    assert len(lines) == 1, (name, stderr)
    return lines[0]


def test_no_traceback_and_exit_status_says_something_failed(bad_run: tuple[Path, str, str, int]) -> None:
    _, _, stderr, status = bad_run
    assert "Traceback" not in stderr
    # cut JSON, invalid JSON, the feed's bad entry, empty, blank, PNG, NUL bytes, missing file
    assert status == 1, stderr
    assert stderr.strip().splitlines()[-1] == (
        "ingest: 10 sources, wrote 4 new, replaced 0, 0 already ingested, 8 failed, 2 warnings"
    )


def test_truncated_json_names_where_it_was_cut(bad_run: tuple[Path, str, str, int]) -> None:
    line = _line(bad_run[2], "wp_cut_in_title.json")
    assert line.endswith("wp_cut_in_title.json: cut off inside title.rendered; no content to salvage")


def test_invalid_json_names_the_line_and_column(bad_run: tuple[Path, str, str, int]) -> None:
    line = _line(bad_run[2], "invalid.json")
    assert "invalid.json: syntax error at line 1, column 68: expected a value, found '<'" in line


def test_empty_and_binary_files(bad_run: tuple[Path, str, str, int]) -> None:
    stderr = bad_run[2]
    assert _line(stderr, "empty.txt").endswith("empty.txt: empty file, nothing to ingest")
    assert _line(stderr, "blank.txt").endswith("blank.txt: empty file, nothing to ingest")
    assert _line(stderr, "image.png").endswith("image.png: binary file (a PNG image), not a text source")
    assert _line(stderr, "nul.dat").endswith("nul.dat: binary file (contains NUL bytes), not a text source")
    assert _line(stderr, "does-not-exist.html").endswith("does-not-exist.html: no such file, folder or URL")


def test_non_utf8_text_is_decoded_with_a_warning(bad_run: tuple[Path, str, str, int]) -> None:
    root, _, stderr, _ = bad_run
    line = _line(stderr, "latin1.txt")
    assert line.endswith("latin1.txt: warning: not UTF-8 (line 1); read as cp1252 (detected)")
    meta, body = meta_of(articles(root)["cafe-owners-protest-new-rules.md"])
    assert meta["title"] == "Café Owners Protest New Rules"
    assert "naïve" in body


def test_feed_with_a_bad_entry_keeps_the_others(bad_run: tuple[Path, str, str, int]) -> None:
    root, _, stderr, _ = bad_run
    assert _line(stderr, "feed_with_bad_entry.xml").endswith("feed_with_bad_entry.xml: entry 2: empty entry (no title, text or link)")
    files = articles(root)
    assert "lighthouse-keeper-retires-after-40-years.md" in files
    assert "ferry-timetable-changes-for-summer.md" in files


def test_html_with_scripts_is_ingested_without_them(bad_run: tuple[Path, str, str, int]) -> None:
    root, _, stderr, _ = bad_run
    line = _line(stderr, "article_page.html")
    assert "warning: removed unsafe HTML (2 script, 1 style, 1 iframe, 3 event handler, 1 javascript: URL)" in line
    text = articles(root)["port-deal-signed-after-night-of-talks.md"]
    for unsafe in ("<script", "alert", "onclick", "onerror", "onload", "javascript:", "evil.test", "<iframe", "<"):
        assert unsafe not in text
