"""Resolution across articles and curated files into one entity per page."""

from __future__ import annotations

from dossier.entities.registry import build_registry
from tests.entities.conftest import article, curated


def refs(*pairs):
    return [{"name": name, "type": kind} for name, kind in pairs]


def test_same_name_written_differently_is_one_entity():
    registry = build_registry(
        [],
        [
            article("a", refs(("Kim Jong Un", "person"), ("U.S.", "place"))),
            article("b", refs(("Kim Jong-un", "person"), ("United States", "place"))),
        ],
    )
    assert [e.slug for e in registry.entities] == ["kim-jong-un", "united-states"]
    kim = registry.resolve("KIM JONG UN")
    assert kim.name == "Kim Jong Un" and "Kim Jong-un" in kim.aliases
    assert registry.resolve("U.S.") is registry.resolve("United States")


def test_shorter_names_join_the_one_person_they_abbreviate():
    registry = build_registry(
        [],
        [
            article("a", refs(("Vladimir V. Putin", "person"), ("Putin", "person"))),
            article("b", refs(("Vladimir Putin", "person"))),
        ],
    )
    assert len(registry.entities) == 1
    putin = registry.entities[0]
    assert putin.name == "Vladimir Putin"  # on a tie, the plainer full name
    assert set(putin.aliases) == {"Vladimir V. Putin", "Putin"}
    reasons = {origin.name: origin.reason for origin in registry.origins[putin.slug]}
    assert reasons["Putin"].startswith("shorter form of")


def test_an_ambiguous_surname_joins_nobody():
    registry = build_registry(
        [],
        [
            article(
                "a", refs(("Kim Jong Un", "person"), ("Lucian Kim", "person"), ("Kim", "person"))
            )
        ],
    )
    assert {e.name for e in registry.entities} == {"Kim Jong Un", "Lucian Kim", "Kim"}
    assert registry.resolve("Kim Jong-il") is None


def test_type_is_decided_by_majority_over_articles():
    registry = build_registry(
        [],
        [
            article("a", refs(("Vladivostok", "place"))),
            article("b", refs(("Vladivostok", "person"))),
            article("c", refs(("Vladivostok", "place"))),
        ],
    )
    assert registry.resolve("Vladivostok").type == "place"


def test_curated_file_wins_merges_aliases_and_fixes_type():
    us = curated(
        "united-states", "United States", "place", aliases=["Washington", "U.S."], body="The US."
    )
    registry = build_registry(
        [us],
        [
            article("a", refs(("Washington", "place"), ("U.S.", "organization"))),
            article("b", refs(("America", "place"), ("United States", "organization"))),
        ],
    )
    entity = registry.resolve("Washington")
    assert entity.slug == "united-states" and entity.type == "place"
    assert entity.document is us
    assert {"Washington", "U.S."} <= set(entity.aliases)
    assert registry.resolve("America").slug == "america"


def test_hidden_entities_are_kept_but_dropped_from_articles():
    hidden = curated("putin-plan", "Putin Plan", "other", hidden=True)
    doc = article(
        "a", refs(("Putin Plan", "person"), ("Vladimir Putin", "person"), ("Putin", "person"))
    )
    registry = build_registry([hidden], [doc])
    assert registry.resolve("Putin Plan").hidden
    assert [e.name for e in registry.article_entities(doc)] == ["Vladimir Putin"]


def test_article_entities_are_resolved_once_each_in_order():
    doc = article(
        "a",
        refs(
            ("Kim Jong-un", "person"),
            ("Russia", "place"),
            ("KIM JONG UN", "person"),
            ("Moscow", "place"),
        ),
    )
    registry = build_registry([], [doc])
    assert [e.name for e in registry.article_entities(doc)] == ["Kim Jong-un", "Russia", "Moscow"]


def test_slugs_are_unique_and_stable():
    registry = build_registry(
        [curated("georgia", "Georgia", "place")],
        [article("a", refs(("Georgia", "place"), ("Georgia!", "person"), ("Jordan", "place")))],
    )
    assert [e.slug for e in registry.entities] == ["georgia", "jordan"]
    again = build_registry(
        [curated("georgia", "Georgia", "place")],
        [article("a", refs(("Georgia", "place"), ("Georgia!", "person"), ("Jordan", "place")))],
    )
    assert [(e.slug, e.name) for e in again.entities] == [
        (e.slug, e.name) for e in registry.entities
    ]
    clash = build_registry(
        [], [article("a", refs(("Côte d'Ivoire", "place"), ("Cote dIvoire", "organization")))]
    )
    assert sorted(e.slug for e in clash.entities) == ["cote-divoire", "cote-divoire-2"]
