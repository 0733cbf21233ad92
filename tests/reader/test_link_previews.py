"""Link previews: every article and entity summarised once, in the shard dossier.js will ask for."""

from __future__ import annotations

import json
import re

from dossier.render import link_previews
from dossier.render.link_previews import Previews, shard_of


def entries(files: dict[str, bytes]) -> dict[str, dict]:
    out: dict[str, dict] = {}
    for name, data in files.items():
        match = re.fullmatch(r"dossierPreviews\((.*)\);\n", data.decode())
        assert match, name
        out.update(json.loads(match.group(1)))
    return out


def test_shard_hash_is_32_bit_fnv1a():
    # Published FNV-1a test vectors; dossier.js computes the same with Math.imul.
    assert shard_of("a", 2**32) == 0xE40C292C
    assert shard_of("foobar", 2**32) == 0xBF9CF968


def test_every_article_and_entity_has_a_preview(rendered):
    previews = Previews(rendered.graph)
    shards, files = previews.shards, previews.files
    assert shards == 1 and list(files) == ["previews/0.js"]
    found = entries(files)
    graph = rendered.graph
    assert set(found) == {n.url for n in [*graph.articles, *graph.entities]}
    port = found["articles/port-deal-signed/"]
    assert port == {
        "t": "Port deal signed in Lisbon",
        "k": "5 March 2024 · Harbour Times",
        "s": "Meridian Logistics signs a thirty-year port contract with Lisbon.",
    }
    lisbon = found["entities/lisbon/"]
    assert lisbon["k"].startswith("Place · ")
    assert lisbon["s"].startswith("Mentioned in ")


def test_script_in_a_summary_stays_text(rendered):
    files = Previews(rendered.graph).files
    assert b"<script" not in files["previews/0.js"]
    assert "<script>" in entries(files)["articles/undated-note/"]["s"]


def test_large_sites_are_split_into_shards_by_url_hash(rendered, monkeypatch):
    monkeypatch.setattr(link_previews, "PER_SHARD", 2)
    previews = Previews(rendered.graph)
    shards, files = previews.shards, previews.files
    assert shards > 1 and len(files) == shards
    for name, data in files.items():
        n = int(name.split("/")[1].split(".")[0])
        for url in entries({name: data}):
            assert shard_of(url, shards) == n
    assert rendered.files["index.html"].count(b'data-previews="1"') == 1
