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


def existing_project(args: argparse.Namespace) -> Project | None:
    """The project named by ``--project``; None (after saying so) when the folder is missing
    or is no dossier project: a command run in the wrong folder writes nothing there."""
    project = project_from(args)
    if not project.root.is_dir():
        print(f"{args.project}: no such project folder", file=sys.stderr)
        return None
    if not (project.config_path.is_file() or project.content_dir.is_dir()):
        print(
            f"{project.root}: not a dossier project (no dossier.yml or content/); "
            "run 'dossier init' or pass --project DIR",
            file=sys.stderr,
        )
        return None
    return project


def report(diagnostics: Diagnostics, summary: str) -> int:
    """Print every problem, then the one-line summary; exit status 1 if there was any error."""
    diagnostics.print(sys.stderr)
    print(summary, file=sys.stderr)
    return 1 if diagnostics.errors else 0
