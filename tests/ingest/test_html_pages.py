"""Saved HTML pages: the title, authors and date come from the page's structured data first."""

from __future__ import annotations

import json

import pytest

from dossier.ingest import html_page, page_fields, structured_data
from dossier.ingest.structured_data import PageData, Stated

_TEXT = (
    "<p>The harbour board met on Tuesday night and agreed, after eleven hours of talks, to "
    "share the deep-water port between the two cities for the next twenty years.</p>"
    "<p>Shipping companies had asked for the deal since the ferry strike of last winter, "
    "when both ports closed for three weeks and goods piled up on the quays.</p>"
    "<p>The new board will have nine members, and fees will be shared from January, said "
    "the mayor, who called the agreement the end of a very long winter for the port.</p>"
)


def _page(
    head: str = "", byline: str = "", after: str = "", title: str = "Port deal | Herald"
) -> str:
    return (
        f"<!doctype html><html lang='en'><head><title>{title}</title>{head}</head><body>"
        "<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
        f"<article><h1>Port Deal Signed After Night of Talks</h1>{byline}{_TEXT}{after}</article>"
        "</body></html>"
    )


def _json_ld(value: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(value)}</script>'


def _article(html: str) -> html_page.Article:
    return html_page.parse(html).articles[0]


def test_json_ld_authors_headline_and_date_are_used() -> None:
    head = _json_ld(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": "Port Deal Signed After Night of Talks",
            "datePublished": "2020-11-04T07:15:00+01:00",
            "dateModified": "2020-11-09T10:00:00+01:00",
            "author": [
                {"@type": "Person", "name": "Lena Marsh"},
                {"@type": "Person", "name": "Omar Haddad"},
            ],
        }
    )
    article = _article(_page(head, title="Port deal signed | The Harbour Herald"))
    assert article.authors == ["Lena Marsh", "Omar Haddad"]
    assert article.title == "Port Deal Signed After Night of Talks"
    assert article.date == "2020-11-04T07:15:00+01:00"


def test_author_given_by_reference_in_a_graph() -> None:
    head = _json_ld(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "@id": "#site", "name": "The Harbour Herald"},
                {
                    "@type": "BlogPosting",
                    "headline": "Port Deal Signed After Night of Talks",
                    "author": {"@id": "#/person/1"},
                },
                {"@type": ["Person"], "@id": "#/person/1", "name": "Lena Marsh"},
            ],
        }
    )
    assert structured_data.read(_page(head)).authors["jsonld"] == [Stated("Lena Marsh", "Person")]
    assert _article(_page(head)).authors == ["Lena Marsh"]


def test_a_person_in_the_byline_beats_the_site_named_as_author() -> None:
    head = (
        '<meta name="author" content="The Harbour Herald">'
        '<meta property="og:site_name" content="The Harbour Herald">'
        + _json_ld({"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Herald"}})
    )
    byline = (
        '<p class="byline">By <a rel="author" href="/author/lmarsh" '
        'title="View all posts by Lena Marsh">View all posts by Lena Marsh</a></p>'
    )
    assert _article(_page(head, byline)).authors == ["Lena Marsh"]


def test_the_site_is_the_author_only_when_no_person_is_named() -> None:
    data = PageData(authors={"meta": [Stated("The Harbour Herald")]})
    assert page_fields.authors(data, [], ["The Harbour Herald"]) == ["The Harbour Herald"]
    data.authors["byline"] = [Stated("Lena Marsh")]
    assert page_fields.authors(data, [], ["The Harbour Herald"]) == ["Lena Marsh"]


def test_user_names_are_kept_as_written() -> None:
    byline = (
        '<span class="author vcard"><a class="url fn n" href="/author/x" rel="author">'
        "happyface313</a></span>"
    )
    assert _article(_page(byline=byline)).authors == ["happyface313"]


def test_commenters_and_comment_forms_are_not_authors() -> None:
    comments = (
        '<div id="comments"><div class="comment"><span class="author vcard"><span class="fn">'
        "Jamie_NYC</span></span> says:<p>Great piece.</p></div></div>"
    )
    byline = '<p class="byline">By Lena Marsh</p>'
    assert _article(_page(byline=byline, after=comments)).authors == ["Lena Marsh"]
    form = '<form><label class="author">Name</label><input name="author"></form>'
    assert "byline" not in structured_data.read(_page(after=form)).authors


def test_a_byline_listing_several_names_gives_each() -> None:
    head = '<meta name="author" content="Lena Marsh, PhD, Omar Haddad und Ann Poe">'
    assert _article(_page(head)).authors == ["Lena Marsh", "Omar Haddad", "Ann Poe"]
    data = PageData(authors={"meta": [Stated("Staff and news service reports")]})
    assert page_fields.authors(data, [], []) == ["Staff and news service reports"]


def test_the_h1_beats_a_title_that_rewords_it() -> None:
    article = _article(_page(title="Port Deal Signed After Talks - The Harbour Herald"))
    assert article.title == "Port Deal Signed After Night of Talks"


def test_link_only_blocks_and_picture_captions_leave_the_body() -> None:
    after = (
        "<p><a href='#top'>Back to top</a></p>"
        "<p><a href='/big.jpg'>Enlarge</a>The port at night, seen from the ferry.</p>"
        "<p>Photo: Jane Doe</p>"
        "<p>Read the <a href='/report'>board's report</a> for the details of the deal.</p>"
        "<p>More on this story:</p>"
        "<ul><li><a href='/a'>Ferry strike ends</a></li><li><a href='/b'>New quay</a></li></ul>"
    )
    body = _article(_page(after=after)).body
    for dropped in (
        "Back to top",
        "Enlarge",
        "Jane Doe",
        "More on this",
        "Ferry strike",
        "New quay",
    ):
        assert dropped not in body
    assert "[board's report](/report)" in body


@pytest.mark.parametrize(
    "script",
    [
        "{not json",
        "[" * 5000 + "]" * 5000,
        json.dumps(
            {"@type": "NewsArticle", "author": 42, "headline": {"x": 1}, "datePublished": []}
        ),
        json.dumps({"@graph": "nothing", "@type": 7}),
        json.dumps({"@type": "Article", "author": [None, {"@id": 3}, {"name": ["", {"a": 1}]}]}),
        json.dumps({"@type": "Article", "author": {"@id": "#me"}, "@id": "#me"}),
        json.dumps([{"mainEntity": {"mainEntity": {"mainEntity": {}}}}] * 3000),
        json.dumps({"@type": "Article", "headline": "x" * 2_000_000}),
    ],
)
def test_bad_json_ld_is_ignored(script: str) -> None:
    head = f'<script type="application/ld+json">{script}</script>'
    article = _article(_page(head, title="Port Deal Signed After Night of Talks | Herald"))
    assert article.title == "Port Deal Signed After Night of Talks"
    assert "deep-water port" in article.body


@pytest.mark.parametrize("html", ["", "<<<>>>", "\x00\x01", "plain words", "<html><head>"])
def test_reading_markup_never_raises(html: str) -> None:
    assert structured_data.read(html).authors == {}


def test_names_are_cleaned_of_labels_and_dates() -> None:
    data = PageData(
        authors={
            "byline": [Stated("Veröffentlicht von Chris Jung"), Stated("View author archive")],
            "meta": [Stated("https://www.facebook.com/herald")],
        }
    )
    assert page_fields.authors(data, [], []) == ["Chris Jung"]
    data = PageData(authors={"rel": [Stated("Zeige alle Beiträge von Jane Roe → Archiv")]})
    assert page_fields.authors(data, [], []) == ["Jane Roe"]
    data = PageData(authors={"vcard": [Stated("Jane Roe am 3. März 2020")]})
    assert page_fields.authors(data, [], []) == ["Jane Roe"]


def test_a_name_that_is_the_site_gives_way_to_a_person() -> None:
    data = PageData(
        authors={"jsonld": [Stated("Die Furche", "Person")], "byline": [Stated("Ursula Baatz")]}
    )
    assert page_fields.authors(data, [], ["diefurche.at"]) == ["Ursula Baatz"]


def test_chrome_blocks_trafilatura_keeps_are_dropped() -> None:
    body = "\n\n".join(
        [
            "[Back to newsroom](/news)",
            "The board met on Tuesday night and agreed to share the port.",
            "[Enlarge](//img.test/port.jpg)The port at night.",
            "Crédits photos : Jane Doe",
            "AFP / JANE DOE",
            "\\ (Credit: Jane Doe / Wire)",
            "Fees will be shared from January, the mayor said.",
            "## Read more:",
            "- [Ferry strike ends](/a)\n- [New quay](/b)",
            "### [Another story](/c)",
        ]
    )
    assert html_page._without_chrome(body).split("\n\n") == [
        "The board met on Tuesday night and agreed to share the port.",
        "Fees will be shared from January, the mayor said.",
    ]


def test_default_accounts_name_nobody_and_logins_are_written_out() -> None:
    data = PageData(
        authors={"jsonld": [Stated("admin", "Person")], "byline": [Stated("Von Tobias Kuske")]}
    )
    assert page_fields.authors(data, [], []) == ["Tobias Kuske"]
    assert page_fields.authors(PageData(), ["Wordpressadmin"], []) == []
    data = PageData(
        authors={
            "jsonld": [Stated("arianschlichenmayer", "Person")],
            "byline": [Stated("von Arian Schlichenmayer")],
        }
    )
    assert page_fields.authors(data, [], []) == ["Arian Schlichenmayer"]


def test_the_h1_like_the_title_is_the_headline_and_the_site_is_cut_off() -> None:
    data = PageData(
        titles={"title": "Port deal signed after talks | News | The Harbour Herald"},
        headings=["The Harbour Herald", "Port Deal Signed After Night of Talks", "Comments"],
    )
    fallback = "Port deal signed after talks | News | The Harbour Herald"
    assert page_fields.title(data, fallback, []) == "Port Deal Signed After Night of Talks"
    data.headings = ["The Harbour Herald", "Weather in the bay"]
    assert page_fields.title(data, fallback, ["The Harbour Herald"]) == (
        "Port deal signed after talks | News"
    )


def test_deeply_nested_json_ld_values_are_not_followed() -> None:
    deep: object = {"name": "Jane Doe"}
    for _ in range(900):
        deep = {"name": deep}
    head = _json_ld({"@type": "NewsArticle", "headline": deep, "author": deep})
    data = structured_data.read(_page(head))
    assert "jsonld" not in data.titles
    assert "jsonld" not in data.authors
