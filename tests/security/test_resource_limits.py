"""Oversized inputs are handled in bounded time and memory, or refused with a clear message.

Each case is a real ``dossier`` process, measured with ``wait4`` (wall time and
peak resident memory of that process alone):

- a 50 MB source is refused before it is read (ingest's limit is 20 MB);
- a 100,000-line article builds; a 100,000-line text source ingests;
- an article with 10,000 entities in its front matter builds 10,000 pages;
- a page and a WordPress post with 100,000 nested tags ingest (nesting below
  100 levels is flattened: the sanitiser is quadratic in depth).

The limits are generous (this must pass on a loaded 2-core machine): a case
that needs more is a bug that grows with the input, not a slow machine.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DOSSIER, dossier_env

SECONDS = 60.0
MEGABYTES = 600


# A helper process runs the command and reports its rusage: a child forked straight from
# pytest would count pytest's own pages in its peak RSS (ru_maxrss survives fork and exec).
_MEASURE = """
import json, os, subprocess, sys, time
started = time.monotonic()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
err = process.stderr.read().decode("utf-8", "replace")
_, status, usage = os.wait4(process.pid, 0)
print(json.dumps([os.waitstatus_to_exitcode(status), err, time.monotonic() - started,
                  usage.ru_maxrss / 1024]))
"""


def measured(*args: str, cwd: Path) -> tuple[int, str, float, float]:
    """(exit status, stderr, wall seconds, peak RSS in MB) of ``dossier ARGS``."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *DOSSIER, *args],
        cwd=cwd,
        env=dossier_env(),
        capture_output=True,
        text=True,
        timeout=SECONDS * 2,
    )
    assert done.returncode == 0, done.stderr
    status, err, seconds, megabytes = json.loads(done.stdout)
    return status, err, seconds, megabytes


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "dossier.yml").write_text("title: Limits\n")
    return root


def check(result: tuple[int, str, float, float], label: str) -> str:
    status, err, seconds, megabytes = result
    print(f"\n{label}: exit {status}, {seconds:.1f} s, {megabytes:.0f} MB")
    assert "Traceback" not in err, err
    assert seconds < SECONDS, f"{label} took {seconds:.0f} s"
    assert megabytes < MEGABYTES, f"{label} needed {megabytes:.0f} MB"
    return err


def test_a_50_mb_source_is_refused_before_it_is_read(project: Path, tmp_path: Path):
    big = tmp_path / "huge.html"
    with big.open("wb") as handle:
        handle.write(b"<html><head><title>Huge</title></head><body><p>")
        handle.write(b"harbour " * (50 * 1024 * 1024 // 8))
    result = measured("ingest", str(big), "--no-entities", cwd=project)
    err = check(result, "50 MB source")
    assert result[0] == 1
    assert f"{big}: larger than 20 MB; not an article" in err
    assert result[3] < 90, "the refused file was read into memory"


def test_a_100000_line_article_builds(project: Path):
    lines = "".join(f"Line {n} of a very long transcript.\n\n" for n in range(100_000))
    (project / "content" / "articles" / "long.md").write_text(
        f"---\ntitle: Long transcript\ndate: 2024-01-01\n---\n\n{lines}"
    )
    result = measured("build", "--no-search", cwd=project)
    check(result, "100,000-line article build")
    assert result[0] == 0
    page = (project / "build" / "articles" / "long" / "index.html").read_text()
    assert "Line 99999 of a very long transcript." in page


def test_a_100000_line_text_source_ingests(project: Path, tmp_path: Path):
    source = tmp_path / "transcript.txt"
    source.write_text(
        "A very long transcript\n\n"
        + "".join(f"Line {n} of what the harbour master said.\n\n" for n in range(100_000))
    )
    result = measured("ingest", str(source), "--no-entities", cwd=project)
    check(result, "100,000-line text ingest")
    assert result[0] == 0
    (article,) = (project / "content" / "articles").glob("*.md")
    assert "Line 99999 of what the harbour master said." in article.read_text()


def test_10000_entities_in_one_article_build(project: Path):
    entities = "".join(f"  - {{name: Person Number {n}, type: person}}\n" for n in range(10_000))
    (project / "content" / "articles" / "crowd.md").write_text(
        f"---\ntitle: A crowd\nentities:\n{entities}---\n\n"
        "Person Number 5 spoke first; Person Number 9999 spoke last.\n"
    )
    result = measured("build", "--no-search", cwd=project)
    check(result, "10,000 entities build")
    assert result[0] == 0
    assert (project / "build" / "entities" / "person-number-9999" / "index.html").is_file()


def test_100000_nested_tags_ingest(project: Path, tmp_path: Path):
    depth = 100_000
    sources = tmp_path / "deep"
    sources.mkdir()
    (sources / "page.html").write_text(
        "<html><head><title>Deep page</title></head><body><article><h1>Deep page</h1>"
        + "<div>" * depth
        + "<p>The harbour text at the bottom of the page is long enough to be an article.</p>"
        + "</div>" * depth
        + "</article></body></html>"
    )
    nested = (
        "<blockquote>" * depth + "<p>The harbour text in the post.</p>" + "</blockquote>" * depth
    )
    (sources / "post.json").write_text(
        json.dumps({"title": {"rendered": "Deep post"}, "content": {"rendered": nested}})
    )
    result = measured("ingest", str(sources), "--no-entities", cwd=project)
    check(result, "100,000 nested tags ingest")
    assert result[0] == 0, result[1]
    texts = [p.read_text() for p in (project / "content" / "articles").glob("*.md")]
    assert any("The harbour text in the post." in text for text in texts)
    assert len(texts) == 2
