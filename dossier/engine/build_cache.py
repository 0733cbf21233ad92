"""Content-hash caches, so a rebuild redoes only the work an edit invalidates.

Two caches, keyed by everything a result depends on and never by time:

- parsed documents, keyed by kind, path and the sha256 of the file's bytes (reading
  JSON is several times faster than parsing YAML front matter);
- rendered Markdown bodies, keyed by the body, its path and first line, the article's
  own entities and a signature of all the global state the renderer reads (every link
  name, every page's path and URL, the entity registry, ``allow_html``).

Both are kept in memory across the rebuilds of ``dossier serve`` and in
``<project>/.dossier-cache/`` across ``dossier build`` runs (16 files each, by the
first digit of the digest, so an edit rewrites a file or two), together with a
fingerprint of dossier's own code so an upgrade never reuses old output. So are
whole-site groupings (:meth:`BuildCache.reuse`), by a digest of their inputs.

A key covers every input, so a cached build is byte-identical to a clean one; a miss
just renders. Entries unused by the latest build are dropped, so the cache stays the
size of the site.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

from ..content.documents import ContentError, Document, SourceFile, parse_documents
from ..entities.registry import Entity
from ..markdown.body import BodyJob, BrokenLink, LinkIndex, Mention, OutgoingLink, RenderedBody
from ..publish.atomic_write import replacing, write_atomic
from ..publish.output import MARKER, FileIdentity, OutputError, file_identity, safe_relative

FORMAT = 2
BODIES_DIR = "bodies"
DOCUMENTS_DIR = "documents"
DERIVED_DIR = "derived"
SHARDS = "0123456789abcdef"  # entries are kept in files by the first digit of their digest
PACKAGE_DIR = Path(__file__).resolve().parent.parent


@cache
def code_fingerprint() -> str:
    """A hash of dossier's Python source: cached output from other code is never reused."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE_DIR.rglob("*.py")):
        digest.update(path.relative_to(PACKAGE_DIR).as_posix().encode() + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def render_context(
    index: LinkIndex, pages: Iterable[Any], entities: Iterable[Entity], allow_html: bool
) -> str:
    """A signature of everything global a body's rendering reads; any change misses the cache.

    ``pages`` are the site graph's nodes (kind, title, URL and source path of each page: the
    link index's targets and its path lookup); ``entities`` the registry, which resolves
    wikilinks to entities and drives mention matching.
    """
    state = (
        index.signature(),
        sorted(
            (node.document.path if node.document else "", node.url, node.title, node.kind)
            for node in pages
        ),
        [(e.slug, e.name, e.type, tuple(e.aliases), e.hidden) for e in entities],
        allow_html,
    )
    return hashlib.sha256(repr(state).encode("utf-8")).hexdigest()


def _body_key(
    context: str,
    body: str,
    source_path: str,
    body_line: int,
    mentions: bool,
    entities: Sequence[Entity],
    allow_html: bool,
) -> str:
    parts = (
        context,
        source_path,
        str(body_line),
        str(mentions),
        ",".join(entity.slug for entity in entities),
        str(allow_html),
        body,
    )
    return hashlib.sha256("\0".join(parts).encode("utf-8")).hexdigest()


def _body_to_json(body: RenderedBody) -> list:
    return [
        body.html,
        [[link.url, link.line, link.snippet] for link in body.links],
        [[broken.target, broken.line] for broken in body.broken],
        [[m.entity, m.anchor, m.sentence, m.start, m.end] for m in body.mentions],
    ]


def _body_from_json(data: list) -> RenderedBody:
    html, links, broken, mentions = data
    return RenderedBody(
        html,
        [OutgoingLink(*link) for link in links],
        [BrokenLink(*item) for item in broken],
        [Mention(*m) for m in mentions],
    )


def _save_entries(path: Path, entries: Iterable[tuple[str, Any]]) -> None:
    """Write ``{format, code, entries: {key: value}}``, streamed: at 10,000 articles the JSON
    text alone is hundreds of megabytes. ``None`` values are left out."""
    head = json.dumps({"format": FORMAT, "code": code_fingerprint()})[:-1]
    encode = json.JSONEncoder(ensure_ascii=False, default=_encode_date).encode  # C, one at a time
    with replacing(path) as handle:
        handle.write(f'{head}, "entries": {{'.encode())
        first = True
        for key, value in entries:
            if value is not None:
                handle.write(f"{'' if first else ', '}{encode(key)}: {encode(value)}".encode())
                first = False
        handle.write(b"}}")


def _load_entries(path: Path, object_hook: Callable[[dict], Any] | None = None) -> dict[str, Any]:
    """The entries :func:`_save_entries` wrote, if this code wrote them; else none."""
    saved = json.loads(path.read_text(encoding="utf-8"), object_hook=object_hook)
    if saved.get("format") == FORMAT and saved.get("code") == code_fingerprint():
        return dict(saved["entries"])
    return {}


def _encode_date(value: Any) -> dict[str, str]:
    if isinstance(value, dt.datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, dt.date):
        return {"$date": value.isoformat()}
    raise TypeError(f"{type(value).__name__} is not cached")


def _decode_date(value: dict) -> Any:
    if len(value) == 1:
        if isinstance(value.get("$datetime"), str):
            return dt.datetime.fromisoformat(value["$datetime"])
        if isinstance(value.get("$date"), str):
            return dt.date.fromisoformat(value["$date"])
    return value


def _round_trips(value: Any) -> bool:
    """Whether JSON (with :func:`_encode_date`) gives ``value`` back exactly."""
    if isinstance(value, dict):
        return all(
            isinstance(k, str) and not k.startswith("$") and _round_trips(v)
            for k, v in value.items()
        )
    if isinstance(value, list):
        return all(_round_trips(item) for item in value)
    return value is None or isinstance(value, str | int | float | dt.date)


def _document_key(text: str) -> tuple[str, str, str]:
    kind, shown, digest = text.split("\t")
    return kind, shown, digest


def _document_to_json(doc: Document) -> list | None:
    """None for front matter JSON cannot give back exactly (sets, number keys): then the
    file is parsed again next time."""
    if not _round_trips(doc.meta) or "\t" in doc.path:
        return None
    date = doc.date.isoformat() if doc.date else None
    return [doc.slug, doc.meta, doc.body, doc.body_line, doc.title, date, doc.draft, doc.aliases]


def _document_from_json(key: str, data: list) -> Document:
    kind, shown, digest = _document_key(key)
    slug, meta, body, body_line, title, date, draft, aliases = data
    return Document(
        kind, slug, shown, meta, body, body_line, title,
        dt.datetime.fromisoformat(date) if date else None, draft, digest, aliases,
    )  # fmt: skip


PAGES_FILE = "pages.json"


class _PagesOfSite(dict):
    """Page keys of the last published site; a page's bytes are read from it when asked for."""

    def __init__(self, site: Path, keys: dict[str, str]) -> None:
        super().__init__({path: (key, None) for path, key in keys.items()})
        self.site = site
        self.read: dict[str, FileIdentity] = {}  # files read, as they were then

    def get(self, path: str, default: Any = None) -> Any:
        entry = super().get(path)
        if entry is None:
            return default
        key, data = entry
        if data is None:
            try:
                with open(self.site / safe_relative(path), "rb") as handle:
                    data = handle.read()
                    self.read[path] = file_identity(os.fstat(handle.fileno()))
            except (OSError, OutputError):
                return default
            self[path] = (key, data)
        return (key, data)


class BuildCache:
    """Parsed documents and rendered bodies of recent builds, looked up by content hash."""

    def __init__(self, folder: Path | None = None) -> None:
        self.folder = folder
        self.documents: dict[tuple[str, str, str], Document] = {}
        self.bodies: dict[str, RenderedBody] = {}
        self.derived: dict[str, tuple[str, Any]] = {}  # name -> (digest of inputs, result)
        self.pages: dict[str, tuple[str, bytes]] = {}  # output path -> (key, bytes), in memory
        self.pages_rendered = 0  # content pages the last build rendered (not taken from pages)
        self.pages_reused: set[str] = set()  # output paths the last build took from pages
        self._used_documents: set[tuple[str, str, str]] = set()
        self._used_bodies: set[str] = set()
        self._dirty: set[tuple[str, str]] = set()  # (folder, shard) to write again
        self.hits = self.misses = 0
        self.reused = self.rendered = 0  # bodies of the last finished build

    @classmethod
    def open(cls, folder: Path, site: Path | None = None) -> BuildCache:
        """The cache saved in ``folder``; empty when missing, unreadable or from other code.

        With ``site`` (the output folder), the keys of its pages are loaded too when it
        still holds the build they were saved with, so unchanged pages are not rendered.
        """
        cache = cls(folder)
        for where in (folder, *(folder / sub for sub in (BODIES_DIR, DOCUMENTS_DIR, DERIVED_DIR))):
            for stale in where.glob(".*.tmp"):  # a save cut short by a crash
                stale.unlink(missing_ok=True)
        if site is not None:
            cache.pages = cls._site_pages(folder, site)
        for shard in SHARDS:
            try:
                bodies = _load_entries(folder / BODIES_DIR / f"{shard}.json")
                cache.bodies.update(
                    (key, _body_from_json(value)) for key, value in bodies.items()
                )
            except (OSError, ValueError, TypeError, KeyError, AttributeError):
                pass
            try:
                documents = _load_entries(
                    folder / DOCUMENTS_DIR / f"{shard}.json", object_hook=_decode_date
                )
                cache.documents.update(
                    (_document_key(key), _document_from_json(key, value))
                    for key, value in documents.items()
                )
            except (OSError, ValueError, TypeError, KeyError, AttributeError):
                pass
        return cache

    @staticmethod
    def _site_pages(folder: Path, site: Path) -> dict[str, tuple[str, bytes]]:
        try:
            saved = json.loads((folder / PAGES_FILE).read_text(encoding="utf-8"))
            marker = (site / MARKER).read_text(encoding="utf-8")
            if (
                saved.get("code") == code_fingerprint()
                and saved.get("site") == str(site)
                and f"build {saved['stamp']}\n" in marker
            ):
                return _PagesOfSite(site, dict(saved["keys"]))
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            pass
        return {}

    def pages_read(self) -> dict[str, FileIdentity]:
        """Pages taken from the last published site, as they were when read: publishing
        may link them without reading them again."""
        if not isinstance(self.pages, _PagesOfSite):
            return {}
        return {path: seen for path, seen in self.pages.read.items() if path in self.pages_reused}

    def save_pages(self, site: Path, stamp: str) -> None:
        """Remember the key of every page just published into ``site`` under build ``stamp``."""
        if self.folder is None:
            return
        data = {
            "code": code_fingerprint(),
            "site": str(site),
            "stamp": stamp,
            "keys": {path: entry[0] for path, entry in sorted(self.pages.items())},
        }
        try:
            write_atomic(self.folder / PAGES_FILE, json.dumps(data))
        except OSError:
            pass

    def save(self) -> None:
        """Write the files of the cache whose entries changed; a cache that cannot be written
        is only a slower next build, so write errors are ignored."""
        if self.folder is None or not self._dirty:
            return
        for folder, shard in sorted(self._dirty):
            if folder == DERIVED_DIR:
                entries: Iterable[tuple[str, Any]] = [("saved", self.derived[shard])]
            elif folder == BODIES_DIR:
                entries = (
                    (key, _body_to_json(body))
                    for key, body in sorted(self.bodies.items())
                    if key[0] == shard
                )
            else:
                entries = (
                    ("\t".join(key), _document_to_json(document))
                    for key, document in sorted(self.documents.items())
                    if key[2][0] == shard
                )
            try:
                (self.folder / folder).mkdir(parents=True, exist_ok=True)
                _save_entries(self.folder / folder / f"{shard}.json", entries)
            except (OSError, ValueError, TypeError):  # not written: the next build renders
                return
        self._dirty.clear()

    def load_documents(self, files: Sequence[SourceFile]) -> list[Document | ContentError]:
        """:func:`dossier.content.documents.parse_documents`, parsing only bytes not seen at their path."""
        keys = [(kind, shown, hashlib.sha256(data).hexdigest()) for _, kind, shown, data in files]
        self._used_documents.update(keys)
        missing = [i for i, key in enumerate(keys) if key not in self.documents]
        parsed = dict(zip(missing, parse_documents([files[i] for i in missing]), strict=True))
        self._dirty.update((DOCUMENTS_DIR, keys[i][2][0]) for i in missing)
        for i, document in parsed.items():
            if isinstance(document, Document):
                self.documents[keys[i]] = document
        return [parsed[i] if i in parsed else self.documents[key] for i, key in enumerate(keys)]

    def render_bodies(
        self,
        jobs: Sequence[BodyJob],
        context: str,
        render_batch: Callable[[Sequence[BodyJob]], list[RenderedBody]],
    ) -> list[RenderedBody]:
        """Each job's rendered body: from the cache, or rendered (all misses in one batch)."""
        keys = [
            _body_key(
                context,
                job.body,
                job.source_path,
                job.body_line,
                job.mentions,
                job.entities,
                job.allow_html,
            )  # fmt: skip
            for job in jobs
        ]
        self._used_bodies.update(keys)
        missing = [i for i, key in enumerate(keys) if key not in self.bodies]
        self.hits += len(jobs) - len(missing)
        self.misses += len(missing)
        if missing:
            self._dirty.update((BODIES_DIR, keys[i][0]) for i in missing)
            fresh = render_batch([jobs[i] for i in missing])
            for i, body in zip(missing, fresh, strict=True):
                self.bodies[keys[i]] = body
        return [self.bodies[key] for key in keys]

    def reuse(self, name: str, inputs: Any, compute: Callable[[], Any]) -> Any:
        """``compute()``, or its last result under ``name`` if ``inputs`` are equal to last time.

        For whole-site derived data that is a pure function of ``inputs`` (groupings,
        related articles): an edit that leaves the inputs alone skips the work. Inputs
        and results are JSON data (tuples come back as lists); they are kept on disk by
        a digest of the inputs.
        """
        digest = hashlib.sha256(json.dumps([name, inputs]).encode()).hexdigest()
        last = self.derived.get(name)
        if last is None and self.folder is not None:
            try:
                last = tuple(_load_entries(self.folder / DERIVED_DIR / f"{name}.json")["saved"])
            except (OSError, ValueError, TypeError, KeyError, AttributeError):
                last = None
        if last is not None and last[0] == digest:
            self.derived[name] = last
            return last[1]
        result = compute()
        self.derived[name] = (digest, result)
        self._dirty.add((DERIVED_DIR, name))
        return result

    def prune(self) -> None:
        """Forget what the build that just ended did not use, and count afresh."""
        stale = [key for key in self.bodies if key not in self._used_bodies]
        for key in stale:
            del self.bodies[key]
        self._dirty.update((BODIES_DIR, key[0]) for key in stale)
        gone = [key for key in self.documents if key not in self._used_documents]
        for key in gone:
            del self.documents[key]
        self._dirty.update((DOCUMENTS_DIR, key[2][0]) for key in gone)
        self._used_documents.clear()
        self._used_bodies.clear()
        self.reused, self.rendered, self.hits, self.misses = self.hits, self.misses, 0, 0
