"""The last steps every parser shares: drop the repeated headline, move back matter out of the body."""

from __future__ import annotations

from . import bios, html_markdown
from .markdown_text import paragraphs, plain
from .metadata import outlet_from_url
from .model import Article


def from_html(article: Article, html: str) -> Article:
    """Fill ``article.body`` from an HTML fragment and apply :func:`finish`."""
    article.body = html_markdown.to_markdown(html)
    return finish(article)


def finish(article: Article) -> Article:
    """Drop a leading heading that repeats the title; turn bios and rights lines into fields.

    Authors named by bios are used only when the source named none, and the
    outlet only when nothing better (site name, rights holder) is known.
    """
    blocks = paragraphs(article.body)
    if blocks and blocks[0].startswith("#") and _same_text(blocks[0], article.title):
        blocks = blocks[1:]
    blocks, back = bios.split_back_matter(blocks)
    article.body = "\n\n".join(blocks)
    article.author_bios = {**article.author_bios, **back.bios}
    if not article.authors:
        article.authors = list(back.bios)
    if back.rights:
        article.rights = f"{article.rights} {back.rights}".strip()
    if not article.source:
        article.source = bios.rights_holder(article.rights) or outlet_from_url(article.url)
    original = bios.outlet_in_every_bio(article.author_bios)
    if original and original != article.source and not article.original_source:
        article.original_source = original
    return article


def _same_text(a: str, b: str) -> bool:
    return plain(a).casefold().strip(" .") == plain(b).casefold().strip(" .")
