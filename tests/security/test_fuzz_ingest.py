"""Fuzz every ingest format with mutated seeds: one-line errors naming the input, never a traceback.

Sources come from the web and from users' downloads folders, so anything can
arrive: a page cut off mid-download, a JSON export with a flipped byte, a feed
with tag soup pasted in, ten thousand nested ``<div>``. Each generated source
is ingested through the same code path as ``dossier ingest`` followed by a
known-good source, and the test checks that:

- nothing raises out of the ingest (a traceback is a bug);
- every problem is one line that starts with the source's name;
- every article that was written loads back as valid content (what ingest
  writes, build must read);
- the good source after the bad one is still ingested.

Example counts are bounded for the default run; ``DOSSIER_FUZZ_EXAMPLES=5000``
runs longer. A final CLI test ingests a folder of mutated files with the real
command.
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dossier.content.documents import ContentError, load_document
from tests.conftest import FIXTURES, run_dossier
from tests.security.ingest_run import start

EXAMPLES = int(os.environ.get("DOSSIER_FUZZ_EXAMPLES", "0")) or None
FUZZ = settings(
    max_examples=EXAMPLES or 120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)

# Every seed and ingest fixture, by the format ingest should find in it.
SEEDS: dict[str, list[bytes]] = {
    "wordpress": [],
    "html": [],
    "text": [],
    "feed": [],
    "markdown": [],
}
for _path in sorted((FIXTURES / "seeds").glob("*")) + sorted((FIXTURES / "ingest").glob("*")):
    _data = _path.read_bytes()
    if _path.suffix == ".json" or _data.lstrip().startswith((b"{", b"[")):
        SEEDS["wordpress"].append(_data)
    elif _path.suffix == ".xml":
        SEEDS["feed"].append(_data)
    elif _path.suffix == ".html":
        SEEDS["html"].append(_data)
    elif _path.suffix == ".md":
        SEEDS["markdown"].append(_data)
    else:
        SEEDS["text"].append(_data)
SEEDS["feed"].append(
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title><item>'
    b"<title>Dock strike ends</title><link>https://wire.test/dock</link>"
    b"<pubDate>Tue, 02 Jan 2024 10:00:00 GMT</pubDate>"
    b"<description>&lt;p&gt;The dock strike ended on Tuesday after ten days.&lt;/p&gt;</description>"
    b"</item></channel></rss>"
)

SOUP = [
    b"<",
    b">",
    b"</div>",
    b"<div>",
    b"<p>",
    b"<table><tr><td>",
    b"<![CDATA[",
    b"]]>",
    b"<!--",
    b"-->",
    b"&",
    b"&#x0;",
    b"&#99999999;",
    b"&amp;",
    b'"',
    b"'",
    b"{",
    b"}",
    b"[",
    b"]",
    b'"content":',
    b'{"rendered":',
    b"\\u0000",
    b"\\ud800",
    b"\x00",
    b"\xff\xfe",
    b"\xef\xbb\xbf",
    b"\xc3",
    b"\r",
    b"\n---\n",
    b"---\ntitle: [\n",
    b"<script>alert(1)</script>",
    b"<img src=x onerror=alert(1)>",
    b'<a href="javascript:alert(1)">x</a>',
    b"<?xml version='1.0' encoding='utf-16'?>",
    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>&b;',
    b"<svg><math><style>",
    b"<title>",
    b"</title>",
    b'<meta charset="utf-7">',
    b"+ADw-script+AD4-",
]


@st.composite
def mutated(draw: st.DrawFn, fmt: str) -> bytes:
    """A seed of ``fmt`` after a few random truncations, byte flips, insertions and nestings."""
    data = bytearray(draw(st.sampled_from(SEEDS[fmt])))
    for _ in range(draw(st.integers(0, 6))):
        kind = draw(st.sampled_from(["cut", "flip", "insert", "soup", "nest", "repeat", "drop"]))
        at = draw(st.integers(0, len(data))) if data else 0
        if kind == "cut":
            del data[at:]
        elif kind == "flip" and data:
            at = min(at, len(data) - 1)
            data[at] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[at:at] = draw(st.binary(max_size=12))
        elif kind == "soup":
            data[at:at] = b"".join(draw(st.lists(st.sampled_from(SOUP), max_size=8)))
        elif kind == "nest":
            tag = draw(st.sampled_from([b"div", b"b", b"blockquote", b"li", b"table", b"["]))
            depth = draw(st.sampled_from([10, 300, 3000]))
            if tag == b"[":
                data[at:at] = b"[" * depth
            else:
                data[at:at] = b"<" + tag + b">" + (b"<" + tag + b">") * depth
        elif kind == "repeat":
            end = draw(st.integers(at, min(len(data), at + 200)))
            data[at:at] = data[at:end] * draw(st.integers(2, 20))
        elif kind == "drop":
            end = draw(st.integers(at, min(len(data), at + 50)))
            del data[at:end]
    return bytes(data)


@pytest.fixture(autouse=True, scope="module")
def no_fsync():
    """Durability is tested by the kill -9 tests; here fsync would only make each example slow."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(os, "fsync", lambda fd: None)
        yield


GOOD = (
    "good-control.md",
    b"---\ntitle: Harbour control story\ndate: 2024-02-01\n---\n\n"
    b"The harbour reopened on Thursday after the storm.\n",
)


def check_run(data: bytes, fmt: str | None) -> None:
    """Ingest ``data`` then a good source; assert the properties in the module docstring."""
    name = "fuzzed/source-under-test.bin"
    with tempfile.TemporaryDirectory(prefix="sec-fuzz-") as folder:
        run = start(Path(folder) / "p")
        run.add(name, data, fmt)
        written = run.articles
        for line in run.problems:
            assert "\n" not in line.strip(), f"a problem of more than one line: {line!r}"
            assert line.startswith(f"{name}: "), f"a problem that does not name its input: {line!r}"
            assert "Traceback" not in line and "internal error" not in line, line
        failed = run.ingest.tally.failed
        assert failed or written, f"neither an article nor an error: {run.info} {run.problems}"
        for file_name, file_data in written.items():
            try:
                load_document(
                    Path(file_name), "article", f"content/articles/{file_name}", file_data
                )
            except ContentError as exc:
                raise AssertionError(
                    f"ingest wrote {file_name} that build cannot read: {exc.line}: {exc.message}\n"
                    + file_data.decode("utf-8", "replace")[:2000]
                ) from None
        before = len(run.problems)
        run.add(*GOOD)
        assert run.problems[before:] == [], run.problems[before:]
        assert len(run.articles) == len(written) + 1, "the good source after it was lost"


@FUZZ
@given(mutated("wordpress"))
def test_wordpress_json_mutations(data: bytes):
    check_run(data, None)


@FUZZ
@given(mutated("html"))
def test_html_page_mutations(data: bytes):
    check_run(data, None)


@FUZZ
@given(mutated("text"))
def test_plain_text_mutations(data: bytes):
    check_run(data, None)


@FUZZ
@given(mutated("feed"))
def test_feed_mutations(data: bytes):
    check_run(data, None)


@FUZZ
@given(mutated("markdown"))
def test_markdown_mutations(data: bytes):
    check_run(data, None)


@FUZZ
@given(
    st.sampled_from(["wordpress", "html", "text", "feed", "markdown"]),
    st.sampled_from(list(SEEDS)).flatmap(mutated),
)
def test_any_source_read_as_any_forced_format(fmt: str, data: bytes):
    """``--format`` on the wrong kind of file must fail politely too."""
    check_run(data, fmt)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes):
    check_run(data, None)


def test_cli_reports_each_bad_file_on_one_line_and_ingests_the_rest(tmp_path: Path):
    """The real command on a folder of damaged copies of every fixture and two good sources."""
    sources = tmp_path / "sources"
    sources.mkdir()
    count = 0
    for fmt, seeds in SEEDS.items():
        for n, seed in enumerate(seeds):
            for cut in (0.1, 0.5, 0.9):
                (sources / f"{fmt}-{n}-cut{int(cut * 10)}.bin").write_bytes(
                    seed[: int(len(seed) * cut)]
                )
                count += 1
            flipped = bytearray(seed)
            for i in range(7, len(flipped), 97):
                flipped[i] ^= 0x55
            (sources / f"{fmt}-{n}-flipped.bin").write_bytes(bytes(flipped))
            count += 1
    (sources / "zz-good-1.md").write_bytes(GOOD[1])
    (sources / "zz-good-2.html").write_bytes(
        b"<html><head><title>Quay wall repaired</title></head><body><article><h1>Quay wall "
        b"repaired</h1><p>Workers finished repairing the old quay wall on Monday, the port "
        b"authority said, two weeks ahead of schedule.</p></article></body></html>"
    )
    project = tmp_path / "project"
    (project / "content" / "articles").mkdir(parents=True)
    (project / "dossier.yml").write_text("title: T\n")
    result = run_dossier("ingest", str(sources), "--no-entities", cwd=project, timeout=300)
    assert "Traceback" not in result.stderr + result.stdout
    problems = [
        line
        for line in result.stderr.splitlines()
        if line and not line.startswith(("ingest: ", "warning: entity extraction"))
    ]
    for line in problems:
        assert re.match(rf"{re.escape(str(sources))}/[\w.-]+: ", line), line
    failed = len({line.split(": ", 1)[0] for line in problems if ": warning: " not in line})
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith(f"ingest: {count + 2} sources"), summary
    reported = int(re.search(r"(\d+) failed", summary).group(1))
    assert failed <= reported
    assert result.returncode == (1 if reported else 0)  # the documented exit codes
    written = {p.name for p in (project / "content" / "articles").glob("*.md")}
    assert "harbour-control-story.md" in written and "quay-wall-repaired.md" in written
    for path in (project / "content" / "articles").glob("*.md"):
        load_document(path, "article", str(path), path.read_bytes())  # raises if unreadable
