"""What a resident engine keeps of its last build of a target, to patch the next one.

``dossier serve`` rebuilds after every save, and most saves change a body and nothing
that another page shows of it. Such an edit is patched into the last build instead
of the site being made again: the edited node gets its new document and body (and
its mentions on its entities' appearances), its link preview is made again, its page
alone gets a key and is rendered, and every other page, key and file is the last
build's. Any other edit (front matter, a link or mention more, a file added or
removed, the settings or the theme) is built from the documents as before, and
that build is kept in turn.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..config import Config
from ..content.documents import Document
from ..diagnostics import Diagnostic
from ..graph.site_graph import LinkedSite, Node, SiteGraph
from ..markdown.body import RenderedBody
from ..render.link_previews import Previews


@dataclass
class LastBuild:
    """A build's graph and the parts of its site that a patch reuses; the graph, the
    previews and these lists are patched in place by the next build."""

    config: Config
    base_url: str
    documents: list[Document]  # in site order
    site: LinkedSite
    sources: list[Node]  # the nodes with a body, in the order of ``bodies``
    bodies: list[RenderedBody]
    context: str  # the bodies' context (see body_context)
    graph: SiteGraph
    previews: Previews
    chrome: str  # the key of what every page shows
    listings: str  # the key of what the listing pages show
    files: dict[str, bytes]
    page_keys: dict[str, str]
    problems: list[Diagnostic]  # reported while the pages were made (unknown templates)

    def __post_init__(self) -> None:
        self.source_of = {
            node.document.path: i for i, node in enumerate(self.sources) if node.document
        }

    def body_edits(
        self, config: Config, base_url: str, documents: list[Document]
    ) -> list[tuple[int, Document]] | None:
        """The edited documents with a body, each with the index of its node in
        :attr:`sources`, when every edit leaves all but the body as it was (the same
        documents in the same order, the front matter and the settings the same); None
        when another edit was made."""
        if config != self.config or base_url != self.base_url:
            return None
        if len(documents) != len(self.documents):
            return None
        edits = []
        for new, old in zip(documents, self.documents, strict=True):
            if new is old:
                continue
            if not _same_but_body(old, new):
                return None
            if new.path in self.source_of:  # else no page shows it (a hidden entity's)
                edits.append((self.source_of[new.path], new))
        return edits


def _same_but_body(old: Document, new: Document) -> bool:
    return (old.kind, old.slug, old.path, old.title, old.date, old.draft, old.aliases) == (
        new.kind, new.slug, new.path, new.title, new.date, new.draft, new.aliases
    ) and old.meta == new.meta  # fmt: skip
