from pathlib import Path

from dossier.config import load_config
from dossier.diagnostics import Diagnostics


def write(tmp_path: Path, text: str) -> Diagnostics:
    (tmp_path / "dossier.yml").write_text(text)
    return Diagnostics()


def test_valid_config(tmp_path):
    d = write(
        tmp_path,
        "title: X\nbase_url: https://a.example/sub\ntopic_rules:\n  - topic: T\n    keywords: [port]\n",
    )
    config = load_config(tmp_path, d)
    assert not d.items
    assert config.base_url == "https://a.example/sub/"
    assert config.topic_rules[0].topic == "T"


def test_bad_values_name_line_and_fall_back(tmp_path):
    d = write(tmp_path, "title: X\nfeed_items: many\nallow_html: 3\nweird: 1\n")
    config = load_config(tmp_path, d)
    assert [str(e) for e in d.errors] == [
        "dossier.yml:2: 'feed_items' must be a whole number >= 0",
        "dossier.yml:3: 'allow_html' must be true or false",
    ]
    assert "unknown setting 'weird'" in str(d.warnings[0])
    assert config.title == "X" and config.feed_items == 50


def test_broken_yaml(tmp_path):
    d = write(tmp_path, "title: [x\n")
    load_config(tmp_path, d)
    assert str(d.errors[0]).startswith("dossier.yml:2: invalid YAML")


def test_missing_config_is_defaults(tmp_path):
    d = Diagnostics()
    assert load_config(tmp_path, d).title == "A dossier" and not d.items


def test_use_directory_urls_is_true_unless_set_false(tmp_path):
    assert load_config(tmp_path, write(tmp_path, "title: X\n")).use_directory_urls is True
    d = write(tmp_path, "use_directory_urls: false\n")
    assert load_config(tmp_path, d).use_directory_urls is False and not d.items
    d = write(tmp_path, "use_directory_urls: files\n")
    assert load_config(tmp_path, d).use_directory_urls is True
    assert [str(e) for e in d.errors] == ["dossier.yml:1: 'use_directory_urls' must be true or false"]
