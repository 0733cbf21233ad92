"""What the writer wrote is what the reader sees: dossier's additions to Markdown
(wikilinks, entity mentions) change nothing else, checked against readable fixture
cases and the CommonMark spec examples."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from markdown_it import MarkdownIt
from markdown_it.utils import read_fixture_file
from mdit_py_plugins.anchors import anchors_plugin
from mdit_py_plugins.footnote import footnote_plugin

from dossier.content.documents import Document
from dossier.content.slugs import slugify
from dossier.entities.mentions import MentionMatcher
from dossier.entities.registry import EntityRegistry, build_registry
from dossier.markdown.body import (
    THEME_IDS,
    LinkIndex,
    LinkTarget,
    make_parser,
    render_body,
    sanitise_html,
)

FIXTURES = Path(__file__).parent / "fixtures"


def _entity(name: str, kind: str, aliases: list[str]) -> Document:
    slug = slugify(name)
    meta = {"type": kind, "aliases": aliases}
    return Document(
        "entity", slug, f"content/entities/{slug}.md", meta, "", 1, name, aliases=aliases
    )


def _registry() -> EntityRegistry:
    return build_registry(
        [_entity("Kim Jong Un", "person", ["Kim"]), _entity("Russia", "place", [])], []
    )


def _index(registry: EntityRegistry) -> LinkIndex:
    index = LinkIndex()
    for entity in registry.entities:
        target = LinkTarget(f"entities/{entity.slug}/", entity.name, "entity")
        names = [entity.name, entity.slug, *entity.aliases]
        index.add(target, f"content/entities/{entity.slug}.md", names)
    summit = LinkTarget("articles/summit/", "The summit", "article")
    index.add(summit, "content/articles/summit.md", ["The summit", "summit"])
    return index


def render(markdown: str, mentions: bool = True, allow_html: bool = False):
    registry = _registry()
    matcher = MentionMatcher(registry) if mentions else None
    return render_body(
        make_parser(allow_html), markdown, "content/articles/a.md", 1, _index(registry),
        matcher, registry.entities, allow_html,
    )  # fmt: skip


def _cases(name: str) -> list:
    """markdown-it's fixture format: a title line, then input and output, each ended by '.'."""
    cases = read_fixture_file(FIXTURES / name)
    return [pytest.param(*case[2:], id=f"{name}:{case[0] + 1} {case[1]}") for case in cases]


@pytest.mark.parametrize(("markdown", "expected"), _cases("mentions.md"))
def test_mentions(markdown: str, expected: str):
    assert render(markdown).html == expected


@pytest.mark.parametrize(("markdown", "expected"), _cases("mentions_raw_html.md"))
def test_mentions_with_raw_html_allowed(markdown: str, expected: str):
    assert render(markdown, allow_html=True).html == expected


@pytest.mark.parametrize(("markdown", "expected"), _cases("wikilinks.md"))
def test_wikilinks(markdown: str, expected: str):
    assert render(markdown, mentions=False).html == expected


def test_entity_page_quotes_keep_wikilink_labels():
    body = render("Kim went to [[Russia]], then [[kim-jong-un|Kim]] and [[Nobody|Kim]] again.")
    assert [m.sentence for m in body.mentions] == ["Kim went to Russia, then Kim and Kim again."]


def test_a_wikilink_in_link_text_or_alt_text_is_no_backlink():
    body = render("[see [[Russia]]](https://example.org) ![[[Russia]]](x.png)", mentions=False)
    assert body.links == [] and body.broken == []


def test_only_the_first_mentions_of_an_entity_are_quoted():
    body = render(" ".join(["Russia."] * 5))
    assert [bool(m.sentence) for m in body.mentions] == [True, True, True, False, False]
    assert [m.anchor for m in body.mentions] == [f"mention_{n}" for n in range(1, 6)]


# --- The CommonMark spec examples -------------------------------------------------------

# Examples whose HTML differs from plain CommonMark's by design, and why.
BY_DESIGN = {
    # ``[[...]]`` is a wikilink, which names a page (here one that does not exist)
    548: "[[[foo]]] is '[', the wikilink [[foo]], ']' (CommonMark: literal text)",
    559: "[[*foo* bar]] is a wikilink (CommonMark: '[' and a reference link)",
    590: "![[foo]] is '!' and a wikilink (CommonMark: literal text)",
    # a relative link to a .md file is a link to a content page
    484: "[](./target.md) names a content file that does not exist: marked broken",
}


def _spec_examples() -> list:
    examples = json.loads((FIXTURES / "commonmark.json").read_text(encoding="utf-8"))
    return [
        pytest.param(example, id=f"{example['example']}: {example['section']}")
        for example in examples
        if example["example"] not in BY_DESIGN
    ]


def _plain_parser(allow_html: bool) -> MarkdownIt:
    """markdown-it-py with the options dossier uses, and none of dossier's own rules."""
    md = MarkdownIt("commonmark", {"html": allow_html, "typographer": False})
    md.enable(["table", "strikethrough"])
    return md.use(footnote_plugin).use(
        anchors_plugin, min_level=2, max_level=4, slug_func=lambda s: slugify(s, "section")
    )


@pytest.mark.parametrize("allow_html", [False, True], ids=["escaped-html", "allow-html"])
@pytest.mark.parametrize("example", _spec_examples())
def test_commonmark_spec_example_renders_as_markdown_it_does(example: dict, allow_html: bool):
    """Mentions on: no spec example names an entity, so none may change anything."""
    markdown = example["markdown"]
    expected = _plain_parser(allow_html).render(markdown)
    got = render(markdown, allow_html=allow_html).html
    if allow_html:
        expected = sanitise_html(expected)
    assert got == expected


def test_the_examples_listed_by_design_do_differ():
    """Each listed exception is one: a list that hides nothing would only hide bugs later."""
    examples = json.loads((FIXTURES / "commonmark.json").read_text(encoding="utf-8"))
    for example in examples:
        if example["example"] in BY_DESIGN:
            markdown = example["markdown"]
            assert render(markdown).html != _plain_parser(False).render(markdown)


class _Elements(HTMLParser):
    """Every start tag with its attributes, in order."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, list]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        kept = [(k, v) for k, v in attrs if not (k in ("href", "src") and _foreign_scheme(v))]
        self.found.append((tag, sorted(kept)))


def _foreign_scheme(url: str | None) -> bool:
    """A URL the sanitiser drops on purpose: a scheme other than http(s) and mailto."""
    scheme = urlsplit(url or "").scheme
    return bool(scheme) and scheme not in ("http", "https", "mailto")


@pytest.mark.parametrize("example", _spec_examples())
def test_sanitiser_keeps_every_element_markdown_makes(example: dict):
    """With ``allow_html: true`` the sanitiser removes raw HTML's dangers, never Markdown's
    own output (``<ol start="3">``, heading ids, table alignment, footnotes)."""
    html = render(example["markdown"], mentions=False).html
    assert _Elements(sanitise_html(html)).found == _Elements(html).found


@pytest.mark.parametrize(("markdown", "expected"), _cases("ids.md"))
def test_ids_are_unique_on_the_page(markdown: str, expected: str):
    assert render(markdown).html == expected


def test_every_id_of_the_default_theme_is_kept_from_headings():
    """A new id in a template must join THEME_IDS, or a heading could take it."""
    theme = Path(__file__).parents[2] / "templates"
    ids = {
        m for page in theme.glob("*.html") for m in re.findall(r'\bid="([^"{]+)"', page.read_text())
    }
    assert ids and ids <= THEME_IDS
