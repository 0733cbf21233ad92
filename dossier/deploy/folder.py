"""Publish the site into a local folder: a mounted share, a web server's root.

Only dossier's files are replaced or removed there: the manifest in the folder lists
what the last deploy published, and any other file is someone else's and is kept
unless the target says ``delete: true``. The new content is staged in a folder beside
the target (unchanged and kept files hard-linked, new ones copied) and swapped in with
one rename, so a reader sees the old site or the new one. Where a folder cannot be
swapped (a mount point, a parent we may not write) files are replaced one by one,
after a manifest that already names them, and the deploy says so.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..project import Project
from ..publish.atomic_write import write_atomic
from ..publish.output import exchange_folders
from .settings import FolderTarget
from .site import MANIFEST, DeployError, Plan, Site, digest, manifest_text, read_manifest


class Folder:
    def __init__(self, target: FolderTarget, project: Project) -> None:
        self.target = target
        self.project = project
        self.path = target.path

    def prepare(self) -> None:
        """Before the build: the folder can be written, and is no part of the project."""
        if not self.path.parent.is_dir():
            raise DeployError(f"there is no folder {self.path.parent}")
        self.path = self.path.resolve()
        if self.path.exists() and not self.path.is_dir():
            raise DeployError("exists and is not a folder")
        root = self.project.root.resolve()
        if self.path == root or self.path in root.parents:
            raise DeployError("holds the project itself; choose a folder outside it")
        for inner in (self.project.content_dir, self.project.build_dir, self.project.cache_dir):
            inner = inner.resolve()
            if self.path == inner or inner in self.path.parents:
                raise DeployError(f"is inside {inner.name}/ of the project")

    def _ours(self) -> dict[str, str]:
        try:
            text = (self.path / MANIFEST).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            return {}
        return read_manifest(text) or {}

    def _files(self) -> set[str]:
        """Every file (and link) in the folder but the manifest, as site paths."""
        found = set()
        for folder, dirs, files in os.walk(self.path):
            here = Path(folder)
            links = [d for d in dirs if (here / d).is_symlink()]
            for name in files + links:
                found.add((here / name).relative_to(self.path).as_posix())
        found.discard(MANIFEST)
        return found

    def plan(self, site: Site) -> Plan:
        present, ours = self._files(), self._ours()
        plan = Plan()
        for name, want in sorted(site.digests.items()):
            path = self.path / name
            if name not in present:
                plan.added.append(name)
            elif path.is_symlink() or not path.is_file() or digest(path) != want:
                plan.changed.append(name)
        gone = present - set(site.digests)
        plan.removed = sorted(gone if self.target.delete else gone & set(ours))
        return plan

    def publish(self, site: Site, plan: Plan) -> str:
        if not plan and self._ours() == site.digests:
            return "up to date"
        why_not = self._why_not_swap()
        if why_not is None and self._swap(site, plan):
            return f"updated at once ({plan.summary()})"
        self._in_place(site, plan)
        why_not = why_not or "the folder could not be renamed"
        return f"updated file by file, since {why_not} ({plan.summary()})"

    def _why_not_swap(self) -> str | None:
        if self.path.is_dir() and os.path.ismount(self.path):
            return "a mount point cannot be swapped"
        if not os.access(self.path.parent, os.W_OK):
            return f"{self.path.parent} is not writable"
        return None

    def _swap(self, site: Site, plan: Plan) -> bool:
        """Stage the new content beside the folder and swap it in; False if the folder
        cannot be renamed (then nothing was changed)."""
        prefix = f".{self.path.name}.dossier-"
        for stale in self.path.parent.glob(f"{prefix}*"):  # left by a deploy that was killed
            shutil.rmtree(stale, ignore_errors=True)
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=self.path.parent))
        try:
            try:
                self._stage(site, plan, staging)
            except DeployError as exc:
                raise DeployError(f"{exc}; the folder was left as it was") from None
            if not self.path.exists():
                os.rename(staging, self.path)
            elif not exchange_folders(staging, self.path):  # no renameat2 there: two renames
                aside = staging.with_name(staging.name + "-previous")
                try:
                    os.rename(self.path, aside)
                except OSError:
                    return False
                try:
                    os.rename(staging, self.path)
                except OSError:
                    os.rename(aside, self.path)
                    raise
                shutil.rmtree(aside, ignore_errors=True)
            return True
        finally:
            shutil.rmtree(staging, ignore_errors=True)  # after an exchange: the previous site

    def _stage(self, site: Site, plan: Plan, staging: Path) -> None:
        """The folder's next content: kept files linked, the site's new files copied."""
        os.chmod(staging, stat.S_IMODE(self.path.stat().st_mode) if self.path.exists() else 0o755)
        replaced = set(plan.changed) | set(plan.removed) | {MANIFEST}
        if self.path.exists():
            for folder, dirs, files in os.walk(self.path):
                here = Path(folder)
                relative = here.relative_to(self.path)
                if relative.parts and not dirs and not files and not self.target.delete:
                    (staging / relative).mkdir(parents=True, exist_ok=True)  # an empty folder
                for name in files + [d for d in dirs if (here / d).is_symlink()]:
                    if (relative / name).as_posix() not in replaced:
                        _place(
                            staging,
                            (relative / name).as_posix(),
                            lambda to, src=here / name: _keep(src, to),
                        )
        for name in plan.added + plan.changed:
            _place(staging, name, lambda to, src=site.root / name: shutil.copyfile(src, to))
        (staging / MANIFEST).write_text(manifest_text(site), encoding="utf-8")
        if self.path.exists():
            for folder, _, _ in os.walk(staging):
                original = self.path / Path(folder).relative_to(staging)
                if Path(folder) != staging and original.is_dir() and not original.is_symlink():
                    shutil.copymode(original, folder)

    def _in_place(self, site: Site, plan: Plan) -> None:
        self.path.mkdir(exist_ok=True)
        both = {**self._ours(), **site.digests}  # if it stops half-way, all it wrote is known
        write_atomic(self.path / MANIFEST, manifest_text(Site(site.root, both)))
        try:
            for name in plan.added + plan.changed:
                _place(self.path, name, lambda to, src=site.root / name: _copy_over(src, to))
        except DeployError as exc:
            raise DeployError(
                f"{exc}; the folder is partly updated, deploy again once it is fixed"
            ) from None
        for name in plan.removed:
            (self.path / name).unlink(missing_ok=True)
            for parent in (self.path / name).parents:
                if parent == self.path or any(parent.iterdir()):
                    break
                parent.rmdir()
        write_atomic(self.path / MANIFEST, manifest_text(site))


def _place(root: Path, name: str, make: Callable[[Path], object]) -> None:
    """Make the file ``name`` under ``root``; a file or folder of the target in its way is an error."""
    path = root / name
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        make(path)
    except (NotADirectoryError, FileExistsError, IsADirectoryError):
        raise DeployError(f"{name}: something in the folder is in its way "
                          "(a file where the site has a folder, or the reverse)") from None  # fmt: skip


def _keep(source: Path, to: Path) -> None:
    if source.is_symlink():
        os.symlink(os.readlink(source), to)
        return
    try:
        os.link(source, to, follow_symlinks=False)
    except OSError:  # a share without hard links, or a file we may not link
        shutil.copy2(source, to, follow_symlinks=False)


def _copy_over(source: Path, to: Path) -> None:
    write_atomic(to, source.read_bytes())
