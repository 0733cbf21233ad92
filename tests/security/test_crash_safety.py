"""kill -9 at random moments during real ``dossier build`` and ``dossier ingest`` runs.

A dossier holds months of work, and laptops run out of battery. Whatever
moment a run dies at:

- ``build/`` is exactly a complete earlier site or the complete new one
  (compared file by file with known-good builds of both contents);
- every article is the old file or the complete new one, a file edited by hand
  is never touched, and every file loads as valid content;
- the next run needs no help: it succeeds, gives the right site, and the
  temporary files a killed run left behind do not pile up.

The kill is ``SIGKILL`` to the whole process group (the command and any child,
such as Pagefind), at a delay drawn uniformly over a normal run's duration, so
kills land in start-up, loading, rendering, writing the staging folder, the
swap and the cache save. ``DOSSIER_KILLS`` sets the number of kills per test and
``DOSSIER_KILL_SEED`` the random moments.
"""

from __future__ import annotations

import hashlib
import os
import random
import re
import shutil
import signal
import subprocess
import time
from pathlib import Path

from dossier.content.documents import load_document
from tests.conftest import DOSSIER, FIXTURES, dossier_env

KILLS = int(os.environ.get("DOSSIER_KILLS", "20"))


def tree(folder: Path) -> dict[str, str]:
    """Every file under ``folder``: relative name -> sha256 of its bytes.

    The ``.dossier-build`` marker only has to be there: what it says may name the build.
    """
    files = {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }
    if ".dossier-build" in files:
        files[".dossier-build"] = "present"
    return files


def leftovers(project: Path) -> list[str]:
    """Temporary files and folders that runs leave while they work (and a killed run keeps)."""
    found = [p.name for p in project.glob(".build.tmp-*")]
    cache = project / ".dossier-cache"
    folders = [project / "content" / "articles", cache]
    for folder in folders:
        if folder.is_dir():
            found += [p.name for p in folder.iterdir() if re.fullmatch(r"\..+\.tmp", p.name)]
    found += [p.name for p in (project / ".build.back").rglob("*.dossier-tmp")]
    return found


def run_and_kill(args: list[str], delay: float, timeout: float = 60) -> bool:
    """Run ``dossier ARGS``, SIGKILL its process group after ``delay`` s; whether it was killed.

    A run that ends by itself before the delay must have succeeded.
    """
    process = subprocess.Popen(
        [*DOSSIER, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        env=dossier_env(),
    )
    try:
        try:
            _, err = process.communicate(timeout=delay)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate(timeout=timeout)
            return True
        assert process.returncode == 0, err.decode()
        return False
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def run_ok(args: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [*DOSSIER, *args], capture_output=True, text=True, timeout=timeout, env=dossier_env()
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return done


def generated_project(root: Path, articles: int = 80) -> Path:
    """The fixture dossier plus ``articles`` generated articles, so a build takes a moment."""
    shutil.copytree(FIXTURES / "site", root)
    folder = root / "content" / "articles"
    for n in range(articles):
        (folder / f"gen-{n:03}.md").write_text(
            f"---\ntitle: Generated story {n}\ndate: 2024-03-{n % 28 + 1:02d}\ntopics: [Trade]\n"
            f"entities: [{{name: Maria Costa, type: person}}]\n---\n\n"
            f"Story {n} about the harbour and [[Maria Costa]].\n\n" + "More text. " * 200 + "\n",
            encoding="utf-8",
        )
    return root


def content_state(project: Path, version: str) -> None:
    """Switch the content between two versions: ``b`` edits ten articles and adds two."""
    folder = project / "content" / "articles"
    for n in range(0, 80, 8):
        path = folder / f"gen-{n:03}.md"
        if not path.exists():
            continue
        text = re.sub(
            r"Story \d+ (about|version b of)",
            f"Story {n} {'about' if version == 'a' else 'version b of'}",
            path.read_text(),
        )
        path.write_text(text, encoding="utf-8")
    for n in (1, 2):
        extra = folder / f"added-{n}.md"
        if version == "b":
            extra.write_text(f"---\ntitle: Added {n}\n---\n\nAdded story {n}.\n", encoding="utf-8")
        else:
            extra.unlink(missing_ok=True)


def test_kill_9_during_build_leaves_a_complete_site(tmp_path: Path):
    project = generated_project(tmp_path / "project")
    known: dict[str, dict[str, str]] = {}
    for version in ("a", "b"):  # the known-good site of each content, built elsewhere
        content_state(project, version)
        run_ok(["build", "-C", str(project), "--no-search", "--out", str(tmp_path / version)])
        known[version] = tree(tmp_path / version)
    assert known["a"] != known["b"]
    shutil.rmtree(project / ".dossier-cache", ignore_errors=True)
    content_state(project, "a")
    run_ok(["build", "-C", str(project), "--no-search"])
    assert tree(project / "build") == known["a"]

    rng = random.Random(int(os.environ.get("DOSSIER_KILL_SEED", "8")))
    started = time.perf_counter()
    run_ok(["build", "-C", str(project), "--no-search"])
    duration = time.perf_counter() - started
    killed, version, most_leftovers = 0, "a", 0
    for attempt in range(KILLS):
        version = "b" if version == "a" else "a"
        content_state(project, version)
        began = time.perf_counter()
        if run_and_kill(
            ["build", "-C", str(project), "--no-search"], rng.uniform(0, duration * 1.3)
        ):
            killed += 1
        else:  # faster than the measured run (the host's load changed): aim earlier
            duration = min(duration, time.perf_counter() - began)
        site = tree(project / "build")
        assert site in (known["a"], known["b"]), f"kill {attempt}: build/ is neither complete site"
        most_leftovers = max(most_leftovers, len(leftovers(project)))
        assert len(leftovers(project)) <= 2, leftovers(project)  # the killed run's, not all of them
        if attempt % 5 == 4:  # now and then the next run runs to the end: it must recover alone
            run_ok(["build", "-C", str(project), "--no-search"])
            assert tree(project / "build") == known[version]
    run_ok(["build", "-C", str(project), "--no-search"])
    assert tree(project / "build") == known[version]
    assert leftovers(project) == []
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} runs were killed before they ended"
    print(f"\nbuild: {killed} kills survived, at most {most_leftovers} temporary files left")


SOURCES = 24


def make_sources(folder: Path, version: str) -> None:
    """HTML and Markdown sources; version ``b`` changes their text (so --force replaces them)."""
    folder.mkdir(exist_ok=True)
    for n in range(SOURCES):
        words = f"{'Revised' if version == 'b' else 'First'} text of source {n}. " * 30
        if n % 2:
            (folder / f"s{n:02}.md").write_text(
                f"---\ntitle: Markdown source {n}\nurl: https://src.test/md/{n}\n---\n\n{words}\n"
            )
        else:
            (folder / f"s{n:02}.html").write_text(
                f"<html><head><title>Page source {n}</title><link rel=canonical "
                f'href="https://src.test/html/{n}"></head><body><article><h1>Page source {n}</h1>'
                f"<p>{words}</p><p>{words}</p></article></body></html>"
            )


def without_ingest_time(data: bytes) -> bytes:
    return re.sub(rb"\ningested_at: [^\n]*", b"", data)


def test_kill_9_during_ingest_loses_and_corrupts_nothing(tmp_path: Path):
    project = tmp_path / "project"
    (project / "content" / "articles").mkdir(parents=True)
    (project / "dossier.yml").write_text("title: Crash test\n")
    sources = tmp_path / "sources"
    articles = project / "content" / "articles"
    known: dict[str, dict[str, bytes]] = {}
    for version in ("a", "b"):  # the complete output of each version of the sources
        reference = tmp_path / f"ref-{version}"
        shutil.copytree(project, reference)
        make_sources(sources, version)
        run_ok(["ingest", "-C", str(reference), str(sources), "--no-entities"])
        known[version] = {
            p.name: without_ingest_time(p.read_bytes())
            for p in (reference / "content" / "articles").glob("*.md")
        }
    assert known["a"].keys() == known["b"].keys() and len(known["a"]) == SOURCES
    # The project starts with version a ingested, one article edited by hand, one hand-written.
    make_sources(sources, "a")
    run_ok(["ingest", "-C", str(project), str(sources), "--no-entities"])
    edited = articles / "markdown-source-1.md"
    edited.write_text(edited.read_text().replace("First text", "Text I corrected by hand"))
    mine = articles / "my-notes.md"
    mine.write_text("---\ntitle: My notes\n---\n\nMonths of my work.\n")
    precious = {edited.name: edited.read_bytes(), mine.name: mine.read_bytes()}

    rng = random.Random(int(os.environ.get("DOSSIER_KILL_SEED", "9")))
    started = time.perf_counter()
    run_ok(["ingest", "-C", str(project), str(sources), "--no-entities", "--force"])
    duration = time.perf_counter() - started  # a whole run that rewrites every article
    killed, version, most_leftovers = 0, "a", 0
    for attempt in range(KILLS):
        version = "b" if version == "a" else "a"
        make_sources(sources, version)
        args = ["ingest", "-C", str(project), str(sources), "--no-entities", "--force"]
        began = time.perf_counter()
        if run_and_kill(args, rng.uniform(duration * 0.2, duration * 0.95)):
            killed += 1
        else:  # faster than the measured run (the host's load changed): aim earlier
            duration = min(duration, time.perf_counter() - began)
        names = {p.name for p in articles.glob("*.md")}
        for name, data in precious.items():
            assert (articles / name).read_bytes() == data, f"kill {attempt}: {name} was changed"
        for path in sorted(articles.glob("*.md")):
            data = path.read_bytes()
            load_document(path, "article", path.name, data)  # raises on a half-written file
            if path.name in precious:
                continue
            if path.name.startswith("markdown-source-1-"):  # the new version beside the edited one
                assert without_ingest_time(data) in (
                    known["a"][edited.name],
                    known["b"][edited.name],
                )
                continue
            assert without_ingest_time(data) in (
                known["a"].get(path.name),
                known["b"].get(path.name),
            ), f"kill {attempt}: {path.name} is neither the old nor the new article"
        assert names >= set(known["a"]) | set(precious), "an article went missing"
        most_leftovers = max(most_leftovers, len(leftovers(project)))
        assert len(leftovers(project)) <= 1, leftovers(project)
    run_ok(["ingest", "-C", str(project), str(sources), "--no-entities", "--force"])
    assert leftovers(project) == []
    for name, data in known[version].items():
        if name != edited.name:
            assert without_ingest_time((articles / name).read_bytes()) == data
    assert killed >= KILLS // 2, f"only {killed} of {KILLS} runs were killed before they ended"
    print(f"\ningest: {killed} kills survived, at most {most_leftovers} temporary files left")


def test_the_published_site_always_has_its_search_index(tmp_path: Path):
    """Killed right after the swap, the site already has its Pagefind index (indexed in staging)."""
    project = generated_project(tmp_path / "project", articles=40)
    run_ok(["build", "-C", str(project)])
    site = project / "build"
    assert (site / "pagefind" / "pagefind.js").is_file()
    before = (site / "index.html").stat().st_ino
    content_state(project, "b")
    process = subprocess.Popen(
        [*DOSSIER, "build", "-C", str(project)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
        env=dossier_env(),
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and process.poll() is None:
            try:
                if (site / "index.html").stat().st_ino != before:
                    break  # the new site was swapped in: kill right now
            except FileNotFoundError:
                pass
            time.sleep(0.002)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert (site / "index.html").stat().st_ino != before, "the kill came before the swap"
    assert (site / "pagefind" / "pagefind.js").is_file(), "published site without its search index"
