"""The entity association graph: data for reuse and for the graph page, and small static drawings.

Edges are the site graph's associated pairs (see ``site_graph.npmi``): how much more
often two entities share articles than chance would give, so the most frequent names
do not join everything. The graph page shows the strongest part of the graph: the
entities with the highest weighted degree, coloured by Louvain community and laid out
here with a seeded spring layout (networkx), so the page is the same bytes for the
same content and no layout runs in the reader's browser. Everything is ordered by
stable keys, never by hash or set order.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from html import escape
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .site_graph import EntityNode, SiteGraph

if TYPE_CHECKING:
    import networkx as nx

PAGE_NODE_LIMIT = 300  # entities the graph page can search and focus; graph.json holds them all
PAGE_EDGES_PER_NODE = 12  # a node's strongest edges kept on the page (its focused neighbourhood)
VIEW_NODES = 40  # entities drawn in the default view, by weighted degree
VIEW_PAIRS = 5  # the strongest pairs are always in the default view
VIEW_EDGES_PER_NODE = 4  # the default view draws each node's strongest few edges: its backbone
COMMUNITY_COLOURS = 8  # the largest communities get a colour each; the rest share grey
LAYOUT_WIDTH = 1000
ASPECT = 1.8  # width over height the packed parts aim for
SEED = 1
MIN_GAP = 0.8  # node spacings: nodes closer than this after the layout are pushed apart
SVG_WIDTH = 460
SVG_HEIGHT = 240
RING = 78
LABEL_CHARS = 18


def graph_data(graph: SiteGraph) -> dict[str, Any]:
    """Every entity (most-mentioned first) and every associated pair, as plain data."""
    nodes = [
        {
            "id": e.slug,
            "name": e.title,
            "type": e.type,
            "url": e.url,
            "articles": len(e.appearances),
        }
        for e in graph.entities
    ]
    links = [
        {"source": a, "target": b, "shared": n, "strength": s}
        for a, b, n, s in sorted(graph.associations)
    ]
    return {"nodes": nodes, "links": links}


def _strongest_edges(
    pairs: list[tuple[str, str, int, float]], keep: set[str], per_node: int, rank: dict[str, int]
) -> list[tuple[str, str, int, float]]:
    """The union of each kept node's ``per_node`` strongest edges among kept nodes.

    Ties (common in a small dossier, where a whole article's names share NPMI 1) go to
    the more prominent neighbour, so a clique is drawn as a star around its main names.
    """
    by_node: dict[str, list[tuple[float, int, int, tuple[str, str, int, float]]]] = defaultdict(
        list
    )
    for pair in pairs:
        a, b, _, strength = pair
        if a in keep and b in keep:
            by_node[a].append((-strength, rank[b], rank[a], pair))
            by_node[b].append((-strength, rank[a], rank[b], pair))
    chosen = {p for edges in by_node.values() for *_, p in sorted(edges)[:per_node]}
    return sorted(chosen, key=lambda p: (rank[p[0]], rank[p[1]]))


def _spring(g: nx.Graph) -> list[tuple[str, float, float]]:
    """One connected graph's seeded spring layout, turned so its longest spread is
    horizontal, centred on 0 with nodes about 1 apart."""
    nodes = sorted(g, key=str)
    if len(nodes) == 1:
        return [(nodes[0], 0.0, 0.0)]
    import networkx as nx  # here: a rebuild that reuses the graph page never loads it

    pos = nx.spring_layout(g, seed=SEED, iterations=200, weight="weight")
    xs = [float(pos[n][0]) for n in nodes]
    ys = [float(pos[n][1]) for n in nodes]
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    angle = -0.5 * math.atan2(2 * sxy, sxx - syy)
    cos, sin = math.cos(angle), math.sin(angle)
    spread = math.sqrt((sxx + syy) / len(nodes)) or 1.0
    size = math.sqrt(len(nodes)) / 2  # a spread that gives each node about unit room
    points = [
        [
            ((x - mx) * cos - (y - my) * sin) / spread * size,
            ((x - mx) * sin + (y - my) * cos) / spread * size,
        ]
        for x, y in zip(xs, ys, strict=True)
    ]
    _push_apart(points)
    return [(n, x, y) for n, (x, y) in zip(nodes, points, strict=True)]


def _ordered(g: nx.Graph) -> nx.Graph:
    """``g`` with its nodes and edges in sorted order: a subgraph iterates a set, whose order
    changes from one process to the next, and the spring layout's start follows it."""
    ordered = type(g)()
    ordered.add_nodes_from(sorted(g, key=str))
    ordered.add_edges_from(sorted((*sorted((a, b), key=str), d) for a, b, d in g.edges(data=True)))
    return ordered


def _push_apart(points: list[list[float]], rounds: int = 60) -> None:
    """Move nodes closer than MIN_GAP apart, in place: a spring layout puts nodes with
    the same neighbours (the names a whole article shares) on one spot, dots over dots."""
    for _ in range(rounds):
        moved = False
        for i, a in enumerate(points):
            for j in range(i + 1, len(points)):
                b = points[j]
                dx, dy = b[0] - a[0], b[1] - a[1]
                dist = math.hypot(dx, dy)
                if dist >= MIN_GAP:
                    continue
                if dist < 1e-9:  # the same spot: part them along a direction of their own
                    dx, dy, dist = math.cos(i + j), math.sin(i + j), 1.0
                push = (MIN_GAP - dist) / 2 / dist
                a[0] -= dx * push
                a[1] -= dy * push
                b[0] += dx * push
                b[1] += dy * push
                moved = True
        if not moved:
            return


def _layout(
    nodes: list[str], edges: list[tuple[str, str, int, float]]
) -> dict[str, tuple[int, int]]:
    """Each connected part laid out on its own (a spring layout pushes separate parts far
    apart), then the parts packed in rows, largest first, LAYOUT_WIDTH wide, in whole units
    so the bytes are stable."""
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_weighted_edges_from((a, b, s) for a, b, _, s in edges)
    rank = {n: i for i, n in enumerate(nodes)}
    parts = sorted(
        (_spring(_ordered(g.subgraph(c))) for c in nx.connected_components(g)),
        key=lambda part: (-len(part), min(rank[n] for n, _, _ in part)),
    )
    boxes = []  # (part, its left, top, width, height) in node spacings
    row_x = row_y = row_height = 0.0
    area = sum((_width(p) + 1) * (_height(p) + 1) for p in parts)
    row_width = max(math.sqrt(area * ASPECT), max(_width(p) for p in parts))
    for part in parts:
        width, height = _width(part), _height(part)
        if row_x and row_x + width > row_width:
            row_x, row_y, row_height = 0.0, row_y + row_height + 1, 0.0
        boxes.append((part, row_x, row_y))
        row_x += width + 1
        row_height = max(row_height, height)
    fit = LAYOUT_WIDTH / max(row_width, max(left + _width(p) for p, left, _ in boxes))
    place = {}
    for part, left, top in boxes:
        min_x = min(x for _, x, _ in part)
        min_y = min(y for _, _, y in part)
        for n, x, y in part:
            place[n] = (round((left + x - min_x) * fit), round((top + y - min_y) * fit))
    return place


def _width(part: list[tuple[str, float, float]]) -> float:
    return max(x for _, x, _ in part) - min(x for _, x, _ in part)


def _height(part: list[tuple[str, float, float]]) -> float:
    return max(y for _, _, y in part) - min(y for _, _, y in part)


def page_graph(graph: SiteGraph) -> dict[str, Any]:
    """The graph page's data: the PAGE_NODE_LIMIT entities of highest weighted degree
    (first the VIEW_NODES of the default view, with their layout), each with its
    strongest edges, their Louvain communities, and the communities' names. The default
    view always holds the VIEW_PAIRS strongest pairs, which NPMI finds among rarer names.

    Compact arrays rather than objects, so the page stays light: a node is
    ``[slug, name, type, articles, community, x, y]`` (x and y only in the default
    view) and a link ``[node index, node index, strength, shared articles]``; ``viewLinks``
    are the default view's edges, each node's VIEW_EDGES_PER_NODE strongest.
    """
    degree: dict[str, float] = defaultdict(float)
    for a, b, _, strength in graph.associations:
        degree[a] += strength
        degree[b] += strength
    by_slug = {e.slug: e for e in graph.entities}
    # ties (a small dossier's whole articles) go to the most mentioned names
    prominent = sorted(graph.entities, key=lambda e: (-len(e.appearances), -e.mention_count))
    prominence = {e.slug: i for i, e in enumerate(prominent)}
    order = sorted(degree, key=lambda s: (-round(degree[s], 6), prominence[s]))[:PAGE_NODE_LIMIT]
    rank = {s: i for i, s in enumerate(order)}
    edges = _strongest_edges(graph.associations, set(order), PAGE_EDGES_PER_NODE, rank)
    strongest = [p for p in graph.associations if p[0] in rank and p[1] in rank][:VIEW_PAIRS]
    view = list(dict.fromkeys([*(s for a, b, *_ in strongest for s in (a, b)), *order]))
    view = view[:VIEW_NODES]
    view_edges = _strongest_edges(edges, set(view), VIEW_EDGES_PER_NODE, rank)
    view_edges = sorted(set(view_edges) | set(strongest), key=lambda p: (rank[p[0]], rank[p[1]]))
    linked = {s for a, b, *_ in view_edges for s in (a, b)}
    view = [s for s in view if s in linked]  # a dot without a line says nothing here
    community = _communities(view, edges, rank)
    # the order labels are placed in: the strongest pairs, the rest of the view, the others
    order = view + [s for s in order if s not in set(view)]
    rank = {s: i for i, s in enumerate(order)}
    place = _layout(view, view_edges) if view else {}
    nodes = []
    for slug in order:
        entity = by_slug[slug]
        x, y = place.get(slug, (None, None))
        nodes.append(
            [
                slug,
                entity.title,
                entity.type,
                len(entity.appearances),
                community.get(slug, COMMUNITY_COLOURS),
                x,
                y,
            ]
        )
    return {
        "nodes": nodes,
        "links": [[rank[a], rank[b], s, n] for a, b, n, s in edges],
        "view": len(view),
        "viewLinks": [[rank[a], rank[b], s, n] for a, b, n, s in view_edges],
        # each coloured community named by its first entity in the view
        "groups": [by_slug[s].title for s in _first_of_each(view, community)],
    }


def _first_of_each(view: list[str], community: dict[str, int]) -> list[str]:
    firsts: dict[int, str] = {}
    for slug in view:
        firsts.setdefault(community[slug], slug)
    return [firsts[i] for i in range(COMMUNITY_COLOURS) if i in firsts]


def _communities(
    view: list[str], edges: list[tuple[str, str, int, float]], rank: dict[str, int]
) -> dict[str, int]:
    """Louvain communities of the default view (by all its edges), numbered largest first and
    capped at COMMUNITY_COLOURS (the rest share the last number); an entity outside the view
    takes its strongest view neighbour's community, if it has one."""
    import networkx as nx

    shown = set(view)
    network = nx.Graph()
    network.add_nodes_from(view)
    network.add_weighted_edges_from((a, b, s) for a, b, _, s in edges if a in shown and b in shown)
    found = nx.community.louvain_communities(network, weight="weight", seed=SEED)
    groups = sorted(
        (sorted(c, key=rank.__getitem__) for c in found), key=lambda c: (-len(c), rank[c[0]])
    )
    community = {s: min(i, COMMUNITY_COLOURS) for i, members in enumerate(groups) for s in members}
    for a, b, _, _ in sorted(edges, key=lambda p: -p[3]):
        for inside, outside in ((a, b), (b, a)):
            if inside in shown and outside not in community:
                community[outside] = community[inside]
    return community


def view_groups(data: dict[str, Any], graph: SiteGraph) -> list[tuple[int, list[EntityNode]]]:
    """The default view's entities by community (for the list view), largest community first."""
    by_slug = {e.slug: e for e in graph.entities}
    groups: dict[int, list[EntityNode]] = defaultdict(list)
    for slug, *_, group, _, _ in data["nodes"][: data["view"]]:
        groups[group].append(by_slug[slug])
    return sorted(groups.items())


def to_json(data: Any) -> str:
    """Compact, stable JSON that is also safe inside an HTML ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def neighbourhood_svg(entity: EntityNode) -> Markup:
    """The entity in the middle and its neighbours on a ring, most associated at the top,
    clockwise; line and dot sizes show the shared articles.

    A picture of the list printed next to it, so it is an image with a text
    alternative rather than a second set of links.
    """
    neighbours = entity.neighbours
    if not neighbours:
        return Markup("")
    cx, cy = SVG_WIDTH / 2, SVG_HEIGHT / 2
    strongest = max(n for _, n in neighbours)
    names = ", ".join(f"{other.title} ({n} shared)" for other, n in neighbours)
    label = f"{entity.title} is most closely associated with {names}."
    edges, dots, labels = [], [], []
    for i, (other, count) in enumerate(neighbours):
        angle = -math.pi / 2 + 2 * math.pi * i / len(neighbours)
        x, y = cx + RING * math.cos(angle), cy + RING * math.sin(angle)
        share = count / strongest
        edges.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" '
            f'stroke-width="{1 + 3 * share:.1f}"/>'
        )
        dots.append(
            f'<circle class="t-{other.type}" cx="{x:.1f}" cy="{y:.1f}" r="{4 + 3 * share:.1f}"/>'
        )
        cos = math.cos(angle)
        anchor = "start" if cos > 0.2 else "end" if cos < -0.2 else "middle"
        lx = x + 12 * cos
        ly = y + 12 * math.sin(angle) + 4
        labels.append(
            f'<text x="{lx:.1f}" y="{ly:.1f}" text-anchor="{anchor}">{escape(_short(other.title))}</text>'
        )
    return Markup(
        f'<svg class="neighbourhood" viewBox="0 0 {SVG_WIDTH} {SVG_HEIGHT}" role="img" '
        f'aria-label="{escape(label)}">'
        f'<g class="edges">{"".join(edges)}</g>'
        f'<circle class="t-{entity.type} centre" cx="{cx:.1f}" cy="{cy:.1f}" r="10"/>'
        f'<g class="dots">{"".join(dots)}</g>'
        f'<g class="labels">{"".join(labels)}</g></svg>'
    )
