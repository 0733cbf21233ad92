"""Bad input a new user hit, through the real console script: each is reported as
``path:line: what is wrong``, never a traceback, and the rest of the work goes on."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from tests.conftest import run_dossier


def _article(project: Path, name: str, front: str, body: str = "Text.") -> None:
    (project / "content" / "articles" / name).write_text(f"---\n{front}\n---\n\n{body}\n")


@pytest.mark.parametrize(
    ("date", "why"),
    [
        ("2024-13-45", "month must be in 1..12"),
        ("2024-02-30", "day is out of range for month"),
        ("2024-02-03T25:00:00", "hour must be in 0..23"),
    ],
)
def test_impossible_date_is_reported_and_the_other_pages_build(
    site_project: Path, date: str, why: str
):
    _article(site_project, "bad-day.md", f"title: Bad day\ndate: {date}")
    _article(site_project, "other.md", "title: Other\ndate: 2024-02-28")
    result = run_dossier("build", cwd=site_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"content/articles/bad-day.md:3: invalid date '{date}': {why}" in result.stderr
    assert (site_project / "build" / "articles" / "other" / "index.html").exists()


def test_every_problem_of_a_file_with_a_bad_date_is_reported(site_project: Path):
    _article(
        site_project, "many.md",
        "title: Many\ndate: 2024-02-30\nurl: ftp://x\ndraft: perhaps\nentities: 7",
    )  # fmt: skip
    result = run_dossier("check", cwd=site_project)
    assert result.returncode == 1
    for expected in (
        "content/articles/many.md:3: invalid date '2024-02-30'",
        "content/articles/many.md:4: 'url' must be an http(s) address",
        "content/articles/many.md:5: 'draft' must be true or false",
        "content/articles/many.md:6: 'entities' must be a list",
    ):
        assert expected in result.stderr, result.stderr


def test_duplicate_key_in_config_names_both_lines(site_project: Path):
    config = site_project / "dossier.yml"
    text = config.read_text()
    config.write_text(text + "base_url: https://elsewhere.example/\n")
    first = 1 + text.splitlines().index(
        next(x for x in text.splitlines() if x.startswith("base_url:"))
    )
    last = len(text.splitlines()) + 1
    result = run_dossier("check", cwd=site_project)
    assert result.returncode == 1
    assert (
        f"dossier.yml:{last}: 'base_url' is given twice, on lines {first} and {last}"
        in result.stderr
    )


def test_duplicate_key_in_front_matter_names_both_lines(site_project: Path):
    _article(site_project, "twice.md", "title: One\ndate: 2024-01-01\ntitle: Two")
    result = run_dossier("check", cwd=site_project)
    assert result.returncode == 1
    assert "content/articles/twice.md:4: 'title' is given twice, on lines 2 and 4" in result.stderr


@pytest.mark.parametrize(
    "command",
    [["build"], ["check"], ["serve", "--port", "0"], ["entities", "list"]],
    ids=lambda c: c[0],
)
def test_commands_refuse_to_run_outside_a_project_and_write_nothing(tmp_path: Path, command):
    result = run_dossier(*command, cwd=tmp_path, timeout=30)
    assert result.returncode != 0
    assert "not a dossier project" in result.stderr and "dossier init" in result.stderr
    assert "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []


def test_init_refuses_inside_a_project(tmp_path: Path):
    assert run_dossier("init", str(tmp_path / "story")).returncode == 0
    inner = tmp_path / "story" / "content"
    before = sorted(inner.rglob("*"))
    result = run_dossier("init", cwd=inner)
    assert result.returncode == 1
    assert "is inside the dossier project" in result.stderr
    assert sorted(inner.rglob("*")) == before


def test_second_init_says_it_changed_nothing(tmp_path: Path):
    run_dossier("init", str(tmp_path))
    again = run_dossier("init", str(tmp_path))
    assert again.returncode == 0
    assert again.stdout.startswith("Nothing changed:")
    assert "Created" not in again.stdout


@pytest.fixture
def umask_022():
    """The umask most users have; the console script inherits it."""
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_new_files_follow_the_umask(tmp_path: Path, umask_022):
    assert run_dossier("init", str(tmp_path)).returncode == 0
    for name in ("dossier.yml", ".gitignore", "content/pages/about.md"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o644, name
    source = tmp_path / "story.txt"
    source.write_text("Port deal signed\n\nThe city signed the port deal on Monday.\n" * 3)
    ingest = run_dossier("ingest", "--no-entities", str(source), cwd=tmp_path)
    assert ingest.returncode == 0, ingest.stderr
    (article,) = (tmp_path / "content" / "articles").glob("*.md")
    assert stat.S_IMODE(article.stat().st_mode) == 0o644


def test_a_replaced_file_keeps_its_mode(site_project: Path, umask_022):
    curated = site_project / "content" / "entities" / "meridian-logistics.md"
    curated.chmod(0o640)
    result = run_dossier("entities", "alias", "Meridian Logistics", "MLX", cwd=site_project)
    assert result.returncode == 0, result.stderr
    assert "MLX" in curated.read_text().split("aliases:")[1]
    assert stat.S_IMODE(curated.stat().st_mode) == 0o640


def test_no_lock_files_are_left_in_the_users_folders(site_project: Path, tmp_path: Path):
    source = tmp_path / "story.txt"
    source.write_text("Port deal signed\n\nThe city signed the port deal on Monday.\n" * 3)
    assert run_dossier("ingest", "--no-entities", str(source), cwd=site_project).returncode == 0
    assert run_dossier("build", "--no-search", cwd=site_project).returncode == 0
    hidden = {p.name for p in site_project.iterdir() if p.name.startswith(".")}
    assert hidden <= {".dossier-cache", ".build.back"}
    assert not list((site_project / "content").rglob(".*lock"))


def test_summaries_count_in_good_english(tmp_path: Path):
    run_dossier("init", str(tmp_path))
    (tmp_path / "content" / "topics" / "trade.md").write_text("---\ntitle: Trade\n---\n")
    _article(tmp_path, "bad.md", "title: Bad\ndate: 2024-02-30")
    build = run_dossier("build", "--no-search", cwd=tmp_path)
    assert "0 articles, 0 entities, 1 topic " in build.stderr, build.stderr
    assert "0 warnings, 1 error;" in build.stderr, build.stderr
    check = run_dossier("check", cwd=tmp_path)
    assert check.stderr.rstrip().endswith("0 warnings, 1 error"), check.stderr


ARTICLE_TEMPLATE = """{%% extends "base.html" %%}
{%% block content %%}
<h1>{{ page.title }}</h1>

%s
{%% endblock %%}
"""


@pytest.mark.parametrize(
    ("expression", "message"),
    [
        ("{{ 1 // 0 }}", "ZeroDivisionError: integer division or modulo by zero"),
        ("{{ page.title + 1 }}", 'TypeError: can only concatenate str (not "int") to str'),
    ],
)
@pytest.mark.parametrize("command", ["build", "check"])
def test_a_template_failing_while_rendering_is_reported_at_its_line(
    site_project: Path, expression: str, message: str, command: str
):
    assert run_dossier("build", "--no-search", cwd=site_project).returncode == 0
    before = (site_project / "build" / "articles" / "harbour-audit" / "index.html").read_bytes()
    (site_project / "templates").mkdir()
    (site_project / "templates" / "article.html").write_text(ARTICLE_TEMPLATE % expression)
    result = run_dossier(command, cwd=site_project)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"templates/article.html:5: template error: {message}" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) <= 5
    assert (
        site_project / "build" / "articles" / "harbour-audit" / "index.html"
    ).read_bytes() == before


def test_an_unclosed_block_is_reported_where_it_opens(site_project: Path):
    (site_project / "templates").mkdir()
    lines = (ARTICLE_TEMPLATE % "<p>x</p>").splitlines()
    lines[3:3] = ["{% set shown = true %}", "{% for a in [1] %}{% endfor %}", "{% if shown %}"]
    (site_project / "templates" / "article.html").write_text("\n".join(lines) + "\n")
    result = run_dossier("build", cwd=site_project)
    assert result.returncode == 1
    assert (
        "templates/article.html:6: template error: '{% if %}' is never closed: no '{% endif %}'"
        in result.stderr
    ), result.stderr


def test_the_preview_shows_a_failing_template_in_its_overlay(site_project: Path):
    """The build gives ``serve`` a diagnostic, which its overlay shows (not only the log)."""
    from dossier.project import Project
    from dossier.serve.preview_server import overlay
    from dossier.serve.session import PreviewBuilder

    (site_project / "templates").mkdir()
    (site_project / "templates" / "article.html").write_text(ARTICLE_TEMPLATE % "{{ 1 // 0 }}")
    builder = PreviewBuilder(Project(site_project), False, "http://127.0.0.1:8000/", search=False)
    builder.build()
    shown = overlay(builder.state.site).decode()
    assert "templates/article.html:5: template error: ZeroDivisionError" in shown


def test_a_template_failure_travels_back_from_a_render_worker_with_its_line():
    """Large sites render pages in forked workers; the error comes back pickled."""
    import pickle

    from dossier.render.template_errors import TemplateFailed

    failed = pickle.loads(pickle.dumps(TemplateFailed("ZeroDivisionError: x", "t/a.html", 5)))
    assert (failed.message, failed.filename, failed.lineno) == (
        "ZeroDivisionError: x",
        "t/a.html",
        5,
    )


def test_a_value_its_yaml_tag_cannot_read_is_reported_at_its_line(site_project: Path):
    _article(site_project, "tagged.md", "title: Tagged\nsummary: !!int abc")
    _article(site_project, "flag.md", "title: Flag\ndraft: !!bool maybe")
    (site_project / "dossier.yml").write_text("title: !!float many\n")
    result = run_dossier("check", cwd=site_project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "content/articles/tagged.md:3: invalid YAML in front matter: 'abc' is not a valid int"
        in result.stderr
    )
    assert (
        "content/articles/flag.md:3: invalid YAML in front matter: 'maybe' is not a valid bool"
        in result.stderr
    )
    assert "dossier.yml:1: invalid YAML: 'many' is not a valid float" in result.stderr


def test_init_where_nothing_can_be_written_says_so(tmp_path: Path):
    (tmp_path / "a-file").write_text("x")
    result = run_dossier("init", str(tmp_path / "a-file" / "story"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "a-file/story/dossier.yml: cannot write: Not a directory" in result.stderr
