"""RSS, Atom and JSON Feed: one article per entry, whatever the entry lacks.

Feeds in the wild leave out titles (microblogs never have one), text (the feed
only links to the story) or both; such an entry still becomes an article, with
what was made up listed in ``needs_review``. An entry that has nothing at all
(no title, text or link) is reported on its own and the others are still
ingested. Each entry carries an identity (``entry_id``) so that two distinct
entries are never taken for one: see :func:`identity`.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from . import article_body, html_markdown, json_feed, markdown_text
from .decode import decode
from .feed_entry import Channel, Entry
from .metadata import iso_date, web_url
from .model import Article, Parsed, SourceError

_FEED_START = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<\?[^>]*>\s*)*<(?:rss|feed|rdf:RDF)\b", re.S
)
_XML_ENCODING = re.compile(r"""^(\s*<\?xml[^>]*?\bencoding\s*=\s*["'])[^"']*""")
_SENTENCE = re.compile(r"^(.+?[.!?…。！？])(?:\s|$)")
TITLE_WORDS = 12  # a title made from the text: its first sentence, or this many words
NO_TEXT = "the entry has"  # how the note on an entry without text starts


def looks_like(text: str) -> bool:
    return bool(_FEED_START.match(text[:4000])) or json_feed.looks_like(text)


def parse(source: str | bytes) -> Parsed:
    """Parse a feed; ``source`` is its decoded text (bytes are decoded here)."""
    text = decode(source)[0] if isinstance(source, bytes) else source
    channel, parsed = read(text)
    for number, entry in enumerate(channel.entries, start=1):
        try:
            parsed.articles.append(entry_article(entry, channel))
        except SourceError as exc:
            parsed.errors.append(f"entry {number}: {exc}")
    return parsed


def read(text: str) -> tuple[Channel, Parsed]:
    """The feed's entries, and what was wrong with the feed as a whole (no articles yet)."""
    channel, parsed = (
        (json_feed.read(text), Parsed()) if json_feed.looks_like(text) else _read_xml(text)
    )
    if not channel.entries:
        raise SourceError("no entries in the feed")
    return channel, parsed


def _read_xml(text: str) -> tuple[Channel, Parsed]:
    """feedparser on text already decoded: the bytes it gets are UTF-8 and say so.

    Given the raw bytes, feedparser fell back to windows-1252 for every feed in
    EUC-JP, KOI8-R or Shift-JIS without a declaration, although :mod:`decode`
    had read them right.
    """
    import feedparser  # only feeds need it

    data = _XML_ENCODING.sub(r"\1utf-8", text, count=1).encode("utf-8", "replace")
    feed = feedparser.parse(data)
    parsed = Parsed()
    if not feed.entries:
        problem = f" ({_describe(feed.bozo_exception)})" if feed.bozo else ""
        raise SourceError(f"no entries in the feed{problem}")
    if feed.bozo:
        problem = _describe(feed.bozo_exception)
        parsed.warnings.append(f"feed is damaged ({problem}); read {len(feed.entries)} entries")
    info = feed.feed
    channel = Channel(
        title=html_markdown.to_text(info.get("title") or ""),
        language=(info.get("language") or "").split("-")[0].lower(),
        entries=[_xml_entry(entry) for entry in feed.entries],
    )
    return channel, parsed


def _xml_entry(entry: Any) -> Entry:
    body, body_type, full = "", "text/html", True
    for content in entry.get("content", []):
        if (content.get("value") or "").strip():
            body, body_type = content["value"], content.get("type", "text/html")
            break
    summary = (entry.get("summary") or "").strip()
    if not body:
        body, summary, full = summary, "", False
        body_type = (entry.get("summary_detail") or {}).get("type", "text/html")
    date = iso_date(entry.get("published") or entry.get("updated") or "")
    if not date:
        date = iso_date(entry.get("published_parsed") or entry.get("updated_parsed"))
    return Entry(
        id=str(entry.get("id") or "").strip(),
        title=html_markdown.to_text(entry.get("title") or ""),
        body=body,
        body_type=body_type,
        full=full,
        summary=summary,
        link=str(entry.get("link") or "").strip(),
        date=date,
        authors=[
            a.get("name", "").strip() for a in entry.get("authors", []) if a.get("name", "").strip()
        ],
    )


def identity(entry: Entry) -> str:
    """What makes an entry itself: its id (guid), else its link and date, else its content.

    Two entries with the same title, or with links that differ only after ``#``,
    or the same "Daily forecast" on two days are different entries.
    """
    if entry.id:
        return entry.id
    if entry.link:
        return f"{entry.link} {entry.date}".strip()
    digest = hashlib.sha256(f"{entry.title}\n{entry.date}\n{entry.body}".encode()).hexdigest()
    return f"sha256:{digest[:32]}"


def entry_article(entry: Entry, channel: Channel) -> Article:
    """The article an entry makes; made-up parts are listed in ``needs_review``."""
    if not (entry.title or entry.body.strip() or entry.link):
        raise SourceError("empty entry (no title, text or link)")
    article = Article(
        title=entry.title,
        body="",
        date=entry.date,
        authors=entry.authors,
        source=channel.title,
        url=entry.link,
        language=entry.language or channel.language,
    )
    if entry.body_type == "text/plain":
        article.body = "\n\n".join(
            markdown_text.escape(p) for p in markdown_text.paragraphs(entry.body)
        )
    else:
        article.body = html_markdown.to_markdown(entry.body)
    if entry.summary:
        article.summary = html_markdown.to_text(entry.summary)
    if not _has_words(article.body):
        _without_text(article, entry)
    if not article.title:
        article.title = _made_up_title(article, channel.title)
        article.needs_review.append("title")
    article_body.finish(article)
    if not article.date:
        article.needs_review.append("date")
    article.extra["entry_id"] = identity(entry)
    return article


def _without_text(article: Article, entry: Entry) -> None:
    """An entry with no words of its own: keep what markup it had, point to the story."""
    what = "only markup (a picture, an empty element)" if entry.body.strip() else "no text"
    article.notes.append(f"{NO_TEXT} {what}; the body needs writing or the article fetching")
    article.needs_review.append("body")
    link = web_url(entry.link)
    if link:
        target = re.sub(r"[\s<>()]", lambda m: f"%{ord(m.group()):02X}", link)
        article.body = f"{article.body}\n\n[Read it at the source]({target})".strip()


def _made_up_title(article: Article, outlet: str) -> str:
    """The first sentence of the text (at most :data:`TITLE_WORDS` words), else outlet and date."""
    text = markdown_text.plain(article.body if _has_words(article.body) else "")
    text = re.sub(r"https?://\S+", "", text).strip()
    if text:
        match = _SENTENCE.match(text)
        sentence = match.group(1) if match else text
        words = sentence.split()
        if len(words) > TITLE_WORDS:
            return " ".join(words[:TITLE_WORDS]) + " …"
        return sentence
    name = outlet or "Untitled entry"
    return f"{name}, {article.date[:10]}" if article.date else name


def _has_words(markdown: str) -> bool:
    """Text a reader can read: a picture's alt text or the link to the story is none."""
    without_media = re.sub(r"!\[[^\]]*\]\([^)]*\)|\[Read it at the source\]\([^)]*\)", "", markdown)
    return any(char.isalnum() for char in markdown_text.plain(without_media))


def _describe(error: Exception) -> str:
    """feedparser's XML errors read "<unknown>:2:0: ..."; say "XML error at line 2: ..." instead."""
    if hasattr(error, "getLineNumber") and hasattr(error, "getMessage"):
        return f"XML error at line {error.getLineNumber()}: {error.getMessage()}"
    return str(error)
