"""Resolution inside one article: short references, type votes, tentative names."""

from __future__ import annotations

from dossier.entities.grouping import Mention, group_mentions


def m(name, type, position, source="prose"):
    return Mention(name, type, position, source)


def test_type_is_a_vote_over_all_mentions():
    found = group_mentions(
        [
            m("Odessa", "place", 1),
            m("Odessa", "person", 2),
            m("Odessa", "place", 3),
            m("Odessa", "person", 4),
            m("Odessa", "place", 5),
        ]
    )
    assert found == [{"name": "Odessa", "type": "place"}]


def test_an_even_vote_prefers_place_over_person():
    found = group_mentions([m("Kherson", "person", 1), m("Kherson", "place", 2)])
    assert found == [{"name": "Kherson", "type": "place"}]


def test_a_surname_two_people_share_resolves_to_neither():
    found = group_mentions(
        [
            m("Hunter Biden", "person", 1),
            m("Joe Biden", "person", 2),
            m("Biden", "person", 3),
            m("Biden", "organization", 4),  # the model's frequent mistake on surnames
        ]
    )
    assert found == [
        {"name": "Hunter Biden", "type": "person"},
        {"name": "Joe Biden", "type": "person"},
    ]


def test_surname_before_any_full_name_goes_to_the_one_introduced_later():
    found = group_mentions([m("Kim", "person", 1), m("Kim Yo Jong", "person", 2)])
    assert found == [{"name": "Kim Yo Jong", "type": "person"}]


def test_speaker_label_with_initial_needs_a_matching_first_name():
    found = group_mentions(
        [
            m("Kim Jong Un", "person", 1),
            m("Lucian Kim", "person", 2),
            m("L. Kim", "person", 3, "speaker"),
            m("Ari Shapiro", "person", 0, "speaker"),
        ]
    )
    assert [ref["name"] for ref in found] == ["Ari Shapiro", "Kim Jong Un", "Lucian Kim"]


def test_headline_names_count_only_when_the_body_confirms_them():
    found = group_mentions(
        [
            m("Putin Plan", "person", -10, "title"),
            m("Discuss Weapons", "organization", -5, "title"),
            m("Colorado Stories", "organization", 0, "fragment"),
            m("Vladimir Putin", "person", 10),
        ]
    )
    assert found == [{"name": "Vladimir Putin", "type": "person"}]


def test_authors_resolve_labels_but_a_byline_alone_is_no_entity():
    found = group_mentions(
        [m("G. Warner", "person", 5, "speaker"), m("Oslo", "place", 9)],
        authors=["Gregory Warner", "Ann Lee"],
    )
    assert found == [
        {"name": "Gregory Warner", "type": "person"},
        {"name": "Oslo", "type": "place"},
    ]


def test_acronym_and_suffix_join_the_full_name():
    found = group_mentions(
        [
            m("European Central Bank", "organization", 1),
            m("ECB", "organization", 2),
            m("ECB", "organization", 3),
            m("BBC", "organization", 4),
            m("BBC News", "organization", 5),
        ]
    )
    assert found == [
        {"name": "European Central Bank", "type": "organization"},
        {"name": "BBC", "type": "organization"},
    ]


def test_a_surname_misspelt_by_one_letter_joins_its_person_but_a_place_does_not():
    found = group_mentions(
        [
            m("Trevor Houser", "person", 1),
            m("Hauser", "organization", 2),
            m("Kamala Harris", "person", 3),
            m("Paris", "place", 4),
            m("Carla Jones", "person", 5),
            m("James", "organization", 6),  # another name, not a typo of Jones
        ]
    )
    assert [ref["name"] for ref in found] == [
        "Trevor Houser",
        "Kamala Harris",
        "Paris",
        "Carla Jones",
        "James",
    ]
