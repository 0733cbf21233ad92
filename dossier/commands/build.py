"""``dossier build``: render the dossier into a static site."""

from __future__ import annotations

import argparse
import gc
import sys
from pathlib import Path

from ._common import add_project_argument, existing_project, report

NAME = "build"
HELP = "Build the static site into build/ (or --out DIR)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument(
        "--out", "-o", type=Path, metavar="DIR", help="output folder (default: build/)"
    )
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument("--base-url", metavar="URL", help="absolute URL the site is published at")
    parser.add_argument(
        "--no-search", action="store_true", help="skip writing the Pagefind search index"
    )


def run(args: argparse.Namespace) -> int:
    from ..build import BuildFailed, build_project
    from ..publish.output import OutputError

    # the process ends with the build (``cli.console_main`` exits at once): a collection
    # when the build turns the collector back on would only walk its whole heap once more
    gc.disable()
    project = existing_project(args)
    if project is None:
        return 2
    try:
        result = build_project(
            project,
            out_dir=args.out,
            include_drafts=args.drafts,
            base_url=args.base_url,
            search=not args.no_search,
            progress=lambda line: print(f"  {line}", file=sys.stderr, flush=True),
        )
    except OutputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BuildFailed as failed:
        return report(failed.diagnostics, "Build failed; the previous site was left as it was")
    verb = "Up to date:" if result.up_to_date else "Built"
    return report(result.diagnostics, f"{verb} {result.summary()}")
