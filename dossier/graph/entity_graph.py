"""The entity co-occurrence graph: data for reuse and for the graph page, and small static drawings.

Edges are the site graph's ranked neighbours (each entity's top co-occurring
entities with their article counts), so every entity keeps a bounded number
of edges and the whole graph stays readable. Everything here is ordered by
the site graph's stable orderings, never by hash or set order, so the same
content gives the same bytes.
"""

from __future__ import annotations

import json
import math
from html import escape
from typing import Any

from markupsafe import Markup

from .site_graph import EntityNode, SiteGraph

PAGE_NODE_LIMIT = 300  # entities drawn on the interactive page; graph.json holds them all
SVG_WIDTH = 460
SVG_HEIGHT = 240
RING = 78
LABEL_CHARS = 18


def graph_data(graph: SiteGraph, limit: int | None = None) -> dict[str, Any]:
    """Nodes (most-mentioned first) and undirected weighted edges among them, as plain data."""
    entities = graph.entities[:limit] if limit else graph.entities
    keep = {e.slug for e in entities}
    nodes = [
        {
            "id": e.slug,
            "name": e.title,
            "type": e.type,
            "url": e.url,
            "articles": len(e.appearances),
        }
        for e in entities
    ]
    weights: dict[tuple[str, str], int] = {}
    for entity in entities:
        for other, count in entity.neighbours:
            if other.slug in keep:
                pair = (min(entity.slug, other.slug), max(entity.slug, other.slug))
                weights[pair] = max(weights.get(pair, 0), count)
    links = [{"source": a, "target": b, "weight": w} for (a, b), w in sorted(weights.items())]
    return {"nodes": nodes, "links": links}


def to_json(data: Any) -> str:
    """Compact, stable JSON that is also safe inside an HTML ``<script>`` element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _short(name: str) -> str:
    return name if len(name) <= LABEL_CHARS else name[: LABEL_CHARS - 1].rstrip() + "…"


def neighbourhood_svg(entity: EntityNode) -> Markup:
    """The entity in the middle and its neighbours on a ring, strongest at the top, clockwise.

    A picture of the list printed next to it, so it is an image with a text
    alternative rather than a second set of links.
    """
    neighbours = entity.neighbours
    if not neighbours:
        return Markup("")
    cx, cy = SVG_WIDTH / 2, SVG_HEIGHT / 2
    strongest = max(n for _, n in neighbours)
    names = ", ".join(f"{other.title} ({n})" for other, n in neighbours)
    label = f"{entity.title} appears most often with {names}."
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
