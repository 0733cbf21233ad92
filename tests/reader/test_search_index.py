"""Pagefind search index: written after the build, from what the templates mark, reproducibly."""

from __future__ import annotations

import gzip
import json
import shutil
from pathlib import Path

import pytest

from dossier.publish.output import publish
from dossier.search_index import SearchIndexError, index_site
from tests.conftest import run_dossier


def fragments(site: Path) -> dict[str, dict]:
    """Each indexed page's record (url, filters, meta), read from Pagefind's gzipped fragments."""
    out = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        out[record["url"]] = record
    return out


@pytest.fixture(scope="module")
def indexed(rendered, tmp_path_factory) -> Path:
    site = tmp_path_factory.mktemp("indexed") / "site"
    publish(rendered.files, site)
    index_site(site)
    return site


def test_index_covers_articles_entities_topics_and_pages_only(indexed, rendered):
    urls = set(fragments(indexed))
    graph = rendered.graph
    expected = {"/" + n.url for n in graph.all_nodes()}
    assert urls == expected
    assert (indexed / "pagefind" / "pagefind.js").is_file()


def test_index_carries_type_date_and_filters(indexed):
    records = fragments(indexed)
    port = records["/articles/port-deal-signed/"]
    assert port["meta"]["type"] == "Article" and port["meta"]["date"] == "5 March 2024"
    assert port["meta"]["title"] == "Port deal signed in Lisbon"
    assert port["filters"] == {"type": ["Article"], "source": ["Harbour Times"], "topic": ["Trade"]}
    assert "Cite this" not in port["content"]
    maria = records["/entities/maria-costa/"]
    assert maria["filters"] == {"type": ["Entity"], "entity_type": ["Person"]}
    assert maria["meta"]["info"] == "2 articles · 2 mentions"
    # An entity page is found by what it is, not by every sentence of the articles it lists.
    assert "container port" not in maria["content"]
    assert records["/topics/trade/"]["filters"] == {"type": ["Topic"]}


def test_same_site_gives_the_same_page_fragments(indexed, tmp_path):
    """Pagefind's page fragments are stable; its filter and meta files are not (Pagefind#638)."""
    again = tmp_path / "site"
    shutil.copytree(indexed, again, ignore=shutil.ignore_patterns("pagefind"))
    index_site(again)

    def fragment_files(site: Path) -> dict[str, bytes]:
        folder = site / "pagefind" / "fragment"
        return {p.name: p.read_bytes() for p in folder.iterdir()}

    assert fragment_files(indexed) == fragment_files(again)


def test_a_missing_binary_is_reported_not_raised_as_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchIndexError, match="not found"):
        index_site(tmp_path)


def test_build_command_indexes_unless_told_not_to(site_project, tmp_path):
    out = tmp_path / "out"
    done = run_dossier("build", "-C", str(site_project), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "search index" in done.stderr.splitlines()[-1]
    assert (out / "pagefind" / "pagefind.js").is_file()

    plain = tmp_path / "plain"
    done = run_dossier("build", "-C", str(site_project), "--out", str(plain), "--no-search")
    assert done.returncode == 0, done.stderr
    assert "search index" not in done.stderr
    assert not (plain / "pagefind").exists()
