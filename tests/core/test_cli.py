"""The commands as a user runs them: the real console script in a real folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from dossier import __version__
from tests.conftest import run_dossier


def test_the_tests_run_this_checkout_not_another_dossier(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """A dossier installed elsewhere, first on PATH and on PYTHONPATH, is never the one tested."""
    other = tmp_path / "elsewhere"
    (other / "dossier").mkdir(parents=True)
    (other / "dossier" / "__init__.py").write_text("")
    (other / "dossier" / "__main__.py").write_text("print('another dossier')\n")
    (other / "bin").mkdir()
    script = other / "bin" / "dossier"
    script.write_text("#!/bin/sh\necho another dossier\n")
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{other / 'bin'}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("PYTHONPATH", str(other))
    result = run_dossier("--version", cwd=other)  # its dossier/ package is in the folder too
    assert result.stdout.strip() == f"dossier {__version__}", result.stdout


def test_init_scaffolds_a_dossier_that_builds(tmp_path: Path):
    result = run_dossier("init", str(tmp_path / "new"), "--title", "Port: inquiry")
    assert result.returncode == 0, result.stderr
    build = run_dossier("build", cwd=tmp_path / "new")
    assert build.returncode == 0, build.stderr
    assert "0 errors" in build.stderr
    home = (tmp_path / "new" / "build" / "index.html").read_text()
    assert "Port: inquiry" in home
    again = run_dossier("init", str(tmp_path / "new"))
    assert again.stdout.startswith("Nothing changed:")


def test_init_makes_no_topic_that_no_article_gets(tmp_path: Path):
    """A "General" topic promising untopiced articles stayed empty: init makes no topic."""
    assert run_dossier("init", str(tmp_path / "new")).returncode == 0
    project = tmp_path / "new"
    assert [p.name for p in (project / "content" / "topics").iterdir()] == [".keep"]
    (project / "content" / "articles" / "note.md").write_text(
        "---\ntitle: A note without topics\ndate: 2024-05-01\n---\n\nText.\n"
    )
    build = run_dossier("build", "--no-search", cwd=project)
    assert build.returncode == 0, build.stderr
    topics = (project / "build" / "topics" / "index.html").read_text()
    assert "General" not in topics and "General" not in (project / "build" / "index.html").read_text()
    assert not (project / "build" / "topics" / "general").exists()


def test_init_never_overwrites(tmp_path: Path):
    (tmp_path / "dossier.yml").write_text("title: Mine\n")
    run_dossier("init", str(tmp_path))
    assert (tmp_path / "dossier.yml").read_text() == "title: Mine\n"


def test_build_summary_and_exit_status(site_project: Path):
    result = run_dossier("build", cwd=site_project)
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("Built ")
    assert "0 warnings, 0 errors" in result.stderr
    assert (site_project / "build" / "articles" / "harbour-audit" / "index.html").exists()
    assert not (site_project / "build" / "articles" / "draft-story").exists()


def test_build_drafts_out_and_base_url(site_project: Path, tmp_path: Path):
    out = tmp_path / "public"
    result = run_dossier(
        "build",
        "--drafts",
        "--out",
        str(out),
        "--base-url",
        "https://news.example/d/",
        cwd=site_project,
    )
    assert result.returncode == 0, result.stderr
    assert (out / "articles" / "draft-story" / "index.html").exists()
    assert (
        "<id>https://news.example/d/articles/harbour-audit/</id>" in (out / "feed.xml").read_text()
    )
    assert "https://news.example/d/timeline/" in (out / "sitemap.xml").read_text()


def test_bad_inputs_are_reported_and_the_rest_builds(site_project: Path):
    articles = site_project / "content" / "articles"
    (articles / "yaml.md").write_text("---\ntitle: [broken\n---\nx\n")
    (articles / "listy.md").write_text("---\n- just\n- a list\n---\nx\n")
    (articles / "date.md").write_text("---\ntitle: Dated\ndate: 31/12/2023\n---\nx\n")
    (articles / "notitle.md").write_text("---\nsource: X\n---\nx\n")
    (articles / "Harbour Audit.md").write_text("---\ntitle: Clash\n---\nx\n")
    (articles / "latin1.md").write_bytes(b"---\ntitle: Caf\xe9\n---\nx\n")
    (articles / "template.md").write_text("---\ntitle: Custom\ntemplate: fancy.html\n---\nx\n")
    (articles / "wikilink.md").write_text("---\ntitle: Links\n---\n\nSee [[Nobody At All]].\n")
    result = run_dossier("build", cwd=site_project)
    assert result.returncode == 1
    err = result.stderr
    assert "Traceback" not in err
    for expected in (
        "content/articles/yaml.md:3: invalid YAML",
        "content/articles/listy.md:2: front matter must be a mapping",
        "content/articles/date.md:3: invalid date",
        "content/articles/notitle.md:1: missing required field 'title'",
        "content/articles/harbour-audit.md:1: duplicate slug 'harbour-audit'",
        "content/articles/latin1.md:2: not valid UTF-8",
        "content/articles/template.md:3: unknown template 'fancy.html'",
        "content/articles/wikilink.md:5: unresolved link [[Nobody At All]]",
    ):
        assert expected in err, f"missing {expected!r} in:\n{err}"
    built = site_project / "build"
    assert (built / "articles" / "port-deal-signed" / "index.html").exists()
    assert (built / "articles" / "custom" / "index.html").exists() or (
        built / "articles" / "template" / "index.html"
    ).exists()
    assert 'class="broken-link"' in (built / "articles" / "wikilink" / "index.html").read_text()


def test_hostile_title_gives_safe_slug_and_no_write_outside(site_project: Path, tmp_path: Path):
    articles = site_project / "content" / "articles"
    (articles / "%2E%2E%2Fetc passwd!.md").write_text("---\ntitle: ../../etc/passwd\n---\nx\n")
    out = tmp_path / "deep" / "er" / "out"
    before = set(tmp_path.rglob("*"))
    result = run_dossier("build", "--out", str(out), cwd=site_project)
    assert result.returncode == 0, result.stderr
    new = set(tmp_path.rglob("*")) - before
    outside = {p for p in new if not (p.is_relative_to(out) or p.is_relative_to(site_project))}
    assert outside == {out.parent, out.parent.parent}  # only the folders out was made in
    assert (out / "articles" / "2e-2e-2fetc-passwd" / "index.html").exists()


def test_template_error_keeps_previous_site(site_project: Path):
    assert run_dossier("build", cwd=site_project).returncode == 0
    before = (site_project / "build" / "index.html").read_bytes()
    (site_project / "templates").mkdir()
    (site_project / "templates" / "home.html").write_text(
        '{% extends "base.html" %}\n{% block content %}{{ no_such.thing }}{% endblock %}\n'
    )
    result = run_dossier("build", cwd=site_project)
    assert result.returncode == 1
    assert "templates/home.html:2: template error" in result.stderr
    assert "Traceback" not in result.stderr
    assert (site_project / "build" / "index.html").read_bytes() == before


def test_project_template_overrides_default(site_project: Path):
    (site_project / "templates").mkdir()
    (site_project / "templates" / "404.html").write_text("custom not found\n")
    assert run_dossier("build", cwd=site_project).returncode == 0
    assert (site_project / "build" / "404.html").read_text() == "custom not found\n"


def test_check_reports_problems_and_writes_nothing(site_project: Path):
    ok = run_dossier("check", cwd=site_project)
    assert ok.returncode == 0, ok.stderr
    assert "internal links" in ok.stderr
    (site_project / "content" / "pages" / "bad.md").write_text(
        "---\ntitle: Bad\n---\n\n[gone](../articles/gone.md)\n"
    )
    bad = run_dossier("check", cwd=site_project)
    assert bad.returncode == 1
    assert "content/pages/bad.md:5: unresolved link ../articles/gone.md" in bad.stderr
    assert not (site_project / "build").exists()


def test_check_warns_of_articles_that_need_review_and_lists_only_them(site_project: Path):
    articles = site_project / "content" / "articles"
    (articles / "wire-copy.md").write_text(
        "---\ntitle: Wire copy\ndate: 2024-03-02\nneeds_review:\n- body\n- entities\n---\n\nText.\n"
    )
    (articles / "reviewed.md").write_text(
        "---\ntitle: Reviewed\ndate: 2024-03-03\nneeds_review: []\n---\n\nText.\n"
    )
    check = run_dossier("check", cwd=site_project)
    assert check.returncode == 0, check.stderr  # a warning, not an error
    assert "content/articles/undated-note.md:6: warning: needs review: date" in check.stderr
    assert "content/articles/wire-copy.md:4: warning: needs review: body, entities" in check.stderr
    assert "reviewed.md" not in check.stderr
    assert "2 warnings, 0 errors" in check.stderr
    review = run_dossier("check", "--review", cwd=site_project)
    assert review.returncode == 0, review.stderr
    assert [line.split(" (")[0] for line in review.stdout.splitlines()] == [
        "content/articles/undated-note.md:6: needs review: date",
        "content/articles/wire-copy.md:4: needs review: body, entities",
    ]
    assert review.stderr.strip() == "2 articles to review"
    assert not (site_project / "build").exists()


def test_every_command_has_help():
    for command in ("init", "build", "check", "templates"):
        result = run_dossier(command, "--help")
        assert result.returncode == 0 and "usage: dossier" in result.stdout


def test_a_build_with_nothing_changed_does_nothing(site_project: Path, tmp_path: Path):
    first = run_dossier("build", "--no-search", cwd=site_project)
    assert first.returncode == 0 and first.stderr.splitlines()[-1].startswith("Built ")
    again = run_dossier("build", "--no-search", cwd=site_project)
    assert again.returncode == 0
    assert again.stderr.splitlines()[-1].startswith("Up to date: nothing changed")
    # any input, option or a missing site makes it build again
    (site_project / "content" / "articles" / "harbour-audit.md").write_text(
        (site_project / "content" / "articles" / "harbour-audit.md").read_text() + "\nMore.\n"
    )
    assert (
        run_dossier("build", "--no-search", cwd=site_project)
        .stderr.splitlines()[-1]
        .startswith("Built ")
    )
    assert (
        run_dossier("build", "--no-search", "--drafts", cwd=site_project)
        .stderr.splitlines()[-1]
        .startswith("Built ")
    )
    other = tmp_path / "elsewhere"
    assert (
        run_dossier("build", "--no-search", "--drafts", "--out", str(other), cwd=site_project)
        .stderr.splitlines()[-1]
        .startswith("Built ")
    )
    (site_project / "build" / ".dossier-build").write_text("replaced by hand\n")
    assert (
        run_dossier("build", "--no-search", "--drafts", cwd=site_project)
        .stderr.splitlines()[-1]
        .startswith("Built ")
    )


def test_a_build_with_errors_is_never_skipped(site_project: Path):
    (site_project / "content" / "pages" / "bad.md").write_text(
        "---\ntitle: Bad\n---\n\n[[Nobody]]\n"
    )
    for _ in range(2):
        result = run_dossier("build", "--no-search", cwd=site_project)
        assert result.returncode == 1
        assert "content/pages/bad.md:5: unresolved link [[Nobody]]" in result.stderr


def test_a_command_line_loads_only_the_command_it_names() -> None:
    """Each run of ``dossier build`` starts faster for not importing the other nine commands."""
    probe = (
        "import sys\nfrom dossier import cli\n"
        "try:\n    cli.main(['build', '--help'])\nexcept SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m.startswith('dossier.commands.')), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert result.stderr.strip().splitlines()[-1] == "['dossier.commands._common', 'dossier.commands.build']"
    assert "--no-search" in result.stdout
