"""Property tests: no input a user (or the web) can put in content/ or dossier.yml raises.

Every failure must come back as a ContentError/diagnostic naming a line, never as
an exception of another kind. Example counts are bounded for the default run;
set ``DOSSIER_FUZZ_EXAMPLES`` for a longer one.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.config import load_config
from dossier.content import front_matter
from dossier.content.documents import ContentError, load_document
from dossier.diagnostics import Diagnostics
from dossier.markdown.body import LinkIndex, LinkTarget, make_parser, render_body
from tests.security.html_safety import unsafe_parts

EXAMPLES = int(os.environ.get("DOSSIER_FUZZ_EXAMPLES", "400"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

YAML_BITS = [
    "---\n",
    "title: ",
    "date: ",
    "2024-01-02",
    "[",
    "]",
    "{",
    "}",
    ": ",
    "- ",
    "\n",
    "  ",
    '"',
    "'",
    "&a ",
    "*a",
    "!!python/object:os.system ",
    "entities: ",
    "name: ",
    "type: person",
    "url: ",
    "javascript:alert(1)",
    "authors: ",
    "draft: ",
    "yes",
    "null",
    "\t",
    "\x00",
    "é",
    "…",
    "%",
    "@",
    "`",
]
MARKDOWN_BITS = [
    "[[",
    "]]",
    "|",
    "#",
    "[",
    "](",
    ")",
    "x.md",
    "../",
    "<script>",
    "</script>",
    "<img src=x onerror=alert(1)>",
    "javascript:alert(1)",
    "**",
    "_",
    "`",
    "\n",
    "\n\n",
    "> ",
    "- ",
    "1. ",
    "| a | b |\n|---|---|\n",
    "[^1]",
    "[^1]: n",
    "Kim Jong Un",
    "Mr. Kim",
    "&#106;avascript:",
    "<a href='javascript:x'>",
    "\\",
    "é",
]

bits = st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=8), max_size=40).map("".join)
markdown = st.lists(st.sampled_from(MARKDOWN_BITS) | st.text(max_size=6), max_size=60).map("".join)


@FUZZ
@given(bits)
def test_front_matter_parse_only_raises_its_own_error(text):
    try:
        meta, body, line = front_matter.parse(text)
    except front_matter.FrontMatterError as exc:
        assert exc.line is None or exc.line >= 1
    else:
        assert isinstance(meta, dict) and line >= 1


@FUZZ
@given(st.binary(max_size=300) | bits.map(lambda s: s.encode("utf-8", "surrogatepass")))
def test_load_document_only_raises_content_error(data):
    for kind in ("article", "entity", "topic", "page"):
        try:
            doc = load_document(Path("f.md"), kind, "content/x/f.md", data)
        except ContentError as exc:
            assert exc.message and (exc.line is None or exc.line >= 1)
        else:
            assert doc.title and isinstance(doc.meta, dict)


@FUZZ
@given(bits)
def test_config_never_raises(tmp_path_factory, text):
    folder = tmp_path_factory.mktemp("cfg")
    (folder / "dossier.yml").write_text(text, encoding="utf-8", errors="surrogateescape")
    diagnostics = Diagnostics()
    config = load_config(folder, diagnostics)
    assert config.title
    assert all(str(d).startswith("dossier.yml") for d in diagnostics.items)


_INDEX = LinkIndex()
_INDEX.add(
    LinkTarget("entities/kim/", "Kim Jong Un", "entity"),
    "content/entities/kim.md",
    ["Kim Jong Un", "Mr. Kim"],
)
_PARSERS = {flag: make_parser(flag) for flag in (False, True)}


@FUZZ
@given(markdown, st.booleans())
def test_markdown_never_raises_and_never_emits_script(text, allow_html):
    result = render_body(
        _PARSERS[allow_html], text, "content/articles/a.md", 1, _INDEX, allow_html=allow_html
    )
    assert unsafe_parts(result.html) == [], result.html
    for broken in result.broken:
        assert broken.line >= 1


# Found by the security fuzzing: a hand-edited `url:` that urllib cannot split
# (an unclosed IPv6 bracket) used to escape load_document as a bare ValueError,
# and a control character gave PyYAML's multi-line message.
BAD_URLS = ["http://[oops", "https://[::1/x", "http://]x"]


@pytest.mark.parametrize("url", BAD_URLS)
def test_unsplittable_url_is_a_content_error_not_a_crash(url):
    data = f"---\ntitle: T\nurl: {json.dumps(url)}\n---\n\nText.\n".encode()
    with pytest.raises(ContentError) as caught:
        load_document(Path("a.md"), "article", "content/articles/a.md", data)
    assert caught.value.line == 3


def test_control_character_in_front_matter_is_a_one_line_error():
    data = b"---\ntitle: T\ndate: 7 March \x12024\n---\n\nText.\n"
    with pytest.raises(ContentError) as caught:
        load_document(Path("a.md"), "article", "content/articles/a.md", data)
    assert "\n" not in caught.value.message and caught.value.line is not None
