"""``dossier serve`` as a user runs it: a real process on a free loopback port, driven over HTTP."""

from __future__ import annotations

import html
import signal
from pathlib import Path

from .conftest import ServerProcess, start_server, wait_for

ARTICLE = "content/articles/port-deal-signed.md"
PAGE = "/articles/port-deal-signed/"
OVERLAY = 'id="dossier-build-errors"'


def edit(project: Path, old: str, new: str, name: str = ARTICLE) -> str:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text


def page_has(server: ServerProcess, path: str, text: str) -> bool:
    status, body = server.request(path)
    return status == 200 and text in body


def test_serves_the_site_with_livereload_on_loopback_only(server: ServerProcess):
    assert server.host == "127.0.0.1"
    status, body = server.request("/")
    assert status == 200 and "Harbour Inquiry" in body
    assert '<script src="/livereload.js"></script></body>' in body
    assert OVERLAY not in body
    status, script = server.request("/livereload.js")
    assert status == 200 and "LiveReload" in script
    listening = Path("/proc/net/tcp")
    if listening.exists():  # the kernel's own table: the socket is bound to 127.0.0.1 only
        port = f"{server.port:04X}"
        local = [row.split()[1] for row in listening.read_text().splitlines()[1:]]
        assert f"0100007F:{port}" in local and f"00000000:{port}" not in local


def test_an_edit_shows_up_and_only_changed_bodies_are_rendered(server: ServerProcess):
    assert page_has(server, PAGE, "thirty-year contract")
    edit(server.project, "thirty-year contract", "forty-year contract")
    wait_for(lambda: page_has(server, PAGE, "forty-year contract"), "the edited text")
    wait_for(server.rebuild_lines, "the rebuild line")
    # its page and the two entity pages that quote the sentence edited
    assert "1 body, 3 pages rendered" in server.rebuild_lines()[-1]


def test_broken_front_matter_shows_an_overlay_over_the_last_good_site(server: ServerProcess):
    original = edit(server.project, "topics: [Trade]", "topics: [Trade\nsource: x: y")
    wait_for(lambda: page_has(server, PAGE, OVERLAY), "the error overlay")
    status, body = server.request(PAGE)
    assert status == 200 and "thirty-year contract" in body  # the last good page, still served
    assert f"{ARTICLE}:" in body  # path:line: message
    # the terminal prints the same (the overlay can be served a moment before it is printed)
    problem = wait_for(
        lambda: next((line for line in server.lines if line.startswith(f"{ARTICLE}:")), None),
        "the error in the terminal",
    )
    assert str(problem).split(":")[1].isdigit()  # with its line
    assert str(problem) in html.unescape(body)
    assert page_has(server, "/", OVERLAY)  # on every page
    assert any("failed" in line for line in server.rebuild_lines())

    (server.project / ARTICLE).write_text(
        original.replace("thirty-year contract", "fixed contract"), encoding="utf-8"
    )
    wait_for(lambda: page_has(server, PAGE, "fixed contract"), "the fixed page")
    assert not page_has(server, PAGE, OVERLAY)
    assert not page_has(server, "/", OVERLAY)


def test_a_burst_of_30_new_files_gives_a_bounded_number_of_rebuilds(server: ServerProcess):
    folder = server.project / "content" / "articles"
    for i in range(30):  # as an ingest of 30 sources writes them
        (folder / f"burst-{i:02}.md").write_text(
            f"---\ntitle: Burst story {i}\ntopics: [Trade]\n---\n\nBurst body {i}.\n",
            encoding="utf-8",
        )
    wait_for(lambda: page_has(server, "/articles/burst-29/", "Burst body 29."), "the last file")
    assert all(page_has(server, f"/articles/burst-{i:02}/", f"Burst body {i}.") for i in range(30))
    assert 1 <= len(server.rebuild_lines()) <= 3, server.rebuild_lines()


TRAVERSALS = [
    "/../dossier.yml",
    "/../../../../etc/passwd",
    "/articles/../../dossier.yml",
    "/%2e%2e/dossier.yml",
    "/%2E%2E%2Fdossier.yml",
    "/..%2f..%2fetc%2fpasswd",
    "/static/..%5c..%5cdossier.yml",
    "/%252e%252e/dossier.yml",
    "/dossier.yml",
    "/content/articles/port-deal-signed.md",
    "/outside/secret.txt",
    "/%00",
    "/%ff",
]


def test_nothing_outside_the_site_is_served(server: ServerProcess):
    (server.project.parent / "secret.txt").write_text("top secret")
    (server.project / "outside").symlink_to(server.project.parent)
    for path in TRAVERSALS:
        status, body = server.request(path)
        assert status == 404, path
        assert "Page not found" in body, path
        assert "top secret" not in body and "root:" not in body and "title:" not in body, path


def test_unknown_paths_get_the_site_404_page(server: ServerProcess):
    status, body = server.request("/no/such/page/")
    assert status == 404 and "Page not found" in body
    assert 'href="/static/style.css"' in body  # its links work from any depth of the preview
    status, _ = server.request("/articles/port-deal-signed")
    assert status == 302  # a pretty URL without its slash goes to the page


def test_stops_cleanly_on_ctrl_c(site_project: Path):
    running = start_server(site_project)
    try:
        assert running.stop(signal.SIGINT) == 0
        assert running.lines[-1] == "Stopped."
        assert not any("Traceback" in line for line in running.lines)
    finally:
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


def test_the_preview_has_a_search_index_that_follows_edits(server: ServerProcess):
    def entry() -> str | None:
        status, body = server.request("/pagefind/pagefind-entry.json")
        return body if status == 200 else None

    first = wait_for(entry, "the search index")
    assert '"languages"' in first
    status, _ = server.request("/pagefind/pagefind.js")
    assert status == 200
    edit(server.project, "thirty-year contract", "thirty-year xylophonic contract")
    wait_for(lambda: page_has(server, PAGE, "xylophonic"), "the edited text")
    wait_for(lambda: entry() not in (None, first), "a new search index")
