"""``dossier entities``: list, explain, alias, hide and extract in a real project folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dossier.cli import main
from dossier.content import front_matter
from tests.entities.conftest import FIXTURES

NPR = (FIXTURES / "npr.md").read_text(encoding="utf-8")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    (articles / "one.md").write_text(
        "---\ntitle: One\nentities:\n- {name: Kim Jong Un, type: person}\n"
        "- {name: Putin Plan, type: person}\n- {name: Vladivostok, type: place}\n---\n\n"
        "Kim Jong Un went to Vladivostok. Kim waved.\n"
    )
    (articles / "two.md").write_text(
        "---\ntitle: Two\nentities:\n- {name: Kim Jong-un, type: person}\n"
        "- {name: Vladivostok, type: person}\n- {name: Vladivostok, type: place}\n---\n\nKim Jong-un again.\n"
    )
    return tmp_path


def run(project: Path, *args: str) -> int:
    return main(["entities", "--project", str(project), *args])


def test_list_shows_counts_types_and_sources(project, capsys):
    assert run(project, "list", "--json") == 0
    rows = {row["name"]: row for row in json.loads(capsys.readouterr().out)}
    kim = rows["Kim Jong Un"]
    assert (kim["type"], kim["articles"], kim["mentions"]) == ("person", 2, 3)
    assert kim["sources"] == ["content/articles/one.md", "content/articles/two.md"]
    assert rows["Vladivostok"]["type"] == "place"
    assert run(project, "list", "--type", "place") == 0
    table = capsys.readouterr().out
    assert "Vladivostok" in table and "Kim Jong Un" not in table


def test_explain_says_which_names_were_merged_and_why(project, capsys):
    assert run(project, "explain", "Kim Jong-un") == 0
    out = capsys.readouterr().out
    assert "Kim Jong Un [kim-jong-un] (person; found in articles only)" in out
    assert "'Kim Jong-un' (person) from content/articles/two.md: same name after normalising" in out
    assert run(project, "explain", "Vladivostok") == 0
    assert "type by vote over mentions: place 2, person 1" in capsys.readouterr().out
    assert run(project, "explain", "Nobody Here") == 1


def test_alias_creates_then_extends_the_curated_file(project, capsys):
    assert run(project, "alias", "Kim Jong Un", "Supreme Leader", "KJU") == 0
    path = project / "content" / "entities" / "kim-jong-un.md"
    meta, body, _ = front_matter.parse(path.read_text())
    assert meta == {"name": "Kim Jong Un", "type": "person", "aliases": ["Supreme Leader", "KJU"]}
    path.write_text(path.read_text() + "\nMy  description.\n")
    text_before = path.read_text()
    assert run(project, "alias", "kim-jong-un", "Marshal Kim") == 0
    after = path.read_text()
    assert after.endswith("---\n\nMy  description.\n")
    assert front_matter.parse(after)[0]["aliases"] == ["Supreme Leader", "KJU", "Marshal Kim"]
    assert run(project, "alias", "KJU", "KJU") == 0  # resolved by its alias; nothing new
    assert path.read_text() == after != text_before
    assert "(unchanged)" in capsys.readouterr().err


def test_hide_writes_hidden_and_the_entity_disappears(project, capsys):
    assert run(project, "hide", "Putin Plan") == 0
    path = project / "content" / "entities" / "putin-plan.md"
    assert front_matter.parse(path.read_text())[0]["hidden"] is True
    assert run(project, "list", "--json") == 0
    assert "Putin Plan" not in {row["name"] for row in json.loads(capsys.readouterr().out)}
    assert run(project, "hide", "Putin Plan", "--show") == 0
    assert front_matter.parse(path.read_text())[0]["hidden"] is False
    assert run(project, "hide", "Nobody Here") == 1


def test_extract_writes_only_the_entities_field(project, capsys):
    path = project / "content" / "articles" / "hand.md"
    header = (
        "---\n# written by hand\ntitle: North Korea-Russia Summit\nauthors: [Lucian Kim]\n---\n"
    )
    path.write_text(header + "\n" + NPR)
    assert run(project, "extract", str(path)) == 0
    text = path.read_text()
    assert text.startswith("---\n# written by hand\ntitle: North Korea-Russia Summit\n")
    assert text.endswith("---\n\n" + NPR)
    entities = front_matter.parse(text)[0]["entities"]
    assert {"name": "Lucian Kim", "type": "person"} in entities
    assert run(project, "extract") == 0  # the others already have entities: skipped
    assert "0 files written, 3 skipped" in capsys.readouterr().err
    assert path.read_text() == text


def test_extract_reports_a_broken_file_and_goes_on(project, capsys):
    bad = project / "content" / "articles" / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\nText.\n")
    good = project / "content" / "articles" / "good.md"
    good.write_text("---\ntitle: Good\n---\n\nAngela Merkel spoke in Berlin on Tuesday.\n")
    assert run(project, "extract", "--force", str(bad), str(good)) == 1
    err = capsys.readouterr().err
    assert "content/articles/bad.md:3: invalid YAML" in err
    assert front_matter.parse(good.read_text())[0]["entities"][0] == {
        "name": "Angela Merkel",
        "type": "person",
    }
