"""The ``deploy:`` section of dossier.yml: what a new user writes, and each mistake's line."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run_dossier
from tests.deploy.helpers import add_targets, bare_remote, branch_files, files_of


def test_three_lines_in_a_new_dossier_publish_it(tmp_path: Path):
    project = tmp_path / "harbour"
    assert run_dossier("init", str(project)).returncode == 0
    remote = bare_remote(tmp_path / "pages.git")
    add_targets(project, "  - type: git\n    remote: ../pages.git\n")

    result = run_dossier("deploy", cwd=project)

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("git ../pages.git branch gh-pages: pushed commit ")
    assert "dossier.yml: warning: base_url is http://localhost:8000/" in result.stderr
    published = branch_files(remote)
    assert published.pop(".nojekyll") == b""
    assert published == files_of(project / "build")


def _errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("dossier.yml:")]


def test_each_mistake_is_reported_at_its_line_and_nothing_is_built(site_project: Path):
    add_targets(
        site_project,
        "  - type: ftp\n"  # line 6
        "    host: example.org\n"
        "  - type: git\n"  # line 8
        "    branch: two words\n"
        "  - type: rsync\n"  # line 10
        "    destination: me@example.org:/var/www\n"
        "    delete: sometimes\n"
        "    dest: typo\n"
        "  - just a string\n",  # line 14
    )

    result = run_dossier("deploy", cwd=site_project)

    assert result.returncode == 1
    assert _errors(result) == [
        "dossier.yml:6: deploy[0]: unknown target type 'ftp' (types: git, folder, rsync)",
        "dossier.yml:8: deploy[1]: a git target needs 'remote'",
        "dossier.yml:9: deploy[1]: 'branch': 'two words' is not a branch name",
        "dossier.yml:12: deploy[2]: 'delete' must be true or false",
        "dossier.yml:13: deploy[2]: unknown setting 'dest' for an rsync target "
        "(known: type, destination, delete)",
        "dossier.yml:14: deploy[3]: a target is a mapping with a 'type'",
    ]
    assert result.stderr.splitlines()[-1] == (
        "Nothing was deployed: the 'deploy:' section of dossier.yml has errors"
    )
    assert not (site_project / "build").exists()


def test_without_a_deploy_section_it_says_what_to_add(site_project: Path):
    result = run_dossier("deploy", cwd=site_project)
    assert result.returncode == 1
    assert "dossier.yml: no 'deploy:' section says where to publish" in result.stderr
    assert not (site_project / "build").exists()


def test_a_folder_whose_parent_is_missing_is_not_created(site_project: Path, tmp_path: Path):
    add_targets(site_project, f"  - type: folder\n    path: {tmp_path}/unmounted/share\n")
    result = run_dossier("deploy", cwd=site_project)
    assert result.returncode == 1
    assert f"there is no folder {tmp_path}/unmounted" in result.stderr
    assert not (tmp_path / "unmounted").exists()


def test_one_target_failing_does_not_stop_the_others(site_project: Path, tmp_path: Path):
    remote = bare_remote(tmp_path / "site.git")
    www = tmp_path / "www"
    www.mkdir()
    (www / "entities").write_text("a file where the site has a folder")
    add_targets(
        site_project,
        "  - type: folder\n    path: ../www\n  - type: git\n    remote: ../site.git\n",
    )

    result = run_dossier("deploy", cwd=site_project)

    assert result.returncode == 1
    assert result.stdout.startswith("git ../site.git branch gh-pages: pushed commit ")
    assert f"error: folder {www}: entities/" in result.stderr
    assert result.stderr.splitlines()[-1] == "1 of 2 targets not updated"
    assert "index.html" in branch_files(remote)
