"""WordPress REST API posts (``/wp/v2/posts`` JSON, one post or a list), even when broken.

Saved exports are often not valid JSON (raw newlines in strings, a cut-off
end); :mod:`tolerant_json` salvages every field that was read, and the
warning says what was kept so a person can check the article.
"""

from __future__ import annotations

from typing import Any

from . import article_body, html_markdown
from .markdown_text import paragraphs
from .metadata import iso_date, outlet_from_url
from .model import Article, Parsed, SourceError, without_surrogates
from .tolerant_json import Scan, scan


def looks_like(text: str) -> bool:
    """JSON that parses, or salvages, into a post or a list of posts.

    A page copy may open with ``[`` or ``{`` ("[Update] ..."), so the first
    character alone would refuse an article that is really text.
    """
    head = text.lstrip()
    if head[:1] not in ("{", "[") or '"rendered"' not in head[:4000]:
        return False
    value = scan(head).value
    posts = value if isinstance(value, list) else [value]
    return any(_is_post(post) for post in posts)


def _is_post(value: Any) -> bool:
    return isinstance(value, dict) and any(
        isinstance(value.get(name), dict) and "rendered" in value[name]
        for name in ("title", "content", "excerpt", "guid")
    )


def parse(text: str) -> Parsed:
    """Read one post or a list of posts; a post that cannot be salvaged is an error, not a crash."""
    result = scan(text)
    value = without_surrogates(result.value)
    posts = value if isinstance(value, list) else [value]
    if not any(isinstance(post, dict) for post in posts):
        problem = result.problem or "JSON, but neither a post nor a list of posts"
        raise SourceError(f"not a WordPress post: {problem}")
    parsed = Parsed()
    for index, post in enumerate(posts):
        where = f"post {index + 1}: " if len(posts) > 1 else ""
        is_last = index == len(posts) - 1
        broken = result if is_last and not result.complete else None
        try:
            article = _article(post, broken)
        except SourceError as exc:
            if len(posts) == 1:
                raise
            parsed.errors.append(f"{where}{exc}")
            continue
        if broken:
            article.notes.append(_salvage_note(broken, post, article))
        parsed.articles.append(article)
    return parsed


def _article(post: Any, broken: Scan | None) -> Article:
    if not isinstance(post, dict):
        raise SourceError(f"expected a post object, found {type(post).__name__}")
    title = html_markdown.to_text(_rendered(post.get("title")))
    content = _rendered(post.get("content"))
    if not title or not content.strip():
        missing = " and ".join(
            name for name, value in (("title", title), ("content", content.strip())) if not value
        )
        if broken:
            raise SourceError(f"{broken.problem}; no {missing} to salvage")
        raise SourceError(f"not a WordPress post: no {missing} (title.rendered, content.rendered)")
    seo = post.get("yoast_head_json") if isinstance(post.get("yoast_head_json"), dict) else {}
    link = _text(post.get("link")) or _text(seo.get("canonical"))
    article = Article(
        title=title,
        body="",
        date=_date(post),
        authors=_authors(post, seo),
        source=_text(seo.get("og_site_name")),
        url=link,
        summary=html_markdown.to_text(_rendered(post.get("excerpt"))),
        language=_text(seo.get("og_locale")).split("_")[0].lower(),
    )
    if not article.source and not link:
        article.source = outlet_from_url(_rendered(post.get("guid")))
    article_body.from_html(article, content)
    if broken and broken.stopped_in.endswith("content.rendered"):
        article.needs_review.append("body")
    return article


def _rendered(value: Any) -> str:
    if isinstance(value, dict):
        value = value.get("rendered", "")
    return value if isinstance(value, str) else ""


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _date(post: dict[str, Any]) -> str:
    gmt = _text(post.get("date_gmt"))
    if gmt and not gmt.startswith("0000"):
        return iso_date(gmt + "+00:00" if len(gmt) == 19 else gmt)
    return iso_date(_text(post.get("date")))


def _authors(post: dict[str, Any], seo: dict[str, Any]) -> list[str]:
    embedded = post.get("_embedded") if isinstance(post.get("_embedded"), dict) else {}
    names = [
        _text(item.get("name")) for item in embedded.get("author", []) if isinstance(item, dict)
    ]
    if not any(names) and _text(seo.get("author")):
        names = [_text(seo.get("author"))]
    return [name for name in names if name]


def _salvage_note(broken: Scan, post: dict[str, Any], article: Article) -> str:
    kept = [name for name in ("title", "date", "link", "slug") if post.get(name)]
    kept.append(f"{len(paragraphs(article.body))} paragraphs")
    if article.author_bios:
        kept.append(f"{len(article.author_bios)} author bios")
    listed = ", ".join(kept[:-1]) + f" and {kept[-1]}" if len(kept) > 1 else kept[0]
    return f"{broken.problem}; salvaged {listed}"
