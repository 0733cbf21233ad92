"""Link previews: a short summary of every article and entity page, for hover and focus popovers.

The summaries are written as small JavaScript files (not JSON) so the
script can load them with a ``<script>`` element, which works on a site
opened from disk where ``fetch`` does not. They are split into shards by a
hash of the page URL so a large dossier never makes a reader download every
summary to see one.
"""

from __future__ import annotations

import functools
import html
import math
import re
from collections.abc import Iterable
from typing import Any

from ..graph.entity_graph import to_json
from ..graph.site_graph import ArticleNode, EntityNode, Node, SiteGraph
from .display import long_date

SUMMARY_CHARS = 240
PER_SHARD = 400
_TAG = re.compile(r"<[^>]+>")
# Tags that end a line of text: the words on either side stay apart; other tags (links,
# emphasis) sit inside a sentence and leave no space ("in <a>Lisbon</a>." reads "in Lisbon.").
_BLOCK_TAG = re.compile(
    r"</?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|pre|table|tr|td|th|figure|figcaption|hr)\b[^>]*>",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=1 << 16)  # a resident preview asks again on every rebuild
def shard_of(url: str, shards: int) -> int:
    """32-bit FNV-1a of the URL, modulo the shard count; dossier.js computes the same."""
    value = 0x811C9DC5
    for char in url:
        value = ((value ^ ord(char)) * 0x01000193) & 0xFFFFFFFF
    return value % shards


def _clip(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SUMMARY_CHARS:
        return text
    return text[: SUMMARY_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _plain(fragment: str) -> str:
    return html.unescape(_TAG.sub("", _BLOCK_TAG.sub(" ", fragment)))


def article_preview(article: ArticleNode) -> dict[str, str]:
    line = " · ".join(
        part for part in (long_date(article.date), str(article.meta.get("source") or "")) if part
    )
    return {"t": article.title, "k": line, "s": _clip(article.summary or _plain(article.html))}


def entity_preview(entity: EntityNode) -> dict[str, str]:
    count = len(entity.appearances)
    line = f"{entity.type.capitalize()} · {count} article{'s' * (count != 1)}"
    summary = entity.summary or _plain(entity.html)
    if not summary.strip():
        dated = entity.dated
        first, last = (long_date(dated[0]), long_date(dated[-1])) if dated else ("", "")
        span = f", {first} to {last}" if first != last else f", on {first}" if first else ""
        with_ = ", ".join(other.title for other, _ in entity.neighbours[:3])
        summary = f"Mentioned in {count} article{'s' * (count != 1)}{span}." + (
            f" Often with {with_}." if with_ else ""
        )
    return {"t": entity.title, "k": line, "s": _clip(summary)}


class Previews:
    """The link previews of a site and their shard files. A resident preview keeps them
    across builds, so an edit makes again the entries of the nodes it changed and the
    shards that hold them, not every article's and entity's."""

    def __init__(self, graph: SiteGraph) -> None:
        entries: dict[str, dict[str, str]] = {}
        for article in graph.articles:
            entries[article.url] = article_preview(article)
        for entity in graph.entities:
            entries[entity.url] = entity_preview(entity)
        self.shards = max(1, math.ceil(len(entries) / PER_SHARD))
        self._buckets: list[dict[str, Any]] = [{} for _ in range(self.shards)]
        for url, entry in sorted(entries.items()):  # by URL: the same in any site order
            self._buckets[shard_of(url, self.shards)][url] = entry
        self.files = {self._name(n): self._shard(n) for n in range(self.shards)}

    @staticmethod
    def _name(shard: int) -> str:
        return f"previews/{shard}.js"

    def _shard(self, shard: int) -> bytes:
        return f"dossierPreviews({to_json(self._buckets[shard])});\n".encode()

    def update(self, nodes: Iterable[Node]) -> None:
        """Make again the entries of ``nodes`` (already in the previews: the site's set of
        articles and entities is the same), and the shards whose entries changed."""
        changed: set[int] = set()
        for node in nodes:
            if isinstance(node, ArticleNode):
                entry = article_preview(node)
            elif isinstance(node, EntityNode):
                entry = entity_preview(node)
            else:
                continue
            shard = shard_of(node.url, self.shards)
            if self._buckets[shard][node.url] != entry:
                self._buckets[shard][node.url] = entry
                changed.add(shard)
        self.files.update({self._name(n): self._shard(n) for n in changed})
