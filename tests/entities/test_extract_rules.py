"""Each repair rule of the extraction, on small articles with other names than the seeds'."""

from __future__ import annotations

import pytest

from dossier.entities.extract import extract_entities, load_model


@pytest.fixture(scope="module", autouse=True)
def model():
    return load_model()


def names_of(found):
    return [ref["name"] for ref in found]


def types_of(found):
    return {ref["name"]: ref["type"] for ref in found}


TRANSCRIPT = """**MARY LOUISE KELLY, HOST:**

Emmanuel Macron met Olaf Scholz in Berlin today. NPR's Rob Schmitz reports from the German capital.

**ROB SCHMITZ, BYLINE:** The French president arrived at the Chancellery on Monday.

*(SOUNDBITE OF CROWD CHEERING)*

**SCHMITZ:** Crowds gathered outside to see Macron.

(SOUNDBITE OF ARCHIVED RECORDING)

**PRESIDENT EMMANUEL MACRON:** *(Speaking French)*.

**R. SCHMITZ:** Macron said Europe must stand together. Scholz agreed.
"""


def test_transcript_labels_are_speakers_and_cues_are_not_text():
    found = extract_entities(TRANSCRIPT, title="Macron And Scholz Agree To Boost Defense Spending")
    kinds = types_of(found)
    assert kinds["Mary Louise Kelly"] == "person"  # named only by her label
    assert kinds["Rob Schmitz"] == "person"
    assert kinds["Emmanuel Macron"] == "person"
    for false in ("SOUNDBITE", "HOST", "BYLINE", "Schmitz", "R. Schmitz", "Macron", "French"):
        assert false not in kinds
    assert not any("SOUNDBITE" in name or "Speaking" in name for name in kinds)


def test_headline_words_in_title_case_are_not_names():
    found = extract_entities(TRANSCRIPT, title="Macron And Scholz Agree To Boost Defense Spending")
    assert not any(
        word in name for name in names_of(found) for word in ("Agree", "Boost", "Defense")
    )
    assert names_of(found)[0] == "Emmanuel Macron"  # the headline counts for order


def test_two_people_sharing_a_surname_stay_apart():
    text = (
        "Serena Williams beat Naomi Osaka in New York on Saturday. Her sister Venus Williams "
        "watched from the stands. Williams said afterwards that the crowd had been loud. "
        "Ms. Osaka thanked the fans."
    )
    found = names_of(extract_entities(text))
    assert "Serena Williams" in found and "Venus Williams" in found
    assert "Williams" not in found and "Osaka" not in found


def test_initial_and_surname_label_resolves_to_the_full_name_with_that_initial():
    text = (
        "**JOHN RUWITCH, BYLINE:** Xu Zhang and John Zhang met in Shanghai on Tuesday.\n\n"
        "**J. ZHANG:** We talked about trade for a long time.\n\n"
        "**X. ZHANG:** It was a good meeting with my old friend.\n"
    )
    found = names_of(extract_entities(text))
    assert "J. Zhang" not in found and "X. Zhang" not in found
    assert {"John Ruwitch", "Xu Zhang", "John Zhang"} <= set(found)


def test_page_chrome_gives_no_entities():
    text = (
        "Subscribe Now\nSign In\nBerlin Stories\nListen Live\n\n"
        "Angela Merkel spoke in Berlin on Tuesday about the economy. Merkel said Germany would recover."
    )
    found = names_of(extract_entities(text))
    assert "Berlin Stories" not in found and "Listen Live" not in found
    assert {"Angela Merkel", "Berlin", "Germany"} <= set(found)
    assert "Merkel" not in found


def test_spans_cut_wrong_are_repaired():
    text = (
        "China was warned by Secretary of State Hillary R. Clinton in March. "
        "The Japan-South Korea summit was postponed. A member of the Presidium of the "
        "Supreme People's Assembly spoke. Moon Jae-in did not attend the meeting in Seoul."
    )
    kinds = types_of(extract_entities(text))
    assert kinds["Hillary R. Clinton"] == "person"
    assert "R. Clinton" not in kinds and "State" not in kinds
    assert kinds["Japan"] == "place" and kinds["South Korea"] == "place"
    assert kinds["Supreme People's Assembly"] == "organization"
    assert "Moon Jae-in" in kinds and "Moon Jae" not in kinds


def test_outlets_in_prose_are_organizations_with_their_article():
    text = (
        "She told The Guardian on Monday that the plan had failed. Reporters from "
        "The New York Times were present when the minister spoke."
    )
    kinds = types_of(extract_entities(text))
    assert kinds["The Guardian"] == "organization"
    assert kinds["The New York Times"] == "organization"


def test_acronyms_and_appositions_join_their_full_name():
    text = (
        "The International Atomic Energy Agency, or IAEA, will visit Iran next week. "
        "IAEA inspectors have not been there since May. Myanmar, formerly known as Burma, "
        "and the United Kingdom (U.K.) signed a deal. The U.K. government welcomed it."
    )
    found = extract_entities(text)
    kinds = types_of(found)
    assert kinds["International Atomic Energy Agency"] == "organization"
    assert "IAEA" not in kinds and "U.K." not in kinds
    assert kinds["United Kingdom"] == "place"


def test_head_noun_fixes_the_type():
    text = (
        "Analysts at the Stimson Center said the rocket flew from Baikonur Cosmodrome. "
        "Officials at Kennedy Space Center and Tokyo University agreed."
    )
    kinds = types_of(extract_entities(text))
    assert kinds["Stimson Center"] == "organization"
    assert kinds["Baikonur Cosmodrome"] == "place"
    assert kinds["Tokyo University"] == "organization"


def test_numbered_common_nouns_are_not_places():
    text = "The two Germanys were unified in 1990 after decades apart in Europe."
    assert "Germanys" not in names_of(extract_entities(text))


def test_markdown_syntax_is_not_read_as_text():
    text = (
        "# Talks In Geneva\n\n[Antonio Guterres](https://example.org/un) met **Jens Stoltenberg** "
        "in `Geneva` and in [[Brussels]] on Friday, aides said.\n"
    )
    found = names_of(extract_entities(text))
    assert "Antonio Guterres" in found and "Jens Stoltenberg" in found
    assert not any("http" in name or "[" in name or "*" in name for name in found)


def test_result_shape_and_order_of_first_appearance():
    found = extract_entities(
        "Olaf Scholz flew to Paris. Later he went to Rome with Giorgia Meloni."
    )
    assert all(set(ref) == {"name", "type"} for ref in found)
    assert names_of(found) == ["Olaf Scholz", "Paris", "Rome", "Giorgia Meloni"]


def test_empty_and_text_without_names():
    assert extract_entities("") == []
    assert extract_entities("It rained all day and nobody went out.") == []


def test_only_the_article_text_gives_entities_not_its_byline():
    found = extract_entities(
        "Olaf Scholz flew to Paris on Monday for talks.", authors=["Jane Perlez"]
    )
    assert names_of(found) == ["Olaf Scholz", "Paris"]


def test_context_types_a_name_better_than_the_model():
    text = (
        "WASHINGTON — Sasha Luccioni, a postdoctoral researcher at Mila, an AI research "
        "institute in Canada, spoke on Monday. Junmyung Lee, 30, of Dedham was arrested. "
        "Rep. Mark Meadows (R-N.C.) did not comment. Redistricting cracked the liberal enclave "
        "of Asheville. She safely delivered Archie during a cruel time, after her son Archie "
        "was born. Police came to the Copperfield area. Jeff Miller, a councilman in "
        "Hendersonville, who ran in 2010, disagreed."
    )
    kinds = types_of(extract_entities(text))
    assert kinds["Washington"] == "place"  # a dateline in capitals
    assert kinds["Mila"] == "organization"
    assert kinds["Dedham"] == "place"
    assert kinds["North Carolina"] == "place"
    assert kinds["Sasha Luccioni"] == "person"
    assert kinds["Asheville"] == "place"
    assert kinds["Archie"] == "person"
    assert kinds["Copperfield"] == "place"
    assert kinds["Hendersonville"] == "place"  # the "who" is Jeff Miller


def test_the_dossier_knows_names_and_types():
    text = (
        "Charities including the RSPB and RSPCA backed the plan. "
        "The deal with Netflix was signed in Lyon."
    )
    curated = [
        ("Royal Society for the Prevention of Cruelty to Animals", "organization", ["RSPCA"])
    ]
    known = [("Netflix", "organization", ())] * 3
    found = types_of(extract_entities(text, curated=curated, known=known))
    assert found["Royal Society for the Prevention of Cruelty to Animals"] == "organization"
    assert found["Netflix"] == "organization"  # three other articles outvote this one


def test_a_place_before_an_office_is_part_of_its_name():
    text = "Han Lee and Junmyung Lee were arraigned in Boston's U.S. District Court on Wednesday."
    kinds = types_of(extract_entities(text))
    assert kinds["U.S. District Court"] == "organization"
    assert "District Court" not in kinds
    text = (
        "Trolleys use the South Dade Transitway. Ex-Environment Secretary Theresa Villiers spoke."
    )
    kinds = types_of(extract_entities(text))
    assert "South Dade Transitway" in kinds and "Transitway" not in kinds
    assert not any(name.startswith("Ex-") for name in kinds)


def test_a_possessive_inside_a_business_name_stays_in_it():
    text = (
        "Marisol's Bakery and Cafe opened a third shop in Denver on Friday. "
        "Marisol's Bakery and Cafe was founded by Jorge Ruiz in 1998."
    )
    kinds = types_of(extract_entities(text))
    assert kinds.get("Marisol's Bakery and Cafe") == "organization", kinds
    text = "Lena Park met Ortiz Holdings. Park's Ortiz Holdings stake grew; Park said so."
    assert "Park's Ortiz Holdings" not in types_of(extract_entities(text))  # named alone too


def test_an_organisation_and_its_short_forms_are_one_entity():
    text = (
        "The Midwest Independent Transmission Operator, a nonprofit that runs the grid, "
        "warned of shortages. Midwest ITO said demand peaked on Monday, and the ITO "
        "asked utilities to cut loads, said Ann Ruiz, a spokeswoman for Midwest ITO."
    )
    found = [ref for ref in extract_entities(text) if ref["type"] == "organization"]
    assert len(found) == 1, found


def test_a_group_the_model_never_tags_is_found_by_its_repeated_the_name():
    text = (
        "Retired nurses, known as the Quiet Harvest, met Maria Lopez in Dayton. "
        "The group called itself the Quiet Harvest because it meets at night.\n\n"
        "Lopez works for the Ohio Department of Education in Columbus, "
        "and the Ohio Department of Health too."
    )
    kinds = types_of(extract_entities(text))
    assert kinds.get("Quiet Harvest") == "organization", kinds
    assert "Ohio Department" not in kinds  # the start of a name the model found


def _doc(text: str, labels: dict[str, str]):
    """A parsed text whose named tokens carry the given labels (what the model might say)."""
    from spacy.tokens import Span

    doc = load_model().make_doc(text)
    doc.ents = [Span(doc, t.i, t.i + 1, labels[t.text]) for t in doc if t.text in labels]
    return doc


def test_a_lone_name_paired_with_a_person_or_place_takes_its_type():
    from dossier.entities.extract import _paired_type

    doc = _doc("the duo of Okafor and Mercer", {"Okafor": "GPE", "Mercer": "PERSON"})
    assert _paired_type(doc, 3, {"darius okafor"}) == "person"  # a surname of the article
    assert _paired_type(doc, 3, {"okafor"}) is None
    doc = _doc("talks between Israel and Netanyahu", {"Israel": "GPE", "Netanyahu": "PERSON"})
    assert _paired_type(doc, 2, {"state of israel", "benjamin netanyahu"}) is None
    doc = _doc("brothels in Fairfax and Tysons", {"Fairfax": "GPE", "Tysons": "ORG"})
    assert _paired_type(doc, 4, set()) == "place"
    doc = _doc(
        "Fairfax and Tysons in Virginia", {"Fairfax": "GPE", "Tysons": "ORG", "Virginia": "GPE"}
    )
    assert _paired_type(doc, 2, set()) == "place"
    doc = _doc("a truce between Israel and Hamas", {"Israel": "GPE", "Hamas": "ORG"})
    assert _paired_type(doc, 5, set()) is None


def test_a_name_ending_in_a_legal_form_is_an_organisation():
    text = "The board voted to negotiate with local developer DelTor Sonoma LLC who represents it."
    kinds = types_of(extract_entities(text))
    assert "organization" in {kinds.get("Sonoma LLC"), kinds.get("DelTor Sonoma LLC")}, kinds


def test_a_name_cut_before_the_rest_of_an_institution_or_district_is_completed():
    text = (
        "Diaz was arrested in the Northern District of Illinois and is expected to be "
        "arraigned in Boston at a later date.\n\nThe case was brought by the U.S. Attorney’s "
        "Office in the region, Diaz said."
    )
    kinds = types_of(extract_entities(text))
    assert kinds.get("Northern District of Illinois") == "place", kinds
    assert kinds.get("U.S. Attorney's Office") == "organization", kinds
    assert "Northern District" not in kinds and "U.S." not in kinds


def test_a_name_that_owns_a_person_is_no_person():
    text = (
        "Peers also backed a call by Alba's Lord Kinnaird to keep out foods produced "
        "to standards lower than the UK's."
    )
    assert types_of(extract_entities(text)).get("Alba") == "organization"  # the model: person


def test_a_name_before_area_is_a_place():
    text = "Ruiz said his Dunmore-area seat was safe."
    assert types_of(extract_entities(text)).get("Dunmore") == "place"


def test_an_mp_for_a_seat_names_a_place_not_a_person():
    text = "Ann Reid, the Labour MP for Bolton Central, who backs the report, said it was unfair."
    assert types_of(extract_entities(text)).get("Bolton Central") == "place"


def test_a_nickname_in_quotes_is_no_new_person():
    text = (
        "Senator Rosa Delgado mocked Governor Tom Whitfield, whom she calls “Tiny Tom.” "
        "“What Tiny Tom is doing is a disgrace,” Delgado said on Monday."
    )
    found = extract_entities(text)
    assert not any("Tiny" in ref["name"] for ref in found), found
