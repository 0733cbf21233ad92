"""Publish the site with rsync: to another machine (``user@host:/var/www/dossier``) or a path.

Only files whose bytes differ are sent (rsync compares checksums); files of the previous
deploy that the site no longer has are removed; nothing else in the destination is
touched unless the target says ``delete: true``. The manifest there lists what dossier
published, and names the new files before they are sent, so a transfer that stops
half-way leaves nothing that the next deploy would not know as its own.

rsync cannot swap a folder on another machine: new files land together at the end of
the transfer (``--delay-updates``) and removals follow, so a failure can leave the
destination partly updated; the deploy says so, and running it again finishes the work.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..project import Project
from .settings import RsyncTarget
from .site import MANIFEST, DeployError, Plan, Site, manifest_text, read_manifest

_NON_EMPTY = "cannot delete non-empty directory"


class Rsync:
    def __init__(self, target: RsyncTarget, project: Project) -> None:
        self.target = target
        self.project = project
        self.destination = target.destination.rstrip("/") + "/"
        self.ours: dict[str, str] | None = None

    def prepare(self) -> None:
        """Before the build: rsync is there and the destination answers with its manifest."""
        if shutil.which("rsync") is None:
            raise DeployError("rsync is not installed (Debian, Ubuntu: apt-get install rsync)")
        with tempfile.TemporaryDirectory() as scratch:
            got = self._rsync(["--ignore-missing-args", self.destination + MANIFEST, scratch + "/"])
            missing = got.returncode == 23 and "No such file or directory" in got.stderr
            if got.returncode != 0 and not missing:
                raise DeployError(f"cannot reach the destination: {_why(got)}")
            path = Path(scratch, MANIFEST)
            self.ours = read_manifest(path.read_text(encoding="utf-8") if path.is_file() else None)

    def _rsync(self, args: list[str]) -> subprocess.CompletedProcess:
        return subprocess.run(["rsync", *args], capture_output=True, text=True, check=False)

    def plan(self, site: Site) -> Plan:
        self._check_paths(site)
        return self._run(site, dry=True)

    def _check_paths(self, site: Site) -> None:
        """Refuse when someone else's file is where the site has a folder (or the reverse):
        rsync would delete it to make way, and it is not dossier's to delete."""
        if self.target.delete:
            return
        listed = self._rsync(["--list-only", "--recursive", self.destination])
        missing = listed.returncode == 23 and "No such file or directory" in listed.stderr
        if listed.returncode != 0 and not missing:
            raise DeployError(f"cannot list the destination: {_why(listed)}")
        kinds = {}
        for line in listed.stdout.splitlines():
            fields = line.split(None, 4)
            if len(fields) == 5:
                kinds[fields[4]] = fields[0][0]
        ours = self.ours or {}
        folders = {str(parent) for name in site.digests for parent in Path(name).parents}
        for name, kind in sorted(kinds.items()):
            in_way = (kind != "d" and name in folders) or (kind == "d" and name in site.digests)
            if in_way and name not in ours:
                theirs, site_has = ("folder", "file") if kind == "d" else ("file", "folder")
                raise DeployError(
                    f"{name}: someone else's {theirs} is where the site has a {site_has}; "
                    "nothing was sent"
                )

    def publish(self, site: Site, plan: Plan) -> str:
        if not plan and self.ours == site.digests:
            return "up to date"
        both = {**(self.ours or {}), **site.digests}
        self._send_manifest(Site(site.root, both))
        done = self._run(site, dry=False)
        self._send_manifest(site)
        return f"updated ({done.summary()})"

    def _run(self, site: Site, dry: bool) -> Plan:
        """Send the changed files, then remove those of the last deploy that are gone."""
        flags = ["--recursive", "--checksum", "--itemize-changes", "--delay-updates"]
        flags += ["--dry-run"] if dry else []
        plan = Plan()
        with tempfile.TemporaryDirectory() as scratch:
            if self.target.delete:
                mirror = ["--delete", f"--filter=P /{MANIFEST}", f"{site.root}/", self.destination]
                self._read(self._check(self._rsync([*flags, *mirror])), plan)
                return plan
            listed = Path(scratch, "files")
            listed.write_text("".join(f"{name}\n" for name in sorted(site.digests)))
            sent = self._rsync(
                [*flags, f"--files-from={listed}", f"{site.root}/", self.destination]
            )
            self._read(self._check(sent), plan)
            gone = sorted(set(self.ours or {}) - set(site.digests))
            if gone:
                self._remove(gone, Path(scratch), flags, plan)
        return plan

    def _remove(self, gone: list[str], scratch: Path, flags: list[str], plan: Plan) -> None:
        """Delete the files, and the folders that leaves empty, in one pass: an empty
        source mirrored with ``--delete`` where only those files and their folders are
        included, so nothing else is touched (a folder that still holds anything, the
        site's files or others', is not empty and rsync leaves it).

        ``--delete-missing-args`` did this file by file, but some rsync 3.2.7 builds
        refuse it ("invalid file mode 00").
        """
        folders = {str(p) for name in gone for p in Path(name).parents if str(p) != "."}
        rules = [f"+ /{_literal(folder)}/" for folder in sorted(folders)]
        rules += [f"+ /{_literal(name)}" for name in gone] + ["- *"]
        listed = scratch / "removals.rules"
        listed.write_text("".join(f"{rule}\n" for rule in rules), encoding="utf-8")
        empty = scratch / "empty"
        empty.mkdir()
        removed = self._rsync([*flags, "--delete", f"--filter=. {listed}", f"{empty}/", self.destination])
        self._read(self._check(removed), plan)

    def _check(self, done: subprocess.CompletedProcess) -> subprocess.CompletedProcess:
        if done.returncode != 0:
            raise DeployError(
                f"rsync failed: {_why(done)}; rsync cannot swap the destination, "
                "so it may be partly updated: deploy again once the cause is fixed"
            )
        return done

    def _read(self, done: subprocess.CompletedProcess, plan: Plan) -> None:
        """File changes from rsync's ``--itemize-changes`` lines (``>f+++++++++ name``)."""
        for line in done.stdout.splitlines():
            code, _, name = line.partition(" ")
            name = name.strip()
            if code == "*deleting":
                if not name.endswith("/") and name != MANIFEST:
                    plan.removed.append(name)
            elif len(code) > 2 and code[0] in "<>" and code[1] == "f":
                (plan.added if code[2:].startswith("+") else plan.changed).append(name)

    def _send_manifest(self, site: Site) -> None:
        with tempfile.TemporaryDirectory() as scratch:
            Path(scratch, MANIFEST).write_text(manifest_text(site), encoding="utf-8")
            self._check(self._rsync([f"{scratch}/{MANIFEST}", self.destination]))


def _literal(name: str) -> str:
    """A file name as an rsync filter pattern that matches it alone (wildcards escaped)."""
    return re.sub(r"([*?\[\\])", r"\\\1", name)


def _why(done: subprocess.CompletedProcess) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip() and _NON_EMPTY not in line]
    return lines[0].strip() if lines else f"exit status {done.returncode}"
