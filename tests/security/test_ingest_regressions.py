"""Ingest bugs found by the security tests, each pinned by the smallest source that showed it."""

from __future__ import annotations

import json
from pathlib import Path

from dossier.ingest import html_page
from dossier.ingest.metadata import canonical_url, outlet_from_url, web_url
from tests.security.ingest_run import start


def test_posts_sharing_a_non_web_link_are_not_taken_for_copies(tmp_path: Path):
    """Every post whose link was ``javascript:...`` used to be "already ingested": 19 of 40 lost."""
    posts = [
        {
            "link": "javascript:alert(1)",
            "title": {"rendered": f"Story number {n}"},
            "content": {"rendered": f"<p>Entirely different text for story {n}.</p>"},
        }
        for n in range(3)
    ]
    run = start(tmp_path / "p")
    run.add("posts.json", json.dumps(posts).encode())
    assert run.ingest.tally.written == 3, run.info + run.problems
    assert canonical_url("javascript:alert(1)") == "" and canonical_url("not a url") == ""
    assert canonical_url("https://www.x.test/a/?utm_source=y#z") == "https://x.test/a"


def test_an_unsplittable_url_costs_the_url_not_the_article(tmp_path: Path):
    """``url: http://[oops`` made urllib raise, and the Markdown source "could not be read"."""
    run = start(tmp_path / "p")
    run.add("note.md", b"---\ntitle: Quay note\nurl: http://[oops\n---\n\nThe quay is open.\n")
    assert run.problems == [] and run.ingest.tally.written == 1
    text = (tmp_path / "p" / "content" / "articles" / "quay-note.md").read_text()
    assert "url: ''" in text or "url: \n" in text or "url:\n" in text
    assert web_url("http://[oops") == "" and outlet_from_url("http://[oops") == ""


def test_a_control_character_reference_in_a_link_does_not_lose_the_page():
    """trafilatura returned nothing for a page with ``<a href="&#14;javascript:...">``."""
    page = (
        "<html><head><title>Dock strike ends</title></head><body><article><h1>Dock strike ends"
        "</h1><p>The dock strike ended on Tuesday after ten days of talks between the union "
        "and the port.</p><p><a href=\" &#14;javascript:alert('x')\">x</a> and &#xFFFE;"
        "&#0; more.</p><p>Work resumes on Wednesday morning, the union said.</p>"
        "</article></body></html>"
    )
    parsed = html_page.parse(page)
    assert len(parsed.articles) == 1
    body = parsed.articles[0].body
    assert "Work resumes" in body and "javascript" not in body and "\x0e" not in body


def test_a_yaml_reader_error_in_a_markdown_source_is_one_line(tmp_path: Path):
    run = start(tmp_path / "p")
    run.add("bad.md", b"---\ntitle: T\ndate: 7 March \x12024\n---\n\nText.\n")
    assert len(run.problems) == 1
    assert run.problems[0].startswith("bad.md: ") and "\n" not in run.problems[0]


def test_temporary_files_of_a_killed_ingest_are_removed_by_the_next(tmp_path: Path):
    """A kill between write and rename left ``.x.md.abcd1234.tmp`` forever; now the next run tidies."""
    folder = tmp_path / "p" / "content" / "articles"
    folder.mkdir(parents=True)
    stale = folder / ".some-story.md.k3x9_q2a.tmp"
    stale.write_text("half an arti")
    notes = folder / ".my-notes.md.swp"  # an editor's file: not ours, left alone
    notes.write_text("x")
    run = start(tmp_path / "p")
    assert not stale.exists() and notes.exists()
    assert any("removed 1 temporary file" in line for line in run.info)


def test_a_second_ingest_waits_for_the_first(tmp_path: Path):
    """The lock is an flock: held while a run writes, released by the kernel when it ends."""
    import subprocess
    import sys
    import time

    from dossier.ingest.run_lock import IngestLock

    folder = tmp_path / "p" / "content" / "articles"
    first = IngestLock(folder)
    first.acquire(lambda line: None)
    waiter = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from pathlib import Path; from dossier.ingest.run_lock import IngestLock; "
            "IngestLock(Path(sys.argv[1])).acquire(lambda line: print(line, flush=True)); "
            "print('acquired', flush=True)",
            str(folder),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert waiter.stdout is not None
        assert "waiting for another" in waiter.stdout.readline()
        time.sleep(0.2)
        assert waiter.poll() is None  # still waiting
        first.release()
        assert waiter.stdout.readline().strip() == "acquired"
        assert waiter.wait(timeout=10) == 0
    finally:
        if waiter.poll() is None:
            waiter.kill()
            waiter.wait()


def test_lone_surrogate_escapes_do_not_crash_the_run(tmp_path: Path):
    r"""``"\ud800"`` in JSON (or YAML) is a Python string UTF-8 cannot write: ingest raised."""
    post = (
        b'{"link": "https://\\ud800blog.test/one/", "title": {"rendered": "Ferry \\udc00 news"},'
        b' "content": {"rendered": "<p>The ferry runs \\ud800 twice a day from July.</p>"}}'
    )
    note = b'---\ntitle: "Quay \\ud800 note"\n---\n\nThe quay is open.\n'
    run = start(tmp_path / "p")
    run.add("post.json", post)
    run.add("note.md", note)
    assert [line for line in run.problems if "warning" not in line] == [
        "note.md: line 2: invalid YAML in front matter: found invalid Unicode character escape code"
    ]  # PyYAML refuses the escape itself: a clear one-line error
    assert run.ingest.tally.written == 1
    for data in run.articles.values():
        assert "\ufffd" in data.decode("utf-8")


def test_a_cut_in_a_json_key_with_a_line_break_is_a_one_line_error(tmp_path: Path):
    run = start(tmp_path / "p")
    run.add("post.json", b'{"id": 7, "date": "2020-01-01T00:00:00", "\nlink"')
    assert len(run.problems) == 1 and "\n" not in run.problems[0], run.problems
    assert "\\nlink" in run.problems[0]


def test_deep_nesting_and_long_spaces_in_html_take_linear_time(tmp_path: Path):
    """100,000 nested tags took minutes in nh3 (quadratic in depth), and long runs of spaces
    minutes in markdownify; nested blockquotes ended in RecursionError and a lost article."""
    import time

    deep = 100_000
    for tag in ("div", "blockquote"):
        content = f"<{tag}>" * deep + "<p>The harbour text.</p>" + f"</{tag}>" * deep
        post = {"title": {"rendered": "Deep"}, "content": {"rendered": content + " " * deep}}
        run = start(tmp_path / tag)
        started = time.perf_counter()
        run.add("deep.json", json.dumps(post).encode())
        assert time.perf_counter() - started < 20
        assert run.problems == [] and run.ingest.tally.written == 1
        assert any(b"The harbour text." in data for data in run.articles.values())
