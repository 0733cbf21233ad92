"""``dossier check``: validate all content and every internal link, writing nothing."""

from __future__ import annotations

import argparse

from ..diagnostics import counted
from ._common import add_project_argument, existing_project, report

NAME = "check"
HELP = "Validate all content and check every internal link of the site (writes nothing)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")


def run(args: argparse.Namespace) -> int:
    from ..build import BuildFailed, render_project
    from ..link_check import check_links

    project = existing_project(args)
    if project is None:
        return 2
    try:
        result = render_project(project, include_drafts=args.drafts)
    except BuildFailed as failed:
        return report(failed.diagnostics, "Check failed: the site could not be rendered")
    links = check_links(result.files, result.diagnostics)
    documents = len(result.graph.articles) if result.graph else 0
    found = result.diagnostics
    return report(
        found,
        f"Checked {counted(documents, 'article')}, {counted(len(result.files), 'file')}, "
        f"{counted(links, 'internal link')}; {counted(len(found.warnings), 'warning')}, "
        f"{counted(len(found.errors), 'error')}",
    )
