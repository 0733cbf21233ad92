"""``dossier init [DIR]``: scaffold a new dossier that builds at once."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from ..config import CONFIG_NAME
from ..diagnostics import counted
from ..publish.atomic_write import write_new_atomic

NAME = "init"
HELP = "Create a new dossier project in DIR (default: the current folder)."

SCAFFOLD = {
    "dossier.yml": """\
# Site settings for this dossier.
title: {title}
description: Everything the sources say about one story.
base_url: http://localhost:8000/
language: en
# Assign topics at ingest to articles naming these entities or keywords:
topic_rules: []
#  - topic: Diplomacy
#    entities: [Vladimir Putin]
#    keywords: [summit, talks]
""",
    "content/pages/about.md": """\
---
title: About this dossier
---

This dossier collects the sources on one story. Articles are in `content/articles/`,
curated entities in `content/entities/` and topics in `content/topics/`.

Add sources with `dossier ingest FILE_OR_URL`, then `dossier build` or `dossier serve`.
""",
    "content/topics/.keep": "",
    "content/entities/.keep": "",
    "content/articles/.keep": "",
    ".gitignore": "/build/\n/.build.back/\n/.dossier-cache/\n",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "directory", nargs="?", type=Path, default=Path("."), help="where to create it"
    )
    parser.add_argument("--title", default="My dossier", help="the dossier's title")


def _enclosing_project(folder: Path) -> Path | None:
    """The dossier project ``folder`` is inside (its content/, say), if any."""
    return next((p for p in folder.absolute().parents if (p / CONFIG_NAME).is_file()), None)


def run(args: argparse.Namespace) -> int:
    root: Path = args.directory
    if root.exists() and not root.is_dir():
        print(f"{root}: exists and is not a folder", file=sys.stderr)
        return 1
    outer = _enclosing_project(root)
    if outer is not None:
        print(
            f"{root}: is inside the dossier project {outer}; nothing written "
            "(a dossier goes in a folder of its own)",
            file=sys.stderr,
        )
        return 1
    created, kept = [], []
    for name, text in SCAFFOLD.items():
        body = text.format(title=json.dumps(args.title)) if name == "dossier.yml" else text
        try:
            (created if write_new_atomic(root / name, body) else kept).append(name)
        except OSError as exc:
            print(f"{root / name}: cannot write: {exc.strerror}", file=sys.stderr)
            return 1
    if not created:
        print(f"Nothing changed: {root} is a dossier project already")
        return 0
    for name in kept:
        print(f"{root / name}: exists, left as it is")
    print(
        f"Created a dossier in {root} ({counted(len(created), 'file')}). "
        f"Next: cd {root} && dossier ingest SOURCE && dossier build"
    )
    return 0
