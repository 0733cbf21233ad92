"""``dossier deploy``: build, check as ``dossier check`` does, then publish to each target.

Nothing leaves the machine unless the build has no error and every internal link lands:
a broken site is never published. Targets are checked before the build (is the tool
installed, does the remote answer), so a typo in ``dossier.yml`` costs no build.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from ..diagnostics import Diagnostics, counted
from ._common import add_project_argument, existing_project, report

if TYPE_CHECKING:
    from ..deploy import Publisher
    from ..deploy.settings import Target
    from ..deploy.site import Site
    from ..project import Project

NAME = "deploy"
HELP = "Build, check and publish the site to the targets of the 'deploy:' section of dossier.yml."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_project_argument(parser)
    parser.add_argument(
        "--dry-run", "-n", action="store_true",
        help="build and check, then list the files each target would get, change or lose; "
        "publish nothing",
    )  # fmt: skip


def run(args: argparse.Namespace) -> int:
    from ..build import BuildFailed, build_project
    from ..deploy import publisher
    from ..deploy.settings import load_targets
    from ..deploy.site import DeployError, snapshot
    from ..publish.output import OutputError

    project = existing_project(args)
    if project is None:
        return 2
    found = Diagnostics()
    targets = load_targets(project, found)
    if found.errors:
        return report(
            found, "Nothing was deployed: the 'deploy:' section of dossier.yml has errors"
        )
    publishers = [publisher(target, project) for target in targets]
    refused = 0
    for target, each in zip(targets, publishers, strict=True):
        try:
            each.prepare()
        except (DeployError, OSError) as exc:
            print(f"error: {target}: {exc}", file=sys.stderr)
            refused += 1
    if refused:
        print("Nothing was deployed and nothing was built", file=sys.stderr)
        return 1
    try:
        result = build_project(
            project, progress=lambda line: print(f"  {line}", file=sys.stderr, flush=True)
        )
    except OutputError as exc:
        print(f"error: {exc}\nNothing was deployed", file=sys.stderr)
        return 1
    except BuildFailed as failed:
        return report(failed.diagnostics, "Deploy refused: the site could not be built")
    try:
        with snapshot(project.build_dir, project.cache_dir / "deploy") as site:
            if not _checked(project, site, result.diagnostics):
                return 1
            failed = sum(
                not _published(target, each, site, args.dry_run)
                for target, each in zip(targets, publishers, strict=True)
            )
    except DeployError as exc:
        print(f"error: {exc}\nNothing was deployed", file=sys.stderr)
        return 1
    if args.dry_run:
        print("Dry run: nothing was published", file=sys.stderr)
    elif failed:
        print(f"{failed} of {counted(len(targets), 'target')} not updated", file=sys.stderr)
    return 1 if failed else 0


def _checked(project: Project, site: Site, problems: Diagnostics) -> bool:
    """The checks of ``dossier check`` on the very files to be sent; prints what it found."""
    from ..config import CONFIG_NAME, load_config
    from ..publish.link_check import check_links

    config = load_config(project.root, Diagnostics())
    if urlsplit(config.base_url).hostname in ("localhost", "127.0.0.1", "::1", None):
        problems.warning(
            CONFIG_NAME,
            f"base_url is {config.base_url}: the feed, the sitemap and shared links of the "
            "published site will point there; set it to the address the site is published at",
        )
    links = check_links(site.files(), problems)
    if problems.errors:
        report(
            problems,
            f"Deploy refused: {counted(len(problems.errors), 'error')}, as 'dossier check' "
            f"reports them ({counted(links, 'internal link')} checked); nothing was published",
        )
        return False
    problems.print(sys.stderr)
    print(
        f"Checked {counted(len(site.digests), 'file')} and {counted(links, 'internal link')}",
        file=sys.stderr,
    )
    return True


def _published(target: Target, each: Publisher, site: Site, dry_run: bool) -> bool:
    """One target: its plan, listed (a dry run) or carried out; False, said in one line, if it failed."""
    from ..deploy.site import DeployError

    print(
        f"  {'comparing with' if dry_run else 'publishing to'} {target}",
        file=sys.stderr,
        flush=True,
    )
    try:
        plan = each.plan(site)
        if dry_run:
            print(f"{target}: would publish {plan.summary()}")
            print("\n".join(plan.lines()) if plan else "  (nothing to change)")
        else:
            print(f"{target}: {each.publish(site, plan)}")
    except (DeployError, OSError) as exc:
        print(f"error: {target}: {exc}", file=sys.stderr)
        return False
    return True
