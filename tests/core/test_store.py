from pathlib import Path

from dossier.engine.store import Store


def test_rows_read_back_and_the_later_row_of_a_name_wins(tmp_path: Path):
    """A store writes its rows in key order, whatever order they come in; of two rows of
    one name in one write, the later is kept, as when they were written in turn."""
    store = Store(tmp_path / "engine.sqlite")
    store.write(
        [
            ("page", "b", "1", b"first"),
            ("body", "z", "2", {"html": "<p>z</p>"}),
            ("page", "a", "3", b"a"),
            ("page", "b", "4", b"second"),
        ],
        {},
    )
    again = Store(tmp_path / "engine.sqlite")
    assert again.get("page", ["a", "b"]) == {"a": ("3", b"a"), "b": ("4", b"second")}
    assert again.get("body", ["z"]) == {"z": ("2", {"html": "<p>z</p>"})}
    store.write([("page", "c", "5", b"c")], {"page": {"a", "c"}})  # b is gone
    assert Store(tmp_path / "engine.sqlite").inputs("page") == {"a": "3", "c": "5"}
