"""Feeds whose encoding nobody declared are read in the right one, not as windows-1252."""

from __future__ import annotations

import pytest

from dossier.ingest.decode import decode
from tests.feeds.conftest import FEEDS, only_article


@pytest.mark.parametrize("encoding", ["big5", "euc_jp", "euc_kr", "koi8_r", "shift_jis"])
def test_undeclared_legacy_encoding(encoding: str) -> None:
    """feedparser got the raw bytes and fell back to windows-1252 (Big5: "no entries")."""
    title, text = (FEEDS / "encodings" / f"{encoding}.expected.txt").read_text("utf-8").splitlines()
    article = only_article(f"encodings/{encoding}.xml")
    assert article.title == title
    assert article.body == text


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_unicode_without_byte_order_mark(encoding: str) -> None:
    """They were refused as "binary file (contains NUL bytes)"."""
    data = (FEEDS / "encodings" / f"{encoding}_no_bom.xml").read_bytes()
    assert decode(data)[1] == f"no byte-order mark; read as {encoding} (detected)"
    article = only_article(f"encodings/{encoding}_no_bom.xml")
    assert article.title == "Harbour reopens after storm"
    assert article.body.endswith("Café owners are glad.")
