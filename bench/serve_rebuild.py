"""CPU time of a ``dossier serve`` rebuild after an edit, in process, engine resident.

    PYTHONPATH=. python3 bench/serve_rebuild.py PROJECT [--edit one-word|title/date] [--runs 5]

PROJECT is a dossier made as ``bench/run.py`` makes one (``gen_corpus.py --format
dossier`` articles in ``content/articles``). The 500th article is edited ``--runs``
times (and put back) with ``bench/run.py``'s edits; each rebuild's CPU time is printed,
then the median. Without a
browser, an HTTP server or the watcher's quiet period: the builder's own work only.
"""

from __future__ import annotations

import argparse
import gc
import inspect
import statistics
import sys
import time
from pathlib import Path

from dossier.project import Project
from dossier.serve.session import PreviewBuilder

sys.path.insert(0, str(Path(__file__).parent))
from run import EDITS  # noqa: E402  (the bench's own edits)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("--edit", choices=sorted(EDITS), default="one-word")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    builder = PreviewBuilder(Project(args.project), False, "http://127.0.0.1:8000/", search=False)
    gc.disable()
    gc.freeze()  # as dossier serve does
    builder.build()
    told = "changed" in inspect.signature(builder.build).parameters  # older code: not told
    articles = sorted((args.project / "content/articles").glob("*.md"))
    article = articles[min(500, len(articles) - 1)]
    original = article.read_text(encoding="utf-8")
    seconds = []
    try:
        for i in range(args.runs):
            EDITS[args.edit](article, f"word{i}")
            started = time.process_time()
            _, outcome, _ = builder.build([article]) if told else builder.build()
            seconds.append(time.process_time() - started)
            gc.collect()  # as the idle preview does between rebuilds
    finally:
        article.write_text(original, encoding="utf-8")
    runs = ", ".join(f"{s:.3f}" for s in seconds)
    print(f"{args.edit} edit: median {statistics.median(seconds):.3f} CPU-s ({runs}); {outcome}")


if __name__ == "__main__":
    main()
