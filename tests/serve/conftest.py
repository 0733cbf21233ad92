"""A real ``dossier serve`` process on a free loopback port, and helpers to drive it over HTTP."""

from __future__ import annotations

import http.client
import re
import signal
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import DOSSIER, dossier_env

WAIT = 30.0  # seconds any expected change may take before a test fails


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: drives headless Chromium through Playwright")


def wait_for(check: Callable[[], object], what: str, timeout: float = WAIT) -> object:
    """Poll ``check`` until it returns something true; fail the test after ``timeout``."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


class ServerProcess:
    """A running ``dossier serve``: its output lines, its address, and raw HTTP requests."""

    def __init__(self, process: subprocess.Popen, project: Path) -> None:
        self.process = process
        self.project = project
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()
        found = wait_for(lambda: self._serving_line(), "the server to start", timeout=60)
        match = re.search(r"at http://([\d.]+):(\d+)/", str(found))
        assert match, found
        self.host, self.port = match.group(1), int(match.group(2))

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line.rstrip("\n"))

    def _serving_line(self) -> str | None:
        if self.process.poll() is not None:
            pytest.fail("dossier serve exited:\n" + "\n".join(self.lines))
        return next((line for line in self.lines if line.startswith("Serving ")), None)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    def request(self, path: str, method: str = "GET") -> tuple[int, str]:
        """Send ``path`` exactly as given (no client-side normalisation of ``..``)."""
        connection = http.client.HTTPConnection(self.host, self.port, timeout=10)
        try:
            connection.request(method, path)
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def rebuild_lines(self) -> list[str]:
        return [line for line in self.lines if line.startswith("rebuild ")]

    def stop(self, signum: int = signal.SIGTERM) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signum)
        try:
            return self.process.wait(timeout=20)
        finally:
            self._reader.join(timeout=5)


def start_server(project: Path, *extra: str) -> ServerProcess:
    process = subprocess.Popen(
        [*DOSSIER, "serve", "-C", str(project), "--port", "0", *extra],
        env=dossier_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        bufsize=1,
    )
    try:
        return ServerProcess(process, project)
    except BaseException:
        process.kill()
        process.wait()
        raise


@pytest.fixture
def server(site_project: Path) -> Iterator[ServerProcess]:
    """``dossier serve`` on a copy of the fixture dossier; always stopped (killed if need be)."""
    running = start_server(site_project)
    try:
        yield running
    finally:
        if running.process.poll() is None:
            running.process.send_signal(signal.SIGTERM)
            try:
                running.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                running.process.kill()
                running.process.wait()
