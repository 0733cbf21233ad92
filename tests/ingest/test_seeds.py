"""Both seed sources through the real ``dossier ingest``: every field and the body checked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dossier.content.documents import load_document
from dossier.ingest.tolerant_json import scan
from tests.ingest.conftest import CONFIG, NPR_SEED, WP_SEED, articles, ingest, meta_of

NPR_FILE = "north-korea-russia-summit-intended-to-send-a-signal-to-u-s.md"
WP_FILE = "kim-jong-un-and-putin-plan-to-meet-in-russia-to-discuss-weapons.md"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, str]:
    root = tmp_path_factory.mktemp("seeded")
    (root / "content" / "articles").mkdir(parents=True)
    (root / "dossier.yml").write_text(CONFIG, encoding="utf-8")
    result = ingest(root, NPR_SEED, WP_SEED)
    return root, result.stderr, str(result.returncode)


def test_both_seeds_become_articles_that_validate(seeded: tuple[Path, str, str]) -> None:
    root, stderr, status = seeded
    assert status == "0", stderr
    files = articles(root)
    assert sorted(files) == sorted([NPR_FILE, WP_FILE])
    for name, text in files.items():
        path = root / "content" / "articles" / name
        document = load_document(path, "article", name, text.encode("utf-8"))
        assert document.title
    assert "Traceback" not in stderr


def test_wordpress_seed_fields(seeded: tuple[Path, str, str]) -> None:
    meta, _ = meta_of(articles(seeded[0])[WP_FILE])
    assert meta["title"] == "Kim Jong-un and Putin Plan to Meet in Russia to Discuss Weapons"
    assert meta["date"] == "2023-09-05T17:09:58+00:00"
    assert meta["authors"] == ["Edward Wong", "Julian E. Barnes"]
    assert meta["source"] == "leviolonrouge.com"
    assert meta["original_source"] == "The Times"
    assert meta["url"] == (
        "https://leviolonrouge.com/politics/kim-jong-un-and-putin-plan-to-meet-in-russia-to-discuss-weapons/"
    )
    assert meta["summary"].startswith("Kim Jong-un, the leader of North Korea, plans to travel to Russia")
    assert meta["language"] == "en"
    assert meta["format"] == "wordpress"
    assert meta["ingested_from"] == WP_SEED.name
    assert re.fullmatch(r"[0-9a-f]{64}", meta["sha256"])
    assert set(meta["author_bios"]) == {"Edward Wong", "Julian E. Barnes"}
    assert meta["author_bios"]["Edward Wong"].startswith("Edward Wong is a diplomatic correspondent")
    assert "More about" not in meta["author_bios"]["Julian E. Barnes"]
    assert "Russia and North Korea" in meta["topics"]  # rule on "Vladivostok"


def test_wordpress_seed_salvage_is_reported(seeded: tuple[Path, str, str]) -> None:
    stderr = seeded[1]
    line = next(line for line in stderr.splitlines() if WP_SEED.name in line)
    assert "warning: cut off inside content.rendered" in line
    assert "salvaged title, date, link, slug, 30 paragraphs and 2 author bios" in line
    meta, _ = meta_of(articles(seeded[0])[WP_FILE])
    assert "body" in meta["needs_review"]


def test_wordpress_seed_body_keeps_every_paragraph_and_no_markup(seeded: tuple[Path, str, str]) -> None:
    body = meta_of(articles(seeded[0])[WP_FILE])[1].strip()
    raw = scan(WP_SEED.read_text(encoding="utf-8")).value["content"]["rendered"]
    source_paragraphs = [re.sub(r"<[^>]+>", "", p).strip() for p in raw.split("</p>") if p.strip()]
    story = source_paragraphs[:-2]  # the last two are the bios
    paragraphs = body.split("\n\n")
    assert len(story) == 30 and len(paragraphs) == 30
    for expected, got in zip(story, paragraphs, strict=True):
        assert got == re.sub(r"\s+", " ", expected)
    for leftover in ("<", "\\u2019", "</p>", "span", "Edward Wong", "Julian E. Barnes", "More about"):
        assert leftover not in body
    assert "North Korea’s capital" in body  # \u2019 decoded


def test_npr_seed_fields(seeded: tuple[Path, str, str]) -> None:
    meta, _ = meta_of(articles(seeded[0])[NPR_FILE])
    assert meta["title"] == "North Korea-Russia Summit Intended To Send A Signal To U.S."
    assert meta["date"] == ""
    assert meta["needs_review"] == ["date"]
    assert meta["authors"] == ["Lucian Kim"]
    assert meta["source"] == "NPR"
    assert meta["url"] == ""
    assert meta["rights"] == "Transcript provided by NPR, Copyright NPR."
    assert meta["author_bios"] == {
        "Lucian Kim": "Lucian Kim is NPR's international correspondent based in Moscow. He has been "
        "reporting on Europe and the former Soviet Union for the past two decades."
    }
    assert meta["summary"].startswith("Meanwhile, Kim Jong Un met today with Russian President Vladimir Putin.")
    assert meta["format"] == "text"
    assert meta["language"] == "en"
    assert "Russia and North Korea" in meta["topics"]


def test_npr_seed_body_has_no_chrome_and_bold_labels(seeded: tuple[Path, str, str]) -> None:
    body = meta_of(articles(seeded[0])[NPR_FILE])[1].strip()
    for chrome in ("Play Live Radio", "Next Up", "0:00", "Available On Air Stations", "©",
                   "Colorado Stories", "Transcript provided by", "is NPR's international correspondent"):  # fmt: skip
        assert chrome not in body
    blocks = body.split("\n\n")
    assert blocks[0].startswith("**ARI SHAPIRO, HOST:** Meanwhile, Kim Jong Un met today")
    labels = re.findall(r"^\*\*([A-Z .,']+):\*\* ", body, re.M)
    assert labels == [
        "ARI SHAPIRO, HOST", "LUCIAN KIM, BYLINE", "L. KIM", "PRESIDENT VLADIMIR PUTIN", "L. KIM",
        "SUPREME LEADER KIM JONG UN", "L. KIM", "L. KIM", "PUTIN", "L. KIM", "PUTIN", "L. KIM",
    ]  # fmt: skip
    cues = [block for block in blocks if block.startswith("*(")]
    assert cues == [
        "*(SOUNDBITE OF MILITARY BAND MUSIC)*", "*(SOUNDBITE OF ARCHIVED RECORDING)*",
        "*(SOUNDBITE OF ARCHIVED RECORDING)*", "*(SOUNDBITE OF GLASSES CLINKING)*",
        "*(SOUNDBITE OF ARCHIVED RECORDING)*", "*(SOUNDBITE OF ARCHIVED RECORDING)*",
    ]  # fmt: skip
    assert len(blocks) == 18  # 12 turns and 6 cues: every paragraph of the transcript kept
    assert blocks[-1].endswith("Lucian Kim, NPR News, Moscow.")


def test_npr_seed_every_paragraph_of_the_transcript_kept(seeded: tuple[Path, str, str]) -> None:
    body = meta_of(articles(seeded[0])[NPR_FILE])[1]
    source = NPR_SEED.read_text(encoding="utf-8")
    story = source.split("ARI SHAPIRO, HOST:", 1)[1].split(" Transcript provided by")[0]
    for paragraph in story.split("\n\n"):
        words = re.sub(r"^[A-Z .,']+:\s*", "", paragraph.strip())
        if words:
            assert words in body, words
