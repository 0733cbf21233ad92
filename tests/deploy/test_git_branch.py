"""``dossier deploy`` to a git branch, with a local bare repository as the remote."""

from __future__ import annotations

import os
from pathlib import Path

from tests.conftest import run_dossier
from tests.deploy.helpers import add_targets, bare_remote, branch_files, files_of, git

BROKEN = "\nSee [the annex](../annex/index.html).\n"


def _project_repository(project: Path) -> None:
    """The project under version control, as most are (with the ignores ``dossier init`` writes)."""
    (project / ".gitignore").write_text("/build/\n/.build.back/\n/.dossier-cache/\n")
    git("init", "--quiet", "--initial-branch=main", cwd=project)
    git("add", ".", cwd=project)
    git("-c", "user.name=Reporter", "-c", "user.email=r@example.org",
        "commit", "--quiet", "-m", "the dossier", cwd=project)  # fmt: skip


def test_the_branch_holds_exactly_the_built_site(site_project: Path, tmp_path: Path):
    remote = bare_remote(tmp_path / "site.git")
    add_targets(
        site_project, "  - type: git\n    remote: ../site.git\n    cname: harbour.example.org\n"
    )
    _project_repository(site_project)
    status_before = git("status", "--porcelain", cwd=site_project)
    dry = run_dossier("deploy", "--dry-run", cwd=site_project)
    assert dry.returncode == 0, dry.stderr
    assert "  + articles/harbour-audit/index.html" in dry.stdout.splitlines()
    assert git("for-each-ref", cwd=remote) == ""

    result = run_dossier("deploy", cwd=site_project)

    assert result.returncode == 0, result.stderr
    assert "git ../site.git branch gh-pages: pushed commit" in result.stdout
    published = branch_files(remote)
    assert published.pop(".nojekyll") == b""
    assert published.pop("CNAME") == b"harbour.example.org"
    assert published == files_of(site_project / "build")
    assert "articles/harbour-audit/index.html" in published
    head = git("rev-parse", "--short=12", "HEAD", cwd=site_project).strip()
    assert git("log", "--format=%s", "gh-pages", cwd=remote).splitlines() == [
        f"Deploy the dossier built from {head}"
    ]
    # the project's repository: same branch, same working tree, no new branch
    assert git("branch", "--show-current", cwd=site_project).strip() == "main"
    assert git("status", "--porcelain", cwd=site_project) == status_before
    assert git("branch", "--list", cwd=site_project).split() == ["*", "main"]


def test_a_second_deploy_adds_one_commit_and_dry_run_lists_the_changes(
    site_project: Path, tmp_path: Path
):
    remote = bare_remote(tmp_path / "site.git")
    add_targets(site_project, "  - type: git\n    remote: ../site.git\n")
    assert run_dossier("deploy", cwd=site_project).returncode == 0
    first = git("rev-parse", "gh-pages", cwd=remote).strip()

    (site_project / "content" / "articles" / "undated-note.md").unlink()
    about = site_project / "content" / "pages" / "about.md"
    about.write_text(about.read_text() + "\nA new closing line.\n")
    dry = run_dossier("deploy", "--dry-run", cwd=site_project)
    assert dry.returncode == 0, dry.stderr
    assert "  - articles/undated-note/index.html" in dry.stdout.splitlines()
    assert "  ~ pages/about/index.html" in dry.stdout.splitlines()
    assert "Dry run: nothing was published" in dry.stderr
    assert git("rev-parse", "gh-pages", cwd=remote).strip() == first

    again = run_dossier("deploy", cwd=site_project)
    assert again.returncode == 0, again.stderr
    log = git("log", "--format=%H %P", "gh-pages", cwd=remote).splitlines()
    assert len(log) == 2 and log[0].split()[1] == first
    assert b"A new closing line." in branch_files(remote)["pages/about/index.html"]
    assert "articles/undated-note/index.html" not in branch_files(remote)
    assert "up to date" in run_dossier("deploy", cwd=site_project).stdout
    assert len(git("log", "--format=%H", "gh-pages", cwd=remote).splitlines()) == 2


def test_a_broken_link_deploys_nothing(site_project: Path, tmp_path: Path):
    remote = bare_remote(tmp_path / "site.git")
    add_targets(site_project, "  - type: git\n    remote: ../site.git\n")
    about = site_project / "content" / "pages" / "about.md"
    about.write_text(about.read_text() + BROKEN)

    result = run_dossier("deploy", cwd=site_project)

    assert result.returncode == 1
    assert "build/pages/about/index.html:" in result.stderr
    assert "broken internal link '../annex/index.html'" in result.stderr
    assert "Deploy refused" in result.stderr
    assert git("for-each-ref", cwd=remote) == ""


def test_a_link_out_of_build_is_never_followed(site_project: Path, tmp_path: Path):
    remote = bare_remote(tmp_path / "site.git")
    add_targets(site_project, "  - type: git\n    remote: ../site.git\n")
    assert run_dossier("build", cwd=site_project).returncode == 0
    secret = tmp_path / "secret.txt"
    secret.write_text("not for the web")
    os.symlink(secret, site_project / "build" / "notes.txt")

    result = run_dossier("deploy", cwd=site_project)

    assert result.returncode == 1
    assert "notes.txt: a symbolic link" in result.stderr
    assert git("for-each-ref", cwd=remote) == ""


def test_a_missing_remote_is_one_line_before_any_build(site_project: Path, tmp_path: Path):
    add_targets(site_project, "  - type: git\n    remote: upstream\n")
    _project_repository(site_project)
    named = run_dossier("deploy", cwd=site_project)
    assert named.returncode == 1
    assert named.stderr.splitlines()[0] == (
        "error: git upstream branch gh-pages: 'upstream' is neither a remote of the "
        "project's git repository ('git remote -v' lists them) nor a folder"
    )
    assert not (site_project / "build").exists()

    (site_project / "dossier.yml").write_text(
        (site_project / "dossier.yml").read_text().replace("upstream", "../gone.git")
    )
    path = run_dossier("deploy", cwd=site_project)
    assert path.returncode == 1
    assert path.stderr.startswith("error: git ../gone.git branch gh-pages: cannot reach the remote")
    assert len(path.stderr.splitlines()) == 2  # the reason, and that nothing was done
    assert not (site_project / "build").exists()


def test_a_remote_that_rejects_the_push_keeps_its_branch(site_project: Path, tmp_path: Path):
    remote = bare_remote(tmp_path / "site.git")
    add_targets(site_project, "  - type: git\n    remote: ../site.git\n")
    assert run_dossier("deploy", cwd=site_project).returncode == 0
    before = git("rev-parse", "gh-pages", cwd=remote)
    hook = remote / "hooks" / "pre-receive"
    hook.write_text("#!/bin/sh\necho 'pages are frozen' >&2\nexit 1\n")
    hook.chmod(0o755)
    about = site_project / "content" / "pages" / "about.md"
    about.write_text(about.read_text() + "\nMore.\n")
    content_before = files_of(site_project / "content")

    result = run_dossier("deploy", cwd=site_project)

    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert errors == [
        "error: git ../site.git branch gh-pages: the remote refused the push of gh-pages: "
        "[remote rejected] (pre-receive hook declined); it is unchanged"
    ]
    assert git("rev-parse", "gh-pages", cwd=remote) == before
    assert files_of(site_project / "content") == content_before


def test_the_push_reaches_the_remote_as_the_project_does(site_project: Path, tmp_path: Path):
    """A CI checkout keeps its token in the project's own git config: deploy uses it too."""
    remote = bare_remote(tmp_path / "site.git")
    _project_repository(site_project)
    address = "https://pages.invalid/reporter/site.git"
    git("remote", "add", "origin", address, cwd=site_project)
    git("config", f"url.{remote}.insteadOf", address, cwd=site_project)
    add_targets(site_project, "  - type: git\n    remote: origin\n")

    first = run_dossier("deploy", cwd=site_project)
    about = site_project / "content" / "pages" / "about.md"
    about.write_text(about.read_text() + "\nMore.\n")
    second = run_dossier("deploy", cwd=site_project)

    assert first.returncode == 0, first.stderr
    assert second.returncode == 0, second.stderr
    assert len(git("log", "--format=%H", "gh-pages", cwd=remote).splitlines()) == 2
