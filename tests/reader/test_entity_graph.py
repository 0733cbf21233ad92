"""Entity co-occurrence graph: data for graph.json and the graph page, and the static drawing."""

from __future__ import annotations

import json
import re

from dossier.graph.entity_graph import graph_data, neighbourhood_svg, to_json


def test_graph_data_has_every_entity_and_undirected_weighted_edges(rendered):
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
    expected = {
        tuple(sorted((e.slug, other.slug))): n for e in graph.entities for other, n in e.neighbours
    }
    assert {(link["source"], link["target"]): link["weight"] for link in data["links"]} == expected


def test_a_limited_graph_keeps_only_edges_among_the_kept_entities(rendered):
    data = graph_data(rendered.graph, limit=2)
    kept = {n["id"] for n in data["nodes"]}
    assert len(kept) == 2
    assert all(link["source"] in kept and link["target"] in kept for link in data["links"])


def test_graph_json_is_written_and_embedded_in_the_graph_page(rendered):
    files = rendered.files
    assert json.loads(files["graph.json"]) == graph_data(rendered.graph)
    page = files["graph/index.html"].decode()
    embedded = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', page)
    assert json.loads(embedded.group(1)) == graph_data(rendered.graph, limit=300)


def test_json_in_a_script_element_cannot_close_it():
    text = to_json({"name": "</script><script>alert(1)</script> & more"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text)["name"].startswith("</script>")


def test_neighbourhood_drawing_shows_each_neighbour_with_a_text_alternative(rendered):
    maria = next(e for e in rendered.graph.entities if e.slug == "maria-costa")
    svg = str(neighbourhood_svg(maria))
    assert svg.count("<circle") == len(maria.neighbours) + 1
    assert svg.count("<line") == len(maria.neighbours)
    names = ", ".join(f"{e.title} ({n})" for e, n in maria.neighbours)
    assert f'aria-label="Maria Costa appears most often with {names}."' in svg
    assert 'role="img"' in svg


def test_no_neighbours_no_drawing(rendered):
    lonely = [e for e in rendered.graph.entities if not e.neighbours]
    for entity in lonely:
        assert str(neighbourhood_svg(entity)) == ""
