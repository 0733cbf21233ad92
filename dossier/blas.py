"""One BLAS thread for the small matrix products of ingest's models.

numpy's OpenBLAS starts a thread per core and lets them spin between calls;
on the tiny products of language detection and NER that doubles the CPU time
and gains no wall-clock time. OpenBLAS reads the setting once, when numpy is
first imported, so every module that may import numpy first calls this before.
"""

from __future__ import annotations

import os

_VARIABLES = ("OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "OMP_NUM_THREADS")


def one_thread() -> None:
    """Ask for one BLAS thread, unless the user set a number; no effect once numpy is loaded."""
    for variable in _VARIABLES:
        os.environ.setdefault(variable, "1")
