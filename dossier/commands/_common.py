"""Argument and reporting conventions shared by the subcommands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..diagnostics import Diagnostics
from ..project import Project


def add_project_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--project", "-C", type=Path, default=Path("."), metavar="DIR",
        help="the dossier project folder (default: the current folder)",
    )  # fmt: skip


def project_from(args: argparse.Namespace) -> Project:
    return Project(Path(args.project).absolute())


def report(diagnostics: Diagnostics, summary: str) -> int:
    """Print every problem, then the one-line summary; exit status 1 if there was any error."""
    diagnostics.print(sys.stderr)
    print(summary, file=sys.stderr)
    return 1 if diagnostics.errors else 0
