"""Known XSS vectors in every field a user or a source can fill never reach a built page as code.

Each vector goes into hand-written Markdown (with and without ``allow_html``),
and into the front-matter fields that templates print: title, summary, source,
authors, topics, entity names and aliases, facts. Every output page is then
scanned as a browser parses it; the browser test runs the pages for real.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from dossier.build import render_project
from dossier.project import Project
from tests.security.html_safety import unsafe_parts

VECTORS = (
    (Path(__file__).resolve().parent.parent / "fixtures" / "xss" / "vectors.txt")
    .read_text()
    .splitlines()
)
# The theme's own tags; everything else that can run code must come from content.
THEME_TAGS = {"script", "meta"}


def yaml_text(value: str) -> str:
    return json.dumps(value)  # JSON strings are valid YAML scalars


def make_project(root: Path, allow_html: bool) -> Path:
    articles = root / "content" / "articles"
    entities = root / "content" / "entities"
    articles.mkdir(parents=True)
    entities.mkdir(parents=True)
    (root / "dossier.yml").write_text(
        f"title: {yaml_text(VECTORS[0])}\nallow_html: {str(allow_html).lower()}\n"
    )
    for n, vector in enumerate(VECTORS):
        v = yaml_text(vector)
        (articles / f"a{n}.md").write_text(
            f"---\ntitle: {v}\nsummary: {v}\nsource: {v}\nauthors: [{v}]\ntopics: [{v}]\n"
            f"date: 2024-01-{n % 28 + 1:02d}\nentities: [{{name: {v}, type: person}}]\n---\n\n"
            f"Before {vector} after, and [[{vector}]] too.\n\n{vector}\n"
        )
    (entities / "e.md").write_text(
        f"---\nname: Entity\naliases: [{', '.join(yaml_text(v) for v in VECTORS[:5])}]\n"
        f"facts: {{Role: {yaml_text(VECTORS[1])}}}\n---\n\n" + "\n\n".join(VECTORS) + "\n"
    )
    return root


@pytest.mark.parametrize("allow_html", [False, True])
def test_no_vector_survives_in_any_page(tmp_path: Path, allow_html: bool):
    project = make_project(tmp_path / "p", allow_html)
    result = render_project(Project(project))
    assert len(result.files) > len(VECTORS)
    for name, data in result.files.items():
        if name.endswith((".html", ".xml")):
            problems = unsafe_parts(data.decode(), allowed_tags=THEME_TAGS)
            assert problems == [], f"{name}: {problems}"
            theme_scripts = data.decode().count("<script")
            assert theme_scripts <= 3, f"{name} has {theme_scripts} script tags"
    shutil.rmtree(project)
