"""``dossier entities``: see and curate the people, organisations and places of a dossier.

``list`` shows every entity with its counts, type and where it comes from;
``explain`` shows which names were merged into an entity and why; ``alias``
and ``hide`` write the curated file ``content/entities/<slug>.md``; ``extract``
runs NER over existing article files and writes their ``entities`` field.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from ..content import front_matter
from ..content.documents import Document, load_content
from ..content.slugs import slugify
from ..diagnostics import Diagnostics, counted
from ..entities.curation import EditError, update_file
from ..entities.mentions import MentionMatcher
from ..entities.registry import Entity, EntityRegistry, build_registry
from ..project import Project
from ..publish.atomic_write import write_new_atomic
from ._common import add_project_argument, existing_project, report

NAME = "entities"
HELP = "List entity candidates, explain merges, add aliases, hide entities, extract entities."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = actions.add_parser("list", help="every entity with its type, counts and sources")
    listing.add_argument("--type", choices=["person", "organization", "place", "other"])
    listing.add_argument("--hidden", action="store_true", help="include hidden entities")
    listing.add_argument("--json", action="store_true", help="machine-readable output")
    explain = actions.add_parser("explain", help="which names were merged into an entity, and why")
    explain.add_argument("name", nargs="?", help="an entity name, alias or slug (default: all)")
    alias = actions.add_parser("alias", help="add an alias to an entity (writes its curated file)")
    alias.add_argument("name", help="the entity: name, alias or slug")
    alias.add_argument("alias", nargs="+", help="the other name(s) it goes by")
    hide = actions.add_parser("hide", help="hide a false entity (writes hidden: true)")
    hide.add_argument("name", help="the entity: name, alias or slug")
    hide.add_argument("--show", action="store_true", help="undo: show it again")
    extract = actions.add_parser("extract", help="run NER over article files, write 'entities'")
    extract.add_argument("paths", nargs="*", type=Path, help="article files (default: all)")
    extract.add_argument(
        "--force", action="store_true", help="replace an existing 'entities' field (default: skip)"
    )
    extract.add_argument("--dry-run", action="store_true", help="print, write nothing")


def run(args: argparse.Namespace) -> int:
    project = existing_project(args)
    if project is None:
        return 2
    if args.action == "extract":
        return _extract(project, args)
    diagnostics = Diagnostics()
    documents = load_content(project, diagnostics, include_drafts=True)
    curated = [doc for doc in documents if doc.kind == "entity"]
    articles = [doc for doc in documents if doc.kind == "article"]
    registry = build_registry(curated, articles)
    if args.action == "list":
        _list(registry, articles, args)
        diagnostics.print()
        return 1 if diagnostics.errors else 0
    if args.action == "explain":
        return _explain(registry, args.name, diagnostics)
    entity = _find(registry, args.name)
    if entity is None:
        diagnostics.error(args.name, "no entity has this name, alias or slug")
        return report(diagnostics, "Nothing written")
    path = project.entities_dir / f"{entity.slug}.md"
    shown = project.relative(path)
    if args.action == "alias":
        aliases = list(entity.document.aliases) if entity.document else []
        aliases += [a for a in dict.fromkeys(args.alias) if a not in aliases and a != entity.name]
        changed = _write_curated(path, entity, "aliases", aliases, diagnostics)
        summary = f"{shown}: aliases: {', '.join(aliases)}"
        return report(diagnostics, summary if changed else f"{summary} (unchanged)")
    hidden = not args.show
    _write_curated(path, entity, "hidden", hidden, diagnostics)
    state = "hidden" if hidden else "shown"
    return report(diagnostics, f"{entity.name} is {state} ({shown})")


def _find(registry: EntityRegistry, name: str) -> Entity | None:
    return (
        registry.by_slug.get(name) or registry.by_slug.get(slugify(name)) or registry.resolve(name)
    )


def _write_curated(
    path: Path, entity: Entity, key: str, value: object, diagnostics: Diagnostics
) -> bool:
    """Set one field of the entity's curated file, creating the file if there is none."""
    try:
        if path.exists():
            return update_file(path, key, value)
        meta = {"name": entity.name, "type": entity.type, key: value}
        if not write_new_atomic(path, front_matter.dump(meta, "").rstrip("\n") + "\n"):
            return update_file(path, key, value)  # someone created it meanwhile
        return True
    except (OSError, EditError, front_matter.FrontMatterError) as exc:
        diagnostics.error(str(path), f"not changed: {getattr(exc, 'message', None) or exc}")
        return False


def _list(registry: EntityRegistry, articles: list[Document], args: argparse.Namespace) -> None:
    matcher = MentionMatcher(registry)
    in_articles: Counter[str] = Counter()
    mentions: Counter[str] = Counter()
    for article in articles:
        own = registry.article_entities(article)
        in_articles.update({entity.slug for entity in own})
        mentions.update(entity.slug for _, _, entity in matcher.find(article.body, own))
    rows = []
    for entity in registry.entities:
        if (entity.hidden and not args.hidden) or (args.type and entity.type != args.type):
            continue
        sources = sorted({origin.source for origin in registry.origins[entity.slug]})
        rows.append(
            {
                "slug": entity.slug,
                "name": entity.name,
                "type": entity.type,
                "articles": in_articles[entity.slug],
                "mentions": mentions[entity.slug],
                "curated": entity.document is not None,
                "hidden": entity.hidden,
                "aliases": entity.aliases,
                "sources": sources,
            }
        )
    rows.sort(key=lambda row: (-row["articles"], -row["mentions"], row["slug"]))
    if args.json:
        json.dump(rows, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return
    print(f"{'ARTICLES':>8} {'MENTIONS':>8}  {'TYPE':<12} {'NAME':<32} SOURCE")
    for row in rows:
        source = "curated" if row["curated"] else counted(len(row["sources"]), "article")
        flag = " (hidden)" if row["hidden"] else ""
        print(
            f"{row['articles']:>8} {row['mentions']:>8}  {row['type']:<12} "
            f"{row['name'] + flag:<32} {source}"
        )


def _explain(registry: EntityRegistry, name: str | None, diagnostics: Diagnostics) -> int:
    entities = registry.entities
    if name is not None:
        entity = _find(registry, name)
        if entity is None:
            diagnostics.error(name, "no entity has this name, alias or slug")
            return report(diagnostics, "Nothing to explain")
        entities = [entity]
    for entity in entities:
        origins = registry.origins[entity.slug]
        votes = Counter(
            origin.type for origin in origins if not origin.reason.startswith("curated")
        )
        where = entity.document.path if entity.document else "found in articles only"
        state = ", hidden" if entity.hidden else ""
        print(f"{entity.name} [{entity.slug}] ({entity.type}{state}; {where})")
        if votes and entity.document is None:
            tally = ", ".join(f"{kind} {count}" for kind, count in votes.most_common())
            print(f"  type by vote over mentions: {tally}")
        elif entity.document is not None:
            print("  type set by the curated file")
        for origin in origins:
            print(f"  {origin.name!r} ({origin.type}) from {origin.source}: {origin.reason}")
    return 0


def _extract(project: Project, args: argparse.Namespace) -> int:
    from ..entities.extract import extract_entities  # loads spaCy: only for this action

    diagnostics = Diagnostics()
    paths = [p.absolute() for p in args.paths] or sorted(project.articles_dir.rglob("*.md"))
    written = skipped = 0
    for number, path in enumerate(paths, start=1):
        shown = project.relative(path)
        print(f"[{number}/{len(paths)}] {shown}", file=sys.stderr)
        try:
            text = path.read_text(encoding="utf-8")
            meta, body, _ = front_matter.parse(text)
        except (OSError, UnicodeDecodeError) as exc:
            diagnostics.error(shown, f"cannot read file: {exc}")
            continue
        except front_matter.FrontMatterError as exc:
            diagnostics.error(shown, exc.message, exc.line)
            continue
        if meta.get("entities") and not args.force:
            skipped += 1
            continue
        authors = meta.get("authors") or []
        found = extract_entities(
            body,
            title=str(meta.get("title") or ""),
            authors=[str(a) for a in authors] if isinstance(authors, list) else [str(authors)],
        )
        if args.dry_run:
            print(json.dumps({"path": shown, "entities": found}, ensure_ascii=False))
            continue
        try:
            if update_file(path, "entities", found):
                written += 1
        except (OSError, EditError) as exc:
            diagnostics.error(shown, f"not changed: {getattr(exc, 'message', None) or exc}")
    summary = (
        f"Extracted entities: {counted(written, 'file')} written, {skipped} skipped (have entities)"
    )
    return report(diagnostics, summary)
