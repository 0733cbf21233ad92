"""A model reads only its own language; other languages keep known and name-shaped names."""

from __future__ import annotations

from dossier.entities.extract import extract_entities
from dossier.entities.names_only import fold
from dossier.ingest.language import detect_language
from tests.entities.conftest import FIXTURES

GERMAN = (
    "Die Regierung von Präsident Daniel Ortega hat am Montag in Managua Demonstrationen "
    "verboten. Die Medien berichteten, dass die Behörden ein Jahr lang hart vorgingen. "
    "Laut Amnesty International wurden viele verhaftet. Die Regierung Demonstrationen "
    "verbietet, sagte die Sprecherin Besonderer Tipp. Die Firma Signa Holding GmbH schwieg. "
    "Auch Präsident Владимир Путин äußerte sich."
)
KNOWN = [  # entities of the dossier's English articles, one entry per article
    ("Daniel Ortega", "person", ()),
    ("Nicaragua", "place", ()),
    ("Nicaragua", "place", ()),
    ("Managua", "place", ()),  # one word found once: maybe a mistake of the model
    ("Vladimir Putin", "person", ("Vladimir V. Putin",)),
    ("Amnesty International", "organization", ()),
]


def test_language_detection():
    assert detect_language(GERMAN) == "de"
    assert detect_language("Le président a rencontré les ministres à Paris lundi matin.") == "fr"
    english = "The minister met the president in Paris on Monday, and they said that it went well."
    assert detect_language(english) == "en"
    assert detect_language("Paris 2024") == ""  # too short to tell


def test_german_keeps_only_known_and_name_shaped_names():
    found = extract_entities(
        GERMAN, title="Nicaragua verbietet Proteste", language="de", known=KNOWN
    )
    assert found == [
        {"name": "Nicaragua", "type": "place"},
        {"name": "Daniel Ortega", "type": "person"},
        {"name": "Amnesty International", "type": "organization"},
        {"name": "Signa Holding GmbH", "type": "organization"},
        {"name": "Vladimir Putin", "type": "person"},  # written in Cyrillic
    ]


def test_without_known_names_german_nouns_are_never_names():
    found = extract_entities(GERMAN, language="de-AT")
    assert found == [{"name": "Signa Holding GmbH", "type": "organization"}]


def test_french_is_read_by_the_french_model():
    found = extract_entities(
        "Le président Emmanuel Macron a rencontré Olaf Scholz à Berlin. Macron a salué "
        "la coopération entre la France et l'Allemagne.",
        language="fr",
    )
    kinds = {ref["name"]: ref["type"] for ref in found}
    assert kinds["Emmanuel Macron"] == "person" and kinds["Berlin"] == "place"
    assert "Macron" not in kinds


def test_fold_matches_across_scripts_and_diacritics():
    assert fold("Владимир Путин") == fold("Vladimir Putin")
    assert fold("Zürich") == fold("ZURICH")


def test_a_real_german_article_gives_names_only():
    """A union press release: dozens of capitalised nouns, four people, no model for German."""
    title, body = (FIXTURES / "de-dgb.md").read_text(encoding="utf-8").split("\n", 1)
    assert extract_entities(body, title=title[2:], language="de") == []
    people = [("Matthias Müller", "person", ()), ("Matthias Sammer", "person", ())]
    people += [("Stefan Raab", "person", ()), ("Stefan Kuntz", "person", ())]
    people += [("Ingo Appelt", "person", ())]  # one Ingo could be a mistake of the model
    found = extract_entities(body, title=title[2:], language="de", known=people)
    assert [ref["name"] for ref in found] == ["Matthias Körner", "Stefan Marx"]


def test_ingest_detects_the_language_and_uses_the_dossiers_names(tmp_path):
    from tests.ingest.conftest import CONFIG, articles, ingest, meta_of

    root = tmp_path / "project"
    (root / "content" / "articles").mkdir(parents=True)
    (root / "content" / "entities").mkdir()
    (root / "dossier.yml").write_text(CONFIG, encoding="utf-8")
    (root / "content" / "entities" / "daniel-ortega.md").write_text(
        "---\nname: Daniel Ortega\ntype: person\naliases: []\n---\n", encoding="utf-8"
    )
    source = tmp_path / "nicaragua.txt"
    source.write_text(f"Nicaragua verbietet Proteste\n\n{GERMAN}\n", encoding="utf-8")
    result = ingest(root, source, entities=True)
    assert result.returncode == 0, result.stderr
    [text] = articles(root).values()
    meta, _ = meta_of(text)
    assert meta["language"] == "de"
    assert meta["entities"] == [
        {"name": "Daniel Ortega", "type": "person"},
        {"name": "Signa Holding GmbH", "type": "organization"},
    ]
