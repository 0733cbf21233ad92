"""``dossier pull`` against real HTTP: two feeds, pulled twice, on-topic entries once, full text."""

from __future__ import annotations

import json
from pathlib import Path

from dossier.content import front_matter
from dossier.subscriptions.http import USER_AGENT
from tests.pull.conftest import Server, article_files, configure, pull


def _feeds(harbour: str, ports: str) -> str:
    return (
        f"  - url: {harbour}\n    topic: Harbour\n"
        "    include: [harbour, ferry]\n    exclude: {keywords: [football]}\n"
        f"  - url: {ports}\n    include: {{entities: [Vladivostok]}}\n"
    )


def _metas(project: Path) -> dict[str, dict]:
    folder = project / "content" / "articles"
    metas = {}
    for path in folder.glob("*.md"):
        meta, body, _ = front_matter.parse(path.read_text("utf-8"))
        metas[meta["title"]] = {**meta, "body": body}
    return metas


def test_two_feeds_pulled_twice_give_the_on_topic_entries_once(
    project: Path, servers: tuple[Server, Server]
) -> None:
    main, _ = servers
    harbour = main.serve("/harbour.xml", "harbour.xml")
    ports = main.serve("/ports.json", "ports.json", content_type="application/feed+json")
    main.serve("/news/ferry", "ferry.html", content_type="text/html; charset=utf-8")
    configure(project, _feeds(harbour, ports))

    first = pull(project)
    assert first.returncode == 0, first.stderr
    assert f"{harbour}: 2 new, 2 skipped by rules, 0 already seen, 0 failed" in first.stdout
    assert f"{ports}: 1 new, 1 skipped by rules, 0 already seen, 0 failed" in first.stdout
    assert (
        "skipped, 'Football: harbour side wins the cup' matches the exclude rule 'football'"
        in first.stdout
    )
    assert "'Bakery opens' matches no include rule" in first.stdout
    metas = _metas(project)
    assert sorted(metas) == [
        "Ferry fares rise in the harbour", "Harbour reopens after storm", "Владивосток: новый причал",
    ]  # fmt: skip
    ferry = metas["Ferry fares rise in the harbour"]
    assert "Islanders who cross every day" in ferry["body"]  # the page's text, not the summary
    assert ferry["summary"] == "Ferry fares go up in April."
    assert ferry["entry_id"] == "harbour-2" and ferry["topics"] == ["Harbour"]
    assert ferry["format"] == "html" and ferry["url"] == f"{main.base}/news/ferry"
    assert metas["Harbour reopens after storm"]["format"] == "feed"  # full content: no fetch
    assert "/news/reopens" not in main.paths()
    assert metas["Владивосток: новый причал"]["language"] == "ru"
    assert all(headers["User-Agent"] == USER_AGENT for _, headers in main.requests)

    main.requests.clear()
    second = pull(project)
    assert second.returncode == 0, second.stderr
    assert f"{harbour}: not modified since the last pull" in second.stdout
    assert f"{ports}: not modified since the last pull" in second.stdout
    assert main.paths() == ["/harbour.xml", "/ports.json"]  # one 304 each, nothing else
    assert len(article_files(project)) == 3


def test_seen_entries_are_remembered_when_the_server_has_no_validators(
    project: Path, servers: tuple[Server, Server]
) -> None:
    main, _ = servers
    harbour = main.serve("/harbour.xml", "harbour.xml", validators=False)
    main.serve("/news/ferry", "ferry.html", content_type="text/html")
    configure(project, f"  - {harbour}\n")
    assert pull(project).returncode == 0
    assert len(article_files(project)) == 4
    state = json.loads((project / "feeds-seen.json").read_text("utf-8"))
    assert sorted(state["feeds"][harbour]["seen"]) == [f"harbour-{n}" for n in range(1, 5)]
    main.requests.clear()
    again = pull(project)
    assert f"{harbour}: 0 new, 0 skipped by rules, 4 already seen, 0 failed" in again.stdout
    assert main.paths() == ["/harbour.xml"]


def test_dry_run_writes_and_remembers_nothing(
    project: Path, servers: tuple[Server, Server]
) -> None:
    main, _ = servers
    harbour = main.serve("/harbour.xml", "harbour.xml")
    configure(project, f"  - {harbour}\n")
    result = pull(project, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert f"{harbour}: 4 would ingest" in result.stdout
    assert "would write content/articles/harbour-reopens-after-storm.md" in result.stdout
    assert article_files(project) == []
    assert not (project / "feeds-seen.json").exists()


def test_a_failing_feed_never_stops_the_others(
    project: Path, servers: tuple[Server, Server]
) -> None:
    main, _ = servers
    broken = main.serve("/500.xml", status=500)
    slow = main.serve("/slow.xml", "harbour.xml", delay=3.0)
    huge = main.serve("/huge.xml", "harbour.xml", declared_length=21 * 1024 * 1024)
    endless = main.serve("/endless.xml", declared_length=-1)
    main.routes["/endless.xml"].body = b"<rss>" + b" " * (21 * 1024 * 1024)
    not_a_feed = main.serve("/page.xml", "ferry.html", content_type="text/html")
    good = main.serve("/ports.json", "ports.json")
    missing = f"{main.base}/missing.xml"
    listed = "".join(
        f"  - {url}\n" for url in (missing, broken, slow, huge, endless, not_a_feed, good)
    )
    configure(project, listed)
    result = pull(project, "--timeout", "1")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert f"{missing}: failed: HTTP 404 Not Found" in lines
    assert f"{broken}: failed: HTTP 500 Internal Server Error" in lines
    assert f"{slow}: failed: timed out after 1 s" in lines
    assert f"{huge}: failed: larger than 20 MB; not fetched" in lines
    assert f"{endless}: failed: larger than 20 MB; not fetched" in lines
    assert any(line.startswith(f"{not_a_feed}: failed: no entries in the feed") for line in lines)
    assert f"{good}: 2 new, 0 skipped by rules, 0 already seen, 0 failed" in result.stdout


def test_a_page_that_cannot_be_fetched_keeps_the_feeds_summary(
    project: Path, servers: tuple[Server, Server]
) -> None:
    main, _ = servers
    harbour = main.serve("/harbour.xml", "harbour.xml")  # /news/ferry answers 404
    configure(project, f"  - {harbour}\n")
    result = pull(project)
    assert result.returncode == 0, result.stderr
    assert (
        "entry 2: warning: full article not fetched, the feed's text is kept: HTTP 404"
        in result.stderr
    )
    assert (
        _metas(project)["Ferry fares rise in the harbour"]["body"].strip()
        == "Ferry fares go up in April."
    )


def test_bad_feed_settings_are_reported_with_their_line(project: Path) -> None:
    configure(
        project, "  - url: ftp://example.org/feed\n  - {url: https://example.org/f, include: 3}\n"
    )
    result = pull(project)
    assert result.returncode == 1
    assert "dossier.yml:4: feeds[0]: 'url' must be an http(s) address" in result.stderr
    assert (
        "dossier.yml:5: feeds[1]: 'include' must be a list of keywords or {keywords, entities}"
        in result.stderr
    )


def test_relative_links_and_the_state_keeps_only_what_the_feed_lists(
    project: Path, servers: tuple[Server, Server]
) -> None:
    """A relative entry link is the feed's; ids the feed no longer lists are forgotten."""
    main, _ = servers
    harbour = main.serve("/harbour.xml", "harbour.xml")
    main.serve("/news/ferry", "ferry.html", content_type="text/html")
    configure(project, f"  - {harbour}\n")
    assert pull(project).returncode == 0
    main.routes["/harbour.xml"].body = (
        b'<rss version="2.0"><channel><title>Harbour Herald</title><item><guid>harbour-9</guid>'
        b"<title>Ferry fares rise again</title><link>/news/ferry</link>"
        b"<description>Fares again.</description></item></channel></rss>"
    )
    result = pull(project)
    assert f"{harbour}: 1 new, 0 skipped by rules, 0 already seen, 0 failed" in result.stdout
    assert "Islanders who cross every day" in _metas(project)["Ferry fares rise again"]["body"]
    state = json.loads((project / "feeds-seen.json").read_text("utf-8"))
    assert state["feeds"][harbour]["seen"] == ["harbour-9"]
