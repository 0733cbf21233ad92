from dossier.markdown.body import LinkIndex, LinkTarget, make_parser, render_body, sanitise_html


def index() -> LinkIndex:
    ix = LinkIndex()
    ix.add(
        LinkTarget("entities/kim-jong-un/", "Kim Jong Un", "entity"),
        "content/entities/kim-jong-un.md",
        ["Kim Jong Un", "kim-jong-un", "Mr. Kim"],
    )
    ix.add(
        LinkTarget("articles/summit/", "The summit", "article"),
        "content/articles/summit.md",
        ["The summit", "summit"],
    )
    return ix


def render(text: str, **kwargs):
    md = make_parser(kwargs.get("allow_html", False))
    return render_body(md, text, "content/articles/a.md", 10, index(), **kwargs)


def test_wikilinks_resolve_by_title_slug_and_alias():
    r = render("[[Kim Jong Un]], [[kim-jong-un|him]], [[mr. kim]] and [[The summit#day-two]].")
    assert r.html.count('href="../../entities/kim-jong-un/"') == 3
    assert ">him</a>" in r.html
    assert 'href="../../articles/summit/#day-two"' in r.html
    assert {link.url for link in r.links} == {"entities/kim-jong-un/", "articles/summit/"}
    assert not r.broken


def test_relative_markdown_links_resolve_to_pages():
    r = render("See [the summit](summit.md) and [Kim](../entities/kim-jong-un.md#early-life).")
    assert 'href="../../articles/summit/"' in r.html
    assert 'href="../../entities/kim-jong-un/#early-life"' in r.html
    assert len(r.links) == 2


def test_unresolved_links_are_reported_with_line_and_shown_broken():
    r = render("First line.\n\nSecond [[Nobody Here]].\nThird [x](missing.md).")
    assert [(b.target, b.line) for b in r.broken] == [("[[Nobody Here]]", 12), ("missing.md", 12)]
    assert (
        '<span class="broken-link" title="Unresolved link: Nobody Here">Nobody Here</span>'
        in r.html
    )
    assert 'class="broken-link"' in r.html.split("Third")[1]


def test_backlink_snippet_is_plain_text():
    r = render("Talks with **[[Kim Jong Un]]** went [well](https://x.example).")
    assert r.links[0].snippet == "Talks with Kim Jong Un went well."


def test_raw_html_is_escaped_by_default():
    r = render('<script>alert(1)</script> <img src=x onerror="alert(2)"> [j](javascript:alert(3))')
    assert "<script>" not in r.html and "<img" not in r.html
    assert 'href="javascript:' not in r.html


def test_raw_html_when_allowed_is_sanitised():
    r = render(
        '<p onclick="x()">ok <b>bold</b></p><script>alert(1)</script><a href="javascript:x">j</a>',
        allow_html=True,
    )
    assert "<b>bold</b>" in r.html
    assert "onclick" not in r.html and "<script" not in r.html and "javascript:" not in r.html


def test_sanitise_keeps_our_link_classes():
    html = '<a href="../../entities/x/" class="mention" id="m1" data-entity="x">X</a>'
    assert sanitise_html(html) == html


def test_tables_footnotes_and_heading_anchors():
    r = render("## Early life\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nText[^1]\n\n[^1]: Note.")
    assert '<h2 id="early-life">' in r.html
    assert "<table>" in r.html and 'class="footnotes"' in r.html
