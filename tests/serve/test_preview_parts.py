"""The preview's parts on their own: request paths, page decoration, reload targets, watcher."""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dossier.config import host_name
from dossier.project import Project
from dossier.serve import session
from dossier.serve.preview_server import (
    CONTENT_SECURITY_POLICY,
    OVERLAY_CSS,
    SiteSnapshot,
    csp_hash,
    decorate,
    file_name,
    own_hosts,
)
from dossier.serve.session import PreviewBuilder, changed_files, is_loopback, tabs_to_reload
from dossier.serve.watcher import ChangeWatcher


@pytest.mark.parametrize(
    ("path", "name"),
    [
        ("/", "index.html"),
        ("/articles/x/", "articles/x/index.html"),
        ("/static/style.css", "static/style.css"),
        ("//articles//x/", "articles/x/index.html"),
        ("/caf%C3%A9/", "café/index.html"),
        ("/../etc/passwd", None),
        ("/a/%2e%2e/%2e%2e/b", None),
        ("/a/..%2fb", None),
        ("/./index.html", None),
        ("/a%5c..%5cb", None),
        ("/%00", None),
        ("/%ff", None),
    ],
)
def test_request_paths_map_to_output_names_or_nothing(path: str, name: str | None):
    assert file_name(path) == name


def test_pages_get_the_reload_script_and_an_escaped_overlay():
    site = SiteSnapshot({}, ("content/a.md:3: bad <script>alert(1)</script>",), held_back=True)
    page = decorate(b"<html><body><p>x</p></body></html>", site)
    assert page.startswith(b'<html><body><p>x</p><script src="/livereload.js"></script><style>')
    assert page.endswith(b"</div></body></html>")
    assert b"<script>alert" not in page and b"&lt;script&gt;alert(1)" in page
    assert b"last good build" in page
    assert b" style=" not in page  # the overlay's only style is its hashed <style> element
    assert f"<style>{OVERLAY_CSS}</style>".encode() in page
    assert csp_hash(OVERLAY_CSS) in CONTENT_SECURITY_POLICY
    clean = decorate(b"<p>no body tag</p>", SiteSnapshot({}))
    assert clean == b'<p>no body tag</p><script src="/livereload.js"></script>'


def test_only_tabs_of_changed_pages_reload_unless_styles_or_errors_change():
    old = SiteSnapshot({"a.html": b"1", "b.html": b"2", "s.css": b"x"})
    edited = SiteSnapshot({"a.html": b"1!", "b.html": b"2", "s.css": b"x", "c.html": b"3"})
    changed = changed_files(old, edited)
    assert changed == {"a.html", "c.html"}
    assert tabs_to_reload(old, edited, changed) == {"a.html", "c.html"}
    styled = SiteSnapshot({**old.files, "s.css": b"y"})
    assert tabs_to_reload(old, styled, changed_files(old, styled)) is None
    failed = SiteSnapshot(old.files, ("a.md:1: broken",), held_back=True)
    assert tabs_to_reload(old, failed, changed_files(old, failed)) is None


def test_the_names_the_preview_answers_to():
    hosts = own_hosts("127.0.0.1", 8000, ["tunnel.example", "lan.box:9000", "[fd00::1]"])
    assert hosts == {
        "localhost:8000", "127.0.0.1:8000", "[::1]:8000",
        "tunnel.example", "tunnel.example:8000", "lan.box:9000",
        "[fd00::1]", "[fd00::1]:8000",
    }  # fmt: skip
    assert "[::1]:8000" in own_hosts("::1", 8000) and "mybox.lan:8000" in own_hosts(
        "mybox.lan", 8000
    )
    assert {"localhost", "127.0.0.1", "localhost:80"} <= own_hosts("127.0.0.1", 80)


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("Tunnel.Example", "tunnel.example"),
        ("mybox.local:8000", "mybox.local:8000"),
        ("[FD00::1]:443", "[fd00::1]:443"),
        ("10.0.0.7", "10.0.0.7"),
        ("http://x.example/", None),
        ("*", None),
        ("x.example:0", None),
        ("x.example:70000", None),
        ("a b", None),
        ("-x.example", None),
        ("", None),
    ],
)
def test_allowed_host_names(text: str, host: str | None):
    assert host_name(text) == host


def test_loopback_hosts():
    assert is_loopback("127.0.0.1") and is_loopback("localhost") and is_loopback("::1")
    assert not is_loopback("0.0.0.0") and not is_loopback("192.168.1.4")


def test_a_burst_of_writes_is_one_change(tmp_path: Path):
    watcher = ChangeWatcher([tmp_path], quiet=0.5)
    stop = threading.Event()

    def burst() -> None:
        for i in range(30):
            (tmp_path / f"f{i:02}.md").write_text(str(i))
            stop.wait(0.005)
        (tmp_path / ".f00.md.swp").write_text("editor scratch, ignored")

    writer = threading.Thread(target=burst)
    writer.start()
    changed = watcher.wait(stop)
    writer.join()
    assert changed == [str(tmp_path / f"f{i:02}.md") for i in range(30)]
    stop.set()
    assert watcher.wait(stop) is None  # stopping ends the wait


def test_a_settings_file_and_a_folder_made_later_are_watched_too(tmp_path: Path):
    content, templates, settings = tmp_path / "content", tmp_path / "templates", tmp_path / "s.yml"
    content.mkdir()
    settings.write_text("title: A\n")
    watcher = ChangeWatcher([content, templates, settings])
    stop = threading.Event()
    (tmp_path / "elsewhere.md").write_text("not a source")
    settings.write_text("title: B, a longer title\n")
    assert watcher.wait(stop) == [str(settings)]
    templates.mkdir()
    assert watcher.wait(stop) == [str(templates)]
    (templates / "page.html").write_text("<p>own</p>")
    assert watcher.wait(stop) == [str(templates / "page.html")]
    (content / "a.md").write_text("an article")
    assert watcher.wait(stop) == [str(content / "a.md")]


def test_the_wait_calls_idle_between_changes_and_the_builder_collects_once(
    site_project: Path, monkeypatch
):
    """Garbage is collected while the preview is idle, once after each rebuild, and not
    before the preview has been quiet for a while (a writer saving again meets no pause)."""
    watcher = ChangeWatcher([site_project / "content"], look=0.05)
    stop = threading.Event()
    new_page = site_project / "content/pages/new.md"
    idle: list[int] = []

    def write_when_idle() -> None:
        idle.append(1)
        new_page.write_text("---\ntitle: New\n---\nText.\n")

    # without a call to idle, the page is written a while later, and the test fails
    fallback = threading.Timer(10, lambda: new_page.write_text("---\ntitle: Late\n---\n"))
    fallback.start()
    assert watcher.wait(stop, idle=write_when_idle) == [str(new_page)]
    fallback.cancel()
    assert idle
    builder = PreviewBuilder(Project(site_project), False, "http://127.0.0.1:8000/", search=False)
    collected: list[int] = []
    monkeypatch.setattr(gc, "collect", lambda: collected.append(1) or 0)
    monkeypatch.setattr(session, "COLLECT_WHEN_QUIET", 0.2)
    changes = iter([[str(new_page)], None])
    right_after: list[int] = []

    class OneChange:
        def wait(self, stop: threading.Event, idle: Callable[[], None]) -> list[str] | None:
            idle()
            right_after.append(len(collected))
            time.sleep(0.25)
            idle()
            idle()
            return next(changes)

    builder.watch(OneChange(), stop, lambda reload: None)  # type: ignore[arg-type]
    assert right_after == [0, 0]  # not right after the rebuild
    assert collected == [1]  # after the rebuild, once quiet, not before it, and once


def test_the_search_index_waits_for_rebuilds_to_stop(site_project: Path, monkeypatch):
    """After a rebuild, the index is made only once no rebuild came for a while."""
    monkeypatch.setattr(session, "INDEX_WHEN_QUIET", 0.3)
    quiet_for: list[float] = []

    def index(files: dict[str, bytes], stop: threading.Event) -> dict[str, bytes]:
        quiet_for.append(time.monotonic() - (builder._rebuilt_at or 0.0))
        return {}

    monkeypatch.setattr(session, "index_files", index)
    builder = PreviewBuilder(Project(site_project), False, "http://127.0.0.1:8000/")
    builder.build()  # the first build is indexed at once
    stop = threading.Event()
    indexer = threading.Thread(target=builder.index_in_background, args=(stop,))
    indexer.start()
    while not quiet_for:
        stop.wait(0.01)
    for _ in range(3):
        builder.rebuild([])
    while len(quiet_for) < 2:
        stop.wait(0.01)
    stop.set()
    indexer.join()
    assert quiet_for[1] >= 0.3
