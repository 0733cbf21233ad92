"""``dossier pull``: fetch every subscribed feed and ingest the entries not seen before.

Per feed: one conditional GET (an unchanged feed costs one 304); each new entry
is made an article by :mod:`dossier.ingest.feed`, completed from its page
when the feed carries only a summary (through the HTML ingest), kept or left
out by the feed's rules, and stored by the ingest pipeline, which never writes
an entry twice. A feed that fails is reported and the others are still pulled.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

from ..ingest import feed, html_page
from ..ingest.decode import decode
from ..ingest.feed_entry import Channel, Entry
from ..ingest.markdown_text import plain
from ..ingest.metadata import web_url
from ..ingest.model import Article, Source, SourceError
from ..ingest.pipeline import Ingest
from . import addresses, rules
from .http import Client, FetchError
from .settings import PullSettings, Subscription
from .state import State

FULL_TEXT_WORDS = 150  # a feed's text shorter than this, with no full content, is a summary


@dataclass
class FeedReport:
    url: str
    new: int = 0
    skipped: int = 0  # by the rules
    seen: int = 0  # pulled before, or already in the dossier
    failed: int = 0
    problem: str = ""  # the feed itself failed
    unchanged: bool = False  # answered 304

    def line(self, dry_run: bool) -> str:
        if self.problem:
            return f"{self.url}: failed: {self.problem}"
        if self.unchanged:
            return f"{self.url}: not modified since the last pull"
        verb = "would ingest" if dry_run else "new"
        return (
            f"{self.url}: {self.new} {verb}, {self.skipped} skipped by rules, "
            f"{self.seen} already seen, {self.failed} failed"
        )


@dataclass
class Puller:
    settings: PullSettings
    ingest: Ingest
    client: Client
    state: State
    info: Callable[[str], None]

    def __post_init__(self) -> None:
        self.aliases = rules.curated_aliases(self.ingest.project.entities_dir)

    @property
    def dry_run(self) -> bool:
        return not self.ingest.options.writes

    def run(self) -> list[FeedReport]:
        reports = []
        for subscription in self.settings.feeds:
            report = FeedReport(subscription.url)
            try:
                self._feed(subscription, report)
            except (SourceError, FetchError, addresses.Refused) as exc:
                report.problem = str(exc)
            except Exception as exc:  # a bug in one feed must not cost the others
                report.problem = f"could not be read ({type(exc).__name__}: {exc})"
            reports.append(report)
        return reports

    def _feed(self, subscription: Subscription, report: FeedReport) -> None:
        known = self.state.feed(subscription.url)
        host = addresses.host_of(subscription.url)
        response = self.client.get(subscription.url, host, "feed", known.etag, known.last_modified)
        if response.status == 304:
            report.unchanged = True
            return
        text, note = decode(response.data, response.charset)
        if note:
            self.ingest.channels.problem(f"{subscription.url}: warning: {note}")
        channel, parsed = feed.read(text)
        for warning in parsed.warnings:
            self.ingest.channels.problem(f"{subscription.url}: warning: {warning}")
        self.ingest.options = dataclasses.replace(
            self.ingest.options, topics=(subscription.topic,) if subscription.topic else ()
        )
        source = Source(
            name=subscription.url, origin=subscription.url, data=response.data, url=response.url
        )
        for entry in channel.entries:  # relative links are relative to the feed
            entry.link = urljoin(response.url, entry.link) if entry.link else ""
        for number, entry in enumerate(channel.entries, start=1):
            key = feed.identity(entry)
            if key in known.seen:
                report.seen += 1
                continue
            if self._entry(subscription, channel, entry, number, source, report):
                known.seen.add(key)
                if not self.dry_run:  # at once: a run killed later need not redo this entry
                    self.state.save()
        known.etag, known.last_modified = response.etag, response.last_modified
        # only what the feed still lists: an entry that comes back is known by its entry_id
        known.seen &= {feed.identity(entry) for entry in channel.entries}
        if not self.dry_run:
            self.state.save()

    def _entry(
        self,
        subscription: Subscription,
        channel: Channel,
        entry: Entry,
        number: int,
        source: Source,
        report: FeedReport,
    ) -> bool:
        """Ingest one new entry; True when it need not be looked at again."""
        name = f"{subscription.url}: entry {number}"
        try:
            article = feed.entry_article(entry, channel)
        except SourceError as exc:
            self.ingest.channels.problem(f"{name}: {exc}")
            report.failed += 1
            return False
        fmt = "feed"
        if _summary_only(entry, article) and web_url(article.url):
            page = self._full_article(name, article, addresses.host_of(subscription.url))
            if page is not None:
                source, fmt = page, "html"
        reason = rules.skip_reason(
            subscription, f"{article.title}\n{plain(article.body)}", self.aliases
        )
        if reason:
            self.info(f"{name}: skipped, {article.title!r} {reason}")
            report.skipped += 1
            return True
        tally = self.ingest.tally
        before = (tally.written + tally.replaced, tally.unchanged, tally.failed)
        self.ingest.article(name, article, source, fmt)
        report.new += tally.written + tally.replaced - before[0]
        report.seen += tally.unchanged - before[1]
        failed = tally.failed - before[2]
        report.failed += failed
        return not failed

    def _full_article(self, name: str, article: Article, feed_host: str) -> Source | None:
        """Replace the summary of ``article`` by the text of its page; the page's source, or None."""
        try:
            response = self.client.get(article.url, feed_host, "page")
            text, _ = decode(response.data, response.charset)
            page = html_page.parse(text, response.url).articles[0]
        except (SourceError, FetchError, addresses.Refused) as exc:
            self.ingest.channels.problem(
                f"{name}: warning: full article not fetched, the feed's text is kept: {exc}"
            )
            return None
        had_text = "body" not in article.needs_review
        if "title" in article.needs_review:
            article.title = page.title
        article.needs_review = [
            field for field in article.needs_review if field not in ("title", "body")
        ]
        article.notes = [note for note in article.notes if not note.startswith(feed.NO_TEXT)]
        if not article.summary and had_text:
            article.summary = plain(article.body)
        article.body = page.body
        article.authors = article.authors or page.authors
        if not article.date and page.date:
            article.date = page.date
            article.needs_review = [field for field in article.needs_review if field != "date"]
        return Source(name=article.url, origin=article.url, data=response.data, url=response.url)


def _summary_only(entry: Entry, article: Article) -> bool:
    return "body" in article.needs_review or (
        not entry.full and _words(article.body) < FULL_TEXT_WORDS
    )


def _words(markdown: str) -> int:
    return len(plain(markdown).split())
