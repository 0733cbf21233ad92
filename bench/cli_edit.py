#!/usr/bin/env python3
"""Wall time of ``dossier build --no-search`` after one edit, one process per build.

    python bench/cli_edit.py PROJECT [PROJECT ...] --code DIR [DIR ...] [--runs 5]

Each PROJECT is built by the code in the DIR of the same position (put on ``PYTHONPATH``),
so each revision keeps its own store; the projects must have been built once. Each run
edits the middle article of every project (one word in the body, then a title and a
date, alternately, as ``bench/run.py`` does) and times one build of each project in turn,
so a shared host's drift hits every revision alike. Prints each build's wall time and the
medians per revision and kind of edit.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import EDITS  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("projects", nargs="+", type=Path)
    parser.add_argument("--code", nargs="+", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=5, help="edits of each kind")
    args = parser.parse_args()
    if len(args.code) != len(args.projects):
        parser.error("one --code folder per project")
    times: dict[tuple[int, str], list[float]] = {}
    for run in range(args.runs):
        for kind in EDITS:
            for i, (project, code) in enumerate(zip(args.projects, args.code, strict=True)):
                articles = sorted((project / "content" / "articles").glob("*.md"))
                EDITS[kind](articles[len(articles) // 2], f"zqx{run}{kind[0]}")
                env = {**os.environ, "PYTHONPATH": str(code.resolve())}
                started = time.perf_counter()
                subprocess.run(
                    [sys.executable, "-m", "dossier", "build", "--no-search"],
                    cwd=project, env=env, check=True, stdout=subprocess.DEVNULL,
                )  # fmt: skip
                seconds = time.perf_counter() - started
                times.setdefault((i, kind), []).append(seconds)
                print(f"{code} {kind}: {seconds:.2f} s", flush=True)
    for (i, kind), runs in sorted(times.items()):
        print(f"{args.code[i]} {kind}: median {statistics.median(runs):.2f} s "
              f"({', '.join(f'{s:.2f}' for s in runs)})")


if __name__ == "__main__":
    main()
