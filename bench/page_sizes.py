#!/usr/bin/env python3
"""The largest HTML pages of a built dossier, and how many pass a size budget.

    page_sizes.py SITE_DIR                       # measure a site already built
    page_sizes.py --generate 1000 --work DIR     # generate N articles (gen_corpus.py),
                                                 # build them with this checkout, measure

The reader's pages must stay light however large the dossier grows (issue 16: every
HTML page under about 300 KB at 10,000 articles); this reports the largest ones.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
BUDGET = 300 * 1024


def page_sizes(site: Path) -> list[tuple[int, str]]:
    """Every HTML page of ``site`` as (bytes, path), largest first."""
    pages = [(p.stat().st_size, p.relative_to(site).as_posix()) for p in site.rglob("*.html")]
    return sorted(pages, key=lambda x: (-x[0], x[1]))


def generate_and_build(n: int, work: Path) -> Path:
    """A project of ``n`` generated articles in ``work``, built into ``work/site``."""
    project = work / "project"
    shutil.rmtree(project, ignore_errors=True)
    articles = project / "content" / "articles"
    articles.mkdir(parents=True)
    (project / "dossier.yml").write_text(
        f'title: "Bench dossier ({n} articles)"\nbase_url: "http://127.0.0.1/"\n', encoding="utf-8"
    )
    gen = [sys.executable, str(BENCH / "gen_corpus.py"), "--n", str(n), "--format", "dossier"]
    subprocess.run([*gen, "--out", str(articles)], check=True)
    site = work / "site"
    build = [sys.executable, "-P", "-m", "dossier", "build", "-C", str(project), "--out", str(site)]
    env = os.environ | {"PYTHONPATH": str(REPO)}  # this checkout's dossier, not an installed one
    subprocess.run([*build, "--no-search"], check=True, cwd=REPO, env=env)
    return site


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("site", nargs="?", type=Path, help="a built site")
    parser.add_argument("--generate", type=int, metavar="N", help="generate and build N articles")
    parser.add_argument("--work", type=Path, help="folder for the generated project and site")
    parser.add_argument("--top", type=int, default=8, help="how many of the largest pages to list")
    args = parser.parse_args()
    if args.generate:
        if not args.work:
            parser.error("--generate needs --work")
        site = generate_and_build(args.generate, args.work)
    elif args.site:
        site = args.site
    else:
        parser.error("give a built site or --generate N --work DIR")
    sizes = page_sizes(site)
    over = [p for p in sizes if p[0] > BUDGET]
    print(f"{len(sizes)} HTML pages; {len(over)} over {BUDGET // 1024} KB")
    for size, path in sizes[: args.top]:
        print(f"{size / 1024:8.1f} KB  {path}")


if __name__ == "__main__":
    main()
