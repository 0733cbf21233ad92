import pytest

from dossier.content import front_matter


def test_round_trip_keeps_fields_order_and_body():
    meta = {
        "title": 'Kim: "x"',
        "date": "2023-09-05",
        "entities": [{"name": "Kim Jong Un", "type": "person"}],
    }
    text = front_matter.dump(meta, "Body *text*.")
    assert text.startswith("---\ntitle:")
    assert "- {name: Kim Jong Un, type: person}" in text
    parsed, body, line = front_matter.parse(text)
    assert parsed == meta
    assert body.strip() == "Body *text*."
    assert line == 7


def test_dump_is_deterministic():
    meta = {"b": 1, "a": [1, 2], "s": "multi\nline"}
    assert front_matter.dump(meta, "x") == front_matter.dump(dict(meta), "x")


def test_no_front_matter_is_all_body():
    assert front_matter.parse("# Hello\n") == ({}, "# Hello\n", 1)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("---\ntitle: [unclosed\n---\nbody", 3, "invalid YAML"),
        ("---\n- a\n- b\n---\n", 2, "must be a mapping"),
        ("---\ntitle: x\n", 1, "never closed"),
        ("---\ntitle: ok\n  bad: indent\n---\n", 3, "invalid YAML"),
    ],
)
def test_errors_name_the_line_in_the_file(text, line, words):
    with pytest.raises(front_matter.FrontMatterError) as info:
        front_matter.parse(text)
    assert info.value.line == line
    assert words in info.value.message


def test_field_line_finds_the_field():
    assert front_matter.field_line("---\ntitle: a\ndate: b\n---\n", "date") == 3
    assert front_matter.field_line("---\ntitle: a\n---\ndate: b\n", "date") is None
