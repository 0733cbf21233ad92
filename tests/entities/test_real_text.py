"""Extraction on a real news page (entity gold of the development corpus, copied here).

``bostonherald-brothel`` names three people called Lee, a police force named
after a city, and agencies written in full and shortened.
"""

from __future__ import annotations

import json

from dossier.entities import names
from dossier.entities.extract import CHUNK, _chunks, extract_entities
from tests.entities.conftest import FIXTURES

PAGE = "bostonherald-brothel"


def _found() -> tuple[dict, list[dict[str, str]]]:
    gold = json.loads((FIXTURES / f"{PAGE}.json").read_text(encoding="utf-8"))
    title, body = (FIXTURES / f"{PAGE}.txt").read_text(encoding="utf-8").split("\n", 1)
    return gold, extract_entities(body.replace("\n", "\n\n"), title=title)


def _matches(ref: dict[str, str], entity: dict) -> bool:
    forms = {names.match_key(form) for form in [entity["name"], *entity.get("aliases", [])]}
    return names.match_key(ref["name"]) in forms


def test_must_entities_found_with_their_type_and_few_false_ones():
    gold, found = _found()
    must = [entity for entity in gold["entities"] if entity["must"]]
    right = [
        entity
        for entity in must
        if any(
            _matches(ref, entity) and ref["type"] in [entity["type"], *entity["alt_types"]]
            for ref in found
        )
    ]
    assert len(right) == len(must), [e["name"] for e in must if e not in right]
    true = [ref for ref in found if any(_matches(ref, entity) for entity in gold["entities"])]
    assert len(true) / len(found) >= 0.85, [ref for ref in found if ref not in true]


def test_people_sharing_a_surname_stay_apart():
    _, found = _found()
    people = {ref["name"] for ref in found if ref["type"] == "person"}
    assert {"James Lee", "Junmyung Lee", "Han Lee"} <= people
    assert not any(names.match_key(name) in ("lee", "mr lee") for name in people)


def test_a_huge_paragraph_is_read_in_pieces():
    filler = "the market was quiet and nothing much happened that day " * 400
    text = f"{filler}Angela Merkel met Emmanuel Macron in Paris. {filler}" * 3
    pieces = _chunks(text)
    assert all(len(piece) <= CHUNK for _, piece in pieces)
    assert "".join(piece for _, piece in pieces) == text
    found = {ref["name"] for ref in extract_entities(text)}
    assert {"Angela Merkel", "Emmanuel Macron", "Paris"} <= found


def test_a_table_of_names_is_not_prose():
    # As on a real page: a caption row long enough to read as a sentence would make the
    # whole grid prose, and every cell a name ("Furness (person)", "Email (person)").
    members = [("Barrow and Furness", "Simon Fell"), ("Aberconwy", "Robin Millar"),
               ("Bolton West", "Chris Green"), ("Carlisle", "John Stevenson")]  # fmt: skip
    table = (
        "|  |  |  |\n| --- | --- | --- |\n"
        "| TORY MPs: CONSTITUENCY, MEMBER OF PARLIAMENT AND EMAIL ADDRESSES |  |  |\n"
        "| Constituency | Member of Parliament | Email address |\n"
    ) + "".join(
        f"| {seat} | {name} | {name.lower().replace(' ', '.')}.mp@parliament.uk |\n"
        for seat, name in members
    )
    text = f"Keir Starmer spoke in Leeds on Monday.\n\n{table}\nHe left for London afterwards."
    assert {ref["name"] for ref in extract_entities(text)} == {"Keir Starmer", "Leeds", "London"}
