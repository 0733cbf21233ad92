"""URL sources against a local HTTP server on 127.0.0.1: success, 404, timeout."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dossier.ingest import fetch
from dossier.ingest.model import SourceError
from tests.ingest.conftest import INGEST_FIXTURES, articles, ingest, meta_of

PAGE = (INGEST_FIXTURES / "article_page.html").read_bytes()
FEED = (INGEST_FIXTURES / "feed_with_bad_entry.xml").read_bytes()
SLOW_SECONDS = 2.0


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(SLOW_SECONDS)
        if self.path in ("/article", "/slow"):
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif self.path == "/feed":
            self._send(200, "application/rss+xml", FEED)
        elif self.path == "/big":
            self._send(200, "text/html", b"<p>" + b"x" * (fetch.MAX_BYTES + 10) + b"</p>")
        else:
            self._send(404, "text/plain", b"not here")

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (the timeout test)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_url_sources_ingest_and_fail_cleanly(project: Path, server: str) -> None:
    result = ingest(project, f"{server}/article", f"{server}/missing", f"{server}/slow", "--timeout", "0.5")
    assert "Traceback" not in result.stderr
    assert result.returncode == 1
    assert f"{server}/missing: HTTP 404 Not Found" in result.stderr.splitlines()
    assert f"{server}/slow: timed out after 0.5 s" in result.stderr.splitlines()
    meta, body = meta_of(articles(project)["port-deal-signed-after-night-of-talks.md"])
    assert meta["ingested_from"] == f"{server}/article"
    assert meta["format"] == "html"
    assert meta["url"] == "https://harbour-herald.test/news/2020/11/04/port-deal"
    assert "deep-water port" in body


def test_feed_url_is_detected_as_a_feed(server: str) -> None:
    source = fetch.fetch(f"{server}/feed", timeout=5)
    assert source.content_type == "application/rss+xml"
    assert source.data == FEED


def test_oversized_download_is_refused(server: str) -> None:
    with pytest.raises(SourceError, match="larger than 20 MB"):
        fetch.fetch(f"{server}/big", timeout=5)


def test_unreachable_host_is_a_clear_error() -> None:
    with pytest.raises(SourceError, match="cannot fetch"):
        fetch.fetch("http://127.0.0.1:9/nothing", timeout=2)
