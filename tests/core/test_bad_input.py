"""Bad input a new user hit, through the real console script: each is reported as
``path:line: what is wrong``, never a traceback, and the rest of the work goes on."""

from __future__ import annotations

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
