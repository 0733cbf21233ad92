"""bench/run.py runs end to end on a tiny corpus and prints every row of its table.

Only the shape of the report is checked: timings are measured by the benchmark, never
asserted by a test.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

ROWS = (
    "dossier cold build",
    "dossier no-change rebuild",
    "dossier one-edit rebuild",
    "edited page correct",
    "incremental site == full build",
    "save-to-served latency (serve)",
    "dossier peak RSS, largest process",
    "Hugo cold build",
    "dossier / Hugo, cold build",
    "dossier ingest",
)


def test_bench_runs_on_a_tiny_corpus(tmp_path: Path) -> None:
    out = tmp_path / "results"
    cmd = [
        sys.executable,
        str(REPO / "bench" / "run.py"),
        "--sizes",
        "20",
        "--runs",
        "1",
        "--skip-hugo",
        "--skip-ingest",
        "--serve-wait",
        "10",
        "--work-dir",
        str(tmp_path / "work"),
        "--out",
        str(out),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "| measure | N=20 |" in proc.stdout
    for row in ROWS:
        assert row in proc.stdout, f"missing row {row!r}"
    report = json.loads((out / "latest.json").read_text())
    assert set(report["sizes"]) == {"20"}
    assert (out / "latest.md").read_text().strip().endswith(proc.stdout.strip().splitlines()[-1])
