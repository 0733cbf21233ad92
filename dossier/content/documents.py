"""Load ``content/``: read every Markdown file, split and validate its front matter.

The result is a list of :class:`Document` plain records; nothing here renders
or cross-links. A file with a problem is reported (``path:line: message``) and
left out, so the rest of the dossier still builds.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..diagnostics import Diagnostics
from ..parallel import map_in_workers
from ..project import Project
from . import front_matter
from .slugs import slugify

KINDS = ("article", "entity", "topic", "page")
KIND_FOLDERS = {"article": "articles", "entity": "entities", "topic": "topics", "page": "pages"}
ENTITY_TYPES = ("person", "organization", "place", "other")
_TYPE_ALIASES = {
    "organisation": "organization",
    "org": "organization",
    "location": "place",
    "gpe": "place",
}


@dataclass
class Document:
    kind: str
    slug: str
    path: str  # as shown to the user, relative to the project
    meta: dict[str, Any]
    body: str
    body_line: int
    title: str
    date: dt.datetime | None = None
    draft: bool = False
    digest: str = ""
    aliases: list[str] = field(default_factory=list)

    @property
    def url(self) -> str:
        """Site-relative URL of the page, e.g. ``articles/kim-visits-russia/``."""
        return f"{KIND_FOLDERS[self.kind]}/{self.slug}/"


class ContentError(ValueError):
    """Every problem of one file, each ``(message, line)``; ``message`` and ``line`` are
    the first one's."""

    def __init__(
        self, message: str, line: int | None = None, more: Sequence[tuple[str, int | None]] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.problems = [(message, line), *more]

    def __reduce__(self) -> tuple:  # travels back from parsing workers with its lines
        return (ContentError, (self.message, self.line, self.problems[1:]))


_ISO_FORM = re.compile(r"\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?")


def parse_date(value: Any) -> dt.datetime | None:
    """ISO 8601 text, a YAML date or datetime -> naive datetime; empty -> None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return (
            value.replace(tzinfo=None)
            if value.tzinfo is None
            else value.astimezone(dt.UTC).replace(tzinfo=None)
        )
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day)
    if isinstance(value, str):
        text = value.strip()
        try:
            parsed = dt.datetime.fromisoformat(text)
        except ValueError as exc:
            if _ISO_FORM.fullmatch(text):  # the form is right, the day or time is not
                raise ValueError(f"invalid date '{value}': {exc}") from None
            raise ValueError(
                f"invalid date '{value}': not ISO 8601 (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SS)"
            ) from None
        return parse_date(parsed)
    raise ValueError(f"invalid date: expected an ISO 8601 date, not {type(value).__name__}")


def _text_list(meta: dict[str, Any], key: str) -> list[str]:
    value = meta.get(key)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list) and all(
        isinstance(item, str | int | float) and not isinstance(item, bool) for item in value
    ):
        return [str(item) for item in value]
    raise ContentError(f"'{key}' must be a list of text")


def _text(meta: dict[str, Any], key: str) -> str:
    value = meta.get(key)
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float | dt.date):
        raise ContentError(f"'{key}' must be text")
    return str(value)


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url.strip())
    except ValueError:  # e.g. an unclosed IPv6 bracket
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


def normalise_entity_type(value: Any) -> str:
    kind = str(value or "other").strip().lower()
    kind = _TYPE_ALIASES.get(kind, kind)
    if kind not in ENTITY_TYPES:
        raise ContentError(f"type '{value}' is not one of {', '.join(ENTITY_TYPES)}")
    return kind


def _entity_refs(meta: dict[str, Any]) -> list[dict[str, str]]:
    value = meta.get("entities")
    if value is None:
        return []
    if not isinstance(value, list):
        raise ContentError("'entities' must be a list of {name, type}")
    refs = []
    for index, item in enumerate(value):
        if isinstance(item, str):
            item = {"name": item}
        if (
            not isinstance(item, dict)
            or not isinstance(item.get("name"), str)
            or not item["name"].strip()
        ):
            raise ContentError(f"entities[{index}] must be {{name, type}} with a name")
        ref = dict(item)
        ref["name"] = item["name"].strip()
        try:
            ref["type"] = normalise_entity_type(item.get("type"))
        except ContentError as exc:
            raise ContentError(f"entities[{index}]: {exc.message}") from None
        refs.append(ref)
    return refs


def _quote_refs(meta: dict[str, Any]) -> list[dict[str, str]]:
    """The ``quotes`` field (see :mod:`dossier.quotes`): speaker and text required, cue optional."""
    value = meta.get("quotes")
    if value is None:
        return []
    if not isinstance(value, list):
        raise ContentError("'quotes' must be a list of {speaker, text, cue}")
    refs = []
    for index, item in enumerate(value):
        fields = {
            key: str(value).strip()
            for key, value in (item.items() if isinstance(item, dict) else ())
            if isinstance(value, str | int | float) and not isinstance(value, bool)
        }
        if not fields.get("speaker") or not fields.get("text"):
            raise ContentError(
                f"quotes[{index}] must be {{speaker, text, cue}} with a speaker and a text"
            )
        refs.append(
            {"speaker": fields["speaker"], "text": fields["text"], "cue": fields.get("cue", "")}
        )
    return refs


def _title(meta: dict[str, Any], key: str) -> str:
    title = meta.get(key, meta.get("title"))
    if title is None or (isinstance(title, str) and not title.strip()):
        raise ContentError(f"missing required field '{key}'")
    if not isinstance(title, str | int | float) or isinstance(title, bool):
        raise ContentError(f"'{key}' must be text")
    return str(title).strip()


def _date(meta: dict[str, Any]) -> dt.datetime | None:
    try:
        return parse_date(meta.get("date"))
    except ValueError as exc:
        raise ContentError(str(exc)) from None


def _web_address(meta: dict[str, Any]) -> str:
    url = _text(meta, "url")
    if url and not _is_web_address(url):
        raise ContentError(f"'url' must be an http(s) address, not {url[:60]!r}")
    return url


def _flag(meta: dict[str, Any], key: str) -> bool:
    if key in meta and not isinstance(meta[key], bool):
        raise ContentError(f"'{key}' must be true or false")
    return bool(meta.get(key, False))


def _entity_type(meta: dict[str, Any]) -> str:
    try:
        return normalise_entity_type(meta.get("type"))
    except ContentError as exc:
        raise ContentError(f"'type': {exc.message}") from None


def _facts(meta: dict[str, Any]) -> Any:
    facts = meta.get("facts")
    if facts is not None and not isinstance(facts, dict):
        raise ContentError("'facts' must be a mapping of label: value")
    return facts


def _validate(
    kind: str, meta: dict[str, Any]
) -> tuple[str, dt.datetime | None, list[str], list[tuple[str, str]]]:
    """Normalise ``meta`` in place; return (title, date, aliases, problems), each problem a
    ``(message, field)``: every bad field is reported, not only the first."""
    problems: list[tuple[str, str]] = []

    def checked(key: str, value: Callable[[], Any], default: Any) -> Any:
        try:
            return value()
        except ContentError as exc:
            problems.append((exc.message, key))
            return default

    title_key = "name" if kind == "entity" else "title"
    title = checked(title_key, lambda: _title(meta, title_key), "")
    date = checked("date", lambda: _date(meta), None)
    checked("draft", lambda: _flag(meta, "draft"), False)
    for key in ("summary", "source", "language", "description"):
        meta[key] = checked(key, lambda key=key: _text(meta, key), "")
    meta["url"] = checked("url", lambda: _web_address(meta), "")
    for key in ("authors", "topics", "aliases", "needs_review"):
        meta[key] = checked(key, lambda key=key: _text_list(meta, key), [])
    meta["entities"] = checked("entities", lambda: _entity_refs(meta), [])
    meta["quotes"] = checked("quotes", lambda: _quote_refs(meta), [])
    if kind == "entity":
        meta["type"] = checked("type", lambda: _entity_type(meta), "other")
        checked("hidden", lambda: _flag(meta, "hidden"), False)
        checked("facts", lambda: _facts(meta), None)
    return title, date, meta["aliases"], problems


def load_document(path: Path, kind: str, shown: str, data: bytes) -> Document:
    """Parse one file's bytes; raise ContentError with a line number on any problem."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ContentError(
            f"not valid UTF-8 text (byte {exc.start}); save the file as UTF-8", line
        ) from None
    try:
        meta, body, body_line = front_matter.parse(text)
    except front_matter.FrontMatterError as exc:
        raise ContentError(exc.message, exc.line) from None
    title, date, aliases, problems = _validate(kind, meta)
    if problems:
        lines = [(message, front_matter.field_line(text, key) or 1) for message, key in problems]
        raise ContentError(*lines[0], more=lines[1:])
    return Document(
        kind=kind,
        slug=slugify(path.stem),
        path=shown,
        meta=meta,
        body=body,
        body_line=body_line,
        title=title,
        date=date,
        draft=bool(meta.get("draft", False)),
        digest=hashlib.sha256(data).hexdigest(),
        aliases=aliases,
    )


def _parts(path: Path) -> tuple[str, ...]:
    """The order of paths (``sorted`` of paths compares their parts, more slowly)."""
    return path.parts


def content_files(project: Project) -> list[tuple[str, Path]]:
    """Every ``(kind, path)`` under ``content/``, sorted so builds are deterministic."""
    found = []
    for kind, folder in KIND_FOLDERS.items():
        base = project.content_dir / folder
        if base.is_dir():
            found.extend(
                (kind, path)
                for path in sorted(base.rglob("*.md"), key=_parts)
                if not path.name.startswith(".")
            )
    return found


# path, kind, path as shown, bytes (None: not read, see scan_sources)
SourceFile = tuple[Path, str, str, bytes | None]
Recorded = tuple[tuple[int, ...], str]  # a content file's stat (see _stat_key) and digest


def parse_documents(files: Sequence[SourceFile]) -> list[Document | ContentError]:
    """:func:`load_document` of each file (or its error), across the machine's cores; a
    file not read yet is read here."""

    def parse(index: int) -> Document | ContentError:
        path, kind, shown, data = files[index]
        try:
            if data is None:
                try:
                    data = path.read_bytes()
                except OSError as exc:
                    raise ContentError(f"cannot read file: {exc.strerror}", 1) from None
            return load_document(path, kind, shown, data)
        except ContentError as exc:
            return exc

    return map_in_workers(parse, len(files))


def read_sources(project: Project, diagnostics: Diagnostics) -> list[SourceFile]:
    """The bytes of every content file, read once for the whole build."""
    files: list[SourceFile] = []
    for kind, path in content_files(project):
        shown = project.relative(path)
        try:
            files.append((path, kind, shown, path.read_bytes()))
        except OSError as exc:
            diagnostics.error(shown, f"cannot read file: {exc.strerror}")
    return files


def scan_sources(
    project: Project, diagnostics: Diagnostics, recorded: dict[str, Recorded]
) -> tuple[list[SourceFile], list[str], dict[str, Recorded]]:
    """Every content file and its digest, read only when its ``stat`` is not the one
    ``recorded`` with its digest by the last build (as ``git status`` does): the files,
    their digests, and the record for the next build.

    A file read is recorded with the ``stat`` taken before reading it (a write while it
    is read changes the ``stat`` after). A file modified in the last two seconds is
    recorded without one, so it is read again by the next build: a write in the same
    tick of the clock as this build's read would leave its ``stat`` as it was.
    """
    files: list[SourceFile] = []
    digests: list[str] = []
    record: dict[str, Recorded] = {}
    recent = time.time_ns() - 2_000_000_000
    root = f"{project.root}{os.sep}"
    plain = ".." not in project.root.parts  # else relative() resolves the paths
    for kind, path in content_files(project):
        name = str(path)
        shown = name[len(root) :] if plain and name.startswith(root) else project.relative(path)
        data = None
        try:
            found = os.stat(path)
            key = _stat_key(found)
            kept = recorded.get(shown)
            if kept is not None and kept[0] == key:
                digest = kept[1]
            else:
                data = path.read_bytes()
                digest = hashlib.sha256(data).hexdigest()
        except OSError as exc:
            diagnostics.error(shown, f"cannot read file: {exc.strerror}")
            continue
        files.append((path, kind, shown, data))
        digests.append(digest)
        record[shown] = (key if found.st_mtime_ns < recent else (), digest)
    return files, digests, record


def _stat_key(found: os.stat_result) -> tuple[int, ...]:
    """What changes with a file's bytes: its size, modification and change times (the
    change time cannot be set back, as the modification time can) and its inode (a file
    replaced by another)."""
    return (found.st_size, found.st_mtime_ns, found.st_ctime_ns, found.st_ino)


class ContentReader:
    """The content files of a resident build (``dossier serve``), kept between builds.

    After the first build only the files the watcher reports changed are read again, and
    only while the set of files is the same: a reported path that is not one of the files
    read last time (a file added, a folder renamed, a template) or that cannot be read
    now (a file deleted) has every file walked and read again, as :func:`read_sources`.
    Each file's digest is kept with its bytes, so an unchanged file is not hashed again.
    """

    def __init__(self, project: Project) -> None:
        self.project = project
        self._files: list[SourceFile] | None = None
        self._digests: dict[Path, tuple[bytes, str]] = {}

    def read(
        self, diagnostics: Diagnostics, changed: Iterable[Path] | None = None
    ) -> list[SourceFile]:
        """Every content file; ``changed`` (None: unknown) are the paths reported changed
        since the last read."""
        files = None if changed is None else self._reread(changed)
        if files is None:
            errors = len(diagnostics.items)
            files = read_sources(self.project, diagnostics)
            # a file that could not be read is reported by every build: walk again next time
            self._files = files if len(diagnostics.items) == errors else None
            self._digests = {
                path: self._digests[path] for path, *_ in files if path in self._digests
            }
        else:
            self._files = files
        return files

    def _reread(self, changed: Iterable[Path]) -> list[SourceFile] | None:
        if self._files is None:
            return None
        files = list(self._files)
        where = {path.absolute(): i for i, (path, _, _, _) in enumerate(files)}
        for path in changed:
            i = where.get(Path(path).absolute())
            if i is None:
                return None
            try:
                data = files[i][0].read_bytes()
            except OSError:
                return None
            files[i] = (files[i][0], files[i][1], files[i][2], data)
        return files

    def digest(self, path: Path, data: bytes) -> str:
        """``sha256(data)``, kept while ``path`` holds these very bytes."""
        kept = self._digests.get(path)
        if kept is not None and kept[0] is data:
            return kept[1]
        found = hashlib.sha256(data).hexdigest()
        self._digests[path] = (data, found)
        return found


def select_documents(
    files: Sequence[SourceFile],
    parsed: Sequence[Document | ContentError],
    diagnostics: Diagnostics,
    include_drafts: bool = False,
) -> list[Document]:
    """The documents of a build from each file's parse: errors reported, duplicate slugs and
    (unless ``include_drafts``) drafts left out."""
    documents: list[Document] = []
    seen: dict[tuple[str, str], str] = {}
    for (_, kind, shown, _), document in zip(files, parsed, strict=True):
        if isinstance(document, ContentError):
            for message, line in document.problems:
                diagnostics.error(shown, message, line)
            continue
        key = (kind, document.slug)
        if key in seen:
            diagnostics.error(
                shown, f"duplicate slug '{document.slug}': {seen[key]} already uses it", 1
            )
            continue
        seen[key] = shown
        if document.draft and not include_drafts:
            continue
        documents.append(document)
    return documents


def load_content(
    project: Project, diagnostics: Diagnostics, include_drafts: bool = False
) -> list[Document]:
    """Every valid document of the project."""
    files = read_sources(project, diagnostics)
    return select_documents(files, parse_documents(files), diagnostics, include_drafts)
