"""``dossier deploy`` with the real rsync, to a local folder as the destination.

rsync is installed by ``tests/run.sh``; without it these tests fail, they never skip.
"""

from __future__ import annotations

import json
import resource
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import run_dossier
from tests.deploy.helpers import add_targets, files_of

MANIFEST = ".dossier-deploy.json"


def _published(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in files_of(folder).items() if name != MANIFEST}


def test_only_changed_files_are_sent_removed_pages_go_foreign_files_stay(
    site_project: Path, tmp_path: Path
):
    dest = tmp_path / "dest"
    (dest / "articles").mkdir(parents=True)
    (dest / "articles" / "by-hand.html").write_text("<p>mine</p>")
    add_targets(site_project, "  - type: rsync\n    destination: ../dest\n")

    first = run_dossier("deploy", cwd=site_project)
    assert first.returncode == 0, first.stderr
    assert f"rsync {dest}: updated" in first.stdout
    foreign = {"articles/by-hand.html": b"<p>mine</p>"}
    assert _published(dest) == {**files_of(site_project / "build"), **foreign}
    untouched = dest / "static" / "style.css"
    before = untouched.stat()

    (site_project / "content" / "articles" / "undated-note.md").unlink()
    about = site_project / "content" / "pages" / "about.md"
    about.write_text(about.read_text() + "\nA new closing line.\n")
    dry = run_dossier("deploy", "--dry-run", cwd=site_project)
    assert dry.returncode == 0, dry.stderr
    lines = dry.stdout.splitlines()
    assert "  ~ pages/about/index.html" in lines
    assert "  - articles/undated-note/index.html" in lines
    assert not any(line.endswith(("static/style.css", "by-hand.html")) for line in lines)
    assert (dest / "articles" / "undated-note" / "index.html").exists()

    second = run_dossier("deploy", cwd=site_project)
    assert second.returncode == 0, second.stderr
    assert not (dest / "articles" / "undated-note").exists()  # its folder too
    assert b"A new closing line." in (dest / "pages" / "about" / "index.html").read_bytes()
    assert _published(dest) == {**files_of(site_project / "build"), **foreign}
    after = untouched.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert set(json.loads((dest / MANIFEST).read_text())["files"]) == set(
        files_of(site_project / "build")
    )


def test_a_file_in_the_way_of_a_folder_is_refused_before_anything_is_sent(
    site_project: Path, tmp_path: Path
):
    dest = tmp_path / "dest"
    dest.mkdir()
    (dest / "entities").write_text("a file where the site has a folder")
    add_targets(site_project, "  - type: rsync\n    destination: ../dest\n")

    refused = run_dossier("deploy", cwd=site_project)

    assert refused.returncode == 1
    errors = [line for line in refused.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        f"error: rsync {dest}: entities: someone else's file is where the site has a folder; "
        "nothing was sent"
    ]
    assert files_of(dest) == {"entities": b"a file where the site has a folder"}


@contextmanager
def _file_size_limit(limit: int) -> Iterator[None]:
    """Commands started meanwhile cannot write a file larger than ``limit`` bytes, as on a
    full disk or over a quota (this process only lowers its soft limit, and restores it)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))


def test_a_transfer_that_fails_part_way_is_one_line_and_the_next_deploy_finishes(
    site_project: Path, tmp_path: Path
):
    dest = tmp_path / "dest"
    dest.mkdir()
    add_targets(site_project, "  - type: rsync\n    destination: ../dest\n")
    assert run_dossier("build", cwd=site_project).returncode == 0
    # the limit is for rsync: deploy's own build must find nothing to write
    assert run_dossier("build", cwd=site_project).stderr.startswith("Up to date:")
    largest = max(len(data) for data in files_of(site_project / "build").values())

    with _file_size_limit(largest // 2):
        failed = run_dossier("deploy", cwd=site_project)

    assert failed.returncode == 1
    errors = [line for line in failed.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: rsync {dest}: rsync failed: ")
    assert errors[0].endswith("may be partly updated: deploy again once the cause is fixed")
    # what rsync had put in place (not its staging folders) is already known as dossier's
    known = json.loads((dest / MANIFEST).read_text())["files"]
    in_place = {name for name in _published(dest) if ".~tmp~" not in name}
    assert in_place <= set(known)
    assert in_place != set(files_of(site_project / "build"))

    again = run_dossier("deploy", cwd=site_project)
    assert again.returncode == 0, again.stderr
    assert _published(dest) == files_of(site_project / "build")  # rsync's leftovers gone too


def test_delete_true_makes_the_destination_the_site(site_project: Path, tmp_path: Path):
    dest = tmp_path / "dest"
    (dest / "old").mkdir(parents=True)
    (dest / "old" / "page.html").write_text("stale")
    add_targets(site_project, "  - type: rsync\n    destination: ../dest\n    delete: true\n")
    dry = run_dossier("deploy", "--dry-run", cwd=site_project)
    assert "  - old/page.html" in dry.stdout.splitlines()
    assert (dest / "old" / "page.html").exists()

    assert run_dossier("deploy", cwd=site_project).returncode == 0
    assert _published(dest) == files_of(site_project / "build")
    assert not (dest / "old").exists()
    assert (dest / MANIFEST).exists()
