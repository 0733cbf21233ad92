#!/usr/bin/env python3
"""Ingest throughput: articles per CPU-second of ``dossier ingest`` with entities and quotations.

    python bench/ingest.py [--pages 200] [--runs 3] [--rev REV ...]

The generated corpus (``bench/gen_corpus.py``) is written out as saved news pages (a
headline, a byline, a date, the body as HTML), and each run ingests them all into a new
project with one ``dossier ingest`` command. CPU time (user + system of the whole process
tree) is the figure to compare: it is steadier than wall time on a shared host. With
several ``--rev``, the revisions are run in turn within each round (``.`` is the working
tree), so drift on the host hits them alike. Exit 1 when an ingest fails or writes fewer
articles than it was given.
"""

from __future__ import annotations

import argparse
import html
import shutil
import statistics
import sys
from pathlib import Path

import yaml
from markdown_it import MarkdownIt

from run import REPO, Dossier, Failed, corpus, export, log, run


def news_pages(articles: Path, count: int, folder: Path) -> list[Path]:
    """``count`` articles of the corpus as HTML pages like those a browser saves."""
    folder.mkdir(parents=True, exist_ok=True)
    markdown = MarkdownIt()
    pages = []
    for source in sorted(articles.glob("*.md"))[:count]:
        _, head, body = source.read_text(encoding="utf-8").split("---\n", 2)
        meta = yaml.safe_load(head)
        title = html.escape(str(meta["title"]))
        authors = ", ".join(meta.get("authors") or []) or "Staff reporter"
        date = str(meta.get("date", ""))
        page = folder / f"{source.stem}.html"
        page.write_text(
            f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{title}</title>"
            f'<meta property="article:published_time" content="{date}"></head><body>'
            f"<nav><a href=/>Home</a> <a href=/world>World</a></nav><article><h1>{title}</h1>"
            f'<p class="byline">By {html.escape(authors)}</p><time datetime="{date}">{date}</time>'
            f"{markdown.render(body)}</article><footer>© The Daily Bench</footer></body></html>",
            encoding="utf-8",
        )
        pages.append(page)
    return pages


def ingest_rate(dossier: Dossier, pages: list[Path], project: Path) -> float:
    """Articles written per CPU-second by one ``dossier ingest`` of ``pages``."""
    shutil.rmtree(project, ignore_errors=True)
    run([*dossier.cmd, "init", str(project)], project.parent, dossier.timeout, dossier.env)
    done = run(
        [*dossier.cmd, "ingest", "-C", str(project), *map(str, pages)],
        project, dossier.timeout, dossier.env,
    )  # fmt: skip
    written = len(list((project / "content" / "articles").glob("*.md")))
    if written < len(pages):
        raise Failed(f"ingest wrote {written} of {len(pages)} articles: {done.output[-300:]}")
    log(f"  {written} articles, {done.cpu_seconds:.1f} CPU-s, {done.seconds:.1f} s wall")
    return written / done.cpu_seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--rev", nargs="+", default=["."], help="revisions; '.' = working tree")
    parser.add_argument("--work-dir", type=Path, default=Path("/tmp/dossier-bench"))
    args = parser.parse_args(argv)
    work = args.work_dir.absolute()
    work.mkdir(parents=True, exist_ok=True)
    pages = news_pages(corpus(work, "dossier", args.pages), args.pages, work / "ingest-pages")
    timeout = 300 + 3.0 * args.pages
    tools = {
        rev: Dossier(REPO if rev == "." else export(rev, work), None, timeout) for rev in args.rev
    }
    rates: dict[str, list[float]] = {rev: [] for rev in args.rev}
    try:
        for round_ in range(args.runs):
            for rev, dossier in tools.items():
                log(f"round {round_ + 1}, {rev}")
                rates[rev].append(ingest_rate(dossier, pages, work / "ingest-project"))
    except Failed as exc:
        log(f"FAILED {exc}")
        return 1
    print(f"| revision | articles per CPU-second, median of {args.runs} ({args.pages} pages) |")
    print("|---|---|")
    for rev, found in rates.items():
        runs = ", ".join(f"{r:.1f}" for r in found)
        print(f"| {rev} | **{statistics.median(found):.1f}** ({runs}) |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
