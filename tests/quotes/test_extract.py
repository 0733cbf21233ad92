"""Quotation patterns of English news prose and transcripts, on small hand-written articles."""

from __future__ import annotations

from dossier.quotes.extract import extract_quotes

PEOPLE = [
    {"name": "Adrienne Watson", "type": "person"},
    {"name": "Sergei K. Shoigu", "type": "person"},
    {"name": "Jean H. Lee", "type": "person"},
    {"name": "Wilson Center", "type": "organization"},
]


def pairs(body: str, entities: list[dict] = PEOPLE) -> list[tuple[str, str, str]]:
    return [(q.speaker, q.text, q.cue) for q in extract_quotes(body, entities)]


def test_pronoun_after_the_quote_goes_to_the_speaker_of_the_paragraph_before_not_the_last_named():
    body = (
        "Adrienne Watson, a National Security Council spokeswoman, said in a statement that "
        "Sergei K. Shoigu, the Russian defense minister, traveled to North Korea.\n\n"
        "“As we have warned publicly, talks are actively advancing,” she said. "
        "“We have information that they will continue.”"
    )
    assert pairs(body) == [
        ("Adrienne Watson", "As we have warned publicly, talks are actively advancing", "said"),
        ("Adrienne Watson", "We have information that they will continue.", "said"),
    ]


def test_said_then_name_with_apposition_and_the_quote_continued_after_the_attribution():
    body = (
        "“The alliance comes at an opportune time,” said Jean H. Lee, a recent senior fellow "
        "at the Wilson Center. “It’s the resurrection of a traditional alliance.”"
    )
    assert pairs(body) == [
        ("Jean H. Lee", "The alliance comes at an opportune time", "said"),
        ("Jean H. Lee", "It’s the resurrection of a traditional alliance.", "said"),
    ]


def test_speaker_and_colon_before_the_quote():
    people = [{"name": "Mark Harper", "type": "person"}, {"name": "Matt Hancock", "type": "person"}]
    body = "Former chief whip Mark Harper told him: “These were 12 pages of detailed laws.”"
    assert pairs(body, people) == [("Mark Harper", "These were 12 pages of detailed laws.", "told")]
    body = 'Mr Hancock responded: "Sometimes in this pandemic we have had to move fast."'
    assert pairs(body, people)[0][:2] == (
        "Matt Hancock",
        "Sometimes in this pandemic we have had to move fast.",
    )


def test_a_quote_over_several_paragraphs_is_one_quotation():
    people = [{"name": "Jim Dunham", "type": "person"}]
    body = (
        "“Amazon has avoided being liable for years,” noted product liability lawyer Jim Dunham.\n\n"
        "“Most courts have said they’re not a seller at all.\n\n"
        "“If it continues to hold up, Amazon is going to have to take a step back.\n\n"
        "“But, remember, Amazon has proven to have a lot of fight in them.”\n\n"
        "Amazon is expected to appeal."
    )
    assert pairs(body, people) == [
        ("Jim Dunham", "Amazon has avoided being liable for years", "noted"),
        (
            "Jim Dunham",
            "Most courts have said they’re not a seller at all. If it continues to hold up, Amazon "
            "is going to have to take a step back. But, remember, Amazon has proven to have a lot "
            "of fight in them.",
            "noted",
        ),
    ]


def test_surname_title_and_fragment_governed_by_the_speech_verb():
    people = [
        {"name": "John F. Kirby", "type": "person"},
        {"name": "Bill Powers", "type": "person"},
    ]
    body = (
        "A White House spokesman, John F. Kirby, said talks were “actively advancing.” "
        "Officials declined to say more.\n\n"
        "“This should not have triggered blackouts,” Mr. Powers said."
    )
    assert pairs(body, people) == [
        ("John F. Kirby", "actively advancing.", "said"),
        ("Bill Powers", "This should not have triggered blackouts", "said"),
    ]


def test_the_sentence_before_names_the_speaker():
    people = [{"name": "Alex Barrios", "type": "person"}]
    body = "The priorities would reverse, Mr. Barrios said. “The service is in the direction of rush hour.”"
    assert pairs(body, people) == [
        ("Alex Barrios", "The service is in the direction of rush hour.", "said")
    ]


def test_scare_quotes_and_titles_are_not_quotations():
    people = [{"name": "Alex Borstein", "type": "person"}]
    body = (
        "A “booming” sex ring was busted, and the film “Parasite” won. "
        "Alex Borstein said the prize should have gone to “Fleabag.” "
        "Bloomberg argued for throwing minorities “up against walls” and frisking them."
    )
    assert pairs(body, people) == []


def test_an_unresolved_speaker_is_kept_as_written_and_marked():
    quotes = extract_quotes(
        "“That’s a city, not rural recreation,” said one person at the meeting.", []
    )
    assert [(q.speaker, q.resolved) for q in quotes] == [("one person", False)]
    quotes = extract_quotes("“It is a big risk,” said Paul Begala, a longtime advisor.", [])
    assert [(q.speaker, q.resolved) for q in quotes] == [("Paul Begala", False)]


def test_a_pronoun_with_no_one_named_before_stays_a_pronoun_and_is_marked():
    quotes = extract_quotes("“We will appeal,” she said.", PEOPLE)
    assert [(q.speaker, q.resolved) for q in quotes] == [("she", False)]


def test_she_replied_after_a_question_to_her_goes_to_the_one_asked():
    people = [
        {"name": "Jay Inslee", "type": "person"},
        {"name": "Raquel Montoya-Lewis", "type": "person"},
    ]
    body = (
        "“She is the best person for the job,” Gov. Inslee said.\n\n"
        "At a press conference, a reporter asked Montoya-Lewis, “What is the biggest problem?”\n\n"
        "“The biggest hurdle is getting people to understand,” she replied."
    )
    assert pairs(body, people) == [
        ("Jay Inslee", "She is the best person for the job", "said"),
        ("Raquel Montoya-Lewis", "The biggest hurdle is getting people to understand", "replied"),
    ]


def test_transcript_turns_are_quotations_of_the_labelled_speakers():
    people = [
        {"name": "Ari Shapiro", "type": "person"},
        {"name": "Lucian Kim", "type": "person"},
        {"name": "Vladimir Putin", "type": "person"},
        {"name": "Kim Jong Un", "type": "person"},
    ]
    body = (
        "**ARI SHAPIRO, HOST:** Kim Jong Un met today with Vladimir Putin.\n\n"
        "**LUCIAN KIM, BYLINE:** An armored train pulled into Vladivostok station.\n\n"
        "*(SOUNDBITE OF ARCHIVED RECORDING)*\n\n"
        "**PRESIDENT VLADIMIR PUTIN:** (Speaking Russian).\n\n"
        "**L. KIM:** Kim raised a toast.\n\n"
        "**SUPREME LEADER KIM JONG UN:** (Speaking Korean).\n\n"
        "**MARY SMITH:** I was there."
    )
    assert [(q.speaker, q.text, q.resolved) for q in extract_quotes(body, people)] == [
        ("Ari Shapiro", "Kim Jong Un met today with Vladimir Putin.", True),
        ("Lucian Kim", "An armored train pulled into Vladivostok station.", True),
        ("Vladimir Putin", "(Speaking Russian)", True),
        ("Lucian Kim", "Kim raised a toast.", True),
        ("Kim Jong Un", "(Speaking Korean)", True),
        ("Mary Smith", "I was there.", False),
    ]
    assert {q.cue for q in extract_quotes(body, people)} == {"transcript"}


def test_spokesperson_of_an_organisation_speaks_for_it():
    orgs = [
        {"name": "Jo Grady", "type": "person"},
        {"name": "UCEA", "type": "organization"},
    ]
    body = (
        "Jo Grady said students would be shocked.\n\n"
        "But a spokesperson for the Universities and Colleges Employers’ Association (UCEA) said "
        "its members had been reducing zero-hours contracts.\n\n"
        "“UCEA has worked with UCU to understand employment,” he said."
    )
    assert pairs(body, orgs) == [
        ("UCEA", "UCEA has worked with UCU to understand employment", "said")
    ]
