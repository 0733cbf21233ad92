"""The build-time mention matcher: one pass, longest match, word and case rules, context."""

from __future__ import annotations

from dossier.entities.mentions import MentionMatcher, _fold, _fold_table
from dossier.entities.registry import build_registry
from tests.entities.conftest import article, curated


def refs(*pairs):
    return [{"name": name, "type": kind} for name, kind in pairs]


def setup(*docs, curated_docs=()):
    registry = build_registry(list(curated_docs), list(docs))
    return registry, MentionMatcher(registry)


def spans(matcher, registry, text, doc):
    return [
        (text[s:e], entity.name)
        for s, e, entity in matcher.find(text, registry.article_entities(doc))
    ]


KOREA = article(
    "korea",
    refs(
        ("Kim Jong Un", "person"),
        ("Kim Jong-il", "person"),
        ("Kim Il-sung", "person"),
        ("North Korea", "place"),
        ("United States", "place"),
        ("U.S.", "place"),
    ),
)
NPR = article(
    "npr", refs(("Kim Jong Un", "person"), ("Vladimir Putin", "person"), ("Lucian Kim", "person"))
)


def test_longest_match_wins_and_namesakes_stay_apart():
    registry, matcher = setup(KOREA, NPR)
    text = "Mr. Kim's father, Kim Jong-il, and his grandfather, Kim Il-sung, ruled North Korea."
    assert spans(matcher, registry, text, KOREA) == [
        ("Kim", "Kim Jong Un"),
        ("Kim Jong-il", "Kim Jong-il"),
        ("Kim Il-sung", "Kim Il-sung"),
        ("North Korea", "North Korea"),
    ]


def test_short_forms_resolve_only_to_the_articles_entities():
    registry, matcher = setup(KOREA, NPR)
    text = "L. KIM: Putin welcomed Kim. Lucian Kim reported."
    assert spans(matcher, registry, text, NPR) == [
        ("L. KIM", "Lucian Kim"),
        ("Putin", "Vladimir Putin"),
        ("Kim", "Kim Jong Un"),  # the person the article introduced first
        ("Lucian Kim", "Lucian Kim"),
    ]
    other = article("other", refs(("Moscow", "place")))
    assert spans(matcher, registry, "Kim met Putin in KIM JONG UN's train.", other) == [
        ("KIM JONG UN", "Kim Jong Un")  # a full name is found in any article
    ]


def test_case_rules():
    registry, matcher = setup(KOREA)
    text = "Tell us about the U.S. and the US. PUTIN: north korea, North Korea-Russia talks."
    assert spans(matcher, registry, text, KOREA) == [
        ("U.S.", "United States"),
        ("North Korea", "North Korea"),
    ]


def test_transcript_labels_in_capitals_match():
    registry, matcher = setup(NPR)
    text = "PRESIDENT VLADIMIR PUTIN: (Speaking Russian). PUTIN: yes."
    assert spans(matcher, registry, text, NPR) == [
        ("VLADIMIR PUTIN", "Vladimir Putin"),
        ("PUTIN", "Vladimir Putin"),
    ]


def test_word_boundaries():
    doc = article("a", refs(("Iran", "place"), ("Li Hongzhong", "person")))
    registry, matcher = setup(doc)
    text = "Iranian and Tehran-Iran ties; politics; Mr. Li's visit; Li."
    assert spans(matcher, registry, text, doc) == [
        ("Iran", "Iran"),
        ("Li", "Li Hongzhong"),
        ("Li", "Li Hongzhong"),
    ]


def test_curated_aliases_and_hidden_entities():
    us = curated("united-states", "United States", "place", aliases=["Washington"])
    hidden = curated("putin-plan", "Putin Plan", "other", hidden=True)
    doc = article("a", refs(("Washington", "place"), ("Putin Plan", "person")))
    registry, matcher = setup(doc, curated_docs=[us, hidden])
    text = "Washington said the Putin Plan failed; the United States agreed."
    assert spans(matcher, registry, text, doc) == [
        ("Washington", "United States"),
        ("United States", "United States"),
    ]


def test_outlet_with_the_matches_in_either_case():
    doc = article("a", refs(("The Times", "organization")))
    registry, matcher = setup(doc)
    text = "He joined The Times in 2018 and the Times hired him; times change."
    assert spans(matcher, registry, text, doc) == [
        ("The Times", "The Times"),
        ("the Times", "The Times"),
    ]


def test_offsets_point_into_the_original_text_with_unicode():
    doc = article("a", refs(("Kim Jong Un", "person"), ("Pyongyang", "place")))
    registry, matcher = setup(doc)
    text = "İstanbul — “Kim Jong Un’s” train left Pyongyang’s station."
    assert spans(matcher, registry, text, doc) == [
        ("Kim Jong Un", "Kim Jong Un"),
        ("Pyongyang", "Pyongyang"),
    ]


def test_empty_registry_and_text():
    registry, matcher = setup()
    assert matcher.find("Kim Jong Un", []) == []
    registry, matcher = setup(KOREA)
    assert matcher.find("", []) == []


def test_every_shortcut_of_folding_folds_as_the_character_table_does():
    """ASCII and Latin-1 texts fold as bytes, and common punctuation beyond is spaced first:
    the result is the per-character table's, whatever the mix."""
    table = _fold_table()
    texts = [
        "Kim Jong-un's trip",
        "Malmö, Zürich and São Paulo",
        "€537 million — “rushed and opaque”… ‘no’ – ok",
        "Gdańsk’s mayor, €5 — in Malmö",
        "ΟΔΥΣΣΕΥΣ İstanbul Kim_Jong_Un \U0001F600 𐐀",
        "".join(map(chr, range(0x20, 0x250))),
    ]
    for text in texts:
        assert _fold(text) == text.translate(table)
