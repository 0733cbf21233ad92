"""``dossier pull``: ingest what is new in the feeds listed under ``feeds:`` in ``dossier.yml``."""

from __future__ import annotations

import argparse
import sys

from ..config import load_config
from ..diagnostics import Diagnostics
from ._common import add_project_argument, existing_project
from .ingest import FAILED, OK

NAME = "pull"
HELP = "Fetch the feeds of dossier.yml and ingest the entries not seen before."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run", action="store_true",
        help="say what would be ingested; write nothing, remember nothing",
    )  # fmt: skip
    parser.add_argument(
        "--no-entities", action="store_true", help="skip entity extraction (faster)"
    )
    parser.add_argument(
        "--timeout", type=float, default=20.0, metavar="SECONDS",
        help="per request (default: 20)",
    )  # fmt: skip
    add_project_argument(parser)


def run(args: argparse.Namespace) -> int:
    """Exit status :data:`OK`, or :data:`FAILED` when a feed or an entry failed (the rest is pulled)."""
    from ..ingest.pipeline import Channels, Ingest, Options
    from ..subscriptions import settings as pull_settings
    from ..subscriptions.http import Client
    from ..subscriptions.pull import Puller
    from ..subscriptions.state import State

    project = existing_project(args)
    if project is None:
        return FAILED
    diagnostics = Diagnostics()
    config = load_config(project.root, diagnostics)
    settings = pull_settings.load(project, diagnostics)
    diagnostics.print(sys.stderr)
    if not settings.feeds:
        return FAILED

    def say(line: str) -> None:
        print(line, flush=True)

    def problem(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    options = Options(dry_run=args.dry_run, entities=not args.no_entities, timeout=args.timeout)
    ingest = Ingest(project, config, options, Channels(say, problem, say))
    state = State.load(project.root)
    if state.problem:
        problem(f"warning: {state.problem}")
    with Client(args.timeout, settings.allow_networks) as client:
        reports = Puller(settings, ingest, client, state, say).run()
    for report in reports:
        (problem if report.problem or report.failed else say)(report.line(args.dry_run))
    print(
        ingest.tally.summary(dry_run=args.dry_run).replace("ingest:", "pull:", 1), file=sys.stderr
    )
    return FAILED if any(r.problem or r.failed for r in reports) or ingest.tally.failed else OK
