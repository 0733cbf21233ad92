"""``dossier templates list|copy``: see the default theme, and copy a file of it to override.

A project's ``templates/`` folder overrides any default template or static file by
name; in a normal install the defaults live inside the wheel, so these commands are how a
template author finds and starts from them. Nothing in ``templates/`` is ever overwritten.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ..diagnostics import counted
from ..project import Project, default_theme_dir
from ..publish.atomic_write import write_new_atomic
from ._common import add_project_argument, existing_project, project_from

NAME = "templates"
HELP = "List the default theme's templates and copy one into templates/ to change it."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser(
        "list", help="every file of the default theme, and which ones templates/ overrides"
    )
    add_project_argument(listing)
    copy = actions.add_parser(
        "copy", help="copy default theme files into templates/ (never overwrites a file)"
    )
    copy.add_argument("names", nargs="+", metavar="NAME", help="a name as 'templates list' shows")
    add_project_argument(copy)


def theme_files() -> list[str]:
    """The default theme's files, as names relative to it (``article.html``, ``static/style.css``)."""
    theme = default_theme_dir()
    return sorted(
        path.relative_to(theme).as_posix()
        for path in theme.rglob("*")
        if path.is_file() and not any(part.startswith(".") for part in path.relative_to(theme).parts)
    )


def run(args: argparse.Namespace) -> int:
    return _list(project_from(args)) if args.action == "list" else _copy(args)


def _list(project: Project) -> int:
    own = project.templates_dir
    for name in theme_files():
        mine = own / name
        print(f"{name}  (yours: {project.relative(mine)})" if mine.is_file() else name)
    print(f"Default theme: {default_theme_dir()}", file=sys.stderr)
    return 0


def _copy(args: argparse.Namespace) -> int:
    project = existing_project(args)
    if project is None:
        return 2
    known = set(theme_files())
    theme = default_theme_dir()
    copied, failed = 0, 0
    for name in args.names:
        name = Path(name).as_posix().removeprefix("templates/")
        target = project.templates_dir / name
        if name not in known:
            print(f"{name}: no such file in the default theme; see 'dossier templates list'",
                  file=sys.stderr)  # fmt: skip
            failed += 1
        elif write_new_atomic(target, (theme / name).read_bytes()):
            print(f"{project.relative(target)}: copied; edit it to change the site")
            copied += 1
        else:
            print(f"{project.relative(target)}: exists, left as it is", file=sys.stderr)
            failed += 1
    print(f"Copied {counted(copied, 'file')}", file=sys.stderr)
    return 1 if failed else 0
