"""``dossier serve``: preview the dossier in a browser, rebuilt and reloaded on every save."""

from __future__ import annotations

import argparse

from ..config import HOST_FORM, host_name
from ._common import add_project_argument, existing_project

NAME = "serve"
HELP = "Build, serve on http://127.0.0.1:8000/ and rebuild and reload the browser on every change."


def port_number(text: str) -> int:
    port = int(text)
    if not 0 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port number (0 picks a free one)")
    return port


def allowed_host(text: str) -> str:
    host = host_name(text)
    if host is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not {HOST_FORM}")
    return host


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument(
        "--host", default="127.0.0.1",
        help="address to listen on (default: 127.0.0.1, this machine only)",
    )  # fmt: skip
    parser.add_argument(
        "--port", "-p", type=port_number, default=8000,
        help="port to listen on (default: 8000; 0 picks a free one)",
    )  # fmt: skip
    parser.add_argument(
        "--allow-host", action="append", default=[], type=allowed_host, metavar="NAME",
        help="also answer to NAME, as when previewing through a tunnel or a LAN name "
        "(repeatable; adds to preview_hosts in dossier.yml); other names are refused",
    )  # fmt: skip
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument("--open", action="store_true", help="open the site in a web browser")
    parser.add_argument(
        "--no-search", action="store_true", help="do not index the site for search after builds"
    )


def run(args: argparse.Namespace) -> int:
    from ..serve.session import serve
    project = existing_project(args)
    if project is None:
        return 2
    return serve(
        project, args.host, args.port, args.drafts, args.open,
        search=not args.no_search, allowed_hosts=args.allow_host,
    )  # fmt: skip
