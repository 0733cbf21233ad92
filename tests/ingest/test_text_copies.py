"""Plain-text copies of web pages: never taken for HTML or JSON, and read among their chrome."""

from __future__ import annotations

import pytest

from dossier.ingest.detect import detect
from dossier.ingest.model import Source
from tests.ingest.conftest import FIXTURES

TEXT_COPIES = FIXTURES / "text_copies"


def _detect(text: str, name: str = "copy.txt", content_type: str = "") -> str:
    source = Source(name=name, origin=name, data=text.encode(), content_type=content_type)
    return detect(source, text)


@pytest.mark.parametrize(
    "text",
    [
        '[Update] Flood warning lifted\n\nThe "rendered" figures were wrong, the agency said on Monday.\n',
        "{Anzeige}\nMenü\n\nNeue Brücke eröffnet\n\nDie Brücke ist fertig.\n",
        "How to Center a Div\n\nWrap it in a <div> and give the <p> inside it a width.\n"
        "Then close the </div>. Many readers asked about <span> too.\n" + "More text.\n" * 10,
    ],
)
@pytest.mark.parametrize("name", ["copy.txt", "copy", "copy.json", "copy.html"])
def test_a_text_copy_is_text_whatever_it_starts_with_or_quotes(text: str, name: str) -> None:
    assert _detect(text, name) == "text"


def test_real_markup_and_real_posts_are_still_recognised() -> None:
    fragment = (
        "<div class='story'>\n<h1>Port Deal Signed</h1>\n<p>After a night of talks.</p>\n</div>\n"
    )
    assert _detect(fragment, "page") == "html"
    assert _detect(fragment, "page.html") == "html"
    post = '[{"id": 1, "title": {"rendered": "A Post"}, "content": {"rendered": "<p>Text</p>"}}]'
    assert _detect(post, "posts.txt") == "wordpress"
    broken = '{"id": 1, "title": {"rendered": "A Post"}, "content": {"rendered": "<p>cut'
    assert _detect(broken, "post.txt") == "wordpress"
