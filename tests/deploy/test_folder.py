"""``dossier deploy`` to a local folder: a new copy staged beside it and swapped in."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_dossier
from tests.deploy.helpers import add_targets, files_of

MANIFEST = ".dossier-deploy.json"


def _published(folder: Path) -> dict[str, bytes]:
    return {name: data for name, data in files_of(folder).items() if name != MANIFEST}


def test_changed_files_only_removed_pages_removed_foreign_files_kept(
    site_project: Path, tmp_path: Path
):
    www = tmp_path / "www"
    (www / "articles").mkdir(parents=True)
    (www / "robots.txt").write_text("User-agent: *\n")
    (www / "articles" / "by-hand.html").write_text("<p>mine</p>")
    (www / "uploads").mkdir()
    add_targets(site_project, "  - type: folder\n    path: ../www\n")

    first = run_dossier("deploy", cwd=site_project)
    assert first.returncode == 0, first.stderr
    assert f"folder {www}: updated at once" in first.stdout
    foreign = {"robots.txt": b"User-agent: *\n", "articles/by-hand.html": b"<p>mine</p>"}
    assert _published(www) == {**files_of(site_project / "build"), **foreign}
    assert (www / "uploads").is_dir()
    manifest = json.loads((www / MANIFEST).read_text())["files"]
    assert set(manifest) == set(files_of(site_project / "build"))
    unchanged = www / "static" / "style.css"
    before = unchanged.stat()

    (site_project / "content" / "articles" / "undated-note.md").unlink()
    second = run_dossier("deploy", cwd=site_project)
    assert second.returncode == 0, second.stderr
    assert not (www / "articles" / "undated-note").exists()
    assert (www / "articles" / "by-hand.html").read_text() == "<p>mine</p>"
    assert (www / "robots.txt").exists() and (www / "uploads").is_dir()
    assert _published(www) == {**files_of(site_project / "build"), **foreign}
    after = unchanged.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)


def test_delete_true_removes_what_is_not_the_site(site_project: Path, tmp_path: Path):
    www = tmp_path / "www"
    www.mkdir()
    (www / "old.html").write_text("stale")
    add_targets(site_project, "  - type: folder\n    path: ../www\n    delete: true\n")
    dry = run_dossier("deploy", "-n", cwd=site_project)
    assert "  - old.html" in dry.stdout.splitlines()
    assert (www / "old.html").exists()
    assert run_dossier("deploy", cwd=site_project).returncode == 0
    assert _published(www) == files_of(site_project / "build")


def test_a_failure_leaves_the_folder_as_it_was(site_project: Path, tmp_path: Path):
    www = tmp_path / "www"
    www.mkdir()
    (www / "entities").write_text("a file where the site has a folder")
    add_targets(site_project, "  - type: folder\n    path: ../www\n")

    result = run_dossier("deploy", cwd=site_project)

    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1
    assert errors[0].startswith(f"error: folder {www}: entities/")
    assert errors[0].endswith("the folder was left as it was")
    assert files_of(www) == {"entities": b"a file where the site has a folder"}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".www")] == []


def test_the_project_is_never_a_target(site_project: Path):
    add_targets(site_project, "  - type: folder\n    path: content/site\n")
    inside = run_dossier("deploy", cwd=site_project)
    assert inside.returncode == 1
    assert "is inside content/ of the project" in inside.stderr
    assert not (site_project / "content" / "site").exists()

    config = site_project / "dossier.yml"
    config.write_text(config.read_text().replace("content/site", ".."))
    around = run_dossier("deploy", cwd=site_project)
    assert around.returncode == 1
    assert "holds the project itself" in around.stderr
    assert not (site_project / "build").exists()


def test_a_new_folder_is_made_and_links_in_the_target_are_kept_not_followed(
    site_project: Path, tmp_path: Path
):
    add_targets(site_project, "  - type: folder\n    path: ../public\n")
    assert run_dossier("deploy", cwd=site_project).returncode == 0
    public = tmp_path / "public"
    assert _published(public) == files_of(site_project / "build")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "index.html").write_text("not the site's")
    (public / "mirror").symlink_to(elsewhere)
    (site_project / "content" / "articles" / "undated-note.md").unlink()
    assert run_dossier("deploy", cwd=site_project).returncode == 0
    assert (public / "mirror").is_symlink()
    assert (elsewhere / "index.html").read_text() == "not the site's"
    assert not (public / "articles" / "undated-note").exists()
