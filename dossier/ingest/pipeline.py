"""One ingest run: read each source, parse it, complete the front matter, write what is new.

A source that fails is reported as ``source: what is wrong`` and the run goes
on. Nothing is ever overwritten that a person edited: see :mod:`article_file`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from ..config import Config
from ..content.slugs import slugify, unique_slug
from ..project import Project
from ..publish.atomic_write import write_atomic, write_new_atomic
from . import article_file, feed, html_page, markdown_file, text_page, wordpress
from .decode import decode
from .detect import detect
from .entities import find_entities
from .existing import ArticleIndex, Existing
from .fetch import DEFAULT_TIMEOUT
from .language import detect_language
from .metadata import canonical_url, summary_from, web_url
from .model import Article, Parsed, Source, SourceError, without_surrogates
from .quotes import find_quotes
from .run_lock import IngestLock
from .sources import Pending
from .topics import assign_topics


@dataclass(frozen=True)
class Options:
    format: str | None = None  # None: detect
    topics: tuple[str, ...] = ()
    force: bool = False
    dry_run: bool = False
    stdout: bool = False
    entities: bool = True
    timeout: float = DEFAULT_TIMEOUT

    @property
    def writes(self) -> bool:
        return not (self.dry_run or self.stdout)


@dataclass
class Channels:
    """Where the run's lines go: ``info`` for what was done, ``problem`` for errors and warnings."""

    info: Callable[[str], None]
    problem: Callable[[str], None]
    article: Callable[[str], None]  # the text of an article, for --stdout


@dataclass
class Tally:
    sources: int = 0
    written: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0
    warnings: int = 0

    def summary(self, dry_run: bool) -> str:
        verb = "would write" if dry_run else "wrote"
        parts = [
            f"{self.sources} source{'s' if self.sources != 1 else ''}",
            f"{verb} {self.written} new",
            f"{'would replace' if dry_run else 'replaced'} {self.replaced}",
            f"{self.unchanged} already ingested",
            f"{self.failed} failed",
            f"{self.warnings} warning{'s' if self.warnings != 1 else ''}",
        ]
        return "ingest: " + ", ".join(parts)


@dataclass
class Ingest:
    project: Project
    config: Config
    options: Options
    channels: Channels
    tally: Tally = field(default_factory=Tally)

    def __post_init__(self) -> None:
        if self.options.writes:  # before reading the index, so another run's files are in it
            lock = IngestLock(self.project.articles_dir)
            weakref.finalize(self, lock.release)
            removed = lock.acquire(self.channels.info)
            if removed:
                self.channels.info(
                    f"removed {len(removed)} temporary file{'s' * (len(removed) != 1)} "
                    "left by an ingest that was stopped while writing"
                )
        self.index = ArticleIndex(self.project.articles_dir)
        self.started = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        self._told_no_extractor = False

    def source(self, pending: Pending) -> None:
        """Ingest every article of one source; report instead of raising."""
        self.tally.sources += 1
        try:
            source = pending.read()
            text, encoding_note = decode(source.data, source.charset)
            if encoding_note:
                self._warn(pending.name, encoding_note)
            fmt = self.options.format or detect(source, text)
            parsed = _parse(fmt, source, text)
            for article in parsed.articles:
                _mend_text(article)
        except SourceError as exc:
            self._fail(pending.name, str(exc))
            return
        except Exception as exc:  # a library failing on odd input must not end the run
            self._fail(pending.name, f"could not be read ({type(exc).__name__}: {exc})")
            return
        for warning in parsed.warnings:
            self._warn(pending.name, warning)
        for error in parsed.errors:
            self._fail(pending.name, error)
        whole = len(parsed.articles) == 1 and not parsed.errors
        for article in parsed.articles:
            self.article(pending.name, article, source, fmt, whole)

    def article(
        self, name: str, article: Article, source: Source, fmt: str, whole: bool = False
    ) -> None:
        """Store one article of ``source`` (``dossier pull`` reads feeds itself); report, never raise."""
        try:
            _mend_text(article)
            self._store(article, source, fmt, whole)
        except OSError as exc:
            self._fail(name, f"cannot write the article: {exc.strerror or exc}")
        except Exception as exc:  # a bug must cost this article, not the rest of the run
            self._fail(
                name,
                f"internal error storing {article.title[:60]!r} ({type(exc).__name__}: {exc})",
            )

    def _store(self, article: Article, source: Source, fmt: str, whole: bool) -> None:
        digest = hashlib.sha256(source.data).hexdigest()
        entry_id = str(article.extra.get("entry_id") or "")
        same = self.index.same_source(digest, article.url, article.title, whole, entry_id)
        if same and not self.options.force:
            self.channels.info(
                f"{source.name}: already ingested as {self._shown(same[0].path)} ({same[1]}); "
                "nothing to do (--force to ingest it again)"
            )
            self.tally.unchanged += 1
            return
        for note in article.notes:
            self._warn(source.name, note)
        meta = self._front_matter(article, source, fmt, digest)
        body = article.body
        duplicates = self.index.near_duplicates(body, exclude=same[0].path if same else None)
        if duplicates:
            meta = _insert_before(
                meta, "ingested_from", {"possible_duplicates": [e.slug for e, _ in duplicates]}
            )
            for entry, share in duplicates:
                self._warn(
                    source.name,
                    f"{article.title!r} looks like the same story as {self._shown(entry.path)} "
                    f"({share:.0%} shared text); both kept",
                )
        text = article_file.render(meta, body)
        if self.options.stdout:
            self.channels.article(text)
        if same and not same[0].hand_edited:
            self._replace(same[0], text, article, digest)
        else:
            self._create(article, text, digest, beside=same[0] if same else None, source=source)

    def _create(
        self, article: Article, text: str, digest: str, beside: Existing | None, source: Source
    ) -> None:
        base = beside.slug if beside else slugify(article.title)
        while True:
            slug = unique_slug(base, self.index.slugs)
            path = self.project.articles_dir / f"{slug}.md"
            if not self.options.writes or write_new_atomic(path, text):
                break
            self.index.slugs.add(slug)  # created by someone else meanwhile: take the next name
        self.index.add(_entry(path, slug, article, digest))
        self.tally.written += 1
        verb = "would write" if not self.options.writes else "wrote"
        if beside:
            self._warn(
                source.name,
                f"{self._shown(beside.path)} was edited by hand, so it is kept as it is; "
                f"{verb} the new version beside it as {self._shown(path)}",
            )
        else:
            self.channels.info(f"{verb} {self._shown(path)} ({article.title})")

    def _replace(self, old: Existing, text: str, article: Article, digest: str) -> None:
        if self.options.writes:
            write_atomic(old.path, text)
        self.index.add(_entry(old.path, old.slug, article, digest))
        self.tally.replaced += 1
        verb = "would replace" if not self.options.writes else "replaced"
        self.channels.info(f"{verb} {self._shown(old.path)} (not edited since it was ingested)")

    def _front_matter(
        self, article: Article, source: Source, fmt: str, digest: str
    ) -> dict[str, Any]:
        extra = dict(article.extra)
        given_entities = extra.pop("entities", None)
        language = _language(article, self.config.language)
        entities = (
            given_entities
            if isinstance(given_entities, list)
            else self._entities(article, language)
        )
        names = [str(entity.get("name", "")) for entity in entities if isinstance(entity, dict)]
        topics = assign_topics(
            [*self.options.topics, *extra.pop("topics", [])],
            self.config.topic_rules,
            f"{article.title}\n{article.body}",
            names,
        )
        quotes, unresolved = (
            find_quotes(article.body, entities, language) if self.options.entities else ([], False)
        )
        review = list(article.needs_review)
        review += [name for name in ("authors", "source") if not getattr(article, name)]
        review += ["quotes"] if unresolved else []
        meta: dict[str, Any] = {
            "title": article.title,
            "date": article.date,
            "authors": article.authors,
            "source": article.source,
            "url": web_url(article.url),
            "summary": article.summary or summary_from(article.body),
            "language": language,
            "topics": topics,
            "entities": entities,
        }
        if quotes:
            meta["quotes"] = quotes
        if review:
            meta["needs_review"] = list(dict.fromkeys(review))
        optional = {
            "original_source": article.original_source,
            "author_bios": article.author_bios,
            "rights": article.rights,
        }
        meta.update({key: value for key, value in optional.items() if value})
        meta.update(extra)
        if article.notes:
            meta["ingest_notes"] = article.notes
        meta.update(
            {
                "ingested_from": source.origin,
                "sha256": digest,
                "format": fmt,
                "ingested_at": self.started,
            }
        )
        return meta

    def _entities(self, article: Article, language: str) -> list[dict[str, str]]:
        if not self.options.entities:
            return []
        try:
            found = find_entities(article, language, self.project.content_dir)
        except Exception as exc:  # a model that fails to load must not lose the article
            self._warn(
                article.title,
                f"entity extraction failed ({type(exc).__name__}: {exc}); entities left empty",
            )
            article.needs_review.append("entities")
            return []
        if found is None:
            if not self._told_no_extractor:
                self.channels.problem(
                    "warning: entity extraction is not available yet; entities left empty"
                )
                self._told_no_extractor = True
            return []
        return found

    def _warn(self, name: str, message: str) -> None:
        self.tally.warnings += 1
        self.channels.problem(f"{name}: warning: {message}")

    def _fail(self, name: str, message: str) -> None:
        self.tally.failed += 1
        self.channels.problem(f"{name}: {message}")

    def _shown(self, path: Path) -> str:
        return self.project.relative(path)


def _language(article: Article, default: str) -> str:
    """The source's language unless the text is clearly in another (templates say "en")."""
    detected = detect_language(f"{article.title}\n{article.body}")
    declared = article.language
    if declared and detected in ("", declared.split("-")[0].lower()):
        return declared
    return detected or declared or default


def _parse(fmt: str, source: Source, text: str) -> Parsed:
    if fmt == "wordpress":
        return wordpress.parse(text)
    if fmt == "html":
        return html_page.parse(text, source.url)
    if fmt == "feed":
        return feed.parse(text)
    if fmt == "markdown":
        return markdown_file.parse(text)
    return text_page.parse(text)


def _mend_text(article: Article) -> None:
    """Replace lone surrogates (a JSON ``"\\ud800"`` or YAML escape) with U+FFFD in every field.

    They are valid in a Python string but not in UTF-8, so writing the article failed.
    """
    for item in fields(article):
        setattr(article, item.name, without_surrogates(getattr(article, item.name)))


def _entry(path: Path, slug: str, article: Article, digest: str) -> Existing:
    return Existing(
        path=path,
        slug=slug,
        sha256=digest,
        url=canonical_url(article.url),
        title=article.title,
        body=article.body,
        hand_edited=False,
        entry_id=str(article.extra.get("entry_id") or ""),
    )


def _insert_before(meta: dict[str, Any], key: str, new: dict[str, Any]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for name, value in meta.items():
        if name == key:
            result.update(new)
        result[name] = value
    return result
