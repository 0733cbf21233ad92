"""``dossier templates list|copy`` and the README's table of what each template receives.

The table is checked against the real build: each template is replaced by one that asks
for every variable the README names for it, so a documented variable that a template
does not get (or a renamed one) fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import REPO, run_dossier

THEME = REPO / "templates"
TOKEN = re.compile(r"`([a-z_]+(?:\.[a-z_]+)*)`")


def documented_variables() -> dict[str, list[str]]:
    """template name -> the variables the README's table says it receives."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    table = readme.split("| template | renders | variables |", 1)[1].split("\n\n", 1)[0]
    rendered = sorted(p.name for p in THEME.glob("*.*") if not p.name.startswith(("_", "base")))
    found: dict[str, list[str]] = {name: [] for name in rendered}
    for row in table.strip().splitlines()[1:]:
        names, _, variables = (cell.strip() for cell in row.strip("|").split(" | "))
        templates = [n for n in re.findall(r"`([^`]+)`", names)]
        if templates == ["*.html"]:
            templates = [n for n in rendered if n.endswith(".html")]
        for name in templates:
            found[name] += TOKEN.findall(variables)
    return found


def test_the_readme_names_every_template_and_each_variable_it_receives(site_project: Path):
    documented = documented_variables()
    assert all(documented.values()), f"templates the README says nothing of: {documented}"
    own = site_project / "templates"
    own.mkdir()
    for name, variables in documented.items():
        checks = ", ".join(variables)
        (own / name).write_text(
            f"DOC-CHECK {name}:{{% for v in [{checks}] %}} {{{{ 'ok' if v is defined else"
            f" 'MISSING' }}}}{{% endfor %}}\n"
        )
    built = run_dossier("build", "--no-search", cwd=site_project)
    assert built.returncode == 0, built.stderr
    seen: dict[str, str] = {}
    for path in (site_project / "build").rglob("*.*"):
        text = path.read_text(encoding="utf-8", errors="replace")
        for name, result in re.findall(r"DOC-CHECK (\S+):(.*)", text):
            seen[name] = result
            assert "MISSING" not in result, (name, documented[name], result, path)
    assert set(seen) == set(documented)


def test_list_shows_the_default_theme_and_which_files_are_yours(site_project: Path):
    (site_project / "templates").mkdir()
    (site_project / "templates" / "article.html").write_text("mine\n")
    listed = run_dossier("templates", "list", cwd=site_project)
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    expected = sorted(p.relative_to(THEME).as_posix() for p in THEME.rglob("*") if p.is_file())
    assert [line.split("  ")[0] for line in lines] == expected
    assert "article.html  (yours: templates/article.html)" in lines
    assert "entity.html" in lines and "static/style.css" in lines


def test_copy_writes_the_default_and_never_overwrites(site_project: Path):
    own = site_project / "templates"
    copied = run_dossier("templates", "copy", "entity.html", "static/style.css", cwd=site_project)
    assert copied.returncode == 0, copied.stderr
    assert (own / "entity.html").read_bytes() == (THEME / "entity.html").read_bytes()
    assert (own / "static" / "style.css").read_bytes() == (THEME / "static/style.css").read_bytes()
    (own / "entity.html").write_text("my entity page {{ page.title }}\n")
    again = run_dossier("templates", "copy", "entity.html", "topic.html", cwd=site_project)
    assert again.returncode == 1
    assert "templates/entity.html: exists, left as it is" in again.stderr
    assert (own / "entity.html").read_text() == "my entity page {{ page.title }}\n"
    assert (own / "topic.html").is_file()  # the other one is copied all the same
    unknown = run_dossier("templates", "copy", "../dossier.yml", "fancy.html", cwd=site_project)
    assert unknown.returncode == 1
    assert "fancy.html: no such file in the default theme" in unknown.stderr
    assert sorted(p.name for p in own.rglob("*")) == ["entity.html", "static", "style.css", "topic.html"]
    built = run_dossier("build", "--no-search", cwd=site_project)
    assert built.returncode == 0, built.stderr
    assert "my entity page" in next((site_project / "build" / "entities").glob("*/index.html")).read_text()


def test_copy_outside_a_project_writes_nothing(tmp_path: Path):
    result = run_dossier("templates", "copy", "article.html", cwd=tmp_path)
    assert result.returncode == 2
    assert list(tmp_path.iterdir()) == []
