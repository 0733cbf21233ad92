"""What the deploy tests share: a target in dossier.yml, a folder's files, git at a path."""

from __future__ import annotations

import subprocess
from pathlib import Path


def add_targets(project: Path, yaml_text: str) -> None:
    """Append a ``deploy:`` section, as a user would add it under the other settings."""
    with open(project / "dossier.yml", "a", encoding="utf-8") as config:
        config.write("deploy:\n" + yaml_text)


def files_of(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (the build's own marker aside), by site path."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.name != ".dossier-build"
    }


def git(*args: str, cwd: Path) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True)
    return done.stdout


def bare_remote(where: Path) -> Path:
    where.mkdir(parents=True)
    git("init", "--quiet", "--bare", cwd=where)
    return where


def branch_files(remote: Path, branch: str = "gh-pages") -> dict[str, bytes]:
    names = git("ls-tree", "-r", "--name-only", "-z", branch, cwd=remote).split("\0")
    return {
        name: subprocess.run(["git", "show", f"{branch}:{name}"], cwd=remote,
                             capture_output=True, check=True).stdout
        for name in names if name
    }  # fmt: skip
