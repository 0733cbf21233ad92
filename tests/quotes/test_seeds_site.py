"""End to end: ingest the two seeds, build, and read what Putin and Adrienne Watson said, where."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dossier.content import front_matter
from tests.conftest import FIXTURES, run_dossier
from tests.quotes.quote_scoring import load_gold, score_page

SEED_GOLD = {"003_a7f0a91c806c4f2d.txt": "seed-wordpress", "000_0c7a59ec6d6fc239.txt": "seed-npr"}


class _Ids(HTMLParser):
    """Element ids, and the text inside each quotation span."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: dict[str, dict[str, str]] = {}
        self.text: dict[str, str] = {}
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids[found["id"]] = found
        if tag == "span":
            self._open.append(found.get("id", "") if "quote" in found.get("class", "") else "")

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._open:
            self._open.pop()

    def handle_data(self, data: str) -> None:
        for anchor in self._open:
            if anchor:
                self.text[anchor] = self.text.get(anchor, "") + data


def parsed(path: Path) -> _Ids:
    ids = _Ids()
    ids.feed(path.read_text(encoding="utf-8"))
    return ids


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = tmp_path_factory.mktemp("seeded") / "project"
    made = run_dossier("init", str(project))
    assert made.returncode == 0, made.stderr
    for old in (project / "content" / "articles").glob("*.md"):
        old.unlink()
    seeds = sorted(str(p) for p in (FIXTURES / "seeds").glob("*.txt"))
    ingested = run_dossier("ingest", "-C", str(project), *seeds, timeout=300)
    assert ingested.returncode == 0, ingested.stderr
    built = run_dossier("build", "-C", str(project), "--no-search", timeout=300)
    assert built.returncode == 0, built.stderr
    return project


def test_ingest_writes_every_seed_quotation_with_its_speaker(seeded):
    gold = load_gold()
    for path in sorted((seeded / "content" / "articles").glob("*.md")):
        meta, _, _ = front_matter.parse(path.read_text(encoding="utf-8"))
        score = score_page(gold[SEED_GOLD[meta["ingested_from"]]], meta["quotes"])
        assert (score.misses, score.wrong) == ([], []), path.name
        assert "quotes" not in (meta.get("needs_review") or [])


def said(page: Path) -> list[tuple[str, str]]:
    """(quotation, link) of each item of an entity page's Said section."""
    html = page.read_text(encoding="utf-8")
    section = html.split('<section class="said"', 1)[1].split("</section>", 1)[0]
    items = re.findall(
        r'<p>(?:“(.*?)”|<em>(.*?)</em>.*?)</p></blockquote>\s*<p class="meta">.*?<a href="([^"]+)">',
        section,
        re.S,
    )
    return [(quoted or untranscribed, link) for quoted, untranscribed, link in items]


@pytest.mark.parametrize(
    ("slug", "speaker", "expected"),
    [
        (
            "adrienne-watson",
            "Adrienne Watson",
            ["As we have warned publicly", "We have information that Kim Jong-un"],
        ),
        ("vladimir-putin", "Vladimir Putin", ["(Speaking Russian)"] * 3),
        ("john-f-kirby", "John F. Kirby", ["actively advancing."]),
    ],
)
def test_speaker_pages_show_what_each_said_linked_to_the_quoted_sentence(
    seeded, slug, speaker, expected
):
    site = seeded / "build"
    page = site / "entities" / slug / "index.html"
    items = said(page)
    assert [
        text[: len(start)] for (text, _), start in zip(items, expected, strict=True)
    ] == expected
    for text, link in items:
        target, anchor = link.split("#")
        article = (page.parent / target / "index.html").resolve()
        ids = parsed(article)
        assert ids.ids[anchor]["class"] == "quote"
        assert ids.ids[anchor]["data-speaker"] == speaker
        assert " ".join(ids.text[anchor].split()).startswith(text.split("”")[0][:40])


def test_quotations_page_groups_by_speaker_and_is_in_the_navigation(seeded):
    site = seeded / "build"
    page = (site / "quotes" / "index.html").read_text(encoding="utf-8")
    headings = re.findall(r'<h2 id="speaker-\d+-heading">(?:<a [^>]*href="([^"]+)">)?([^<]+)', page)
    names = [name for _, name in headings]
    assert names[0] == "Lucian Kim"  # most quoted first: his seven turns
    assert {"Vladimir Putin", "Adrienne Watson", "Jean H. Lee", "Ari Shapiro"} <= set(names)
    assert all(link.startswith("../entities/") for link, _ in headings)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert '<a href="./quotes/">Quotations</a>' in home


def test_article_marks_each_quotation_with_its_speaker_and_a_search_filter(seeded):
    article = (
        seeded
        / "build"
        / "articles"
        / "kim-jong-un-and-putin-plan-to-meet-in-russia-to-discuss-weapons"
        / "index.html"
    )
    ids = parsed(article)
    speakers = [ids.ids[f"quote-{n}"]["data-speaker"] for n in range(1, 8)]
    assert speakers[:3] == ["John F. Kirby", "Adrienne Watson", "Adrienne Watson"]
    html = article.read_text(encoding="utf-8")
    assert 'data-pagefind-filter="speaker:Adrienne Watson"' in html
