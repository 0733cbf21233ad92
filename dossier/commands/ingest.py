"""``dossier ingest SOURCE...``: turn source articles into ``content/articles/<slug>.md``."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, TextIO

from ..config import load_config
from ..diagnostics import Diagnostics
from ..ingest.model import FORMATS
from ._common import add_project_argument, project_from

if TYPE_CHECKING:
    from tqdm import tqdm

NAME = "ingest"
HELP = "Turn source articles (files, folders, URLs) into Markdown articles with front matter."
MANY_SOURCES = 5  # fewer are done before a progress bar would say anything
# Exit statuses, fixed whatever the number of failures (2 is argparse's usage error).
OK = 0  # every source and entry was ingested (warnings aside)
FAILED = 1  # something could not be ingested, or this is no project; the rest was


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sources", nargs="+", metavar="SOURCE",
        help="a file, a folder (every file in it) or an http(s) URL",
    )  # fmt: skip
    parser.add_argument("--format", choices=FORMATS, help="skip format detection for every SOURCE")
    parser.add_argument(
        "--topic", action="append", default=[], metavar="TOPIC",
        help="add TOPIC to every article (repeatable); config topic_rules add more",
    )  # fmt: skip
    parser.add_argument(
        "--force", action="store_true",
        help="ingest sources again even if already ingested; files edited by hand are still never replaced",
    )  # fmt: skip
    parser.add_argument(
        "--dry-run", action="store_true", help="say what would be written, write nothing"
    )
    parser.add_argument(
        "--stdout", action="store_true", help="print the articles instead of writing them"
    )
    parser.add_argument(
        "--no-entities", action="store_true", help="skip entity extraction (faster)"
    )
    parser.add_argument(
        "--timeout", type=float, default=20.0, metavar="SECONDS", help="for URLs (default: 20)"
    )
    add_project_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Exit status :data:`OK`, or :data:`FAILED` when any source or entry failed."""
    from ..ingest.pipeline import Channels, Ingest, Options
    from ..ingest.sources import expand

    project = project_from(args)
    if not (project.config_path.is_file() or project.content_dir.is_dir()):
        print(
            f"{project.root}: not a dossier project (no dossier.yml or content/); "
            "run 'dossier init' or pass --project DIR",
            file=sys.stderr,
        )
        return FAILED
    diagnostics = Diagnostics()
    config = load_config(project.root, diagnostics)
    diagnostics.print(sys.stderr)
    options = Options(
        format=args.format,
        topics=tuple(args.topic),
        force=args.force,
        dry_run=args.dry_run,
        stdout=args.stdout,
        entities=not args.no_entities,
        timeout=args.timeout,
    )
    pending = list(expand(args.sources, options.timeout))
    bar = _progress(len(pending))
    info_stream = sys.stderr if args.stdout else sys.stdout

    def write(line: str, stream: TextIO = info_stream) -> None:
        if bar is not None:
            bar.write(line, file=stream)
        else:
            print(line, file=stream, flush=True)

    channels = Channels(
        info=write,
        problem=lambda line: write(line, sys.stderr),
        article=lambda text: write(text, sys.stdout),
    )
    ingest = Ingest(project, config, options, channels)
    try:
        for item in pending:
            if bar is not None:
                bar.set_postfix_str(item.name[-40:], refresh=False)
            ingest.source(item)
            if bar is not None:
                bar.update()
    finally:
        if bar is not None:
            bar.close()
    print(ingest.tally.summary(dry_run=not options.writes), file=sys.stderr)
    return FAILED if ingest.tally.failed else OK


def _progress(total: int) -> tqdm | None:
    """A progress bar on stderr for runs of many sources, on a terminal only (in a log it is noise)."""
    if total < MANY_SOURCES or not sys.stderr.isatty():
        return None
    from tqdm import tqdm

    return tqdm(total=total, file=sys.stderr, unit="source", mininterval=0.5, leave=False)
