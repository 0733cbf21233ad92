"""Each entry is itself: id/guid, else link and date, else content. Nothing is merged silently."""

from __future__ import annotations

from pathlib import Path

from tests.feeds.conftest import FEEDS, parse
from tests.ingest.conftest import articles, ingest, meta_of


def test_identity_is_the_id_else_link_and_date_else_content() -> None:
    ids = [a.extra["entry_id"] for a in parse("same_title.xml").articles]
    assert ids[4:] == ["notice-5", "notice-6"]
    assert len(set(ids)) == 6 and all(i.startswith("sha256:") for i in ids[:4])
    links = [a.extra["entry_id"] for a in parse("fragment_links.xml").articles]
    assert links == [
        "https://harbour.test/changes#v1",
        "https://harbour.test/changes#v1-1",
        "https://harbour.test/changes#v2",
    ]


def test_distinct_entries_are_all_written_and_a_second_run_writes_none(project: Path) -> None:
    """Same titles, same link, links differing after '#': each was merged into one article."""
    first = ingest(project, FEEDS / "same_title.xml", FEEDS / "fragment_links.xml")
    assert first.returncode == 0, first.stderr
    assert "wrote 9 new" in first.stderr
    files = articles(project)
    assert len(files) == 9
    bodies = sorted(meta_of(text)[1].strip() for text in files.values())
    assert "Rain, 12 degrees." in bodies and "Sunny, 20 degrees." in bodies
    assert "High water at six." in bodies and "High water at seven." in bodies
    again = ingest(project, FEEDS / "same_title.xml", FEEDS / "fragment_links.xml")
    assert again.returncode == 0, again.stderr
    assert "wrote 0 new" in again.stderr and "9 already ingested" in again.stderr
    assert "(same feed entry)" in again.stdout
    assert len(articles(project)) == 9


def test_an_entry_repeated_in_the_feed_is_written_once(project: Path, tmp_path: Path) -> None:
    twice = tmp_path / "twice.xml"
    item = "<item><guid>a-1</guid><title>Pier closed</title><description>Pier two is closed.</description></item>"
    twice.write_text(
        f'<rss version="2.0"><channel><title>H</title>{item}{item}</channel></rss>', "utf-8"
    )
    result = ingest(project, twice)
    assert "wrote 1 new" in result.stderr and "1 already ingested" in result.stderr
