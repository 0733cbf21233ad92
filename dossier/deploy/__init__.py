"""``dossier deploy``'s stage: publish the checked build to the targets of ``dossier.yml``.

Each target kind is one module with the same three steps: ``prepare`` (before the
build: is the tool there, does the target answer), ``plan`` (what would change, with
nothing sent) and ``publish`` (send it, all at once where the target allows).
"""

from __future__ import annotations

from typing import Protocol

from ..project import Project
from .folder import Folder
from .git_branch import GitBranch
from .rsync import Rsync
from .settings import FolderTarget, GitTarget, Target
from .site import Plan, Site


class Publisher(Protocol):
    def prepare(self) -> None: ...
    def plan(self, site: Site) -> Plan: ...
    def publish(self, site: Site, plan: Plan) -> str: ...


def publisher(target: Target, project: Project) -> Publisher:
    if isinstance(target, GitTarget):
        return GitBranch(target, project)
    if isinstance(target, FolderTarget):
        return Folder(target, project)
    return Rsync(target, project)
