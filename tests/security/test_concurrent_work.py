"""``dossier serve`` running while ``dossier ingest`` adds 100 sources and the user edits others.

This is a normal afternoon: the preview is open, a folder of downloads is being
ingested, and the journalist keeps correcting articles. Nothing may be lost
or mixed up:

- every edit the user saved is in the final files and on the served pages;
- every one of the 100 sources became an article and is served;
- every page read meanwhile is there (200) and never cut short (each ends in ``</html>``);
- once things settle, every file the server serves is byte for byte the file
  a clean ``dossier build`` of the same content makes.
"""

from __future__ import annotations

import http.client
import subprocess
import threading
import time
from pathlib import Path

from tests.conftest import DOSSIER, dossier_env, run_dossier
from tests.serve.conftest import start_server, wait_for

SOURCES = 100
EDITED = ["harbour-audit.md", "port-deal-signed.md", "undated-note.md"]
RELOAD_SCRIPT = b'<script src="/livereload.js"></script>'


def test_serve_ingest_and_edits_at_once_lose_nothing(site_project: Path, tmp_path: Path):
    sources = tmp_path / "downloads"
    sources.mkdir()
    for n in range(SOURCES):
        if n % 2:
            (sources / f"note-{n:03}.md").write_text(
                f"---\ntitle: Downloaded note {n}\ndate: 2024-04-{n % 28 + 1:02d}\n---\n\n"
                f"Note {n} says the harbour cranes were inspected on a quiet Tuesday.\n"
            )
        else:
            (sources / f"page-{n:03}.html").write_text(
                f"<html><head><title>Downloaded page {n}</title></head><body><article>"
                f"<h1>Downloaded page {n}</h1><p>Page {n} reports that the ferry timetable "
                f"changes in spring, with {n} extra crossings planned by the operator.</p>"
                "</article></body></html>"
            )
    articles = site_project / "content" / "articles"
    server = start_server(site_project)
    ingest = subprocess.Popen(
        [*DOSSIER, "ingest", "-C", str(site_project), str(sources), "--no-entities"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=dossier_env(),
    )
    cut_short: list[str] = []
    served = 0
    stop = threading.Event()

    def reader() -> None:
        """Reads pages all along, as an open browser tab reloading would."""
        nonlocal served
        connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
        paths = ["/", "/timeline/", "/articles/harbour-audit/", "/entities/"]
        n = 0
        try:
            while not stop.is_set():
                path = paths[n % len(paths)]
                n += 1
                connection.request("GET", path)
                response = connection.getresponse()
                body = response.read()
                served += 1
                if response.status != 200 or not body.rstrip().endswith(b"</html>"):
                    cut_short.append(f"{path} {response.status}")
                time.sleep(0.02)
        finally:
            connection.close()

    reading = threading.Thread(target=reader)
    reading.start()
    try:
        final: dict[str, str] = {}
        for round_ in range(6):  # the user saves each article several times while ingest runs
            for name in EDITED:
                path = articles / name
                text = path.read_text(encoding="utf-8")
                marker = f"Correction {round_} to {name.removesuffix('.md')}."
                body = text.rsplit("\n\n", 1)[0] if round_ else text.rstrip("\n")
                final[name] = f"{body}\n\n{marker}\n"
                path.write_text(final[name], encoding="utf-8")
            time.sleep(0.3)
        out, err = ingest.communicate(timeout=300)
        assert ingest.returncode == 0, err
        assert "Traceback" not in err
        for name, text in final.items():  # no edit lost on disk
            assert (articles / name).read_text(encoding="utf-8") == text
        written = sorted(p.name for p in articles.glob("downloaded-*.md"))
        assert len(written) == SOURCES, f"{len(written)} of {SOURCES} sources became articles"
        wait_for(
            lambda: (
                "Correction 5 to undated-note." in server.request("/articles/undated-note/")[1]
                and server.request(f"/articles/{written[-1].removesuffix('.md')}/")[0] == 200
            ),
            "the last edit and the last ingested article to be served",
            timeout=90,
        )
        wait_for(lambda: settled(server), "the preview to settle", timeout=60)
        stop.set()
        reading.join(timeout=20)
        compared = compare_with_clean_build(site_project, tmp_path / "clean", server)
    finally:
        stop.set()
        reading.join(timeout=20)
        if ingest.poll() is None:
            ingest.kill()
            ingest.wait()
        server.stop()
        if server.process.poll() is None:
            server.process.kill()
            server.process.wait()
    assert cut_short == [], cut_short
    assert served > 20
    print(
        f"\nconcurrent: {SOURCES} sources ingested, {len(EDITED) * 6} edits, {served} pages "
        f"read meanwhile, {compared} served files equal to a clean build"
    )


def settled(server) -> bool:
    """No new rebuild line for a second and a half."""
    count = len(server.rebuild_lines())
    time.sleep(1.5)
    return len(server.rebuild_lines()) == count


def compare_with_clean_build(project: Path, out: Path, server) -> int:
    """Every file of a clean build of ``project``, fetched from the server: all equal; how many."""
    built = run_dossier(
        "build", "-C", str(project), "--out", str(out), "--no-search", "--base-url", server.url
    )
    assert built.returncode == 0, built.stderr
    connection = http.client.HTTPConnection(server.host, server.port, timeout=10)
    compared = 0
    try:
        for path in sorted(out.rglob("*")):
            name = path.relative_to(out).as_posix()
            if not path.is_file() or name.startswith("."):
                continue
            url = "/" + (name.removesuffix("index.html") if name.endswith("index.html") else name)
            connection.request("GET", url)
            response = connection.getresponse()
            body = response.read()
            assert response.status == 200, (url, response.status)
            if name.endswith(".html"):
                assert RELOAD_SCRIPT in body, url
                body = body.replace(RELOAD_SCRIPT, b"", 1)
            assert body == path.read_bytes(), f"{url} differs from a clean build"
            compared += 1
    finally:
        connection.close()
    return compared
