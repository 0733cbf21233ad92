"""Quotations found in the rendered article and wrapped in anchored spans that nest correctly."""

from __future__ import annotations

from html.parser import HTMLParser

from dossier.quotes.site import mark_quotes


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.ok = True

    def handle_starttag(self, tag, attrs):
        self.stack.append(tag)

    def handle_endtag(self, tag):
        self.ok = self.ok and bool(self.stack) and self.stack.pop() == tag


def balanced(html: str) -> bool:
    parser = _Balance()
    parser.feed(html)
    return parser.ok and not parser.stack


def test_quote_across_a_mention_link_and_an_entity_is_wrapped_whole():
    page = '<p>“It serves <a class="mention" href="x">Putin</a> &amp; Kim,” said Jean H. Lee.</p>'
    marked, anchors = mark_quotes(page, [("Jean H. Lee", "It serves Putin & Kim")])
    assert anchors == ["quote-1"]
    assert (
        '<span class="quote" id="quote-1" data-speaker="Jean H. Lee">It serves '
        '<a class="mention" href="x">Putin</a> &amp; Kim</span>,”'
    ) in marked
    assert balanced(marked)


def test_quote_that_opens_with_a_marked_name_is_wrapped_whole():
    """In the NPR seed, "Kim raised a toast..." was marked as "Kim" alone."""
    page = (
        '<p><strong>L. KIM:</strong> <span class="mention-ref" id="m1">Kim</span> raised a toast'
        " and wished his host good health.</p>"
    )
    marked, anchors = mark_quotes(
        page, [("Lucian Kim", "Kim raised a toast and wished his host good health.")]
    )
    assert anchors == ["quote-1"]
    assert (
        '<span class="quote" id="quote-1" data-speaker="Lucian Kim"><span class="mention-ref" '
        'id="m1">Kim</span> raised a toast and wished his host good health.</span></p>'
    ) in marked
    assert marked.startswith("<p><strong>L. KIM:</strong> ")
    assert balanced(marked)


def test_quote_over_two_paragraphs_is_marked_in_the_first():
    page = "<p>“Most courts have said so.</p>\n<p>“If it holds up, Amazon will step back.”</p>"
    marked, anchors = mark_quotes(
        page, [("Jim Dunham", "Most courts have said so. If it holds up, Amazon will step back.")]
    )
    assert anchors == ["quote-1"]
    assert (
        '<p>“<span class="quote" id="quote-1" data-speaker="Jim Dunham">Most courts have said so.</span></p>'
        in marked
    )
    assert balanced(marked)


def test_repeated_text_goes_to_each_occurrence_in_order_and_missing_text_gets_no_anchor():
    page = "<p><strong>PUTIN:</strong> (Speaking Russian).</p><p>Then.</p><p><strong>PUTIN:</strong> (Speaking Russian).</p>"
    quotes = [("Vladimir Putin", "(Speaking Russian)")] * 2 + [("X", "never said")]
    marked, anchors = mark_quotes(page, quotes)
    assert anchors == ["quote-1", "quote-2", ""]
    assert marked.index('id="quote-1"') < marked.index("Then.") < marked.index('id="quote-2"')
    assert balanced(marked)


def test_speaker_is_escaped():
    marked, _ = mark_quotes("<p>“Hi,” he said.</p>", [('<b>"x"</b>', "Hi")])
    assert 'data-speaker="&lt;b&gt;&quot;x&quot;&lt;/b&gt;"' in marked


def test_a_span_never_crosses_the_end_of_the_element_it_starts_in():
    page = "<p>Most courts said so.</p>\n<p>If it holds up, Amazon steps back.</p>"
    marked, anchors = mark_quotes(
        page, [("X", "Most courts said so. If it holds up, Amazon steps back.")]
    )
    assert anchors == ["quote-1"]
    assert (
        '<p><span class="quote" id="quote-1" data-speaker="X">Most courts said so.</span></p>'
        in marked
    )
    assert balanced(marked)
    page = '<p>“Hi <a href="x">Kim Jong</a> Un,” he said.</p>'
    marked, anchors = mark_quotes(page, [("Y", "Hi Kim")])
    assert anchors == ["quote-1"]
    assert balanced(marked)
