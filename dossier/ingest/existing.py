"""The articles already in ``content/articles``: taken slugs, what they were ingested from, their text.

Read once per run, and updated as the run writes, so that a second copy of a
source in the same run is recognised too.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content import front_matter
from .article_file import edited_by_hand
from .duplicates import SimilarTexts
from .metadata import canonical_url


@dataclass
class Existing:
    path: Path
    slug: str
    sha256: str = ""
    url: str = ""  # canonical form
    title: str = ""
    body: str = ""
    hand_edited: bool = True
    entry_id: str = ""  # a feed entry's identity (see feed.identity)


class ArticleIndex:
    def __init__(self, articles_dir: Path) -> None:
        # By path, in the order read or last updated (same_source takes the first
        # match); replacing one entry must not rebuild a list of all of them.
        self._by_path: dict[Path, Existing] = {}
        if articles_dir.is_dir():
            for path in sorted(articles_dir.glob("*.md")):
                if not path.name.startswith("."):
                    self._by_path[path] = _read(path)
        self.slugs = {entry.slug for entry in self._by_path.values()}
        self._texts: SimilarTexts | None = None  # built on first use: most runs write nothing

    def add(self, entry: Existing) -> None:
        self._by_path.pop(entry.path, None)
        self._by_path[entry.path] = entry
        self.slugs.add(entry.slug)
        if self._texts is not None:
            self._texts.add(entry.path, entry.body)

    def near_duplicates(self, body: str, exclude: Path | None) -> list[tuple[Existing, float]]:
        """Articles that tell the same story as ``body`` (see :mod:`duplicates`)."""
        if self._texts is None:
            self._texts = SimilarTexts()
            for entry in self._by_path.values():
                self._texts.add(entry.path, entry.body)
        found = self._texts.similar(body, exclude)
        return [(self._by_path[path], share) for path, share in found]

    def same_source(
        self, sha256: str, url: str, title: str, whole_source: bool, entry_id: str = ""
    ) -> tuple[Existing, str] | None:
        """An article ingested before from the same URL, or from the same bytes.

        ``whole_source`` is False for one of several articles of a source (a feed
        entry), which must also have the same title to be the same article. A feed
        entry (``entry_id``) is the same only as the same entry, or as a page
        ingested from its link when that link names a page (not a ``#`` place in one).
        """
        if entry_id:
            page = canonical_url(url) if "#" not in url else ""
            for entry in self._by_path.values():
                if entry.entry_id == entry_id:
                    return entry, "same feed entry"
            for entry in self._by_path.values():
                if page and not entry.entry_id and entry.url == page:
                    return entry, "same URL"
            return None
        url = canonical_url(url)
        for entry in self._by_path.values():
            if url and entry.url == url:
                return entry, "same URL"
            if sha256 and entry.sha256 == sha256 and (whole_source or entry.title == title):
                return entry, "same source, by sha256"
        return None


def _read(path: Path) -> Existing:
    """What ingest needs of a file; one it cannot parse still keeps its slug taken."""
    entry = Existing(path=path, slug=path.stem)
    try:
        text = path.read_text(encoding="utf-8")
        meta, body, _ = front_matter.parse(text)
    except (OSError, UnicodeDecodeError, front_matter.FrontMatterError):
        return entry
    entry.sha256 = str(meta.get("sha256") or "")
    entry.url = canonical_url(str(meta.get("url") or ""))
    entry.title = str(meta.get("title") or "")
    entry.body = body
    entry.entry_id = str(meta.get("entry_id") or "")
    entry.hand_edited = edited_by_hand(text)
    return entry
