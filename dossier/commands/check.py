"""``dossier check``: validate all content and every internal link, writing nothing.

Articles whose ``needs_review`` names fields (ingest could not be sure of them) are
warnings; ``--review`` lists only those, without rendering the site.
"""

from __future__ import annotations

import argparse

from ..content import front_matter
from ..content.documents import Document
from ..diagnostics import Diagnostics, counted
from ..project import Project
from ._common import add_project_argument, existing_project, report

NAME = "check"
HELP = "Validate all content and check every internal link of the site (writes nothing)."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument("--drafts", action="store_true", help="include articles marked draft: true")
    parser.add_argument(
        "--review", action="store_true",
        help="list only the articles whose needs_review names fields to check by hand",
    )  # fmt: skip


def review_notes(project: Project, documents: list[Document]) -> Diagnostics:
    """One warning per article with a non-empty ``needs_review``, at that field's line."""
    notes = Diagnostics()
    for doc in documents:
        fields = doc.meta.get("needs_review") or []
        if doc.kind != "article" or not fields:
            continue
        text = (project.root / doc.path).read_text(encoding="utf-8", errors="replace")
        notes.warning(
            doc.path,
            f"needs review: {', '.join(fields)} (delete from needs_review once checked)",
            front_matter.field_line(text, "needs_review"),
        )
    return notes


def run(args: argparse.Namespace) -> int:
    project = existing_project(args)
    if project is None:
        return 2
    if args.review:
        return _list_review(project, args.drafts)
    from ..build import BuildFailed, render_project
    from ..publish.link_check import check_links

    try:
        result = render_project(project, include_drafts=args.drafts)
    except BuildFailed as failed:
        return report(failed.diagnostics, "Check failed: the site could not be rendered")
    links = check_links(result.files, result.diagnostics)
    articles = result.graph.articles if result.graph else []
    found = result.diagnostics
    found.extend(review_notes(project, [a.document for a in articles if a.document]))
    return report(
        found,
        f"Checked {counted(len(articles), 'article')}, {counted(len(result.files), 'file')}, "
        f"{counted(links, 'internal link')}; {counted(len(found.warnings), 'warning')}, "
        f"{counted(len(found.errors), 'error')}",
    )


def _list_review(project: Project, include_drafts: bool) -> int:
    """The articles to review on standard output; files that could not be read on stderr."""
    from ..content.documents import load_content

    problems = Diagnostics()
    documents = load_content(project, problems, include_drafts)
    notes = review_notes(project, documents)
    for note in sorted(notes.items):
        print(str(note).replace(": warning: ", ": ", 1))
    return report(problems, f"{counted(len(notes.items), 'article')} to review")
