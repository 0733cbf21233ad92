"""The fixture dossier, built, must equal the committed output file by file.

After a deliberate change to the output run ``python tests/update_goldens.py``
and review the diff.
"""

from pathlib import Path

from tests.update_goldens import GOLDEN, golden_files


def test_fixture_site_matches_golden_output():
    built = golden_files()
    expected = {
        p.relative_to(GOLDEN).as_posix(): p.read_bytes() for p in GOLDEN.rglob("*") if p.is_file()
    }
    assert sorted(built) == sorted(expected), "set of output files changed"
    for name, data in sorted(built.items()):
        assert data.decode() == expected[name].decode(), (
            f"{name} differs from tests/golden/site/{name}"
        )


def test_build_is_byte_for_byte_deterministic():
    assert golden_files() == golden_files()


def test_golden_has_every_page_kind():
    names = {p.relative_to(GOLDEN).as_posix() for p in Path(GOLDEN).rglob("*.html")}
    for expected in (
        "index.html",
        "404.html",
        "timeline/index.html",
        "entities/index.html",
        "topics/index.html",
        "articles/port-deal-signed/index.html",
        "entities/maria-costa/index.html",
        "topics/trade/index.html",
        "pages/about/index.html",
    ):
        assert expected in names
