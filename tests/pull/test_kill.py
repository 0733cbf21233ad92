"""A pull killed with SIGKILL loses nothing and writes nothing twice when run again."""

from __future__ import annotations

import json
import signal
import subprocess
import time
from pathlib import Path

from dossier.content import front_matter
from tests.conftest import DOSSIER, dossier_env
from tests.pull.conftest import PULL_FIXTURES, Server, article_files, configure, pull

ENTRIES = 12


def _feed() -> bytes:
    items = "".join(
        f"<item><guid>e-{n}</guid><title>Harbour notice {n}</title><link>{{base}}/news/{n}</link>"
        f"<description>Notice {n} about the harbour.</description></item>"
        for n in range(ENTRIES)
    )
    return f'<rss version="2.0"><channel><title>Harbour</title>{items}</channel></rss>'.encode()


def test_killed_pull_resumes_without_duplicates(
    project: Path, servers: tuple[Server, Server]
) -> None:
    main, _ = servers
    feed = main.serve("/feed.xml", validators=False)
    main.routes["/feed.xml"].body = _feed()
    page = (PULL_FIXTURES / "ferry.html").read_bytes()
    for n in range(ENTRIES):
        main.serve(f"/news/{n}", content_type="text/html", delay=0.4)
        main.routes[f"/news/{n}"].body = page.replace(
            b"Ferry fares rise", f"Notice {n}: fares rise".encode()
        )
    configure(project, f"  - {feed}\n")
    running = subprocess.Popen(
        [*DOSSIER, "pull", "--no-entities"], cwd=project, env=dossier_env(),
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while len(article_files(project)) < 3 and time.monotonic() < deadline:
        time.sleep(0.05)
    running.send_signal(signal.SIGKILL)
    running.wait()
    written = len(article_files(project))
    assert 3 <= written < ENTRIES
    state = json.loads((project / "feeds-seen.json").read_text("utf-8"))  # whole, never half
    assert len(state["feeds"][feed]["seen"]) in (written - 1, written)

    for route in main.routes.values():
        route.delay = 0.0
    result = pull(project)
    assert result.returncode == 0, result.stderr
    ids = []
    for path in (project / "content" / "articles").glob("*.md"):
        meta, _, _ = front_matter.parse(path.read_text("utf-8"))
        ids.append(meta["entry_id"])
    assert sorted(ids) == sorted(f"e-{n}" for n in range(ENTRIES))
    state = json.loads((project / "feeds-seen.json").read_text("utf-8"))
    assert len(state["feeds"][feed]["seen"]) == ENTRIES


def test_entries_written_but_not_recorded_are_not_written_again(
    project: Path, servers: tuple[Server, Server]
) -> None:
    """A kill between writing an article and recording it: the article's entry_id tells."""
    main, _ = servers
    feed = main.serve("/harbour.xml", "harbour.xml")
    configure(project, f"  - {feed}\n")
    assert pull(project).returncode == 0
    (project / "feeds-seen.json").unlink()
    again = pull(project)
    assert f"{feed}: 0 new, 0 skipped by rules, 4 already seen, 0 failed" in again.stdout
    assert len(article_files(project)) == 4
