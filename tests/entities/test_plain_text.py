"""What NER reads of a Markdown body: prose, fragments and speaker labels."""

from __future__ import annotations

from dossier.entities.plain_text import FRAGMENT, PROSE, blocks


def test_speaker_labels_bold_or_plain_with_roles():
    found = blocks(
        "**ARI SHAPIRO, HOST:**\n\nMeanwhile, the summit went on for hours today.\n\n"
        "PUTIN: (Speaking Russian).\n\n**L. KIM:** A band played the anthem for the guests.\n"
    )
    speakers = [(b.text, b.role) for b in found if b.kind == "speaker"]
    assert speakers == [("ARI SHAPIRO", "HOST"), ("PUTIN", ""), ("L. KIM", "")]
    prose = [b.text for b in found if b.kind == PROSE]
    assert prose == [
        "Meanwhile, the summit went on for hours today.",
        "A band played the anthem for the guests.",
    ]


def test_sound_cues_are_dropped_but_acronyms_in_parentheses_stay():
    found = blocks(
        "*(SOUNDBITE OF MILITARY BAND MUSIC)*\n\n(LAUGHTER)\n\n"
        "The Korean Central News Agency (KCNA) said the talks (SOUNDBITE OF CHEERS) went well.\n"
    )
    assert [b.text for b in found] == [
        "The Korean Central News Agency (KCNA) said the talks went well."
    ]


def test_chrome_lines_and_headings_are_fragments():
    found = blocks(
        "Play Live Radio\nNext Up:\n0:00\n\n## Talks In Geneva\n\nThey met in Geneva on Friday.\n"
    )
    assert [(b.kind, b.text) for b in found] == [
        (FRAGMENT, "Play Live Radio"),
        (FRAGMENT, "Next Up:"),
        (FRAGMENT, "Talks In Geneva"),
        (PROSE, "They met in Geneva on Friday."),
    ]


def test_a_long_paragraph_without_final_stop_is_prose():
    text = "Edward Wong has reported for The Times for more than 24 years. More about Edward Wong"
    assert blocks(text)[0].kind == PROSE


def test_markdown_inline_syntax_and_code_are_removed():
    found = blocks(
        "A [link text](http://x.org/a) and **bold** and `code` and [[Target|shown]] here.\n\n```\nKim\n```\n"
    )
    assert [b.text for b in found] == ["A link text and bold and and shown here."]
