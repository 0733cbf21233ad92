"""Spread independent CPU-bound work (Markdown bodies, pages) over the machine's cores.

Workers are forked, so they start with the parent's whole state (the site graph,
compiled templates, the mention matcher) and only results travel back. Results
come back in input order, so output stays deterministic. A process with other
threads running (the preview server) is never forked: a fork there can inherit
a lock held by another thread. Small batches are not worth a pool either.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable
from typing import Any, TypeVar

R = TypeVar("R")

MIN_ITEMS = 200
MAX_WORKERS = 8

_work: Callable[[int], Any] | None = None


def _call(index: int) -> Any:
    assert _work is not None
    return _work(index)


def worker_count() -> int:
    if "fork" not in multiprocessing.get_all_start_methods() or threading.active_count() > 1:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def map_in_workers(work: Callable[[int], R], count: int, min_items: int = MIN_ITEMS) -> list[R]:
    """``[work(0), ..., work(count - 1)]``, computed in forked workers when that pays."""
    global _work
    workers = worker_count()
    if count < min_items or workers < 2:
        return [work(index) for index in range(count)]
    _work = work
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            # small chunks: the last one is the only wait while the other workers idle
            return pool.map(_call, range(count), chunksize=max(1, count // (workers * 32)))
    finally:
        _work = None
