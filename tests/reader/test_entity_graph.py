"""Entity co-occurrence graph: data for graph.json and the graph page, and the static drawing."""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from pathlib import Path

from dossier.config import load_config
from dossier.diagnostics import Diagnostics
from dossier.graph.entity_graph import (
    VIEW_NODES,
    graph_data,
    neighbourhood_svg,
    page_graph,
    to_json,
)
from dossier.graph.site_graph import (
    MIN_ASSOCIATION,
    EntityNode,
    SiteGraph,
    entity_associations,
    npmi,
)
from tests.conftest import REPO


def test_graph_data_has_every_entity_and_every_associated_pair(rendered):
    graph = rendered.graph
    data = graph_data(graph)
    assert [n["id"] for n in data["nodes"]] == [e.slug for e in graph.entities]
    maria = next(n for n in data["nodes"] if n["id"] == "maria-costa")
    assert maria == {
        "id": "maria-costa", "name": "Maria Costa", "type": "person",
        "url": "entities/maria-costa/", "articles": 2,
    }  # fmt: skip
    pairs = [(link["source"], link["target"]) for link in data["links"]]
    assert pairs == sorted(pairs) and all(a < b for a, b in pairs)
    expected = {(a, b): (n, s) for a, b, n, s in graph.associations}
    assert {
        p: (lk["shared"], lk["strength"]) for p, lk in zip(pairs, data["links"], strict=True)
    } == expected
    assert expected and all(s >= MIN_ASSOCIATION for _, s in expected.values())


def test_graph_json_is_written_and_the_page_embeds_its_strongest_part(rendered):
    files = rendered.files
    assert json.loads(files["graph.json"]) == graph_data(rendered.graph)
    page = files["graph/index.html"].decode()
    embedded = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page)
    data = json.loads(embedded.group(1))
    assert data == page_graph(rendered.graph)
    view = data["nodes"][: data["view"]]
    assert 0 < len(view) <= VIEW_NODES
    assert all(isinstance(x, int) and isinstance(y, int) for *_, x, y in view)
    assert all(x is None for *_, x, _ in data["nodes"][data["view"] :])
    assert all(i < data["view"] and j < data["view"] for i, j, *_ in data["viewLinks"])


def _corpus(articles: list[list[str]]) -> SiteGraph:
    """A site graph whose only content is which entities each article names."""
    config = load_config(Path("/nonexistent"), Diagnostics())
    nodes = {s: EntityNode("entity", s, s.title(), None) for a in articles for s in a}
    neighbours, associations = entity_associations(articles)
    for slug, ranked in neighbours.items():
        nodes[slug].neighbours = [(nodes[s], n) for s, n in ranked]
    graph = SiteGraph(config, [], sorted(nodes.values(), key=lambda e: e.slug), [], [])
    graph.associations = associations
    return graph


def test_association_ranks_a_close_pair_above_a_merely_frequent_one():
    """'lee' and 'park' are named together in all 4 of their articles; 'capital' is in
    nearly every article, so it shares more articles with 'lee' (5) by sheer frequency."""
    articles = (
        [["lee", "park", "capital"]] * 3
        + [["lee", "park"]]
        + [["lee", "capital", f"other-{i}"] for i in range(2)]
        + [["capital", f"filler-{i}", f"filler-{i + 1}"] for i in range(60)]
    )
    graph = _corpus(articles)
    lee = next(e for e in graph.entities if e.slug == "lee")
    ranked = [(other.slug, n) for other, n in lee.neighbours]
    assert ranked[0] == ("park", 4)
    assert ("capital", 5) in ranked and ranked.index(("capital", 5)) > 0
    strongest = graph.associations[0]
    assert strongest[:3] == ("lee", "park", 4)
    assert npmi(4, 6, 4, len(articles)) > npmi(5, 6, 63, len(articles))


def test_one_shared_article_is_chance_in_a_large_dossier():
    articles = [["a", "b"]] + [["a", "c"], ["a", "c"]] + [[f"x{i}"] for i in range(60)]
    graph = _corpus(articles)
    assert [(a, b) for a, b, *_ in graph.associations] == [("a", "c")]
    a = next(e for e in graph.entities if e.slug == "a")
    assert [other.slug for other, _ in a.neighbours] == ["c", "b"]  # b still listed, last


def test_json_in_a_script_element_cannot_close_it():
    text = to_json({"name": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"].startswith("</script>")


def test_neighbourhood_drawing_shows_each_neighbour_with_a_text_alternative(rendered):
    maria = next(e for e in rendered.graph.entities if e.slug == "maria-costa")
    svg = str(neighbourhood_svg(maria))
    assert svg.count("<circle") == len(maria.neighbours) + 1
    assert svg.count("<line") == len(maria.neighbours)
    names = ", ".join(f"{e.title} ({n} shared)" for e, n in maria.neighbours)
    assert f'aria-label="Maria Costa is most closely associated with {names}."' in svg
    assert 'role="img"' in svg


def test_no_neighbours_no_drawing(rendered):
    lonely = [e for e in rendered.graph.entities if not e.neighbours]
    for entity in lonely:
        assert str(neighbourhood_svg(entity)) == ""


def test_names_one_article_shares_are_drawn_apart_not_on_one_spot():
    # a whole article's names share NPMI 1 and the same few hubs: the spring layout
    # alone puts the hubs on one spot
    graph = _corpus([[f"name-{i:02}" for i in range(36)], ["name-00", "name-01", "other"]])
    data = page_graph(graph)
    view = data["nodes"][: data["view"]]
    closest = min(math.dist(a[5:], b[5:]) for i, a in enumerate(view) for b in view[i + 1 :])
    assert closest >= 60, closest  # layout units: the page is 1000 wide


LAYOUT_SCRIPT = """
from tests.reader.test_entity_graph import _corpus
from dossier.graph.entity_graph import page_graph, to_json
a = [f"name-{i:02}" for i in range(12)]
b = ["name-00", "name-01", "alpha", "beta", "gamma", "delta"]
print(to_json(page_graph(_corpus([a, b, ["alpha", "beta", "zeta"], ["theta", "iota"]]))))
"""


def test_the_layout_is_the_same_in_every_process():
    # string hashes, and so the order of sets, change from one process to the next
    runs = {
        subprocess.run(
            [sys.executable, "-c", LAYOUT_SCRIPT],
            cwd=REPO,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO)},
            check=True,
        ).stdout  # fmt: skip
        for seed in ("1", "2", "3")
    }
    assert len(runs) == 1
    assert '"view":' in runs.pop()
