"""Each parser on fixtures written for it: fields, body structure and what must not survive."""

from __future__ import annotations

from dossier.ingest import feed, html_page, markdown_file, text_page, wordpress
from dossier.ingest.detect import detect
from dossier.ingest.model import Source
from tests.ingest.conftest import INGEST_FIXTURES, NPR_SEED, WP_SEED


def _read(name: str) -> str:
    return (INGEST_FIXTURES / name).read_text(encoding="utf-8")


def test_detection_reads_content_before_file_names() -> None:
    cases = {
        NPR_SEED: "text",
        WP_SEED: "wordpress",
        INGEST_FIXTURES / "wp_list.json": "wordpress",
        INGEST_FIXTURES / "article_page.html": "html",
        INGEST_FIXTURES / "feed_with_bad_entry.xml": "feed",
        INGEST_FIXTURES / "atom_feed.xml": "feed",
        INGEST_FIXTURES / "note_with_front_matter.md": "markdown",
        INGEST_FIXTURES / "radio_transcript.txt": "text",
    }
    for path, expected in cases.items():
        source = Source(name=str(path), origin="untitled", data=path.read_bytes())
        assert detect(source, path.read_text(encoding="utf-8")) == expected, path


def test_wordpress_post_with_embedded_author_and_site_name() -> None:
    article = wordpress.parse(_read("wp_post.json")).articles[0]
    assert article.title == "Border Talks Resume in Geneva – Officials “Cautiously Hopeful”"
    assert article.date == "2022-03-01T08:30:00+00:00"
    assert article.authors == ["Rosa Kline"]
    assert article.source == "The Example Gazette"
    assert article.url == "https://www.example-gazette.test/world/2022/03/01/border-talks/"
    assert article.summary == "Negotiators met again on Tuesday."
    assert article.language == "en"
    assert article.author_bios == {
        "Rosa Kline": "Rosa Kline is a correspondent based in Geneva who covers diplomacy."
    }
    assert article.body == (
        "Negotiators from both countries met again on Tuesday in Geneva, officials said, "
        "after a pause of three months.\n\n"
        "## What is on the table\n\n"
        "- A ceasefire line\n- Prisoner exchanges\n\n"
        "> “We are cautiously hopeful,” a spokeswoman said.\n\n"
        "The full statement is [on the ministry site](https://example-gazette.test/statement). Click"
    )
    assert article.notes == []


def test_wordpress_list_reports_the_bad_post_and_keeps_the_others() -> None:
    parsed = wordpress.parse(_read("wp_list.json"))
    assert [a.title for a in parsed.articles] == ["First Post About Harbour Works", "Third Post About the Ferry"]
    assert parsed.errors == ["post 2: not a WordPress post: no content (title.rendered, content.rendered)"]
    assert parsed.articles[1].date == "2021-06-03T10:00:00"


def test_html_page_metadata_and_structure() -> None:
    parsed = html_page.parse(_read("article_page.html"))
    article = parsed.articles[0]
    assert article.title == "Port Deal Signed After Night of Talks"
    assert article.date == "2020-11-04T07:15:00+01:00"
    assert article.authors == ["Lena Marsh", "Omar Haddad"]
    assert article.source == "The Harbour Herald"
    assert article.url == "https://harbour-herald.test/news/2020/11/04/port-deal"
    assert article.summary == "The two cities agreed to share the deep-water port."
    assert article.language == "en"
    body = article.body
    assert "## What changes for shipping" in body
    assert "- A joint board of nine members\n- Shared harbour fees from January" in body
    assert "> This is the end of a very long winter for the port." in body
    assert "[port authority](https://harbour-herald.test/topics/port-authority)" in body
    for dropped in ("Home", "Advertisement", "Related stories", "Ferry strike", "Comments", "cheap boats", "©"):
        assert dropped not in body
    assert len(body.split("\n\n")) == 8  # 5 paragraphs, a heading, a list, a quote


def test_html_page_without_a_date_asks_for_review() -> None:
    article = html_page.parse(_read("undated_page.html")).articles[0]
    assert article.title == "Museum Reopens Its Doors"
    assert article.date == ""
    assert article.needs_review == ["date"]
    assert len(article.body.split("\n\n")) == 3


def test_other_radio_transcript() -> None:
    article = text_page.parse(_read("radio_transcript.txt")).articles[0]
    assert article.title == "Ukrainian Farmers Plant Crops Near The Front Line"
    assert article.date == "2022-03-03T17:01:00"
    assert article.authors == ["Peter O'Neill"]
    assert article.source == "Example Public Radio"
    assert article.rights == "Copyright 2022 Example Public Radio."
    assert list(article.author_bios) == ["Peter O'Neill"]
    assert article.body.split("\n\n") == [
        "**MARY LOU JONES, HOST:** Farmers in eastern Ukraine are planting anyway. Peter O'Neill of "
        "Example Public Radio visited a village near the front.",
        "**PETER O'NEILL, BYLINE:** The tractor starts on the third try.",
        "*(SOUNDBITE OF TRACTOR ENGINE)*",
        "**O'NEILL:** Oksana Petrenko has farmed this land for thirty years. She says the fields are her life.",
        "**OKSANA PETRENKO:** (Through interpreter) If we do not plant, we do not eat.",
        "*(LAUGHTER)*",
        "**O'NEILL:** Her neighbours laugh, but nobody leaves. Peter O'Neill, Example Public Radio News, Kharkiv.",
    ]


def test_wire_story_text_copy() -> None:
    article = text_page.parse(_read("wire_story.txt")).articles[0]
    assert article.title == "Dam Talks Stall as River Levels Fall"
    assert article.date == "2021-06-12"
    assert article.authors == ["Ana García", "Tom Baker"]
    assert article.source == "Example Wire"
    assert article.rights == "© 2021 Example Wire. All rights reserved."
    assert article.author_bios == {
        "Ana García": "Ana García is a staff writer covering water and energy for Example Wire."
    }
    assert article.body.split("\n\n") == [
        "Officials from the three countries that share the river failed on Friday to agree on how fast "
        "the new dam should be filled, according to two people who took part.",
        "The main points of disagreement were:",
        "- the filling schedule in dry years\n- how disputes are settled",
        "1\\. This line is text, not a list, and \\<script>alert(1)\\</script> stays text, as do "
        "\\*stars\\* and \\[\\[brackets\\]\\].",
        "Negotiators will meet again in July, the mediators said.",
    ]


def test_text_copy_without_date_or_outlet() -> None:
    text = "Headline Only Here\n\nSome text of the story that follows the headline.\n"
    article = text_page.parse(text).articles[0]
    assert article.title == "Headline Only Here"
    assert (article.date, article.authors, article.source) == ("", [], "")
    assert article.needs_review == ["date"]


def test_rss_feed_entries() -> None:
    parsed = feed.parse((INGEST_FIXTURES / "feed_with_bad_entry.xml").read_bytes())
    assert parsed.errors == ["entry 2: empty entry (no title, text or link)"]
    first, second = parsed.articles
    assert first.title == "Lighthouse Keeper Retires After 40 Years"
    assert first.date == "2023-05-02T08:00:00+00:00"
    assert first.authors == ["Nora Quinn"]
    assert first.source == "Coastal Courier"
    assert first.url == "https://coastal-courier.test/2023/05/lighthouse-keeper"
    assert first.summary == "The last keeper of the north light retires."
    assert "alert" not in first.body and first.body.count("\n\n") == 1
    assert second.body.startswith("Ferries to the islands will run every two hours")


def test_atom_feed_entry() -> None:
    article = feed.parse((INGEST_FIXTURES / "atom_feed.xml").read_bytes()).articles[0]
    assert article.title == "Le marché couvert rouvre ses portes"
    assert article.date == "2024-01-10T12:00:00+01:00"
    assert article.authors == ["Claire Dubois"]
    assert article.source == "Le Petit Observateur"
    assert article.language == "fr"


def test_markdown_file_is_normalised() -> None:
    article = markdown_file.parse(_read("note_with_front_matter.md")).articles[0]
    assert article.title == "Notes From the Council Meeting"
    assert article.date == "2024-03-07"
    assert article.authors == ["Sam Lee"]
    assert article.url == "https://notes.example.test/council-2024-03-07"
    assert article.extra == {"custom_field": "kept as it is", "topics": ["council", "budget"]}
    assert article.body == (
        "The council approved the budget by nine votes to four after a two-hour debate.\n\n"
        "- Libraries keep their opening hours\n- Bus fares rise by five percent"
    )
