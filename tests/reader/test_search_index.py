"""Pagefind search index: fed the rendered pages from memory, from what the templates mark,
with the records Pagefind's own command makes of the written site, reproducibly."""

from __future__ import annotations

import gzip
import html
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from dossier.build import BuildResult, render_project
from dossier.graph.site_graph import SiteGraph
from dossier.project import Project
from dossier.publish.output import publish
from dossier.search_index import (
    JEMALLOC_CONF,
    SearchIndexError,
    index_files,
    index_site,
)
from tests.conftest import DOSSIER, REPO, dossier_env, run_dossier


def fragments(site: Path) -> dict[str, dict]:
    """Each indexed page's record (url, filters, meta), read from Pagefind's gzipped fragments."""
    out = {}
    for path in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        out[record["url"]] = record
    return out


@pytest.fixture(scope="module")
def indexed(rendered, tmp_path_factory) -> Path:
    """The site as ``dossier build`` indexes it: written, then ``pagefind --site``."""
    site = tmp_path_factory.mktemp("indexed") / "site"
    publish(rendered.files, site)
    assert index_site(site).folder == site / "pagefind"
    return site


def written(files: dict[str, bytes], folder: Path) -> Path:
    """``files`` (a search index held in memory, as the preview's) written into ``folder``."""
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


def test_index_covers_articles_entities_topics_and_pages_only(indexed, rendered):
    urls = set(fragments(indexed))
    graph = rendered.graph
    expected = {"/" + n.url for n in graph.all_nodes()}
    assert urls == expected
    assert (indexed / "pagefind" / "pagefind.js").is_file()


def test_index_carries_type_date_and_filters(indexed):
    records = fragments(indexed)
    port = records["/articles/port-deal-signed/"]
    assert port["meta"]["type"] == "Article" and port["meta"]["date"] == "5 March 2024"
    assert port["meta"]["title"] == "Port deal signed in Lisbon"
    assert port["filters"] == {"type": ["Article"], "source": ["Harbour Times"], "topic": ["Trade"]}
    assert "Cite this" not in port["content"]
    maria = records["/entities/maria-costa/"]
    assert maria["filters"] == {"type": ["Entity"], "entity_type": ["Person"]}
    assert maria["meta"]["info"] == "2 articles · 2 mentions"
    # An entity page is found by what it is, not by every sentence of the articles it lists.
    assert "container port" not in maria["content"]
    assert records["/topics/trade/"]["filters"] == {"type": ["Topic"]}


def fragment_files(site: Path) -> dict[str, bytes]:
    folder = site / "pagefind" / "fragment"
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def test_the_preview_indexes_what_a_build_indexes_in_any_order(indexed, rendered, tmp_path):
    """The preview's index, made from the site held in memory (pages alone, in any order),
    holds the records ``dossier build`` makes of the written site. Pagefind's page
    fragments are stable; its filter and meta files are not (Pagefind#638)."""
    files = dict(reversed(list(rendered.files.items())))
    assert fragment_files(written(index_files(files), tmp_path)) == fragment_files(indexed)


def fake_pagefind(tmp_path: Path, monkeypatch, script: str) -> None:
    """The ``pagefind`` dossier runs: ``script``, a shell script."""
    fake = tmp_path / "pagefind"
    fake.write_text(script)
    fake.chmod(0o755)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(fake))


def test_the_preview_indexes_at_a_lower_priority(tmp_path, monkeypatch):
    """Its Pagefind gives way to the rebuilds a writer waits for."""
    fake_pagefind(
        tmp_path,
        monkeypatch,
        '#!/bin/sh\nsleep 0.5\ncut -d" " -f19 /proc/$$/stat > "$2/nice.txt"\n'
        'mkdir -p "$2/$4"\ncp "$2/nice.txt" "$2/$4/nice.txt"\ntouch "$2/$4/pagefind.js"\n',
    )
    index = index_files({"index.html": b"<html></html>", "../out.html": b"x"})
    assert int(index["pagefind/nice.txt"]) == os.getpriority(os.PRIO_PROCESS, 0) + 10
    site = tmp_path / "site"
    site.mkdir()
    index_site(site)  # a build's: at the build's own priority
    assert int((site / "nice.txt").read_text()) == os.getpriority(os.PRIO_PROCESS, 0)


def test_a_preview_that_stops_stops_its_pagefind_and_removes_its_pages(tmp_path, monkeypatch):
    """Ctrl-C waits a few seconds for the indexer: it must not leave a site's pages behind."""
    import threading
    import time

    fake_pagefind(tmp_path, monkeypatch, "#!/bin/sh\nexec sleep 60\n")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    stop = threading.Event()
    threading.Timer(0.5, stop.set).start()
    started = time.perf_counter()
    with pytest.raises(SearchIndexError, match="stopped"):
        index_files({"index.html": b"<html></html>", "a/index.html": b"<html></html>"}, stop)
    assert time.perf_counter() - started < 5
    assert list(temporary.iterdir()) == []
    stop.set()  # already: the pages are not even written
    with pytest.raises(SearchIndexError, match="stopped"):
        index_files({"index.html": b"<html></html>"}, stop)
    assert list(temporary.iterdir()) == []


def test_a_written_site_is_indexed_by_pagefinds_command(tmp_path, monkeypatch):
    """``pagefind --site`` on the folder, its allocator told to return freed memory."""
    fake_pagefind(
        tmp_path,
        monkeypatch,
        '#!/bin/sh\nenv > "$2/env.txt"\nmkdir -p "$2/$4"\ntouch "$2/$4/pagefind.js"\n',
    )
    site = tmp_path / "site"
    site.mkdir()
    assert index_site(site).folder == site / "pagefind"
    assert f"_RJEM_MALLOC_CONF={JEMALLOC_CONF}" in (site / "env.txt").read_text().splitlines()


def test_a_pagefind_command_that_fails_or_is_missing_is_reported(tmp_path, monkeypatch):
    fake_pagefind(tmp_path, monkeypatch, "#!/bin/sh\necho 'Error: no pages found' >&2\nexit 3\n")
    with pytest.raises(SearchIndexError, match=r"exit 3\): Error: no pages found"):
        index_site(tmp_path)
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-such-pagefind"))
    with pytest.raises(SearchIndexError, match="not found"):
        index_site(tmp_path)


def test_a_build_whose_index_fails_says_so_and_publishes_its_pages(
    site_project, tmp_path, monkeypatch
):
    fake_pagefind(tmp_path, monkeypatch, "#!/bin/sh\nexit 3\n")
    out = tmp_path / "out"
    done = run_dossier("build", "-C", str(site_project), "--out", str(out))
    assert done.returncode == 1
    assert "search index not written: Pagefind failed (exit 3)" in done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    assert (out / "index.html").is_file() and not (out / "pagefind").exists()


def test_build_command_indexes_unless_told_not_to(site_project, tmp_path):
    out = tmp_path / "out"
    done = run_dossier("build", "-C", str(site_project), "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "search index" in done.stderr.splitlines()[-1]
    assert (out / "pagefind" / "pagefind.js").is_file()

    plain = tmp_path / "plain"
    done = run_dossier("build", "-C", str(site_project), "--out", str(plain), "--no-search")
    assert done.returncode == 0, done.stderr
    assert "search index" not in done.stderr
    assert not (plain / "pagefind").exists()


def generated_project(folder: Path, articles: int) -> Path:
    """A project of ``articles`` articles from bench/gen_corpus.py's own functions."""
    spec = importlib.util.spec_from_file_location("gen_corpus", REPO / "bench" / "gen_corpus.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    (folder / "content" / "articles").mkdir(parents=True)
    (folder / "dossier.yml").write_text('title: "Generated"\n', encoding="utf-8")
    entities, authors, kinds = gen.make_pools(1)
    for i in range(articles):
        meta, body = gen.article(1, i, entities, authors)
        text = gen.front_matter(meta, "dossier", kinds) + body
        (folder / "content" / "articles" / f"{meta['slug']}.md").write_text(text)
    return folder


PEAK_OF_BUILD = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], capture_output=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)"
)


def test_pagefind_runs_once_the_process_that_rendered_the_site_has_exited(
    site_project, tmp_path, monkeypatch
):
    """Pagefind's peak, the largest of a build, does not come on top of the build's heap:
    the process that starts it holds no more memory for 1,000 articles than for a few,
    and the site it indexes is complete but not live yet."""
    fake_pagefind(
        tmp_path,
        monkeypatch,
        "#!/bin/sh\n"
        'grep VmHWM "/proc/$PPID/status" | tr -s " " | cut -d" " -f2 > "$2/../parent-kib.txt"\n'
        'ls "$2" > "$2/../staged.txt"\n'
        'mkdir -p "$2/$4" && touch "$2/$4/pagefind.js"\n',
    )
    large = generated_project(tmp_path / "large", 1000)
    peaks = {}
    for name, project in (("small", site_project), ("large", large)):
        done = run_dossier("build", "-C", str(project), "--out", str(tmp_path / name / "site"))
        assert done.returncode == 0, done.stderr
        peaks[name] = int((tmp_path / name / "parent-kib.txt").read_text()) // 1024
        assert "index.html" in (tmp_path / name / "staged.txt").read_text().split()
        assert (tmp_path / name / "site" / "pagefind" / "pagefind.js").is_file()
    rendering = subprocess.run(
        [sys.executable, "-c", PEAK_OF_BUILD, *DOSSIER, "build", "-C", str(large),
         "--out", str(tmp_path / "plain"), "--no-search"],
        env=dossier_env(), capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert int(rendering.stdout) > peaks["small"] + 50  # the test can tell the two apart
    assert peaks["large"] < peaks["small"] + 15, peaks


def test_a_build_that_fails_in_its_own_process_is_reported_and_leaves_the_site(
    site_project, tmp_path
):
    """What the forked build raises reaches the command as a report, not a traceback."""
    out = tmp_path / "out"
    assert run_dossier("build", "-C", str(site_project), "--out", str(out)).returncode == 0
    before = (out / "index.html").read_bytes()
    (site_project / "templates").mkdir()
    (site_project / "templates" / "topic.html").write_text("{% if %}", encoding="utf-8")
    (site_project / "dossier.yml").write_text(
        (site_project / "dossier.yml").read_text() + "description: changed\n"
    )
    done = run_dossier("build", "-C", str(site_project), "--out", str(out))
    assert done.returncode == 1
    assert "template error" in done.stderr and "Traceback" not in done.stderr
    assert (out / "index.html").read_bytes() == before


@pytest.mark.parametrize("search", [True, False])
def test_ctrl_c_while_rendering_stops_the_build_in_one_line_and_keeps_the_site(
    tmp_path: Path, search: bool
):
    """Ctrl-C reaches every process of the build (its group): the build's child and
    their render workers stop, the command says so once, and the last site stays."""
    import os
    import signal

    project = generated_project(tmp_path / "site", 1000)
    options = [] if search else ["--no-search"]
    assert run_dossier("build", "-C", str(project), *options).returncode == 0
    before = (project / "build" / "index.html").read_bytes()
    shutil.rmtree(project / ".dossier-cache")  # all rendered again
    running = subprocess.Popen(
        [*DOSSIER, "build", "-C", str(project), *options], env=dossier_env(),
        stderr=subprocess.PIPE, text=True, start_new_session=True,
    )  # fmt: skip
    assert running.stderr is not None
    said = [running.stderr.readline() for _ in range(2)]
    assert "analysed" in said[1], said  # rendering has begun, in workers
    os.killpg(running.pid, signal.SIGINT)
    rest = running.stderr.read()
    assert running.wait(timeout=30) == 130
    assert rest.strip() == "interrupted", rest
    assert (project / "build" / "index.html").read_bytes() == before
    assert not list(project.glob(".build.tmp-*"))


def test_a_build_process_that_dies_is_reported_and_publishes_nothing(
    site_project, tmp_path, monkeypatch
):
    import os
    import threading

    from dossier import build, parallel

    parent = os.getpid()

    def die(*args: object) -> None:
        assert os.getpid() != parent, f"built in the test's process: {threading.enumerate()}"
        os._exit(9)

    monkeypatch.setattr(build, "_build", die)
    # as in ``dossier build``, whose process has one thread (this one may have a server's)
    monkeypatch.setattr(parallel, "_can_fork", lambda: True)
    with pytest.raises(build.BuildFailed) as failed:
        build.build_project(Project(site_project), out_dir=tmp_path / "out")
    assert "the build's process died" in failed.value.diagnostics.errors[0].message
    assert not (tmp_path / "out").exists()


# ---------------------------------------------------------------- what each page type indexes


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", html.unescape(re.sub(r"<[^>]+>", " ", text)).casefold()))


@pytest.fixture(scope="module")
def example() -> tuple[BuildResult, dict[str, dict]]:
    """The bundled example dossier (quotations, aliases, facts, descriptions), indexed."""
    built = render_project(Project(REPO))
    with tempfile.TemporaryDirectory() as folder:
        return built, fragments(written(index_files(built.files), Path(folder)))


def test_an_article_is_indexed_by_its_header_and_its_body_once(example):
    built, records = example
    assert built.graph is not None
    for url, body in [("/" + a.url, a.html) for a in built.graph.articles]:
        content = records[url]["content"]
        assert not words(body) - words(content), f"every word of the body of {url} is found"
        first = re.sub(r"<[^>]+>", "", body).split(".")[0].strip()
        assert content.count(first) == 1, f"the body of {url} is indexed once"
        for aside in ("Cite this", "Entities mentioned", "Related articles", "Pages that link"):
            assert aside not in content, url


def own_text(graph: SiteGraph) -> dict[str, tuple[str, str]]:
    """Each entity's and topic's URL: its name (and aliases), and all of its own text."""
    own = {}
    for e in graph.entities:
        facts = " ".join(f"{k} {v}" for k, v in e.meta.get("facts", {}).items())
        names = " ".join([e.title, *e.aliases])
        own["/" + e.url] = (names, f"{e.type} Also {names} {facts} {e.html}")
    for t in graph.topics:
        own["/" + t.url] = (t.title, f"Topic Articles {t.title} {t.html}")
    return own


def test_entities_and_topics_are_indexed_by_their_own_text_only(example):
    """Name, aliases, facts and description: not the articles, quotations and neighbours
    they list (each is indexed where it stands), so their words are not indexed twice."""
    built, records = example
    assert built.graph is not None
    for url, (names, text) in own_text(built.graph).items():
        found = words(records[url]["content"])
        assert not words(names) - found, url
        extra = found - words(text + " " + records[url]["meta"]["info"])
        assert not extra, f"{url} indexes {sorted(extra)}"


def test_a_speaker_is_a_filter_of_its_page_and_its_quotations_are_found_on_their_articles(
    example,
):
    built, records = example
    assert built.graph is not None
    quotations = [
        ("/" + e.url, e.title, q.text, "/" + q.article.url)
        for e in built.graph.entities
        for q in e.said
    ]
    assert quotations, "the example quotes someone"
    for url, speaker, text, article in quotations:
        assert records[url]["filters"]["speaker"] == [speaker]
        opening = " ".join(text.split()[:6])
        assert opening not in records[url]["content"], f"{url} indexes {opening!r}"
        assert not words(text) - words(records[article]["content"]), f"{article}: {opening!r}"
