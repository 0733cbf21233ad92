"""Name normalisation: titles, case, hyphens, possessives, abbreviations, acronyms."""

from __future__ import annotations

import pytest

from dossier.entities import names


@pytest.mark.parametrize(
    ("written", "plain"),
    [
        ("Supreme Leader Kim Jong Un", "Kim Jong Un"),
        ("PRESIDENT VLADIMIR PUTIN", "VLADIMIR PUTIN"),
        ("Russian President Vladimir Putin", "Vladimir Putin"),
        ("Secretary of State Antony J. Blinken", "Antony J. Blinken"),
        ("Mr. Kim", "Kim"),
        ("Dr. Anthony Fauci", "Anthony Fauci"),
        ("Prime Minister Naoto Kan", "Naoto Kan"),
        ("President", "President"),  # never stripped to nothing
        ("John Major", "John Major"),  # an office word inside a name stays
    ],
)
def test_titles_are_stripped_for_matching(written, plain):
    assert names.strip_titles(written) == plain


def test_match_key_ignores_case_hyphens_possessives_and_the():
    assert names.match_key("Kim Jong-un") == names.match_key("KIM JONG UN") == "kim jong un"
    assert names.match_key("North Korea\u2019s") == names.match_key("North Korea") == "north korea"
    assert names.match_key("Vladimir V. Putin") == "vladimir v putin"
    assert names.match_key("The Times") == names.match_key("the Times") == "times"
    assert names.person_key("Mr. Putin's") == "putin"


def test_clean_trims_cut_punctuation():
    assert names.clean("North Korea-") == "North Korea"
    assert names.clean("  “Kim Jong Un”, ") == "Kim Jong Un"


@pytest.mark.parametrize(
    ("name", "family"),
    [
        ("Kim Jong Un", "kim"),
        ("Xi Jinping", "xi"),
        ("Lucian Kim", "kim"),
        ("Jean H. Lee", "lee"),
        ("Vladimir V. Putin", "putin"),
    ],
)
def test_surname_position(name, family):
    assert names.surname(name) == family


@pytest.mark.parametrize(
    ("short", "full", "expected"),
    [
        ("Putin", "Vladimir V. Putin", True),
        ("Vladimir Putin", "Vladimir V. Putin", True),
        ("Mr. Putin", "Vladimir Putin", True),
        ("L. KIM", "Lucian Kim", True),
        ("L. Kim", "Kim Jong Un", False),
        ("Kim", "Kim Jong Un", True),
        ("Un", "Kim Jong Un", False),
        ("Kim Jong-il", "Kim Jong Un", False),
        ("J. Blinken", "Antony J. Blinken", True),
        ("Venus Williams", "Serena Williams", False),
        ("Kim Jong Un", "Kim Jong Un", False),
    ],
)
def test_abbreviates(short, full, expected):
    assert names.abbreviates(short, full) is expected


def test_acronyms():
    assert names.acronym("Korean Central News Agency") == "KCNA"
    assert names.acronym("Democratic People\u2019s Republic of Korea") == "DPRK"
    assert names.acronym("Russia") == ""
    assert names.as_acronym("U.S.") == names.acronym("United States") == "US"
    assert names.as_acronym("us") == "" and names.as_acronym("Kim") == ""
