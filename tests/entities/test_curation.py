"""Single-field front matter edits: nothing else in the file changes."""

from __future__ import annotations

import pytest

from dossier.content import front_matter
from dossier.entities.curation import EditError, set_field

FILE = """---
# curated by hand
name: Kim Jong Un
type: person
aliases:
  - Kim Jong-un   # NYT spelling
  - Mr. Kim

facts:
  Role: Supreme Leader
---

"""
BODY = "Leader of North Korea.   \nKeep   this   spacing.\n"
FILE += BODY


def test_replacing_a_field_keeps_comments_other_fields_and_body():
    result = set_field(FILE, "aliases", ["Kim Jong-un", "Mr. Kim", "KIM JONG UN"])
    assert "# curated by hand" in result
    assert result.endswith("---\n\n" + BODY)
    assert "\n\nfacts:\n  Role: Supreme Leader\n" in result
    meta, _, _ = front_matter.parse(result)
    assert meta["aliases"] == ["Kim Jong-un", "Mr. Kim", "KIM JONG UN"]
    assert meta["facts"] == {"Role": "Supreme Leader"}


def test_adding_a_field_appends_it():
    result = set_field(FILE, "hidden", True)
    assert result.replace("hidden: true\n", "") == FILE


def test_a_file_without_front_matter_gets_one():
    result = set_field("Just a body.\n", "entities", [{"name": "Oslo", "type": "place"}])
    assert result == "---\nentities:\n- {name: Oslo, type: place}\n---\n\nJust a body.\n"


def test_flow_style_list_is_replaced():
    text = "---\ntitle: T\nentities: [{name: A, type: person}]\ndate: 2024-01-02\n---\nBody\n"
    result = set_field(text, "entities", [{"name": "B", "type": "place"}])
    assert (
        result
        == "---\ntitle: T\nentities:\n- {name: B, type: place}\ndate: 2024-01-02\n---\nBody\n"
    )


def test_broken_front_matter_is_refused():
    with pytest.raises(EditError):
        set_field("---\ntitle: [unclosed\n---\nBody\n", "hidden", True)
