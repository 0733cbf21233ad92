"""bench/run.py runs end to end on a tiny corpus and measures every dossier row of its table.

Timings are measured by the benchmark, never asserted by a test: only that each row holds a
measurement (a run that measured nothing prints ``n/a`` and must fail here).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

MEASURED = {  # row -> what a measurement looks like (Hugo and ingest are skipped here)
    "dossier cold build": r"[\d.]+ m?s",
    "dossier no-change rebuild": r"[\d.]+ m?s",
    "dossier one-edit rebuild": r"[\d.]+ m?s",
    "edited page correct": r"yes",
    # Pagefind's index is not byte-stable between runs; the bench counts its files apart.
    "incremental site == full build": r"yes|no \(\d+ files, \d+ differ, 0 outside pagefind/\)",
    "save-to-served latency (serve)": r"[\d.]+ m?s",
    "dossier peak RSS, largest process": r"[\d.]+ MiB",
    "dossier HTML pages": r"[1-9]\d*",
}
SHOWN = ("Hugo cold build", "dossier / Hugo, cold build", "dossier ingest")


def run_bench(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    cmd = [
        sys.executable, str(REPO / "bench" / "run.py"), "--sizes", "20", "--runs", "1",
        "--skip-hugo", "--skip-ingest", "--serve-wait", "10",
        "--work-dir", str(tmp_path / "work"), "--out", str(tmp_path / "results"), *extra,
    ]  # fmt: skip
    return subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=tmp_path)


def check_report(stdout: str) -> None:
    """Every dossier row measured something; the other rows are at least shown."""
    assert "| measure | N=20 |" in stdout
    rows = dict(re.findall(r"^\| (.+?) \| (.+?) \|$", stdout, re.MULTILINE))
    for row, shape in MEASURED.items():
        assert row in rows, f"missing row {row!r}"
        assert re.fullmatch(shape, rows[row]), f"{row}: {rows[row]!r} is no measurement"
    for row in SHOWN:
        assert row in stdout, f"missing row {row!r}"


def test_bench_measures_every_row_on_a_tiny_corpus(tmp_path: Path) -> None:
    proc = run_bench(tmp_path)
    assert proc.returncode == 0, proc.stderr
    check_report(proc.stdout)
    report = json.loads((tmp_path / "results" / "latest.json").read_text())
    assert set(report["sizes"]) == {"20"}
    latest = (tmp_path / "results" / "latest.md").read_text().strip()
    assert latest.endswith(proc.stdout.strip().splitlines()[-1])


def test_a_bench_that_measures_nothing_fails_the_check(tmp_path: Path) -> None:
    """``--dossier true`` runs a command that does nothing: every row is n/a."""
    proc = run_bench(tmp_path, "--dossier", "true", "--skip-serve")
    assert proc.returncode == 0, proc.stderr
    with pytest.raises(AssertionError, match="is no measurement"):
        check_report(proc.stdout)
