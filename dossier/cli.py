"""The ``dossier`` command: one subcommand module per job in :mod:`dossier.commands`.

Each command module has ``NAME``, ``HELP``, ``add_arguments(parser)`` and
``run(args) -> int``; this file only wires them up and turns any unexpected
failure into a one-line message instead of a traceback. Every command module is
imported to list it in the help, so the heavy ones import their stage in ``run``:
starting one command never loads the preview server or the build pipeline for
nothing. A command line that names its command imports that command's module only.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from . import __version__

COMMANDS = (
    "init", "ingest", "pull", "build", "check", "serve", "entities", "quotes", "templates", "deploy"
)  # fmt: skip


def make_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or of ``only`` (a command named on the command line)."""
    parser = argparse.ArgumentParser(
        prog="dossier",
        description="Turn news sources into a curated, browsable static dossier.",
    )
    parser.add_argument("--version", action="version", version=f"dossier {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMANDS if only is None else (only,):
        try:
            module = importlib.import_module(f"dossier.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"dossier.commands.{name}":
                raise
            continue
        sub = subparsers.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(sub)
        sub.set_defaults(run=module.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else argv
    named = next((word for word in words if not word.startswith("-")), None)
    parser = make_parser(named if named in COMMANDS else None)
    args = parser.parse_args(argv)
    if not getattr(args, "run", None):
        parser.print_help()
        return 2
    try:
        return int(args.run(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 1


def console_main() -> None:
    """The installed ``dossier`` command: :func:`main`, then exit without tearing down.

    After a large build the interpreter would spend seconds freeing a heap that
    the operating system reclaims at once (mypy exits the same way). Files are
    written and closed by then; only the standard streams need flushing.
    """
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass
    os._exit(code)


if __name__ == "__main__":
    console_main()
