"""Peak memory of a cold build with the search index, and of Pagefind alone.

    python bench/search_memory.py build SRC PROJECT [--no-search]
        cold ``dossier build`` of PROJECT (everything but content/ and dossier.yml is
        deleted first) with the dossier at SRC (a checkout or a ``git archive`` of one)
    python bench/search_memory.py pagefind SRC SITE
        Pagefind alone, run by SRC's ``index_site`` on a copy of a built SITE (which
        sets Pagefind's allocator options from 2026-12 on; before, they can be given as
        ``_RJEM_MALLOC_CONF=...`` in the environment)

One JSON line: wall and CPU seconds, the peak of the summed PSS of the process tree and
each process's share at that moment. Sampled every 20 ms with psutil, as bench/run.py.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

import psutil

MIB = 2**20


def sampled(tree: Callable[[], list[psutil.Process]], measure: Callable[[], None]) -> dict:
    """Run ``measure`` while sampling the processes of ``tree()``: the peak of their
    summed PSS, and each one's share (``pid:name``) at that moment."""
    peak: dict = {"tree_mib": 0, "at_peak_mib": {}}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.02):
            try:
                sizes = {f"{p.pid}:{p.name()}": p.memory_full_info().pss for p in tree()}
            except psutil.Error:
                continue
            if sum(sizes.values()) > peak["tree_mib"] * MIB:
                peak["tree_mib"] = sum(sizes.values()) // MIB
                peak["at_peak_mib"] = {k: v // MIB for k, v in sizes.items()}

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        measure()
    finally:
        done.set()
        sampler.join()
    return peak


def cold_build(source: Path, project: Path, options: list[str]) -> dict:
    for entry in project.iterdir():
        if entry.name not in ("content", "dossier.yml"):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    cmd = [sys.executable, "-P", "-m", "dossier", "build", "-C", str(project), *options]
    env = {**os.environ, "PYTHONPATH": str(source)}
    started, cpu = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    root = psutil.Process(proc.pid)
    peak = sampled(lambda: [root, *root.children(recursive=True)], proc.wait)
    if proc.returncode != 0:
        sys.exit(f"build failed: {proc.stderr.read().decode()[-500:] if proc.stderr else ''}")
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall_s": round(time.perf_counter() - started, 1),
        "cpu_s": round(used.ru_utime - cpu.ru_utime + used.ru_stime - cpu.ru_stime, 1),
        **peak,
    }


def pagefind_alone(source: Path, site: Path) -> dict:
    sys.path.insert(0, str(source))
    from dossier.search_index import index_site

    me = psutil.Process()

    def pagefind() -> list[psutil.Process]:
        return [p for p in me.children(recursive=True) if p.name() == "pagefind"]

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "site"
        shutil.copytree(site, copy, ignore=shutil.ignore_patterns("pagefind"))
        started = time.perf_counter()
        peak = sampled(pagefind, lambda: index_site(copy))
        wall = time.perf_counter() - started
    return {"wall_s": round(wall, 1), **peak}


def main() -> None:
    if len(sys.argv) >= 4 and sys.argv[1] == "build":
        result = cold_build(Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve(), sys.argv[4:])
    elif len(sys.argv) == 4 and sys.argv[1] == "pagefind":
        result = pagefind_alone(Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve())
    else:
        sys.exit(__doc__)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
