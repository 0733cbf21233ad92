"""Plain-text copies of web pages: never taken for HTML or JSON, and read among their chrome."""

from __future__ import annotations

import random
import textwrap

import pytest

from dossier.ingest import datelines, page_chrome, text_page
from dossier.ingest.detect import detect
from dossier.ingest.model import Article, Source
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


def _parse(name: str) -> Article:
    return text_page.parse((TEXT_COPIES / name).read_text(encoding="utf-8")).articles[0]


def test_english_copy_headline_byline_and_date_are_found_among_the_chrome() -> None:
    article = _parse("harbour_news_en.txt")
    assert article.title == "Ferry Operators Agree to Cut Emissions by Half Before 2030"
    assert article.authors == ["Jane Doe", "John Roe"]
    assert article.date == "2019-03-03T17:42:00"
    paragraphs = article.body.split("\n\n")
    assert paragraphs[0].startswith("The four companies that run ferries across the bay")
    assert "What changes for passengers" in paragraphs
    assert paragraphs[-1].startswith("The companies will publish their emissions every quarter")
    for chrome in (
        "Skip to content", "Accessibility links", "Subscribe", "Climate", "Share", "Copy link",
        "hybrid ferry leaves", "Photo:", "Advertisement", "More from", "Storm season", "2 hours ago",
        "Comments", "About time", "Reply", "Privacy", "©",
    ):  # fmt: skip
        assert chrome not in article.body, chrome


def test_german_copy_with_breadcrumb_byline_and_comments() -> None:
    article = _parse("bruecke_de.txt")
    assert article.title == "Neue Brücke über die Elbe soll 2024 fertig sein"
    assert article.authors == ["Max Mustermann"]
    assert article.date == "2019-03-03T14:30:00"
    paragraphs = article.body.split("\n\n")
    assert len(paragraphs) == 4
    assert paragraphs[0].startswith("Die neue Brücke über die Elbe soll im Herbst 2024")
    assert paragraphs[-1].endswith("auf rund 80 Millionen Euro geschätzt.")
    for chrome in ("Zum Inhalt", "Startseite", "Lesezeit", "Anzeige", "Lesen Sie auch", "Stadtrat",
                   "vor 2 Stunden", "Hans Meier", "Antworten", "Impressum", "©"):  # fmt: skip
        assert chrome not in article.body, chrome


@pytest.mark.parametrize(
    "relative", ["2 hours ago", "vor 2 Stunden", "il y a 3 heures", "Yesterday"]
)
def test_a_relative_time_is_no_date(relative: str) -> None:
    text = (
        "Menu\nHome\n\nCouncil Approves the New Harbour Budget\n"
        f"By Sam Lee\n{relative}\n\n"
        "The council approved the budget by nine votes to four after a debate that lasted two hours.\n\n"
        "Libraries keep their opening hours, and bus fares rise by five percent in the spring.\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.title == "Council Approves the New Harbour Budget"
    assert article.authors == ["Sam Lee"]
    assert article.date == ""
    assert article.needs_review == ["date"]


def test_a_copy_without_headline_or_long_lines_is_still_ingested() -> None:
    one_paragraph = "The ferry left at dawn and reached the island two hours later, " * 4
    article = text_page.parse(one_paragraph.strip() + "\n").articles[0]
    assert article.title.startswith("The ferry left at dawn")
    assert article.body.startswith("The ferry left at dawn")
    short = text_page.parse("Menu\n\nNotes\n\nRain today.\nWind tomorrow.\n").articles[0]
    assert "Rain today." in short.body


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Updated March 3, 2019 5:42 PM ET", "2019-03-03T17:42:00"),
        ("3. März 2019", "2019-03-03"),
        ("Montag, 3. März 2019 um 14:30 Uhr", "2019-03-03T14:30:00"),
        ("03.03.2019", "2019-03-03"),
        ("Le 17/02/2020 à 11h46", "2020-02-17T11:46:00"),
        ("14 de mayo de 2022", "2022-05-14"),
        ("lundi 9 décembre 2019", "2019-12-09"),
        ("2020-01-02 17:11", "2020-01-02T17:11:00"),
        ("2. Februar 20202. Februar 2020", "2020-02-02"),  # published and updated, run together
        ("31 Donnerstag Okt 2019", "2019-10-31"),  # a date badge with the weekday inside
        ("FINTECH20. Juni 2019", "2019-06-20"),  # a section label run into the date
        ("Original Research7 April 2020", "2020-04-07"),
        ("31 Kommentare Okt 2019", None),
        ("vor 2 Stunden", None),
        ("2 hours ago", None),
        ("März 2019", None),  # no day
        ("Seite 3 von 2019", None),
    ],
)
def test_dates_in_many_languages_and_shapes(line: str, iso: str | None) -> None:
    found = datelines.find(line)
    assert (found[0] if found else None) == iso


def test_american_pages_write_the_month_first() -> None:
    assert datelines.find("03/04/2019", month_first=True)[0] == "2019-03-04"
    assert datelines.find("03/04/2019")[0] == "2019-04-03"


@pytest.mark.parametrize(
    ("line", "authors"),
    [
        ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
        ("Von Max Mustermann | 3. März 2019", ["Max Mustermann"]),
        ("Veröffentlicht am 17. Dezember 2019 von Simon Dückert", ["Simon Dückert"]),
        ("Par Nicolas Gutierrez C. le 14.09.2020 à 11h46", ["Nicolas Gutierrez C"]),
        ("Por Juan Pérez", ["Juan Pérez"]),
        ("Marie Merlet | lundi 9 décembre 2019 à 09h08", ["Marie Merlet"]),
        ("04.02.2022 | 13:10 Uhr | Uta Helkenberg", ["Uta Helkenberg"]),
        ("Posted on March 3, 2019 by janedoe", ["janedoe"]),
        ("By Jose de la Cruz", ["Jose de la Cruz"]),
        ("Geschrieben von Elisa Marvena", ["Elisa Marvena"]),  # a label before "von"
        ("Posted by Nathan Parker and Eric Mill", ["Nathan Parker", "Eric Mill"]),
        ("Publié par Jeanne Roe", ["Jeanne Roe"]),
        ("von janedoe", ["janedoe"]),  # a user name alone after "von" is the whole byline
        ("Redaktion: Eberhard Fuhr (Pressesprecher)", ["Eberhard Fuhr"]),
        ("Interview: Julia Lauter", ["Julia Lauter"]),
        ("Text & Fotos: Ivan Petrov 0 337", ["Ivan Petrov"]),  # share counters after the name
        ("Text und Bilder: Anna Roth", ["Anna Roth"]),
        ("Die Reise von janedoe nach Rom", None),
        ("View all posts by Daniel Lemire", ["Daniel Lemire"]),  # the author's archive link
        ("Zeige alle Beiträge von Cem Basman", ["Cem Basman"]),
        ("Updated 12 June 2021", None),
        ("Das Buch von Max Frisch", None),  # a headline, not a byline
        ("Vom Boden aus gedacht", None),  # a sentence runs on after a one-word "name"
        ("Von Kiew bis Moskau: Die lange Reise", None),
        ("Eingestellt von Weinlachgummi um 10:52", ["Weinlachgummi"]),
        ("By clicking accept you agree to our terms", None),
        # a published and an updated date before the byline
        ("Veröffentlicht am 10. Februar 20199. Februar 2019 von Heiko", ["Heiko"]),
        (
            "Eingetragen am 3. Januar 2020, aktualisiert am 3. Januar 2020 vom Support Team",
            ["Support Team"],
        ),
        ("2. Februar 20202. Februar 2020 Alexander Roll 1 Kommentar Inklusion", ["Alexander Roll"]),
        ("By Evan HalperStaff Writer", ["Evan Halper"]),  # the role glued to the name
        ("AuthorAndreas Kalt4 Kommentare", ["Andreas Kalt"]),
        ("By HansEhrlich", ["HansEhrlich"]),  # a user name alone is left whole
        ("Kommentar von Ingo Arzt", ["Ingo Arzt"]),  # a genre before "von"
        ("Jane Roe am 4. Februar 2022 um 11:23", ["Jane Roe"]),
        (
            "Letzte Aktualisierung am 2.02.2022 / Bei den Verlinkungen handelt es sich um Links",
            None,
        ),
    ],
)
def test_bylines_in_several_languages(line: str, authors: list[str] | None) -> None:
    found = page_chrome.byline(line)
    assert (found[0] if found else None) == authors


@pytest.mark.parametrize(
    "line",
    ["Skip to content", "Accessibility links", "Jump to navigation Skip navigation",
     "Zum Inhalt springen", "-- Anzeige --", "Lesezeit: 4 Min.", "5 min read", "Zum Deal »",
     "← Previous post", "Foto: Jane Doe/Agency", "Credit...", "Photo…", "Über mich", "Teilen",
     "Zum Vergrößern bitte anklicken", "Sign up for our newsletter", "Lire la suite", "Compartir",
     "Filed under: Politics, Europe", "TAG:Brexit, EU", "Schlagwörter: Bahn, Streik", "Abb.: Collage aus Archivbildern",
     "Courtesy of Forest News", "Click to share on Twitter (Opens in new window)", "1 Beitrag • Seite 1 von 1",
     "Du kommentierst mit Deinem Facebook-Konto. ( Abmelden / Ändern )", "Home » Politik » Wahl",
     "LikenLiken", "Veröffentlicht in Tafelbilder", "Thread starter Jane", "Entdecke weitere Homestorys",
     "Lade für ein besseres Erlebnis einen neueren Browser kostenfrei herunter", "Kontakt zum Sender",
     "Ingrese o regístrese acá para guardar los artículos", "Price includes VAT for Germany",
     "Autorenseite von jane.doe@example.org", "About the author", "384", "1 Monat her", "2 hours ago", "il y a 3 jours",
     "← Sinnvoll und aktiv auf das Abitur lernen, ein Leitfaden", "« Warmer Abend", "Was wir im Sommer über Katzen lernten →",
     "5 Kommentare zu „Scherenschnitt (3)“", "11 responses to “The Loneliest Woman in the World”",
     "Suche nach: [ ] [Suche]", "____________________ Submit", "(BUTTON) Für Spieler", "[icon_search]",
     "□ Passwortgeschützte Beiträge", "[salon_logo.svg] [ ]",
     "— Jane Doe (@janedoe) May 2, 2020", "A post shared by Jane Doe (@jane.doe) on Apr 21, 2019 at 4:40am PDT"],
)  # fmt: skip
def test_chrome_lines(line: str) -> None:
    assert page_chrome.is_chrome(line)


def test_comments_right_under_the_story_are_left_out() -> None:
    text = (
        "Neue Fähre für die Insel\nVon Max Mustermann | 3. März 2019\n\n"
    "Die Insel bekommt im Sommer eine neue Fähre, die doppelt so viele Autos wie die alte tragen kann.\n\n"
    "Die Gemeinde hatte zehn Jahre lang darauf gewartet, sagte der Bürgermeister bei der Taufe im Hafen.\n\n"
        "2 Kommentare\nHans Meier\n3. März 2019 um 15:10 Uhr\n"
        "Das glaube ich erst, wenn ich damit fahre, denn bei uns dauert doch alles doppelt so lange wie geplant.\n"
        "Antworten\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.body.endswith("bei der Taufe im Hafen.")


def test_a_short_block_of_text_set_apart_at_the_story_foot_is_left_out() -> None:
    story = (
        "Die Insel bekommt im Sommer eine neue Fähre, die doppelt so viele Autos wie die alte tragen kann.\n"
        "Die Gemeinde hatte zehn Jahre lang darauf gewartet, sagte der Bürgermeister bei der Taufe im Hafen.\n"
        "Die erste Fahrt ist für den Juni geplant, wenn die Mannschaft die neue Fähre gut genug kennt.\n"
        "Bis dahin fährt die alte Fähre weiter, auch wenn sie im Winter oft in der Werft lag und ausfiel.\n"
        "Im Sommer werden dann mehr Gäste auf die Insel kommen, hoffen die Wirte und die Vermieter dort.\n"
        "Die alte Fähre geht nach dem Sommer an eine andere Insel, die noch länger auf eine gewartet hat.\n"
        "Die Fahrkarten für die neue Fähre werden nicht teurer, hat die Reederei am Montag versprochen.\n"
    )
    foot = (
        "Teilen\nDrucken\nNewsletter\n"
        "Bestellen Sie jeden Morgen die wichtigsten Nachrichten aus der Region in Ihr Postfach.\n"
    )
    text = "Neue Fähre für die Insel bringt doppelt so viele Autos\nVon Max Mustermann | 3. März 2019\n"
    article = text_page.parse(text + story + foot).articles[0]
    assert article.body.endswith("hat die Reederei am Montag versprochen.")
    # without the short lines between them, the same lines are the story's last paragraph
    article = text_page.parse(text + story + foot.split("Newsletter\n")[1]).articles[0]
    assert article.body.endswith("in Ihr Postfach.")


def test_a_caption_under_the_first_paragraph_is_not_the_headline() -> None:
    text = (
        "Händler erwarten langsamen Neustart\nTeilen\nMerken\nStand: 20. April 2020, 14:57 Uhr\n"
        "Die Autohäuser dürfen seit Montag wieder öffnen, doch die Kunden bleiben aus, sagt der Verband.\n"
        "Autohäuser dürfen wieder öffnen (Symbolfoto) Bildrechte: Agentur\n"
        "Die Kunden hätten zurzeit andere Sorgen als ein neues Auto, sagte der Sprecher der Autohäuser.\n"
        "Dass die Autohäuser so schnell wieder öffnen dürfen, sei erfreulich, sagte er. Sie hatten gewartet.\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.title == "Händler erwarten langsamen Neustart"
    assert article.body.startswith("Die Autohäuser dürfen seit Montag")


def test_a_box_inside_the_story_loses_its_label_and_a_subheading_stays() -> None:
    text = (
        "Neue Fähre für die Insel bringt doppelt so viele Autos\nVon Max Mustermann | 3. März 2019\n"
        "Die Insel bekommt im Sommer eine neue Fähre, die doppelt so viele Autos wie die alte tragen kann.\n"
        "Mehr zum Thema\nHafen wird größer\n"
        "Die Gemeinde hatte zehn Jahre lang darauf gewartet, sagte der Bürgermeister bei der Taufe im Hafen.\n"
        "Warten auf den Sommer\n"
        "Die erste Fahrt ist für den Juni geplant, wenn die Mannschaft die neue Fähre gut genug kennt.\n"
    )
    body = text_page.parse(text).articles[0].body
    assert "Mehr zum Thema" not in body
    assert "Warten auf den Sommer" in body


def test_a_sentence_between_headline_and_text_stays_and_a_caption_does_not() -> None:
    text = (
        "Ferry Operators Agree to Cut Emissions\nBy Jane Doe\nShare\n"
        "This post first appeared on Example Weekly.\n"
        "A hybrid ferry leaves the north pier.\n(Photo: Example Weekly)\n"
        "The four companies that run ferries across the bay agreed on Saturday to halve the emissions.\n"
        "Under the deal, two of the oldest ships will be retired next year and the others fitted anew.\n"
    )
    body = text_page.parse(text).articles[0].body
    assert body.startswith("This post first appeared on Example Weekly.")
    assert "hybrid ferry" not in body


@pytest.mark.parametrize(
    "line",
    ["Warum Katzen springen", "»Einfach kein Geld mehr«", "Ad hoc", "Homeoffice: Die Regeln", "«Gute Löhne reichen nicht»", "Page 3 of the report leaked",
     "« Il y a, d’abord, le poids de la géographie ». Sur les migrations", "5 Kommentare, die zeigen, wie man streitet",
     "[Rezi] Love is War - Sehnsucht von R. K. Lilley"],
)
def test_headlines_are_no_chrome(line: str) -> None:
    assert not page_chrome.is_chrome(line)


def test_a_story_split_by_a_list_of_links_keeps_its_headline_and_first_part() -> None:
    text = (
        "Menü\nNeue Fähre für die Insel bringt doppelt so viele Autos\nVon Max Mustermann | 3. März 2019\n"
    "Die Insel bekommt im Sommer eine neue Fähre, die doppelt so viele Autos wie die alte tragen kann.\n"
    "Die Gemeinde hatte zehn Jahre lang darauf gewartet, sagte der Bürgermeister bei der Taufe im Hafen.\n"
        "Mehr zum Thema\nHafen wird größer\nNeue Buslinie\nStrand gesperrt\nFest am Deich\nWetter\n"
        "Warten auf den Sommer\n"
    "Die erste Fahrt ist für den Juni geplant, wenn die Mannschaft die neue Fähre gut genug kennt.\n"
        "Bis dahin fährt die alte Fähre weiter, auch wenn sie im Winter oft in der Werft lag und ausfiel.\n"
        "Im Sommer werden dann mehr Gäste auf die Insel kommen, hoffen die Wirte und die Vermieter dort.\n"
    "Die alte Fähre geht nach dem Sommer an eine andere Insel, die noch länger auf eine gewartet hat.\n"
        "Sie kommt wieder.\nTeilen\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.title == "Neue Fähre für die Insel bringt doppelt so viele Autos"
    assert article.body.startswith("Die Insel bekommt im Sommer")
    assert article.body.endswith("Sie kommt wieder.")  # a short closing sentence stays


def test_a_name_alone_on_its_line_is_the_author_when_no_byline_says_so() -> None:
    text = (
        "Neue Fähre für die Insel bringt doppelt so viele Autos\n"
    "Die Insel bekommt im Sommer eine neue Fähre, die doppelt so viele Autos wie die alte tragen kann.\n"
    "Die Gemeinde hatte zehn Jahre lang darauf gewartet, sagte der Bürgermeister bei der Taufe im Hafen.\n"
    "Die erste Fahrt ist für den Juni geplant, wenn die Mannschaft die neue Fähre gut genug kennt.\n"
        "Thomas Hanke\n"  # "thomas" is on justext's German stoplist, but this page never writes it in lower case
    )
    article = text_page.parse(text).articles[0]
    assert article.authors == ["Thomas Hanke"]
    assert "authors" in article.needs_review  # a guess, for the reader to confirm


FERRY_STORY = (  # five sentences of a story, for the byline rules around it
    "Die Insel bekommt im Sommer eine neue Fähre, die doppelt so viele Autos wie die alte tragen kann.\n"
    "Die Gemeinde hatte zehn Jahre lang darauf gewartet, sagte der Bürgermeister bei der Taufe im Hafen.\n"
    "Die erste Fahrt ist für den Juni geplant, wenn die Mannschaft die neue Fähre gut genug kennt.\n"
    "Die Karten für die erste Fahrt sind seit Montag zu haben und schon fast alle verkauft worden.\n"
    "Die alte Fähre geht an einen Verein, der mit ihr im Sommer Ausflüge zu den Nachbarinseln macht.\n"
)


def test_a_byline_below_beats_a_name_shaped_heading_near_the_headline() -> None:
    text = (
        "Neue Fähre für die Insel bringt doppelt so viele Autos\n"
        "Wirtschaft, Verkehr\n"  # the story's sections, shaped like two names
        + FERRY_STORY
        + "Geschrieben von Elisa Marvena\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.authors == ["Elisa Marvena"]
    assert "authors" not in article.needs_review


@pytest.mark.parametrize(
    ("label", "author"),
    [("By", "Todd Bates"), ("Published by", "Daniel Lemire"), ("Autor", "Jon Nitz"),
     ("AUTOR/IN", "Julius Richter")],
)  # fmt: skip
def test_a_byline_label_alone_takes_the_name_on_the_next_line(label: str, author: str) -> None:
    text = (
        "Neue Fähre für die Insel bringt doppelt so viele Autos\n"
    "Die Insel bekommt im Sommer eine neue Fähre, die doppelt so viele Autos wie die alte tragen kann.\n"
    "Die Gemeinde hatte zehn Jahre lang darauf gewartet, sagte der Bürgermeister bei der Taufe im Hafen.\n\n"
        f"{label}\n\n{author}\n"  # the name is a link: a block of its own
    )
    article = text_page.parse(text).articles[0]
    assert article.authors == [author]


def test_a_name_beside_the_dateline_is_the_author_and_a_list_of_sections_is_not() -> None:
    text = (
        "Neue Fähre für die Insel bringt doppelt so viele Autos\n"
        "Natur, Verkehr\n"  # the story's sections, one word each
        + FERRY_STORY
        +         "André Borbe\n"
        "25.01.2022 14:47 Uhr\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.authors == ["André Borbe"]
    assert "authors" not in article.needs_review  # no guess: the byline's name and date
    assert article.date.startswith("2022-01-25")


def test_a_section_name_repeated_from_the_menu_is_no_headline() -> None:
    """A short line that comes back (menu, breadcrumb, kicker) is a section, not the page's title."""
    text = (
        "Startseite\nMenü\nFormel 1\nMotoGP\nRallye\nÜber uns\nSuche\n"
        "Home\n > \nFormel 1\n > \nFormel 1-News\n\n02.02.2022 · 11:14\n\nvon Max Mustermann\n"
        "Nach erstem Test: Das Team plant einen späten Launch\n"
        "Erst nach dem ersten Test wird das Team sein neues Auto zeigen - gefahren wird es dort schon\n"
        " teilen  tweeten  teilen  Mail  Forum\n\n"
        "Das Team wird sein neues Formel 1 Auto erst nach den Probefahrten in Barcelona enthüllen, "
        "sagte der Teamchef am Montag.\n\n"
        "Die anderen Teams haben ihre Autos schon gezeigt, doch das Team will sich mehr Zeit lassen, hieß es.\n\n"
        "Der erste Test beginnt Ende Februar in Barcelona, der zweite folgt im März in Bahrain.\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.title == "Nach erstem Test: Das Team plant einen späten Launch"
    assert article.authors == ["Max Mustermann"]


def test_a_photo_credit_above_the_byline_does_not_push_the_headline_out() -> None:
    """Headline, standfirst and caption, then a credit just above the byline: the headline still heads."""
    text = (
        "SECTIONS\nSEARCH\nSKIP TO CONTENT\nBUSINESS\n\nADVERTISEMENT\n\n"
        "Ferry Companies Agree to Halve Emissions\n\n"
        "The four companies that run ferries across the bay will retire their oldest ships, "
        "though the deal leaves out the night ferry.\n\n"
        "A hybrid ferry leaves the north pier of the harbour on Saturday, "
        "the first of the new ships the companies ordered.\n"
        "Credit...\nJane Roe/Example Press\n\nBy John Doe\n\nAug. 16, 2020\n\n"
        "The four ferry companies that run ferries across the bay agreed on Saturday "
        "to halve their emissions by 2030.\n\n"
        "Under the deal, two of the oldest ships will be retired next year "
        "and the others fitted with new engines.\n\n"
        "“This is the deal we wanted,” said the harbour master, "
        "who has asked the companies to act for ten years.\n\n"
        "The companies will report their fuel use each year to the harbour office, "
        "which will publish the figures.\n\n"
        "Environmental groups welcomed the deal but said that it came late, "
        "as the air over the bay is the worst in the region.\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.title == "Ferry Companies Agree to Halve Emissions"
    assert (article.authors, article.date) == (["John Doe"], "2020-08-16")
    assert "agreed on Saturday to halve" in article.body
    assert "Credit" not in article.body
    assert article.body.rstrip().endswith("the worst in the region.")


def test_a_headline_set_in_capitals_is_still_the_headline() -> None:
    """Copies keep a stylesheet's capitals: a long line in capitals is a headline, a short one a kicker."""
    text = (
        "Menü\nSuche\nOLYMPIA 2022 IN PEKING\n"
        "OLYMPIA 2022: ZWEITER CORONAFALL IM DEUTSCHEN TEAM SORGT FÜR UNRUHE\n"
        "Von Max Mustermann\n03.02.2022\n"
        "Ein zweiter Athlet des deutschen Teams ist in Peking positiv getestet worden, teilte der Verband mit.\n"
        "Er muss nun in ein Quarantänehotel, seine Wettkämpfe beginnen erst in zehn Tagen.\n"
        "Die anderen Athleten des Teams wurden am Morgen getestet, alle Ergebnisse waren negativ.\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.title == "OLYMPIA 2022: ZWEITER CORONAFALL IM DEUTSCHEN TEAM SORGT FÜR UNRUHE"


def test_a_person_in_a_byline_beats_the_outlet_in_a_byline_nearer_the_headline() -> None:
    text = (
        "Climate\nIndigenous Forest Stewards Keep the Carbon in the Ground\nBy The Harbour Press\n"
        "January 17, 2020\nFacebook\nTwitter\nEmail\nWritten by: Jane Doe\n"
        "Indigenous peoples have managed forests for centuries, and their forests store more carbon.\n"
        "The study compared the forests they manage with others nearby over twenty years of records.\n"
        "Forests under their care lost far fewer trees, the authors found, even where roads were built.\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.title == "Indigenous Forest Stewards Keep the Carbon in the Ground"
    assert article.authors == ["Jane Doe"]


def test_a_section_label_with_a_pipe_is_no_headline() -> None:
    text = (
        "SWR Sport\nMehr Sport\nVolleyball | MTV Stuttgart\n"
        "Bad news for the champions: top attacker Krystal Rivers is out for the final\n"
        "STAND\n21.4.2021, 16:41 Uhr\nAUTOR/IN: Jane Doe\nauf Whatsapp teilen\nauf Facebook teilen\n"
        "The volleyball champions MTV Stuttgart will play the final without their top attacker Rivers.\n"
        "She hurt her knee in training on Tuesday and will need an operation, MTV Stuttgart said.\n"
        "The club says volleyball has never had a final as close as this one, with two games each.\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.title == "Bad news for the champions: top attacker Krystal Rivers is out for the final"


_BRIDGE_STORY = (
    "The council voted on Monday to close the old bridge to cars from the first of May.",
    "Engineers found cracks in two of its piers last winter and said the bridge could not carry lorries.",
    "Cyclists and people on foot may still cross it until the new bridge opens, the council said.",
    "The new bridge will cost twelve million and should open in two years, if the money is found.",
    "Until then buses will go round by the ring road, which adds ten minutes to the trip to the station.",
)
_BRIDGE_COMMENT = (
    "I have crossed that bridge every morning for thirty years and never once felt it move under me.",
    "The council has known about the cracks for a decade and did nothing until it was too late to act.",
    "My shop is on the far side and half of my customers come by car, so this will ruin my business.",
    "Why not close it to lorries only and let the cars keep going, as they do in other towns nearby?",
    "Two years is a long time to wait, and nobody believes the new bridge will open on time anyway.",
    "The ferry that ran before the bridge was built could be brought back for the two years of works.",
)


def test_a_longer_comment_below_the_story_does_not_take_its_place() -> None:
    """Comments and teasers follow the story: of two stretches of text, the later one weighs less."""
    text = "\n".join(
        [
            "Menu", "Search", "Council closes the old bridge to cars from May", "By Jane Doe",
            "March 3, 2021", *_BRIDGE_STORY, "Share", "Tweet", "Email", "Print", "Save", "Comments",
            "Reply from a shop owner on the far side of the bridge", "By John Roe", *_BRIDGE_COMMENT,
        ]
    )  # fmt: skip
    article = text_page.parse(text).articles[0]
    assert article.title == "Council closes the old bridge to cars from May"
    assert article.body.endswith(_BRIDGE_STORY[-1])


def test_a_byline_that_says_by_beats_a_section_name_beside_the_date() -> None:
    text = (
        "Verkehr\nKlimavorreiter Oberland?\n"
        "Aus der Region 6. November 2023 15:00 Kommentar schreiben\nvon Birgit Posselt\n"
        "Welchen Weg schlägt die kommunale Wärmeplanung ein? Was hat das mit kalter Nahwärme zu tun?\n"
        "Bis 2045 soll in Deutschland eine flächendeckende kommunale Wärmeplanung umgesetzt werden.\n"
        "Den Entwurf zum neuen Wärmegesetz legte die Bundesregierung im August 2023 vor, hieß es.\n"
    )
    article = text_page.parse(text).articles[0]
    assert (article.title, article.date[:10]) == ("Klimavorreiter Oberland?", "2023-11-06")
    assert article.authors == ["Birgit Posselt"]


@pytest.mark.parametrize("kicker", ["VIDEO", "LIVE", "VATIKAN"])
def test_a_capital_kicker_with_a_colon_opens_a_headline_not_a_speaker_turn(kicker: str) -> None:
    text = (
        "Sign up to Newsletters\nSupport\nBrooklyn\n"
        f"{kicker}: Voting on the Future of the Nostrand Houses\n"
        "By Jane Doe.\nPublished November 8, 2023\n"
        "This video delves into a vote that will decide how the tenants of the houses are served for decades.\n"
        "Tenants have until the end of the month to choose one of the three plans the city put to them.\n"
        "PDF: voting-guide\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.title == f"{kicker}: Voting on the Future of the Nostrand Houses"
    assert article.authors == ["Jane Doe"]


@pytest.mark.parametrize(
    ("name", "headline"),
    [
        ("credited_caption_en.txt", "What It’s Like to Give Birth in Gaza"),
        ("embedded_post_de.txt", "Instagram arbeitet an neuer Videofunktion für Stories"),
    ],
)
def test_an_embedded_post_or_a_credited_caption_near_the_text_is_no_headline(
    name: str, headline: str
) -> None:
    """Real copies (the start of two development pages): "… Photo: Name/Agency", "… pic.twitter.com/…"."""
    text = (TEXT_COPIES / name).read_text(encoding="utf-8")
    assert text_page.parse(text).articles[0].title == headline


def test_a_dump_wrapped_at_a_width_is_read_as_paragraphs() -> None:
    """``lynx -dump`` of a real page: headline, byline and dateline found, wrapped sentences whole."""
    text = (TEXT_COPIES / "wrapped_dump_en.txt").read_text(encoding="utf-8")
    article = text_page.parse(text).articles[0]
    assert article.title == (
        "The royal split, racism and family struggles: "
        "11 things we learned from Harry and Meghan's explosive interview"
    )
    assert article.authors == ["Rob Picheta"]
    assert article.date.startswith("2021-03-14")
    assert "her mental health suffered during her stint as a senior royal" in article.body
    assert "\n\nBut he said he did not broach the topic with other family members." in article.body


def test_a_browser_copy_with_lines_of_one_length_is_not_unwrapped() -> None:
    """Menu items and teasers of similar length are separate lines, not one wrapped paragraph."""
    teasers = "\n".join(f"Teaser number {n} about the city council and its budget for next year" for n in range(12))
    text = (
        f"{teasers}\nThe Council Votes on the Budget\nBy Jane Doe\n3 March 2021\n\n"
        "The city council approved next year's budget on Tuesday after a debate that lasted nine hours.\n"
    )
    assert text_page._wrap_width(text) == 0
    assert text_page.parse(text).articles[0].title == "The Council Votes on the Budget"


def test_an_item_of_a_dumped_list_is_no_headline() -> None:
    """``lynx -dump`` of a real page marks its menu items "*" and "+": none is the headline."""
    text = (TEXT_COPIES / "dumped_lists_en.txt").read_text(encoding="utf-8")
    article = text_page.parse(text).articles[0]
    assert article.title == "Former WH press secretary Dee Dee Myers exits Warner Bros. role"


def test_a_dump_that_numbers_its_links_loses_the_numbers_and_the_list_of_addresses() -> None:
    """``lynx -dump`` (links kept): "[38]Ian Mohr" is read as "Ian Mohr"; "References" is no text."""
    text = (TEXT_COPIES / "numbered_links_en.txt").read_text(encoding="utf-8")
    article = text_page.parse(text).articles[0]
    assert article.title == "Former WH press secretary Dee Dee Myers exits Warner Bros. role"
    assert article.authors == ["Ian Mohr"]
    assert article.body.startswith("Dee Dee Myers — a White House press secretary for Bill Clinton")
    assert "[" not in article.body and "https://" not in article.body


def test_a_wrapped_dump_that_opens_with_a_word_longer_than_its_width_is_read() -> None:
    long_word = "https://example.org/" + "a" * 120
    words = "the council approved a budget after long debates on Tuesday night in its hall".split()
    pick = random.Random(1).choice
    paragraph = "The " + " ".join(pick(words) for _ in range(160))
    wrapped = "\n".join(textwrap.wrap(paragraph, 72))
    text = f"{long_word}\n\nThe Council Votes on the Budget\n\n{wrapped}\n"
    article = text_page.parse(text).articles[0]
    assert article.title == "The Council Votes on the Budget"
    assert article.body.startswith(paragraph[:200])


def test_a_copy_converted_to_markdown_is_read_as_its_words() -> None:
    """html2text of a real page: links, images and marks go; a paragraph's wrapped lines are joined."""
    text = (TEXT_COPIES / "markdown_copy_en.txt").read_text(encoding="utf-8")
    article = text_page.parse(text).articles[0]
    assert article.title == "Former WH press secretary Dee Dee Myers exits Warner Bros. role"
    assert article.authors == ["Ian Mohr"]
    assert (
        "Myers, who was EVP of worldwide corporate communications and public affairs, told Variety:"
        in article.body
    )
    assert "](" not in article.body and "https://" not in article.body


def test_the_only_top_heading_of_a_markdown_copy_is_its_headline() -> None:
    links = "\n".join(f"  * [Section {n}](/section-{n})" for n in range(6))
    text = (
        f"{links}\n\n# The Council Votes on the Budget\n\n"
        "[Jane Doe](/authors/jane-doe)\n\n"
        "## Read also: the mayor wants a bigger budget for the harbour\n\n"
        "The city council approved next year's budget on Tuesday after a debate that\n"
        "lasted nine hours, and the mayor said the harbour would get its share.\n"
    )
    assert text_page.parse(text).articles[0].title == "The Council Votes on the Budget"


def test_a_line_a_dump_does_not_indent_is_a_heading() -> None:
    """lynx indents paragraphs and lists, not headings: the flush line is the headline."""
    text = (
        "   * Home\n   * Politics\n\n"
        "The Council Votes on the Budget\n\n"
        "   Photo of the council hall on Tuesday evening during the vote\n\n"
        "   Mayor Wants a Bigger Harbour\n\n"
        "   The city council approved next year's budget on Tuesday after a debate that\n"
        "   lasted nine hours, and the mayor said the harbour would get its share of it.\n"
        "   The opposition voted against it and said the city would borrow too much.\n"
    )
    assert text_page.parse(text).articles[0].title == "The Council Votes on the Budget"



def test_an_embedded_post_inside_the_story_does_not_split_it() -> None:
    """A real copy (the start of a development page). The embed's credit line is dated:
    taken for a comment's header, it cut the story, and the part below it won, under a
    subheading for its headline."""
    article = _parse("instagram_embed_de.txt")
    assert article.title == "Horror-Fund! Instagram-Star (†24) einbetoniert"
    assert "Wer hat Esmeralda Merlot ermordet?" in article.body
    assert "@esmeralda_merlot" not in article.body



def test_a_headline_shown_twice_at_once_beats_a_teaser_between_its_copies() -> None:
    """A real copy (a development page, whole): the headline above and below a teaser's title."""
    article = _parse("headline_twice_de.txt")
    assert article.title == "Heulage: Besser als ihr Ruf?"
    assert article.body.startswith("Gutes Heu ist das Grundnahrungsmittel")


def test_a_short_prompt_above_the_headline_does_not_hide_it() -> None:
    """A line just long enough to pass for text (a prompt to subscribe) opens the stretch of
    text; the headline below it is still found."""
    text = (
        "Katastrophengebiet\n\nJournal von Jane Doe\n\nMenü\n\nBücher\n\nE-Mail-Abo\n\n"
        "Um neue Beiträge per E-Mail zu erhalten, hier die E-Mail-Adresse eingeben.\n\n"
        "Schließe dich 600 Followern an\n\nAren’t we all …?\n\n"
        "Es wird Zeit, dass ich hier auch etwas dazu schreibe: Wir machen ein Spiel! Es heißt "
        "„Aren’t we all …?“, und es erzählt von einer Heimkehr in einen kleinen Ort.\n\n"
        "Das Spiel ist noch lange nicht fertig, aber wir dokumentieren den Entstehungsprozess "
        "in einem eigenen Blog, und wer mag, kann uns dort über die Schulter schauen.\n"
    )
    article = text_page.parse(text).articles[0]
    assert article.title == "Aren’t we all …?"
    assert article.body.startswith("Es wird Zeit")


@pytest.mark.parametrize(
    ("line", "iso"),
    [
        ("Mon 20 Jan 2020 06.05 GMT Last modified on Mon 20 Jan 2020 06.07 GMT", "2020-01-20T06:05:00"),
        ("Published: 22:00 GMT, 26 September 2020 | Updated: 08:39 GMT, 28 September 2020", "2020-09-26"),
        ("Bericht zur Coronalage vom 22.04.2020 – worauf wartet die Politik?", ""),
        ("Der Rat hat am 3. März 2019 nach langer Debatte den Haushalt beschlossen", ""),
    ],
)
def test_a_dateline_may_give_a_second_date_and_a_sentence_with_one_is_none(line: str, iso: str) -> None:
    """Published and updated on one line (a dump joins what a browser copy splits)."""
    assert page_chrome.date_of(line) == iso
