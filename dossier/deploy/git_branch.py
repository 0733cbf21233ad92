"""Publish the site as the tree of a git branch (GitHub, GitLab or Codeberg Pages, any remote).

The commit is made by ghp-import (what ``mkdocs gh-deploy`` uses) in a private bare
repository in the cache folder, never in the project's own repository, so the user's
working tree, index and branches are never touched, and a project need not be a git
repository at all. The branch's last commit is fetched first, so one deploy adds one
commit on top of the history; pushing one ref is atomic, so the remote holds the old
site or the new one, never a mix.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

from ghp_import import GhpError, ghp_import

from ..project import Project
from .settings import GitTarget
from .site import DeployError, Plan, Site

PRIVATE_REMOTE = "dossier"  # the remote's name inside the private repository
_REPOSITORY_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_COMMON_DIR",
                         "GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_NAMESPACE")  # fmt: skip
Settings = tuple[tuple[str, str], ...]  # git config (key, value) pairs, in order
_URL = re.compile(r"[a-z][a-z0-9+.-]*://|[^/]+:")  # scheme://... or scp-like user@host:path


def _environment(**extra: str) -> dict[str, str]:
    """The user's environment without variables that would point git at another repository."""
    env = {k: v for k, v in os.environ.items() if k not in _REPOSITORY_VARIABLES}
    return {**env, "GIT_TERMINAL_PROMPT": "0", **extra}


def _git(*args: str, cwd: Path, settings: Settings = ()) -> subprocess.CompletedProcess:
    """git in ``cwd``; ``settings`` are more config, passed in the environment, not on the
    command line that every user of the machine can read."""
    extra = {"GIT_CONFIG_COUNT": str(len(settings))} if settings else {}
    for number, (key, value) in enumerate(settings):
        extra |= {f"GIT_CONFIG_KEY_{number}": key, f"GIT_CONFIG_VALUE_{number}": value}
    return subprocess.run(
        ["git", *args], cwd=cwd, env=_environment(**extra), capture_output=True, text=True,
        check=False,
    )  # fmt: skip


def _last_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return lines[-1].removeprefix("fatal: ").removeprefix("error: ") if lines else "no reason given"


class GitBranch:
    def __init__(self, target: GitTarget, project: Project) -> None:
        self.target = target
        self.project = project
        self.url = ""
        self.remote_head: str | None = None  # the branch's commit on the remote; None: no branch
        self.commit: str | None = None
        self.access: Settings = ()  # the project's settings for reaching remotes

    def prepare(self) -> None:
        """Before the build: git is there, the remote answers, and the branch is not the project's."""
        if shutil.which("git") is None:
            raise DeployError("git is not installed")
        self.url = self._url()
        self.access = self._access()
        branch = self.target.branch
        listed = _git(
            "ls-remote", "--heads", self.url, f"refs/heads/{branch}", cwd=self.project.root
        )
        if listed.returncode != 0:
            raise DeployError(
                f"cannot reach the remote {self.target.remote}: {_last_line(listed.stderr)}"
            )
        self.remote_head = listed.stdout.split()[0] if listed.stdout.strip() else None
        own = _git("symbolic-ref", "--short", "-q", "HEAD", cwd=self.project.root).stdout.strip()
        if own == branch and self.url in self._project_remotes():
            raise DeployError(
                f"{branch} is the branch the project itself is on, on that remote; "
                "give the site another 'branch:'"
            )

    def _url(self) -> str:
        remote = self.target.remote
        if _URL.match(remote):
            return remote
        path = (self.project.root / Path(remote).expanduser()).resolve()
        if "/" in remote or remote.startswith(".") or path.exists():
            return str(path)
        # as written, not rewritten by url.*.insteadOf: git applies that in fetch and push
        got = _git("config", "--get", f"remote.{remote}.url", cwd=self.project.root)
        if got.returncode != 0:
            raise DeployError(
                f"'{remote}' is neither a remote of the project's git repository "
                "('git remote -v' lists them) nor a folder"
            )
        return self._absolute(got.stdout.strip())

    def _absolute(self, url: str) -> str:
        if _URL.match(url) or Path(url).is_absolute():
            return url
        top = _git("rev-parse", "--show-toplevel", cwd=self.project.root).stdout.strip()
        return str((Path(top or self.project.root) / url).resolve())

    def _access(self) -> Settings:
        """The project repository's own ``http.*``, ``url.*`` and ``credential.*`` settings
        (a CI checkout's token, a rewritten URL), for the private repository's fetch and push."""
        found = _git("config", "--local", "-z", "--get-regexp", r"^(http|url|credential)\.",
                     cwd=self.project.root).stdout  # fmt: skip
        pairs = [entry.partition("\n") for entry in found.split("\0") if entry]
        return tuple((key, value) for key, _, value in pairs)

    def _project_remotes(self) -> set[str]:
        listed = _git("config", "-z", "--get-regexp", r"^remote\..*\.url$", cwd=self.project.root)
        return {
            self._absolute(entry.partition("\n")[2]) for entry in listed.stdout.split("\0") if entry
        }

    def plan(self, site: Site) -> Plan:
        """Make the deploy commit in the private repository; the plan is its diff to the remote."""
        repository = self._repository()
        branch = self.target.branch
        tracking = f"refs/remotes/{PRIVATE_REMOTE}/{branch}"
        if self.remote_head:
            fetched = _git("fetch", "--quiet", "--depth=1", "--no-tags", self.url,
                           f"+refs/heads/{branch}:{tracking}", cwd=repository, settings=self.access)  # fmt: skip
            if fetched.returncode != 0:
                raise DeployError(f"cannot fetch {branch}: {_last_line(fetched.stderr)}")
        else:
            _git("update-ref", "-d", tracking, cwd=repository)
        _git("update-ref", "-d", f"refs/heads/{branch}", cwd=repository)  # no dry run's commit
        self._import(site, repository)
        new = _git("rev-parse", "-q", "--verify", f"refs/heads/{branch}", cwd=repository)
        if new.returncode != 0:
            raise DeployError("ghp-import made no commit")
        self.commit = new.stdout.strip()
        base = [self.remote_head] if self.remote_head else ["--root"]
        diff = _git("diff-tree", "-r", "-z", "--no-renames", "--no-commit-id", "--name-status",
                    *base, self.commit, cwd=repository)  # fmt: skip
        fields = diff.stdout.split("\0")
        plan = Plan()
        for status, name in zip(fields[0::2], fields[1::2], strict=False):
            {"A": plan.added, "D": plan.removed}.get(status, plan.changed).append(name)
        return plan

    def _repository(self) -> Path:
        key = hashlib.sha256(self.url.encode()).hexdigest()[:16]
        repository = self.project.cache_dir / "deploy" / f"git-{key}.git"
        if not (repository / "HEAD").is_file():
            repository.mkdir(parents=True, exist_ok=True)
            made = _git("init", "--quiet", "--bare", cwd=repository)
            if made.returncode != 0:
                raise DeployError(
                    f"cannot make a git repository in {repository}: {_last_line(made.stderr)}"
                )
        return repository

    def _import(self, site: Site, repository: Path) -> None:
        """ghp-import runs git in the current folder with this process's environment."""
        saved = dict(os.environ)
        os.environ.clear()
        os.environ.update(_environment(GIT_DIR=str(repository), **self._committer()))
        failed = io.BytesIO()  # ghp-import writes its failure as bytes to sys.stdout
        try:
            with contextlib.chdir(repository), contextlib.redirect_stdout(failed):
                ghp_import(str(site.root), branch=self.target.branch, remote=PRIVATE_REMOTE,
                           mesg=self._message(), nojekyll=True, cname=self.target.cname)  # fmt: skip
        except (GhpError, OSError, subprocess.CalledProcessError) as exc:
            raise DeployError(f"ghp-import failed: {getattr(exc, 'message', exc)}") from None
        finally:
            os.environ.clear()
            os.environ.update(saved)
        if failed.getvalue():
            raise DeployError(f"ghp-import failed: {failed.getvalue().decode().strip()}")

    def _committer(self) -> dict[str, str]:
        """The user's git identity; one made up where git has none, as in a fresh container."""
        who = {}
        for key, variable, fallback in (("user.name", "GIT_COMMITTER_NAME", "dossier deploy"),
                                        ("user.email", "GIT_COMMITTER_EMAIL", "")):  # fmt: skip
            if variable not in os.environ:
                found = _git("config", key, cwd=self.project.root).stdout.strip()
                who[variable] = found or fallback
        return who

    def _message(self) -> str:
        head = _git("rev-parse", "--short=12", "HEAD", cwd=self.project.root)
        if head.returncode != 0:
            return "Deploy the dossier"
        dirty = _git("status", "--porcelain", "--", ".", cwd=self.project.root).stdout.strip()
        return f"Deploy the dossier built from {head.stdout.strip()}" + (
            " with uncommitted changes" if dirty else ""
        )

    def publish(self, site: Site, plan: Plan) -> str:
        if not plan:
            return "up to date, nothing pushed"
        branch = self.target.branch
        pushed = _git("push", "--porcelain", self.url, f"refs/heads/{branch}:refs/heads/{branch}",
                      cwd=self._repository(), settings=self.access)  # fmt: skip
        if pushed.returncode != 0:
            refused = [line for line in pushed.stdout.splitlines() if line.startswith("!")]
            why = refused[0].split("\t")[-1] if refused else _last_line(pushed.stderr)
            raise DeployError(f"the remote refused the push of {branch}: {why}; it is unchanged")
        return f"pushed commit {self.commit[:12] if self.commit else ''} ({plan.summary()})"
