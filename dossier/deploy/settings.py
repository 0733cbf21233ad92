"""The ``deploy:`` section of ``dossier.yml``: where ``dossier deploy`` publishes the site.

Read here, not in :mod:`dossier.config`: only deploy needs it, and each target's
fields need the line they are on so that errors read ``dossier.yml:LINE: message``.
Syntax errors of the file are :func:`dossier.config.load_config`'s to report.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..config import CONFIG_NAME
from ..diagnostics import Diagnostics
from ..project import Project


@dataclass(frozen=True)
class GitTarget:
    """The site becomes the tree of ``branch`` on ``remote`` (a remote's name, a URL or a path)."""

    remote: str
    branch: str = "gh-pages"
    cname: str | None = None

    def __str__(self) -> str:
        return f"git {self.remote} branch {self.branch}"


@dataclass(frozen=True)
class FolderTarget:
    """A local folder (a mounted share): updated by staging a new copy beside it and swapping."""

    path: Path
    delete: bool = False

    def __str__(self) -> str:
        return f"folder {self.path}"


@dataclass(frozen=True)
class RsyncTarget:
    """Anything rsync can write to: ``user@host:/var/www/dossier``, or a local path."""

    destination: str
    delete: bool = False

    def __str__(self) -> str:
        return f"rsync {self.destination}"


Target = GitTarget | FolderTarget | RsyncTarget

_FIELDS = {  # per type: (required field, optional fields)
    "git": ("remote", ("branch", "cname")),
    "folder": ("path", ("delete",)),
    "rsync": ("destination", ("delete",)),
}
_BRANCH = re.compile(r"(?!-)(?!.*\.\.)(?!.*//)[A-Za-z0-9._/-]+(?<![./])")
_LABEL = r"[a-z0-9](?:[a-z0-9-]*[a-z0-9])?"
_DOMAIN = re.compile(rf"{_LABEL}(?:\.{_LABEL})+")


def load_targets(project: Project, diagnostics: Diagnostics) -> list[Target]:
    """The targets of ``dossier.yml``; each bad one is reported with its line and left out."""
    try:
        root = yaml.compose(project.config_path.read_text(encoding="utf-8"), yaml.SafeLoader)
    except FileNotFoundError:
        root = None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return []  # load_config reports why the file cannot be read
    section = None
    if isinstance(root, yaml.MappingNode):
        section = next((v for k, v in root.value if k.value == "deploy"), None)
    if section is None:
        diagnostics.error(
            CONFIG_NAME,
            "no 'deploy:' section says where to publish; add one, e.g. "
            "'deploy: [{type: git, remote: origin}]' (README, Publishing)",
        )
        return []
    empty = isinstance(section, yaml.ScalarNode) and section.tag.endswith(":null")
    items = section.value if isinstance(section, yaml.SequenceNode) else [] if empty else [section]
    targets = []
    for index, item in enumerate(items):
        target = _target(item, f"deploy[{index}]", diagnostics)
        if target is not None:
            targets.append(_resolved(target, project))
    if not items:
        diagnostics.error(CONFIG_NAME, "'deploy' lists no target", _line(section))
    return targets


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _target(node: yaml.Node, name: str, diagnostics: Diagnostics) -> Target | None:
    if not isinstance(node, yaml.MappingNode):
        diagnostics.error(CONFIG_NAME, f"{name}: a target is a mapping with a 'type'", _line(node))
        return None
    fields = {key.value: value for key, value in node.value if isinstance(key, yaml.ScalarNode)}
    kind = _value(fields["type"]) if "type" in fields else None
    if kind not in _FIELDS:
        what = f"unknown target type {kind!r}" if "type" in fields else "no 'type'"
        line = _line(fields["type"]) if "type" in fields else _line(node)
        diagnostics.error(CONFIG_NAME, f"{name}: {what} (types: git, folder, rsync)", line)
        return None
    required, optional = _FIELDS[kind]
    a_kind = f"{'an' if kind == 'rsync' else 'a'} {kind} target"
    values: dict[str, Any] = {}
    good = True
    for key, value_node in fields.items():
        value, line = _value(value_node), _line(value_node)
        problem = None
        if key == "type":
            continue
        if key not in (required, *optional):
            known = ", ".join(("type", required, *optional))
            problem = f"unknown setting '{key}' for {a_kind} (known: {known})"
        elif key == "delete":
            problem = None if isinstance(value, bool) else "'delete' must be true or false"
        elif not isinstance(value, str) or not value.strip():
            problem = f"'{key}' must be text"
        elif key == "branch" and not _BRANCH.fullmatch(value):
            problem = f"'branch': {value!r} is not a branch name"
        elif key == "cname" and not _DOMAIN.fullmatch(value.strip().lower()):
            problem = f"'cname': {value!r} is not a domain name (as dossier.example.org)"
        if problem:
            diagnostics.error(CONFIG_NAME, f"{name}: {problem}", line)
            good = False
        else:
            values[key] = value.strip() if isinstance(value, str) else value
    if required not in fields:
        diagnostics.error(CONFIG_NAME, f"{name}: {a_kind} needs '{required}'", _line(node))
        return None
    if not good:
        return None
    if kind == "git":
        return GitTarget(**values)
    if kind == "folder":
        return FolderTarget(Path(values.pop("path")), **values)
    return RsyncTarget(**values)


def _value(node: yaml.Node) -> Any:
    return yaml.SafeLoader("").construct_object(node, deep=True)


def _resolved(target: Target, project: Project) -> Target:
    """Local paths are relative to the project, whatever folder deploy is run from."""
    if isinstance(target, FolderTarget):
        path = Path(os.path.normpath(project.root / target.path.expanduser()))
        return FolderTarget(path, target.delete)
    if isinstance(target, RsyncTarget) and not is_remote(target.destination):
        path = os.path.normpath(project.root / Path(target.destination).expanduser())
        return RsyncTarget(path, target.delete)
    return target


def is_remote(destination: str) -> bool:
    """rsync's rule: a colon before any slash means ``host:path`` (or ``rsync://``)."""
    head = destination.split("/", 1)[0]
    return ":" in head or destination.startswith("rsync://")
