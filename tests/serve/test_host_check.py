"""The preview answers only to its own names: attacks tried through raw HTTP on a real server.

A DNS-rebinding page is same-origin with its own name, so the browser sends that
name as ``Host`` (and as the WebSocket's ``Origin``): every request here is
written byte by byte, with the ``Host`` and ``Origin`` such a page would send.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import socket
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from .conftest import ServerProcess, start_server

DRAFT = "/articles/draft-story/"
DRAFT_TEXT = "Not ready yet"
SITE_TEXTS = ("Harbour Inquiry", DRAFT_TEXT, "LiveReload", "Page not found", "<html")
PATHS = (
    "/",
    DRAFT,
    "/articles/draft-story",
    "/livereload.js",
    "/no/such/page/",
    "/static/style.css",
    "*",  # request targets that no route matches
    f"http://evil.example{DRAFT}",
    DRAFT.lstrip("/"),
)
WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"
PROTOCOL_7 = "http://livereload.com/protocols/official-7"


class Response:
    def __init__(self, raw: bytes) -> None:
        head, _, self.body = raw.partition(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        self.status = int(status_line.split()[1])
        self.headers: dict[str, str] = {}
        for line in lines:
            name, _, value = line.partition(":")
            self.headers[name.strip().lower()] = value.strip()

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def raw_request(server: ServerProcess, head: str) -> Response:
    """Send ``head`` (request line and headers, no blank line) as is; read to the close."""
    with socket.create_connection((server.host, server.port), timeout=10) as conn:
        conn.sendall(head.encode("latin-1") + b"\r\nConnection: close\r\n\r\n")
        chunks = []
        while chunk := conn.recv(65536):
            chunks.append(chunk)
    return Response(b"".join(chunks))


def get(server: ServerProcess, path: str, host: str | None, method: str = "GET") -> Response:
    header = "" if host is None else f"\r\nHost: {host}"
    return raw_request(server, f"{method} {path} HTTP/1.1{header}")


@pytest.fixture
def drafts_server(site_project: Path) -> Iterator[ServerProcess]:
    running = start_server(site_project, "--drafts")
    try:
        yield running
    finally:
        running.stop()


def foreign_hosts(port: int) -> list[str]:
    return [
        "evil.example",  # a rebinding page on port 80
        f"evil.example:{port}",  # a rebinding page on the preview's own port
        f"127.0.0.1:{port + 1}",  # a right name, another port
        f"localhost:{port - 1}",
        "127.0.0.1",  # port 80 implied
        f"localhost.:{port}",  # the same machine, but another name to a browser
        "",
    ]


def test_a_foreign_host_gets_403_and_no_page(drafts_server: ServerProcess):
    server = drafts_server
    status, body = server.request(DRAFT)
    assert status == 200 and DRAFT_TEXT in body  # the draft is there for the right name
    for host in foreign_hosts(server.port):
        for path in PATHS:
            for method in ("GET", "HEAD"):
                response = get(server, path, host, method)
                assert response.status == 403, (host, path, method)
                assert response.headers["content-type"] == "text/plain; charset=utf-8"
                if method == "GET":
                    assert response.text.startswith("403 Forbidden: this dossier preview answers")
                    assert response.text.count("\n") == 1 and response.text.endswith("\n")
                assert not any(text in response.text for text in SITE_TEXTS), (host, path)
                assert "evil" not in response.text and "<script" not in response.text


def test_an_http_1_0_request_without_host_is_refused(server: ServerProcess):
    response = raw_request(server, "GET / HTTP/1.0")
    assert response.status == 403 and "Harbour Inquiry" not in response.text


def test_two_hosts_are_refused_by_the_http_layer(server: ServerProcess):
    for host in (
        f"127.0.0.1:{server.port}, evil.example",
        f"evil.example, 127.0.0.1:{server.port}",
    ):
        response = get(server, "/", host)
        assert response.status == 400 and not response.body, host
    own_then_evil = raw_request(
        server, f"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nHost: evil.example"
    )
    assert own_then_evil.status == 400 and not own_then_evil.body


def test_its_own_names_get_the_page(drafts_server: ServerProcess):
    port = drafts_server.port
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LocalHost:{port}"):
        response = get(drafts_server, DRAFT, host)
        assert response.status == 200, host
        assert DRAFT_TEXT in response.text


def test_every_response_has_the_security_headers_and_no_cors(server: ServerProcess):
    own = f"127.0.0.1:{server.port}"
    cases = [
        ("GET", "/", own, 200),
        ("GET", "/livereload.js", own, 200),
        ("GET", "/static/style.css", own, 200),
        ("GET", "/no/such/page/", own, 404),
        ("GET", "/articles/port-deal-signed", own, 302),
        ("OPTIONS", "/", own, 405),
        ("GET", "/", "evil.example", 403),
    ]
    for method, path, host, status in cases:
        response = raw_request(
            server,
            f"{method} {path} HTTP/1.1\r\nHost: {host}\r\nOrigin: http://evil.example\r\n"
            "Access-Control-Request-Method: GET",
        )
        assert response.status == status, (method, path)
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["cross-origin-resource-policy"] == "same-origin", path
        policy = [d.strip() for d in headers["content-security-policy"].split(";")]
        assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "script-src 'self' 'wasm-unsafe-eval'" in policy  # no inline script at all
        assert "object-src 'none'" in policy and "base-uri 'none'" in policy
        assert not [name for name in headers if name.startswith("access-control-")], path


def test_error_pages_never_echo_the_host_or_the_path(server: ServerProcess):
    own = f"127.0.0.1:{server.port}"
    for path in ("/<script>alert(1)</script>", "/%3Cscript%3Ealert(1)%3C/script%3E", "/x?<b>=<i>"):
        response = get(server, path, own)
        assert response.status == 404 and "Page not found" in response.text
        assert "alert(1)" not in response.text and "<b>" not in response.text, path
    response = get(server, "/<script>alert(2)</script>", "evil.example")
    assert response.status == 403 and "alert" not in response.text and "evil" not in response.text


def websocket_handshake(
    server: ServerProcess, host: str, origin: str | None
) -> tuple[socket.socket, str]:
    """Open a socket and send livereload's handshake: the socket and the key sent."""
    key = base64.b64encode(os.urandom(16)).decode()
    head = (
        f"GET /livereload HTTP/1.1\r\nHost: {host}\r\nUpgrade: websocket\r\n"
        f"Connection: Upgrade\r\nSec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n"
        + (f"Origin: {origin}\r\n" if origin is not None else "")
        + "\r\n"
    )
    conn = socket.create_connection((server.host, server.port), timeout=10)
    conn.sendall(head.encode("latin-1"))
    return conn, key


def read_head(conn: socket.socket) -> Response:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(1)
        if not chunk:
            break
        data += chunk
    return Response(data)


def send_text(conn: socket.socket, text: str) -> None:
    """One masked text frame, as a browser sends it."""
    payload = text.encode()
    mask = os.urandom(4)
    assert len(payload) < 126
    masked = bytes(byte ^ mask[i % 4] for i, byte in enumerate(payload))
    conn.sendall(bytes([0x81, 0x80 | len(payload)]) + mask + masked)


def read_text(conn: socket.socket) -> str:
    first, second = conn.recv(2)
    assert first == 0x81, first  # a final text frame
    length = second & 0x7F
    if length == 126:
        (length,) = struct.unpack("!H", conn.recv(2))
    data = b""
    while len(data) < length:
        data += conn.recv(length - len(data))
    return data.decode()


def test_the_livereload_socket_accepts_only_its_own_origin_and_host(server: ServerProcess):
    own = f"127.0.0.1:{server.port}"
    refused = [
        (own, "http://evil.example"),  # another site's page
        (own, f"http://127.0.0.1:{server.port + 1}"),  # another server of this machine
        (own, "null"),  # a sandboxed frame or a file:// page
        (f"evil.example:{server.port}", f"http://evil.example:{server.port}"),  # rebinding
        (f"localhost:{server.port}", f"http://{own}"),  # origin and host disagree
    ]
    for host, origin in refused:
        conn, _ = websocket_handshake(server, host, origin)
        with conn:
            response = read_head(conn)
            assert response.status == 403, (host, origin)
            assert "upgrade" not in response.headers and not response.headers.get(
                "sec-websocket-accept"
            )
    for host in (own, f"localhost:{server.port}"):
        conn, key = websocket_handshake(server, host, f"http://{host}")
        with conn:
            response = read_head(conn)
            assert response.status == 101, host
            expected = hashlib.sha1((key + WS_GUID).encode()).digest()
            assert response.headers["sec-websocket-accept"] == base64.b64encode(expected).decode()
            send_text(conn, json.dumps({"command": "hello", "protocols": [PROTOCOL_7]}))
            answer = json.loads(read_text(conn))
            assert answer["command"] == "hello"


def test_allowed_names_from_the_command_line_and_dossier_yml(site_project: Path):
    config = site_project / "dossier.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "preview_hosts: [lan-box.local:9443]\n",
        encoding="utf-8",
    )
    running = start_server(site_project, "--allow-host", "Preview.Tunnel.example")
    try:
        port = running.port
        assert any(
            line.startswith("warning: also answering to preview.tunnel.example, lan-box.local:9443")
            for line in running.lines
        ), running.lines
        for host in (
            "preview.tunnel.example",
            f"preview.tunnel.example:{port}",
            "lan-box.local:9443",
        ):
            assert get(running, "/", host).status == 200, host
        for host in (
            f"preview.tunnel.example:{port + 1}",
            "lan-box.local",
            f"lan-box.local:{port}",
        ):
            assert get(running, "/", host).status == 403, host
        conn, _ = websocket_handshake(
            running, "preview.tunnel.example", "https://preview.tunnel.example"
        )
        with conn:
            assert read_head(conn).status == 101  # a tunnel that speaks https to the browser
    finally:
        running.stop()


def test_bad_names_are_refused_with_the_line(site_project: Path):
    from tests.conftest import run_dossier

    result = run_dossier("serve", "-C", str(site_project), "--allow-host", "http://x.example/")
    assert result.returncode == 2 and "'http://x.example/' is not a host name" in result.stderr
    config = site_project / "dossier.yml"
    config.write_text(
        config.read_text(encoding="utf-8") + "preview_hosts: ['*', ok.example]\n", encoding="utf-8"
    )
    built = run_dossier("build", "-C", str(site_project))
    assert built.returncode != 0
    lines = config.read_text(encoding="utf-8").count("\n")
    assert (
        f"dossier.yml:{lines}: preview_hosts: '*' is not a host name" in built.stdout + built.stderr
    )


def test_listening_beyond_loopback_says_who_can_read(site_project: Path):
    running = start_server(site_project, "--host", "0.0.0.0", "--drafts")
    try:
        warning = next(line for line in running.lines if line.startswith("warning: listening on"))
        assert "anyone who can reach port" in warning and "drafts included" in warning
        assert get(running, "/", "192.0.2.7:" + str(running.port)).status == 403  # not named
    finally:
        running.stop()
    quiet = start_server(site_project)
    try:
        assert not any(line.startswith("warning:") for line in quiet.lines)
    finally:
        quiet.stop()
