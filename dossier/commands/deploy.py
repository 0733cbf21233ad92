"""``dossier deploy``: build, check as ``dossier check`` does, then publish to each target.

Nothing leaves the machine unless the build has no error and every internal link lands:
a broken site is never published. Targets are checked before the build (is the tool
installed, does the remote answer), so a typo in ``dossier.yml`` costs no build.
"""

from __future__ import annotations

import argparse
import sys
from urllib.parse import urlsplit

from ._common import add_project_argument, existing_project, report

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
    from ..config import CONFIG_NAME, load_config
    from ..deploy import publisher
    from ..deploy.settings import load_targets
    from ..deploy.site import DeployError, snapshot
    from ..diagnostics import Diagnostics, counted
    from ..link_check import check_links
    from ..output import OutputError

    project = existing_project(args)
    if project is None:
        return 2
    found = Diagnostics()
    targets = load_targets(project, found)
    if found.errors:
        return report(found, "Nothing was deployed: the 'deploy:' section of dossier.yml has errors")
    publishers = [publisher(target, project) for target in targets]
    refused = 0
    for target, each in zip(targets, publishers, strict=True):
        try:
            each.prepare()
        except DeployError as exc:
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
    config = load_config(project.root, Diagnostics())
    if urlsplit(config.base_url).hostname in ("localhost", "127.0.0.1", "::1", None):
        result.diagnostics.warning(
            CONFIG_NAME,
            f"base_url is {config.base_url}: the feed, the sitemap and shared links of the "
            "published site will point there; set it to the address the site is published at",
        )
    try:
        with snapshot(project.build_dir, project.cache_dir / "deploy") as site:
            links = check_links(site.files(), result.diagnostics)
            problems = result.diagnostics
            if problems.errors:
                return report(
                    problems,
                    f"Deploy refused: {counted(len(problems.errors), 'error')}, as 'dossier check' "
                    f"reports them ({counted(links, 'internal link')} checked); nothing was published",
                )
            problems.print(sys.stderr)
            print(
                f"Checked {counted(len(site.digests), 'file')} and {counted(links, 'internal link')}",
                file=sys.stderr,
            )
            failed = 0
            for target, each in zip(targets, publishers, strict=True):
                try:
                    plan = each.plan(site)
                    if args.dry_run:
                        print(f"{target}: would publish {plan.summary()}")
                        print("\n".join(plan.lines()) if plan else "  (nothing to change)")
                    else:
                        print(f"{target}: {each.publish(site, plan)}")
                except (DeployError, OSError) as exc:
                    print(f"error: {target}: {exc}", file=sys.stderr)
                    failed += 1
    except DeployError as exc:
        print(f"error: {exc}\nNothing was deployed", file=sys.stderr)
        return 1
    if args.dry_run:
        print("Dry run: nothing was published", file=sys.stderr)
    elif failed:
        print(f"{failed} of {counted(len(targets), 'target')} not updated", file=sys.stderr)
    return 1 if failed else 0
