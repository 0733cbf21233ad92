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
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any, TypeVar

R = TypeVar("R")

MIN_ITEMS = 200
MAX_WORKERS = 8

_work: Callable[[int], Any] | None = None


def _call(index: int) -> Any:
    assert _work is not None
    return _work(index)


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def worker_count() -> int:
    if not _can_fork():
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, MAX_WORKERS))


def _leave_ctrl_c_to_parent() -> None:
    """A worker ignores Ctrl-C: the parent stops the pool, and no worker prints its own
    traceback of the interrupt."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def map_in_workers(work: Callable[[int], R], count: int, min_items: int = MIN_ITEMS) -> list[R]:
    """``[work(0), ..., work(count - 1)]``, computed in forked workers when that pays."""
    global _work
    workers = worker_count()
    if count < min_items or workers < 2:
        return [work(index) for index in range(count)]
    _work = work
    try:
        with multiprocessing.get_context("fork").Pool(workers, _leave_ctrl_c_to_parent) as pool:
            # small chunks: the last one is the only wait while the other workers idle
            return pool.map(_call, range(count), chunksize=max(1, count // (workers * 32)))
    finally:
        _work = None


def in_forked_child(work: Callable[[], R]) -> R:
    """``work()``, computed in a forked child that exits once it has answered, so that
    the memory the work took is the system's again for what this process does next;
    here where a fork is not safe. The child may fork workers of its own. Its answer
    and its exceptions travel back pickled."""
    global _work
    if not _can_fork():
        return work()
    _work = lambda _: work()  # noqa: E731 (read by the child, which the submit forks)
    try:
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as child:
            return child.submit(_call, 0).result()
    finally:
        _work = None
