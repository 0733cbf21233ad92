"""A real HTTP server on 127.0.0.1 (and a second one on 127.0.0.2) that ``dossier pull`` talks to.

Routes are set per test: a body (``{base}`` and ``{other}`` replaced by the two
servers' addresses), a status, a delay, headers. Every request is recorded, so a
test can say what was asked and, for the other server, that nothing was.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import FIXTURES, run_dossier

PULL_FIXTURES = FIXTURES / "pull"
LAST_MODIFIED = formatdate(1_700_000_000, usegmt=True)


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/rss+xml"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)
    validators: bool = True  # ETag and Last-Modified, and 304 when they match
    declared_length: int | None = None  # a Content-Length that lies; -1 for none at all


@dataclass
class Server:
    base: str
    routes: dict[str, Route] = field(default_factory=dict)
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    other: str = ""

    def serve(self, path: str, fixture: str | None = None, **route: object) -> str:
        """Serve ``fixture`` (from tests/fixtures/pull) at ``path``; return its URL."""
        body = (PULL_FIXTURES / fixture).read_bytes() if fixture else b""
        self.routes[path] = Route(body=body, **route)  # type: ignore[arg-type]
        return self.base + path

    def paths(self) -> list[str]:
        return [path for path, _ in self.requests]


def _handler(server: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server.requests.append((self.path, dict(self.headers)))
            route = server.routes.get(self.path)
            if route is None:
                self._send(404, "text/plain", b"not here", {})
                return
            time.sleep(route.delay)
            body = route.body.replace(b"{base}", server.base.encode())
            body = body.replace(b"{other}", server.other.encode())
            headers = dict(route.headers)
            if route.validators:
                etag = f'"{abs(hash(body))}"'
                headers.update({"ETag": etag, "Last-Modified": LAST_MODIFIED})
                if self.headers.get("If-None-Match") == etag or (
                    "If-None-Match" not in self.headers
                    and self.headers.get("If-Modified-Since") == LAST_MODIFIED
                ):
                    self._send(304, route.content_type, b"", headers)
                    return
            self._send(route.status, route.content_type, body, headers, route.declared_length)

        def _send(
            self,
            status: int,
            kind: str,
            body: bytes,
            headers: dict[str, str],
            length: int | None = None,
        ) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            if length != -1:  # -1: no length, the body ends when the connection closes
                self.send_header("Content-Length", str(len(body) if length is None else length))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            try:
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up: a timeout or a refused size

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def _start(host: str, server: Server) -> tuple[ThreadingHTTPServer, str]:
    httpd = ThreadingHTTPServer((host, 0), _handler(server))
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://{host}:{httpd.server_address[1]}"


@pytest.fixture
def servers() -> Iterator[tuple[Server, Server]]:
    """The feed's server on 127.0.0.1 and another host, 127.0.0.2, that a feed links to."""
    main, other = Server(""), Server("")
    main_httpd, main.base = _start("127.0.0.1", main)
    other_httpd, other.base = _start("127.0.0.2", other)
    main.other = other.base
    yield main, other
    for httpd in (main_httpd, other_httpd):
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "content" / "entities").mkdir()
    (root / "content" / "entities" / "vladivostok.md").write_text(
        "---\nname: Vladivostok\ntype: place\naliases: [Владивосток]\n---\nA port city.\n", "utf-8"
    )
    return root


def configure(project: Path, feeds: str, extra: str = "") -> None:
    """Write ``dossier.yml`` with the ``feeds:`` list given as YAML text."""
    (project / "dossier.yml").write_text(
        f"title: Test\nlanguage: en\nfeeds:\n{feeds}{extra}", "utf-8"
    )


def pull(project: Path, *args: str):  # noqa: ANN201 - a CompletedProcess
    return run_dossier("pull", "--no-entities", *args, cwd=project, timeout=120)


def article_files(project: Path) -> list[str]:
    return sorted(path.name for path in (project / "content" / "articles").glob("*.md"))
