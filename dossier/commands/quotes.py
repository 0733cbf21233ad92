"""``dossier quotes extract``: find who said what in existing article files.

Ingest writes ``quotes`` itself; this is for articles written by hand or ingested
before quotations were extracted. Like ``dossier entities extract``, a file that
already has a ``quotes`` field is skipped unless ``--force``: it may hold hand edits.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from ..content import front_matter
from ..diagnostics import Diagnostics, counted
from ..entities.curation import EditError, update_file
from ..project import Project
from ._common import add_project_argument, existing_project, report

NAME = "quotes"
HELP = "Extract quotations and their speakers from article files (writes 'quotes')."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    extract = actions.add_parser("extract", help="find quotations in article files, write 'quotes'")
    extract.add_argument("paths", nargs="*", type=Path, help="article files (default: all)")
    extract.add_argument(
        "--force", action="store_true", help="replace an existing 'quotes' field (default: skip)"
    )
    extract.add_argument("--dry-run", action="store_true", help="print, write nothing")


def run(args: argparse.Namespace) -> int:
    project = existing_project(args)
    if project is None:
        return 2
    return _extract(project, args)


def _extract(project: Project, args: argparse.Namespace) -> int:
    from ..quotes.extract import extract_quotes  # here: other commands never load it

    diagnostics = Diagnostics()
    paths = [p.absolute() for p in args.paths] or sorted(project.articles_dir.rglob("*.md"))
    written = skipped = 0
    for path in paths:
        shown = project.relative(path)
        try:
            meta, body, _ = front_matter.parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            diagnostics.error(shown, f"cannot read file: {exc}")
            continue
        except front_matter.FrontMatterError as exc:
            diagnostics.error(shown, exc.message, exc.line)
            continue
        if "quotes" in meta and not args.force:
            skipped += 1
            continue
        entities = meta.get("entities") if isinstance(meta.get("entities"), list) else []
        if not entities:
            diagnostics.warning(shown, "no 'entities': speakers cannot be resolved "
                                "(run 'dossier entities extract' first)")  # fmt: skip
        found = extract_quotes(body, [e for e in entities if isinstance(e, dict)])
        quotes = [quote.as_field() for quote in found]
        if args.dry_run:
            print(json.dumps({"path": shown, "quotes": quotes}, ensure_ascii=False))
            continue
        try:
            changed = update_file(path, "quotes", quotes)
            if any(not quote.resolved for quote in found):
                review = [str(item) for item in meta.get("needs_review") or []]
                update_file(path, "needs_review", list(dict.fromkeys([*review, "quotes"])))
            written += changed
        except (OSError, EditError) as exc:
            diagnostics.error(shown, f"not changed: {getattr(exc, 'message', None) or exc}")
    summary = (
        f"Extracted quotes: {counted(written, 'file')} written, {skipped} skipped (have quotes)"
    )
    return report(diagnostics, summary)
