"""The preview server under attack: traversal, huge URLs, slow clients, a burst while rebuilding.

``dossier serve`` listens on 127.0.0.1, but any page open in the user's browser
can make requests to it, and a bug in it must not let a request read
``~/.ssh`` or stop the preview. Against a real ``dossier serve`` process:

- no form of path traversal (plain, percent-encoded, double-encoded,
  backslashes, NUL, symlinks planted in ``build/``) returns a byte from outside
  the site;
- URLs of 10 kB to 1 MB, and clients that send half a request and wait, get
  an error or a closed connection, and the server keeps answering others;
- 500 requests from 4 threads while the article is rebuilt again and again
  are all answered, each with a complete page of one version or the other.
"""

from __future__ import annotations

import http.client
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import run_dossier
from tests.serve.conftest import ServerProcess, start_server, wait_for

SECRET = "SECRET-c0ffee-outside-the-site"
BURST = int(os.environ.get("DOSSIER_BURST_REQUESTS", "500"))


@pytest.fixture
def server(site_project: Path, tmp_path: Path) -> Iterator[ServerProcess]:
    """``dossier serve`` on the fixture dossier, with secrets and symlinks planted around it."""
    (tmp_path / "secret.txt").write_text(SECRET)
    (site_project / "secret.txt").write_text(SECRET)
    built = run_dossier("build", cwd=site_project)  # fills the cache the preview must not serve
    assert built.returncode == 0, built.stderr
    build = site_project / "build"
    (build / "leak.txt").symlink_to(tmp_path / "secret.txt")
    (build / "etc").symlink_to("/etc")
    (build / "up").symlink_to(tmp_path)
    static = site_project / "content" / "articles"
    (static / "leak.txt").symlink_to(tmp_path / "secret.txt")
    running = start_server(site_project)
    try:
        yield running
    finally:
        running.stop()
        if running.process.poll() is None:
            running.process.kill()
            running.process.wait()


TRAVERSALS = [
    "/../secret.txt",
    "/../../../../../../etc/passwd",
    "/static/../../secret.txt",
    "/%2e%2e/secret.txt",
    "/%2E%2E/%2E%2E/etc/passwd",
    "/static/%2e%2e/%2e%2e/secret.txt",
    "/..%2fsecret.txt",
    "/..%2F..%2F..%2Fetc%2Fpasswd",
    "/%252e%252e/secret.txt",
    "/%252e%252e%252fsecret.txt",
    "/%25252e%25252e/secret.txt",
    "/..\\secret.txt",
    "/..%5csecret.txt",
    "/%5c..%5c..%5cetc%5cpasswd",
    "/static\\..\\..\\secret.txt",
    "/%00/../secret.txt",
    "/index.html%00.txt",
    "/secret.txt%00",
    "//etc/passwd",
    "///../secret.txt",
    "/./../secret.txt",
    "/.%2e/secret.txt",
    "/%c0%ae%c0%ae/secret.txt",
    "/%e0%80%ae%e0%80%ae/secret.txt",
    "/..;/secret.txt",
    "/leak.txt",
    "/etc/passwd",
    "/up/secret.txt",
    "/content/articles/leak.txt",
    "/secret.txt",
    "/dossier.yml",
    "/content/articles/port-deal-signed.md",
    "/build/leak.txt",
]


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_no_traversal_reaches_outside_the_site(server: ServerProcess, method: str):
    cache = server.project / ".dossier-cache"
    cached = [f"/{p.relative_to(server.project).as_posix()}" for p in cache.rglob("*") if p.is_file()]
    assert cached, "the build cache holds no file to ask for"
    for path in [*TRAVERSALS, *cached, *(f"/..{p}" for p in cached)]:
        status, body = raw_request(
            server, f"{method} {path} HTTP/1.1\r\nHost: {own(server)}\r\nConnection: close\r\n\r\n"
        )
        assert SECRET not in body and "root:x:0:0" not in body, path
        assert status in (301, 302, 400, 404), (path, status)
    status, body = raw_request(
        server, f"GET / HTTP/1.1\r\nHost: {own(server)}\r\nConnection: close\r\n\r\n"
    )
    assert status == 200 and "Harbour Inquiry" in body


def own(server: ServerProcess) -> str:
    """The preview's own name: it refuses any other ``Host`` before looking at the path."""
    return f"{server.host}:{server.port}"


def raw_request(server: ServerProcess, request: str, timeout: float = 10) -> tuple[int, str]:
    """Send ``request`` byte for byte (no client normalises it); (status, whole response)."""
    with socket.create_connection((server.host, server.port), timeout=timeout) as sock:
        sock.sendall(request.encode("latin-1"))  # no half-close: tornado may drop the request
        chunks = []
        try:
            while chunk := sock.recv(65536):
                chunks.append(chunk)
        except (ConnectionResetError, TimeoutError):
            pass
    text = b"".join(chunks).decode("utf-8", "replace")
    try:
        return int(text.split(" ", 2)[1]), text
    except (IndexError, ValueError):
        return 0, text  # the server closed the connection without an answer


def test_very_long_urls_are_refused_and_the_server_goes_on(server: ServerProcess):
    for size in (10_000, 100_000, 1_000_000):
        started = time.monotonic()
        status, _ = raw_request(
            server,
            f"GET /{'a' * size} HTTP/1.1\r\nHost: {own(server)}\r\nConnection: close\r\n\r\n",
        )
        assert status in (0, 400, 404, 414, 431), (size, status)
        assert time.monotonic() - started < 10
        status, _ = raw_request(
            server,
            f"GET /{'%2e%2e/' * (size // 7)} HTTP/1.1\r\nHost: {own(server)}\r\nConnection: close\r\n\r\n",
        )
        assert status in (0, 400, 404, 414, 431), (size, status)
        assert server.request("/")[0] == 200


def test_slow_clients_do_not_stop_the_others(server: ServerProcess):
    """40 sockets each holding half a request, one dripping a byte at a time: others still served."""
    held = []
    try:
        for n in range(40):
            sock = socket.create_connection((server.host, server.port), timeout=5)
            sock.sendall(f"GET /articles/port-deal-signed/ HTTP/1.1\r\nHost: x\r\nX-{n}: ".encode())
            held.append(sock)
        drip = socket.create_connection((server.host, server.port), timeout=5)
        held.append(drip)
        for byte in b"GET / HTTP/1.1\r\nHo":
            drip.send(bytes([byte]))
            started = time.monotonic()
            status, body = server.request("/")
            assert status == 200 and "</html>" in body
            assert time.monotonic() - started < 2, "a slow client held up another request"
    finally:
        for sock in held:
            sock.close()
    assert server.request("/articles/port-deal-signed/")[0] == 200


def test_a_burst_while_rebuilding_gets_only_complete_pages(server: ServerProcess):
    article = server.project / "content" / "articles" / "port-deal-signed.md"
    original = article.read_text(encoding="utf-8")
    assert "thirty-year contract" in original
    versions = [original.replace("thirty-year", word) for word in ("alpha-version", "beta-version")]
    page = "/articles/port-deal-signed/"
    paths = [page, "/", "/timeline/", "/entities/", page, "/static/style.css"]
    answered: list[int] = []
    problems: list[str] = []
    stop = threading.Event()

    def client(offset: int) -> None:
        connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
        try:
            for n in range(offset, BURST, 4):
                path = paths[n % len(paths)]
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                answered.append(response.status)
                length = int(response.getheader("Content-Length", "-1"))
                if response.status != 200 or length != len(body):
                    problems.append(f"{path}: {response.status}, {length} != {len(body)}")
                elif path.endswith("/") and not body.rstrip().endswith(b"</html>"):
                    problems.append(f"{path}: page cut short")
                elif path == page:
                    seen = [
                        w for w in (b"thirty-year", b"alpha-version", b"beta-version") if w in body
                    ]
                    if len(seen) != 1:
                        problems.append(f"{path}: a mix of versions {seen}")
                time.sleep(0.025)  # spread the burst over a few rebuilds
        except OSError as exc:
            problems.append(f"client {offset}: {exc}")
        finally:
            connection.close()

    def editor() -> None:
        n = 0
        while not stop.is_set():
            article.write_text(versions[n % 2], encoding="utf-8")
            n += 1
            stop.wait(0.4)  # longer than the watcher's quiet period, so each edit rebuilds

    editing = threading.Thread(target=editor)
    clients = [threading.Thread(target=client, args=(n,)) for n in range(4)]
    started = time.monotonic()
    editing.start()
    for thread in clients:
        thread.start()
    for thread in clients:
        thread.join(timeout=60)
    stop.set()
    editing.join(timeout=10)
    elapsed = time.monotonic() - started
    assert problems == []
    assert len(answered) == BURST, f"{len(answered)} of {BURST} answered"
    assert elapsed < 30, f"{BURST} requests took {elapsed:.1f} s"
    assert len(server.rebuild_lines()) >= 2, "the burst ran without any rebuild"
    print(
        f"\nburst: {BURST} requests in {elapsed:.1f} s during {len(server.rebuild_lines())} rebuilds"
    )
    article.write_text(original.replace("thirty-year", "final-version"), encoding="utf-8")
    wait_for(lambda: "final-version" in server.request(page)[1], "the last edit to be served")
