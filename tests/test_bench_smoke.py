"""bench/run.py measures every row on a tiny corpus, and fails when the site or a measure is wrong.

Timings are the benchmark's business, never asserted here: only that each row holds a
measurement, and the exit status.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

# Runs dossier, then spoils every rebuild of an existing site: a stale page, or a lost search
# record (the fragment of one page, taken from the index).
SPOILER = """
import os, subprocess, sys
from pathlib import Path
args = sys.argv[1:]
site = Path(args[args.index("-C") + 1]) / "build"
rebuild = args[0] == "build" and site.is_dir()
done = subprocess.run([sys.executable, "-P", "-m", "dossier", *args])
if rebuild and done.returncode == 0:
    if os.environ["SPOIL"] == "page":
        page = sorted(site.glob("topics/*/index.html"))[0]
        page.write_bytes(page.read_bytes() + b"<!-- stale -->")
    elif "--no-search" not in args:
        sorted(site.glob("pagefind/fragment/*"))[0].unlink()
sys.exit(done.returncode)
"""


def run_bench(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "12", "--runs", "1",
        "--skip-hugo", "--work-dir", str(tmp_path / "work"), "--out", str(tmp_path / "out"), *extra,
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path)


def test_the_bench_measures_every_row_and_exits_0_on_a_good_tree(tmp_path: Path) -> None:
    proc = run_bench(tmp_path)
    assert proc.returncode == 0, proc.stderr
    rows = json.loads((tmp_path / "out" / "latest.json").read_text())["12"]
    for row in (
        "cold build, search", "cold build, no search", "no-change rebuild, no search",
        "one-word edit rebuild, no search", "title/date edit rebuild, no search",
        "one-word edit rebuild, search", "save to served, one-word edit",
        "save to served, title/date edit",
    ):  # fmt: skip
        assert rows[row]["median"] > 0, row
    assert (
        rows["peak memory, all processes, search"]
        > rows["peak memory, largest process, search"]
        > 0
    )
    assert rows["edited site == clean build, search records included"].startswith("yes (")
    assert rows["HTML pages"] > 12
    assert "| save to served, title/date edit |" in proc.stdout


@pytest.mark.parametrize(("spoil", "what"), [("page", "topics/"), ("record", "search record /")])
def test_an_edited_site_that_differs_from_a_clean_build_fails_the_bench(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, spoil: str, what: str
) -> None:
    spoiler = tmp_path / "spoiler.py"
    spoiler.write_text(SPOILER)
    monkeypatch.setenv("SPOIL", spoil)
    proc = run_bench(tmp_path, "--skip-serve", "--dossier", f"{sys.executable} {spoiler}")
    assert proc.returncode == 1, proc.stderr
    failed = [line for line in proc.stderr.splitlines() if line.startswith("FAILED")]
    assert len(failed) == 1, proc.stderr
    assert failed[0].startswith(
        f"FAILED N=12: edited site == clean build, search records included: 1 differ: {what}"
    )


def test_a_command_that_fails_fails_the_bench(tmp_path: Path) -> None:
    proc = run_bench(tmp_path, "--skip-serve", "--dossier", "false")
    assert proc.returncode == 1
    assert "FAILED N=12: cold builds, alternated: false build -C" in proc.stderr


def test_the_ingest_bench_ingests_every_page_and_reports_its_rate(tmp_path: Path) -> None:
    cmd = [
        sys.executable, str(REPO / "bench" / "ingest.py"), "--pages", "3", "--runs", "1",
        "--work-dir", str(tmp_path / "work"),
    ]  # fmt: skip
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    rate = float(proc.stdout.splitlines()[-1].split("**")[1])
    assert rate > 0
    pages = sorted((tmp_path / "work" / "ingest-pages").glob("*.html"))
    written = sorted((tmp_path / "work" / "ingest-project" / "content" / "articles").glob("*.md"))
    assert len(pages) == len(written) == 3
    first = pages[0].read_text(encoding="utf-8")
    title = first.split("<title>")[1].split("</title>")[0]
    assert any(f"title: {title}" in md.read_text(encoding="utf-8") for md in written)
