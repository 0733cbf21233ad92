"""Incremental builds equal clean builds byte for byte, after every kind of edit."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from dossier import build
from dossier.build import BuildResult, build_project, render_project
from dossier.content.documents import ContentReader, scan_sources
from dossier.diagnostics import Diagnostics
from dossier.engine import resident
from dossier.engine.engine import Engine
from dossier.engine.store import FILE, Store
from dossier.markdown.body import LinkIndex
from dossier.project import Project, default_theme_dir
from dossier.publish.output import publish
from dossier.render import link_previews, pages
from dossier.serve import session
from dossier.serve.session import PreviewBuilder

ARTICLE = "content/articles/port-deal-signed.md"


def replace(project: Path, name: str, old: str, new: str) -> None:
    path = project / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def article_text(project: Path) -> None:
    replace(project, ARTICLE, "thirty-year contract", "forty-year contract")


def article_body_only(project: Path) -> None:
    """The body alone, no mention or link touched: only the article's own page shows it."""
    replace(project, ARTICLE, "## Reactions", "## First reactions")


def article_body_mention(project: Path) -> None:
    """A body edit that adds a mention: the entity's page shows one more."""
    replace(
        project, ARTICLE, "## Reactions", "Meridian Logistics declined to comment.\n\n## Reactions"
    )


def article_body_link(project: Path) -> None:
    """A body edit that adds a link: the page linked to shows a backlink."""
    replace(project, ARTICLE, "## Reactions", "More in [[About]].\n\n## Reactions")


def article_body_snippet(project: Path) -> None:
    """A body edit around a link: the backlink's snippet on the page linked to changes."""
    replace(project, ARTICLE, "See also [[Harbour", "See too [[Harbour")


def article_body_broken_link(project: Path) -> None:
    """A body edit adding a link that leads nowhere: only the problems show it."""
    replace(project, ARTICLE, "## Reactions", "More in [[No such page]].\n\n## Reactions")


def note_body(project: Path) -> None:
    """The body of an article without a summary: its link preview shows the body."""
    with (project / "content/articles/undated-note.md").open("a", encoding="utf-8") as handle:
        handle.write("\nThe vote was postponed.\n")


def page_body(project: Path) -> None:
    with (project / "content/pages/about.md").open("a", encoding="utf-8") as handle:
        handle.write("\nA paragraph more.\n")


def entity_body(project: Path) -> None:
    with (project / "content/entities/meridian-logistics.md").open("a", encoding="utf-8") as handle:
        handle.write("\nFounded in 1990.\n")


def article_title_and_date(project: Path) -> None:
    replace(project, ARTICLE, "title: Port deal signed in Lisbon", "title: Port deal sealed")
    replace(project, ARTICLE, "date: 2024-03-05T09:30:00", "date: 2024-03-06T09:30:00")


def article_quoted(project: Path) -> None:
    """A quotation of an entity: the speaker's page lists it, with its article's title."""
    replace(
        project, ARTICLE, "topics: [Trade]\n",
        "topics: [Trade]\nquotes:\n- {speaker: Maria Costa, text: a good day for the city,"
        " cue: called it}\n",
    )  # fmt: skip


def article_topics(project: Path) -> None:
    replace(project, ARTICLE, "topics: [Trade]", "topics: [Trade, Energy]")


def article_entities(project: Path) -> None:
    replace(
        project,
        ARTICLE,
        "  - {name: Lisbon, type: place}\n",
        "  - {name: Unions, type: organization}\n",
    )


def article_quotes(project: Path) -> None:
    # in place of a line, so the body starts on the same line: only the quotes tell
    replace(
        project,
        ARTICLE,
        "source: Harbour Times\n",
        "quotes: [{speaker: Maria Costa, text: a good day for the city, cue: called}]\n",
    )


def entity_file(project: Path) -> None:
    replace(
        project,
        "content/entities/meridian-logistics.md",
        "aliases: [Meridian, ",
        "aliases: [Unions, ",
    )
    replace(
        project, "content/entities/meridian-logistics.md", "A port operator.", "A harbour operator."
    )


def entity_hidden(project: Path) -> None:
    replace(
        project,
        "content/entities/meridian-logistics.md",
        "type: organization\n",
        "type: organization\nhidden: true\n",
    )


def topic_file(project: Path) -> None:
    replace(
        project,
        "content/topics/trade.md",
        "title: Trade",
        "title: Trade and ports\naliases: [Trade]",
    )


def template(project: Path) -> None:
    theme = project / "templates"
    theme.mkdir()
    page = (default_theme_dir() / "page.html").read_text(encoding="utf-8")
    (theme / "page.html").write_text(page.replace("</article>", "<p>custom</p></article>", 1))


def static_asset(project: Path) -> None:
    static = project / "templates" / "static"
    static.mkdir(parents=True)
    (static / "extra.css").write_text("body { color: teal }\n")


def config_title(project: Path) -> None:
    replace(project, "dossier.yml", "title: Harbour Inquiry", "title: Harbour Inquiry, revised")


def config_allow_html(project: Path) -> None:
    with (project / "dossier.yml").open("a", encoding="utf-8") as handle:
        handle.write("allow_html: true\n")


def file_deleted(project: Path) -> None:
    (project / "content/articles/harbour-audit.md").unlink()  # linked to: now a broken link


def file_renamed(project: Path) -> None:
    (project / ARTICLE).rename(project / "content/articles/port-deal.md")


def file_moved_to_subfolder(project: Path) -> None:
    """Same slug and URL, another path: relative links to the old path break."""
    (project / "content/topics/old").mkdir()
    (project / "content/topics/trade.md").rename(project / "content/topics/old/trade.md")


def file_added(project: Path) -> None:
    (project / "content/articles/new-story.md").write_text(
        "---\ntitle: New story\ndate: 2024-06-01\ntopics: [Courts]\n---\n\n"
        "Meridian Logistics appealed; see [[About]] and [[Port deal signed in Lisbon]].\n",
        encoding="utf-8",
    )


def broken_front_matter(project: Path) -> None:
    replace(project, ARTICLE, "topics: [Trade]", "topics: [Trade")


EDITS: list[Callable[[Path], None]] = [
    article_text,
    article_body_only,
    article_body_mention,
    article_body_link,
    article_body_snippet,
    article_body_broken_link,
    note_body,
    page_body,
    entity_body,
    article_title_and_date,
    article_quoted,
    article_topics,
    article_entities,
    article_quotes,
    entity_file,
    entity_hidden,
    topic_file,
    template,
    static_asset,
    config_title,
    config_allow_html,
    file_deleted,
    file_renamed,
    file_moved_to_subfolder,
    file_added,
    broken_front_matter,
]


def problems(result: BuildResult) -> list[str]:
    return sorted(str(item) for item in result.diagnostics.items)


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_incremental_build_equals_clean_build(site_project: Path, edit: Callable[[Path], None]):
    project = Project(site_project)
    engine = Engine()
    before = render_project(project, engine=engine)
    again = render_project(project, engine=engine)
    assert again.files == before.files
    assert again.bodies_rendered == 0 and again.pages_rendered == 0  # nothing changed
    edit(site_project)
    incremental = render_project(project, engine=engine)
    clean = render_project(project)
    assert incremental.files == clean.files
    assert problems(incremental) == problems(clean)
    assert incremental.files != before.files  # the edit is visible, so the check means something


def _stamps(root: Path) -> dict[Path, tuple[int, int, int]]:
    return {
        path: (info.st_mtime_ns, info.st_size, info.st_ino)
        for path in root.rglob("*")
        if ".dossier-cache" not in path.parts and (info := path.stat())
    }


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_a_resident_reader_given_the_changed_paths_builds_the_clean_site(
    site_project: Path, edit: Callable[[Path], None]
):
    """`dossier serve` reads again only the files its watcher reports (here: every path
    whose stamp changed, appeared or went, as the watcher would report it)."""
    project = Project(site_project)
    engine, reader = Engine(), ContentReader(project)
    render_project(project, engine=engine, reader=reader)
    before = _stamps(site_project)
    edit(site_project)
    after = _stamps(site_project)
    changed = sorted(p for p in before.keys() | after.keys() if before.get(p) != after.get(p))
    assert changed
    incremental = render_project(project, engine=engine, reader=reader, changed=changed)
    clean = render_project(project)
    assert incremental.files == clean.files
    assert problems(incremental) == problems(clean)


def test_a_resident_reader_reads_only_the_files_reported(site_project: Path, monkeypatch):
    project = Project(site_project)
    engine, reader = Engine(), ContentReader(project)
    render_project(project, engine=engine, reader=reader)
    article_text(site_project)
    read: list[Path] = []
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        read.append(path)
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    edited = render_project(project, engine=engine, reader=reader, changed=[site_project / ARTICLE])
    assert [p for p in read if p.suffix == ".md"] == [site_project / ARTICLE]
    assert b"forty-year contract" in edited.files["articles/port-deal-signed/index.html"]
    read.clear()
    file_added(site_project)  # a path it did not read before: every file is read again
    render_project(
        project, engine=engine, reader=reader,
        changed=[site_project / "content/articles/new-story.md"],
    )  # fmt: skip
    assert len([p for p in read if p.suffix == ".md"]) == len(list(site_project.rglob("*.md")))


@pytest.mark.parametrize(
    "edit, keyed",
    [
        (article_body_only, {"articles/port-deal-signed/"}),
        (page_body, {"pages/about/"}),
        (entity_body, {"entities/meridian-logistics/"}),
        (article_body_mention, None),
        (article_body_snippet, None),
        (article_title_and_date, None),
    ],
    ids=lambda x: getattr(x, "__name__", str(x)),
)
def test_an_edit_computes_the_keys_of_the_node_pages_that_show_it_only(
    site_project: Path, monkeypatch, edit: Callable[[Path], None], keyed: set[str] | None
):
    """The other node pages keep the last build's key: a body-only edit computes its own
    page's; an edit that other pages show, those of the pages that show the article (its
    entities and topics, the pages it links to, the articles that list it), not the
    about page or the Courts topic, which show nothing of it."""
    project = Project(site_project)
    engine = Engine()
    render_project(project, engine=engine)
    counted: list[str] = []
    real = pages.node_key

    def node_key(node, template, views):  # type: ignore[no-untyped-def]
        counted.append(node.url)
        return real(node, template, views)

    monkeypatch.setattr(pages, "node_key", node_key)
    edit(site_project)
    render_project(project, engine=engine)
    if keyed is not None:
        assert set(counted) == keyed
    else:
        assert "articles/port-deal-signed/" in counted and "entities/lisbon/" in counted
        assert "pages/about/" not in counted and "topics/courts/" not in counted


PATCHED = [article_body_only, article_body_broken_link, note_body, page_body, entity_body]


@pytest.mark.parametrize("edit", PATCHED, ids=lambda edit: edit.__name__)
def test_a_body_only_edit_is_patched_into_the_last_build(
    site_project: Path, monkeypatch, edit: Callable[[Path], None]
):
    """The site is not made again from the documents: the edited body alone is asked for
    (no other body's link-index answers are), its preview alone is made again, and the
    other files are the last build's."""
    project = Project(site_project)
    engine = Engine()
    render_project(project, engine=engine)
    calls: list[str] = []

    def counted(name: str, real: Callable) -> Callable:
        return lambda *args, **kwargs: calls.append(name) or real(*args, **kwargs)

    monkeypatch.setattr(build, "link_site", counted("link_site", build.link_site))
    monkeypatch.setattr(build, "attach_bodies", counted("attach_bodies", build.attach_bodies))
    monkeypatch.setattr(LinkIndex, "answers", counted("answers", LinkIndex.answers))
    for name in ("article_preview", "entity_preview"):
        monkeypatch.setattr(link_previews, name, counted("preview", getattr(link_previews, name)))
    edit(site_project)
    patched = render_project(project, engine=engine)
    # the edited body's answers (checked, then kept with it), no other body's
    assert calls == ["answers", "answers"] + ["preview"] * (edit is not page_body)
    assert patched.patched is not None and patched.bodies_rendered == 1
    assert len(patched.rewritten) < len(patched.files) // 2
    calls.clear()
    clean = render_project(project)
    assert "link_site" in calls  # a clean build is made from the documents
    assert patched.files == clean.files
    assert problems(patched) == problems(clean)


@pytest.mark.parametrize("edit", PATCHED, ids=lambda edit: edit.__name__)
def test_patched_twice_and_then_rebuilt_whole_the_site_stays_the_clean_one(
    site_project: Path, edit: Callable[[Path], None]
):
    """A patched build is kept in turn: a second body edit patches it again, and an edit
    of the front matter after them is built from the documents it left."""
    project = Project(site_project)
    engine = Engine()
    render_project(project, engine=engine)
    edit(site_project)
    render_project(project, engine=engine)
    note_body(site_project)
    again = render_project(project, engine=engine)
    assert again.patched is not None
    assert again.files == render_project(project).files
    article_title_and_date(site_project)
    whole = render_project(project, engine=engine)
    assert whole.patched is None
    assert whole.files == render_project(project).files
    assert problems(whole) == problems(render_project(project))


def test_a_patched_build_reports_what_the_last_reported_of_templates(site_project: Path):
    replace(site_project, "content/pages/about.md", "title:", "template: nowhere.html\ntitle:")
    project = Project(site_project)
    engine = Engine()
    before = render_project(project, engine=engine)
    assert any("unknown template" in problem for problem in problems(before))
    page_body(site_project)
    patched = render_project(project, engine=engine)
    assert patched.patched is not None
    assert problems(patched) == problems(render_project(project)) == problems(before)


@pytest.mark.parametrize("edit", [article_body_mention, article_body_link, article_body_snippet])
def test_a_body_edit_that_other_pages_show_is_not_patched(
    site_project: Path, edit: Callable[[Path], None]
):
    project = Project(site_project)
    engine = Engine()
    render_project(project, engine=engine)
    edit(site_project)
    assert render_project(project, engine=engine).patched is None


def test_the_preview_compares_only_the_files_a_patched_build_made(site_project: Path, monkeypatch):
    builder = PreviewBuilder(Project(site_project), False, "http://127.0.0.1:8000/", search=False)
    builder.build()
    compared: list[int] = []
    real = session.changed_files

    def changed_files(old, new, names=None):  # type: ignore[no-untyped-def]
        compared.append(len(old.files) if names is None else len(list(names)))
        return real(old, new, names)

    monkeypatch.setattr(session, "changed_files", changed_files)
    article_body_only(site_project)
    reload, _, _ = builder.build([site_project / ARTICLE])
    assert reload == {"articles/port-deal-signed/index.html", "feed.xml"}
    assert compared and compared[0] < len(builder.state.site.files) // 2
    compared.clear()
    article_topics(site_project)  # not patched: every file compared
    served = len(builder.state.site.files)
    builder.build([site_project / ARTICLE])
    assert compared == [served]


@pytest.mark.parametrize(
    "edit, made", [(article_body_only, 0), (article_title_and_date, 0), (article_entities, 1)]
)
def test_the_registry_is_made_again_only_when_what_it_reads_changes(
    site_project: Path, monkeypatch, edit: Callable[[Path], None], made: int
):
    project = Project(site_project)
    engine = Engine()
    render_project(project, engine=engine)
    calls: list[int] = []
    real = build.build_registry

    def build_registry(*args):  # type: ignore[no-untyped-def]
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(build, "build_registry", build_registry)
    edit(site_project)
    render_project(project, engine=engine)
    assert len(calls) == made


def published(project: Project) -> dict[str, bytes]:
    out = project.build_dir
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name != ".dossier-build"
    }


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_an_incremental_dossier_build_publishes_the_clean_site(
    site_project: Path, edit: Callable[[Path], None]
):
    """`dossier build` after an edit, with its caches on disk and pages linked from the
    last site, publishes exactly what a clean build renders."""
    project = Project(site_project)
    build_project(project, search=False)
    edit(site_project)
    build_project(project, search=False)
    assert published(project) == render_project(project).files


def settled(root: Path) -> None:
    """Every content file dated a minute back: a build trusts the ``stat`` of those alone
    (see :func:`~dossier.content.documents.scan_sources`)."""
    past = time.time_ns() - 60 * 10**9
    for path in (root / "content").rglob("*.md"):
        os.utime(path, ns=(past, past))


def harbour_body(project: Path) -> None:
    """A body-only edit of another article than the edits above."""
    with (project / "content/articles/harbour-audit.md").open("a", encoding="utf-8") as handle:
        handle.write("\nThe audit took a year.\n")


@pytest.mark.parametrize("edit", PATCHED, ids=lambda edit: edit.__name__)
def test_dossier_build_patches_the_build_kept_in_the_store(
    site_project: Path, monkeypatch, edit: Callable[[Path], None]
):
    """A new engine (a new process) reads the last build back from the store and patches
    it: the site is not made from the documents, only the edited file is read, and the
    published site is the clean one."""
    project = Project(site_project)
    settled(site_project)
    build_project(project, search=False)
    calls: list[str] = []
    monkeypatch.setattr(build, "link_site", lambda *a: calls.append("link_site"))
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        calls.append(self.suffix)
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    edit(site_project)
    result = build_project(project, search=False)
    assert result.patched is not None
    assert calls.count(".md") == 1 and "link_site" not in calls
    monkeypatch.undo()
    clean = render_project(project)
    assert published(project) == clean.files
    assert problems(result) == problems(clean)
    stored = Store(project.cache_dir / FILE).inputs(f"page {project.build_dir.absolute()}")
    assert stored == result.page_keys  # every page kept, for the next build to reuse


@pytest.mark.parametrize("edit", EDITS, ids=lambda edit: edit.__name__)
def test_dossier_build_after_a_patched_build_publishes_the_clean_site(
    site_project: Path, edit: Callable[[Path], None]
):
    """The store keeps the last full build and the paths patched into it since: the next
    build patches them in again with its own edits (or builds whole), and publishes
    exactly what a clean build renders, its problems included."""
    project = Project(site_project)
    settled(site_project)
    build_project(project, search=False)
    harbour_body(site_project)
    assert build_project(project, search=False).patched is not None
    edit(site_project)
    result = build_project(project, search=False)
    clean = render_project(project)
    assert differing(published(project), clean.files) == []
    assert problems(result) == problems(clean)
    note_body(site_project) if edit is not note_body else page_body(site_project)
    again = build_project(project, search=False)
    clean = render_project(project)
    assert differing(published(project), clean.files) == []
    assert problems(again) == problems(clean)


def test_the_build_kept_is_read_back_only_when_the_edits_keep_the_front_matter(
    site_project: Path, monkeypatch
):
    """Its row is the largest: after an edit of the front matter it is of no use."""
    project = Project(site_project)
    settled(site_project)
    build_project(project, search=False)
    read: list[int] = []
    real = resident.LastBuild.__setstate__
    monkeypatch.setattr(
        resident.LastBuild, "__setstate__", lambda self, state: read.append(1) or real(self, state)
    )
    article_title_and_date(site_project)
    assert build_project(project, search=False).patched is None
    assert read == []
    documents = Store(project.cache_dir / FILE).inputs("document")
    assert len(documents) == len(list((site_project / "content").rglob("*.md")))  # all kept
    harbour_body(site_project)
    assert build_project(project, search=False).patched is not None
    assert read == [1]
    assert differing(published(project), render_project(project).files) == []


def test_dossier_build_after_an_edit_is_undone_publishes_the_clean_site(site_project: Path):
    """A file patched in, then put back as it was in the build kept: its page is made
    again (the store's row is the patched one)."""
    project = Project(site_project)
    settled(site_project)
    build_project(project, search=False)
    path = site_project / "content/articles/harbour-audit.md"
    before = path.read_bytes()
    harbour_body(site_project)
    build_project(project, search=False)
    path.write_bytes(before)
    assert build_project(project, search=False).patched is not None
    assert differing(published(project), render_project(project).files) == []


def test_pages_stored_by_a_build_killed_before_publishing_are_not_patched_around(
    site_project: Path, monkeypatch
):
    """A build stopped after rendering stored the pages it made, not the paths it
    patched: the build kept in the store no longer matches its pages' rows, so the next
    build is made whole (here with no output folder left to link pages from)."""
    project = Project(site_project)
    settled(site_project)
    build_project(project, search=False)
    path = site_project / "content/articles/harbour-audit.md"
    before = path.read_bytes()
    harbour_body(site_project)

    def killed(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build, "stage", killed)
    with pytest.raises(KeyboardInterrupt):
        build_project(project, search=False)
    monkeypatch.undo()
    path.write_bytes(before)
    shutil.rmtree(project.build_dir)
    assert build_project(project, search=False).patched is None
    assert differing(published(project), render_project(project).files) == []


def test_a_content_file_is_read_again_only_when_its_stat_changed(site_project: Path):
    """A file whose ``stat`` is the one recorded is not read; one modified in the last
    seconds is recorded without its ``stat``, so it is read again next time."""
    project = Project(site_project)
    settled(site_project)
    _, digests, record = scan_sources(project, Diagnostics(), {})
    assert all(stat for stat, _ in record.values())
    article = project.relative(site_project / ARTICLE)
    record[article] = (record[article][0], "a digest kept")
    harbour_body(site_project)
    files, again, fresh = scan_sources(project, Diagnostics(), record)
    read = {shown for _, _, shown, data in files if data is not None}
    assert read == {"content/articles/harbour-audit.md"}
    assert again[[shown for _, _, shown, _ in files].index(article)] == "a digest kept"
    assert fresh["content/articles/harbour-audit.md"][0] == ()  # modified just now
    _, _, later = scan_sources(project, Diagnostics(), fresh)
    assert later["content/articles/harbour-audit.md"][0] == ()


def test_a_text_edit_renders_one_body_and_updates_backlinks_elsewhere(site_project: Path):
    project = Project(site_project)
    engine = Engine()
    audit = "articles/harbour-audit/index.html"
    assert 'class="backlinks"' in render_project(project, engine=engine).files[audit].decode()
    replace(site_project, ARTICLE, "[[Harbour audit finds gaps|the audit]]", "the audit")
    incremental = render_project(project, engine=engine)
    assert incremental.bodies_rendered == 1  # only the edited body was rendered again
    # its own page and the page it no longer links to, out of 22 content pages: the
    # sentences the entity pages quote read the same
    assert incremental.pages_rendered == 2
    assert 'class="backlinks"' not in incremental.files[audit].decode()  # no stale backlink


def test_a_body_that_renders_the_same_stops_at_its_own_page(site_project: Path):
    """Early cutoff: blank lines change the file and its body's text, not its HTML, so the
    entity pages that quote the body are not rendered again."""
    project = Project(site_project)
    engine = Engine()
    render_project(project, engine=engine)
    path = site_project / ARTICLE
    path.write_text(path.read_text(encoding="utf-8") + "\n\n\n", encoding="utf-8")
    again = render_project(project, engine=engine)
    assert again.bodies_rendered == 1
    assert again.pages_rendered == 1  # its own page (its file's digest), nothing more
    assert again.files == render_project(project).files


def test_build_reuses_the_disk_cache_and_rewrites_only_changed_files(site_project: Path):
    project = Project(site_project)
    build_project(project, search=False)
    assert (project.cache_dir / FILE).is_file()
    out = project.build_dir
    inodes = {p.relative_to(out).as_posix(): p.stat().st_ino for p in out.rglob("*") if p.is_file()}
    article_text(site_project)
    rebuilt = build_project(project, search=False)
    assert rebuilt.pages_rendered is not None and rebuilt.pages_rendered <= 4  # keys on disk
    clean = render_project(project).files
    on_disk = {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and p.name != ".dossier-build"
    }
    assert on_disk == clean
    rewritten = {name for name in clean if out.joinpath(name).stat().st_ino != inodes.get(name)}
    assert "articles/port-deal-signed/index.html" in rewritten
    assert "static/style.css" not in rewritten and "pages/about/index.html" not in rewritten
    again = render_project(project, engine=Engine.open(project.cache_dir))
    assert again.bodies_rendered == 0  # every body came from the store


@pytest.mark.parametrize("damage", ["not a database", "a damaged row"])
def test_a_damaged_store_is_ignored(site_project: Path, damage: str):
    project = Project(site_project)
    build_project(project, search=False)
    store = project.cache_dir / FILE
    if damage == "not a database":
        store.write_bytes(b"SQLite format 3\0" + b"\xff" * 4000)
    else:
        with sqlite3.connect(store) as db:
            db.execute("UPDATE memo SET value = X'00ff' WHERE kind = 'body'")
    result = render_project(project, engine=Engine.open(project.cache_dir))
    clean = render_project(project)
    assert result.files == clean.files
    assert result.bodies_rendered == clean.bodies_rendered  # none read back: all rendered


def test_publish_links_unchanged_files_and_writes_changed_ones(tmp_path: Path):
    out = tmp_path / "build"
    assert publish({"a.html": b"one", "b.html": b"two"}, out) == ["a.html", "b.html"]
    before = (out / "a.html").stat().st_ino
    assert publish({"a.html": b"one", "b.html": b"TWO", "c.html": b"3"}, out) == [
        "b.html",
        "c.html",
    ]
    assert (out / "a.html").stat().st_ino == before
    assert (out / "b.html").read_bytes() == b"TWO"
    (tmp_path / "elsewhere").write_bytes(b"one")
    os.remove(out / "a.html")
    (out / "a.html").symlink_to(tmp_path / "elsewhere")  # a symlink is never linked into the site
    assert publish({"a.html": b"one"}, out) == ["a.html"]
    assert not (out / "a.html").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".build.back",
        ".build.lock",
        "build",
        "elsewhere",
    ]
    shutil.rmtree(out)


def test_parsed_documents_come_from_the_disk_cache(site_project: Path, monkeypatch):
    """Only an edited file's front matter is parsed again by the next `dossier build`."""
    project = Project(site_project)
    about = "content/pages/about.md"
    replace(
        site_project, about, "title:", "reviewed: 2024-03-06\nchecked: 2024-03-06T10:30:00\ntitle:"
    )
    replace(
        site_project, ARTICLE, "topics: [Trade]\n", "topics: [Trade]\nfigures: {1999: founded}\n"
    )
    build_project(project, search=False)
    asked: list[str] = []
    parse = build.parse_documents
    monkeypatch.setattr(
        build, "parse_documents", lambda files: asked.extend(f[2] for f in files) or parse(files)
    )
    harbour = "content/articles/harbour-audit.md"
    replace(site_project, harbour, "audit", "review")
    result = render_project(project, engine=Engine.open(project.cache_dir))
    assert asked == [harbour]  # dates and number keys come back from the store as they were
    monkeypatch.setattr(build, "parse_documents", parse)
    assert result.files == render_project(project).files
    assert result.graph is not None
    meta = next(p.meta for p in result.graph.pages if p.document and p.document.path == about)
    assert meta["reviewed"] == dt.date(2024, 3, 6)
    assert meta["checked"] == dt.datetime(2024, 3, 6, 10, 30)


def test_an_edit_writes_only_the_values_it_changed(site_project: Path, monkeypatch):
    project = Project(site_project)
    build_project(project, search=False)
    written: list[tuple[str, str]] = []
    real = Store.write
    monkeypatch.setattr(
        Store,
        "write",
        lambda self, rows, gone: real(self, [written.append(r[:2]) or r for r in rows], gone),
    )
    article_text(site_project)
    build_project(project, search=False)
    kinds = sorted({kind for kind, _ in written if not kind.startswith("page")})
    assert kinds == [  # no groupings: nobody moved
        "body", "build", "content", "document", "last build", "last build edits"
    ]  # fmt: skip
    assert ("document", f"article\t{ARTICLE}") in written
    assert sum(kind == "body" for kind, _ in written) == 1
    assert sum(kind.startswith("page") for kind, _ in written) <= 4


def test_groupings_are_reused_from_disk_until_entities_or_topics_change(
    site_project: Path, monkeypatch
):
    project = Project(site_project)
    build_project(project, search=False)
    calls: list[int] = []
    for name in ("related_articles", "related_articles_since"):
        real = getattr(build, name)
        monkeypatch.setattr(build, name, lambda *a, real=real: calls.append(1) or real(*a))
    article_text(site_project)
    assert build_project(project, search=False).files
    assert calls == []  # a text edit leaves who is in which article alone
    article_entities(site_project)
    assert build_project(project, search=False).files
    assert calls == [1]
    assert published(project) == render_project(project).files


def test_a_title_edit_renders_the_listings_and_the_pages_that_show_it(site_project: Path):
    """Not the whole site: the other articles' pages show no list the article is in."""
    project = Project(site_project)
    engine = Engine()
    before = render_project(project, engine=engine)
    article_title_and_date(site_project)
    edited = render_project(project, engine=engine)
    assert edited.files == render_project(project).files
    changed = [name for name, data in edited.files.items() if before.files.get(name) != data]
    assert "pages/about/index.html" not in changed and "topics/courts/index.html" not in changed
    # the changed pages, and four whose lists hold no title: entities/, topics/, the
    # sitemap and quotes/ (always rendered); out of 19
    assert edited.pages_rendered is not None and edited.pages_rendered <= len(changed) + 4


def test_a_speakers_page_follows_the_title_of_the_article_quoted(site_project: Path):
    """Lisbon's page lists a quotation from an article it does not appear in otherwise."""
    audit = "content/articles/harbour-audit.md"
    replace(
        site_project, audit, "summary:",
        "quotes:\n- {speaker: Lisbon, text: the audit was incomplete, cue: said}\nsummary:",
    )  # fmt: skip
    project = Project(site_project)
    engine = Engine()
    before = render_project(project, engine=engine)
    replace(site_project, audit, "title: Harbour audit finds gaps", "title: Audit finds gaps")
    edited = render_project(project, engine=engine)
    assert edited.files == render_project(project).files
    lisbon = "entities/lisbon/index.html"
    assert "Audit finds gaps" in edited.files[lisbon].decode()
    assert "Harbour audit finds gaps" in before.files[lisbon].decode()


def test_a_page_with_a_listing_template_follows_the_listings(site_project: Path):
    replace(site_project, "content/pages/about.md", "title:", "template: home.html\ntitle:")
    project = Project(site_project)
    engine = Engine()
    before = render_project(project, engine=engine)
    article_title_and_date(site_project)
    edited = render_project(project, engine=engine)
    assert edited.files == render_project(project).files
    about = "pages/about/index.html"
    assert "Port deal sealed" in edited.files[about].decode()
    assert "Port deal sealed" not in before.files[about].decode()


def test_a_body_is_rendered_again_when_a_title_it_links_by_changes(site_project: Path):
    """A body reads of other pages only the answers to its links: a retitled page breaks
    the links to its old title and mends those to its new one, and no other body is
    rendered again."""
    with (site_project / "content/pages/about.md").open("a", encoding="utf-8") as about:
        about.write("\nSee [[Audit finds gaps]].\n")  # no such page yet
    project = Project(site_project)
    engine = Engine()
    before = render_project(project, engine=engine)
    audit = "content/articles/harbour-audit.md"
    replace(site_project, audit, "title: Harbour audit finds gaps", "title: Audit finds gaps")
    edited = render_project(project, engine=engine)
    clean = render_project(project)
    assert edited.files == clean.files and problems(edited) == problems(clean)
    assert problems(edited) != problems(before)  # the link in the port deal broke
    assert 'href="../../articles/harbour-audit/"' in edited.files["pages/about/index.html"].decode()
    assert edited.bodies_rendered == 2  # the port deal's and the about page's


def test_templates_compiled_by_other_code_are_not_reused(site_project: Path, monkeypatch):
    project = Project(site_project)
    build_project(project, search=False)
    compiled = project.cache_dir / "templates"
    (mine,) = compiled.iterdir()
    assert any(mine.iterdir())  # a build keeps them for the next
    monkeypatch.setattr(build, "code_fingerprint", lambda: "another version of dossier")
    article_text(site_project)
    build.build_project(project, search=False)
    assert [p.name for p in compiled.iterdir()] == ["another version "]


def test_a_resident_engine_forgets_the_values_of_removed_files(site_project: Path):
    """The store keeps the names it holds in memory between writes; a file added and then
    removed while the engine stays resident leaves no row behind."""
    project = Project(site_project)
    engine = Engine.open(project.cache_dir)

    def stored(path: str) -> list[str]:
        with sqlite3.connect(project.cache_dir / FILE) as db:
            query = "SELECT kind FROM memo WHERE name LIKE ? ORDER BY kind"
            return [kind for (kind,) in db.execute(query, (f"%{path}",))]

    render_project(project, engine=engine)
    file_added(site_project)
    render_project(project, engine=engine)
    assert stored("new-story.md") == ["body", "document"]
    (site_project / "content/articles/new-story.md").unlink()
    render_project(project, engine=engine)
    assert stored("new-story.md") == []
    file_deleted(site_project)
    render_project(project, engine=engine)
    assert stored("harbour-audit.md") == []


def test_a_page_rendered_by_a_build_that_failed_is_published_by_the_next(site_project: Path):
    """Publishing trusts the output folder to hold a page only while the page's key is the
    one it was published with: a build that fails keeps the pages it rendered, not the site."""
    project = Project(site_project)
    build_project(project, search=False)
    theme = site_project / "templates"
    theme.mkdir()
    (theme / "topic.html").write_text("{% if %}", encoding="utf-8")  # a template error
    article_text(site_project)
    with pytest.raises(build.BuildFailed):
        build_project(project, search=False)
    (theme / "topic.html").unlink()
    build_project(project, search=False)
    assert published(project) == render_project(project).files


def test_an_output_folder_put_back_from_an_older_build_is_compared_again(site_project: Path):
    project = Project(site_project)
    build_project(project, search=False)
    older = site_project.parent / "older"
    shutil.copytree(project.build_dir, older)
    # as many bytes: only the pages' bytes tell them apart, not their sizes
    replace(site_project, ARTICLE, "thirty-year contract", "twenty-year contract")
    build_project(project, search=False)
    shutil.rmtree(project.build_dir)
    shutil.copytree(older, project.build_dir)  # it holds the first build, its marker says so
    article_topics(site_project)
    build_project(project, search=False)
    assert published(project) == render_project(project).files


PEOPLE = [
    "Ana Lima", "Bruno Costa", "Carla Reis", "Duarte Melo", "Eva Nunes", "Filipe Sousa",
    "Gloria Pinto", "Hugo Dias", "Ines Faria", "Jorge Lobo",
]  # fmt: skip
PLACES = ["Porto", "Braga", "Faro", "Evora", "Sines", "Viseu", "Tomar", "Elvas"]
TOPICS = ["Ports", "Courts", "Energy", "Housing"]


def many_articles(root: Path, count: int = 40) -> None:
    """A dossier large enough that most pages show nothing of one article: ``count``
    articles, each with a few of a small cast, a topic or two, links to earlier ones."""
    articles = root / "content/articles"
    articles.mkdir(parents=True)
    (root / "dossier.yml").write_text('title: "Many"\nbase_url: "http://127.0.0.1/"\n')
    (root / "content/topics").mkdir()
    (root / "content/topics/ports.md").write_text("---\ntitle: Ports\n---\n\nHarbours.\n")
    for i in range(count):
        person, other = PEOPLE[i % 10], PEOPLE[(i * 3 + 1) % 10]
        place = PLACES[i % 8]
        topics = ", ".join(dict.fromkeys([TOPICS[i % 4], TOPICS[(i // 3) % 4]]))
        summary = f"summary: Summary of story {i}.\n" if i % 3 else ""
        speaker = PEOPLE[(i + 4) % 10]  # in the article only as the one quoted
        quote = f"quotes: [{{speaker: {speaker}, text: we will see, cue: said}}]\n" * (i % 7 == 0)
        links = " ".join(f"See [[Story {j}]]." for j in (i - 1, i // 2) if 0 <= j < i)
        (articles / f"story-{i:02}.md").write_text(
            f"---\ntitle: Story {i}\ndate: 2024-{1 + i % 12:02}-{1 + i % 27:02}\n"
            f"topics: [{topics}]\nentities:\n  - {{name: {person}, type: person}}\n"
            f"  - {{name: {place}, type: place}}\n{summary}{quote}---\n\n"
            f"{person} met {other} in {place}, who said we will see. {links}\n\n"
            f"A second paragraph about {place}.\n",
            encoding="utf-8",
        )


STORY = "content/articles/story-07.md"


def story_title(root: Path) -> None:
    replace(root, STORY, "title: Story 7\n", "title: Story seven\naliases: [Story 7]\n")


def story_title_breaking_links(root: Path) -> None:
    replace(root, STORY, "title: Story 7\n", "title: Story seven\n")


def story_date(root: Path) -> None:
    replace(root, STORY, "date: 2024-08-08", "date: 2025-01-02")


def last_story_title(root: Path) -> None:
    """The last story links to two others and no page links to it: patched in place."""
    replace(root, "content/articles/story-39.md", "title: Story 39\n", "title: Story thirty-nine\n")


def story_summary(root: Path) -> None:
    replace(root, STORY, "summary: Summary of story 7.", "summary: Another summary.")


def story_topics(root: Path) -> None:
    replace(root, STORY, "topics: [Housing, Energy]", "topics: [Ports]")


def story_link(root: Path) -> None:
    replace(root, STORY, "A second paragraph", "See [[Story 30]] too. A second paragraph")


def story_mention(root: Path) -> None:
    replace(root, STORY, "A second paragraph", "Eva Nunes agreed. A second paragraph")


def story_mention_again(root: Path) -> None:
    """One more mention of an entity it has: the graph counts mentions."""
    replace(root, STORY, "A second paragraph", "Hugo Dias agreed. A second paragraph")


def story_entities(root: Path) -> None:
    replace(root, STORY, "type: place}\n", "type: place}\n  - {name: Gil Vaz, type: person}\n")


def story_unlink(root: Path) -> None:
    """The page it linked to loses a backlink."""
    replace(root, STORY, " See [[Story 3]].", "")


def topic_title(root: Path) -> None:
    """Every article of the topic shows its new title."""
    replace(
        root, "content/topics/ports.md", "title: Ports\n", "title: Sea ports\naliases: [Ports]\n"
    )


def story_body(root: Path) -> None:
    replace(root, STORY, "A second paragraph", "A second, longer paragraph")


def differing(files: dict[str, bytes], others: dict[str, bytes]) -> list[str]:
    """The names of the files that differ (a short message where a diff of sites is not)."""
    return sorted(
        name for name in files.keys() | others.keys() if files.get(name) != others.get(name)
    )


MANY_EDITS = [
    story_title, story_title_breaking_links, story_date, last_story_title, story_summary, story_topics,
    story_link, story_mention, story_mention_again, story_entities, story_unlink, topic_title, story_body,
]  # fmt: skip


@pytest.mark.parametrize("edit", MANY_EDITS, ids=lambda edit: edit.__name__)
def test_in_a_larger_dossier_an_incremental_build_equals_a_clean_one(
    tmp_path: Path, edit: Callable[[Path], None]
):
    """Reverse dependencies: most pages keep their key, the site stays the clean one."""
    many_articles(tmp_path)
    project = Project(tmp_path)
    engine = Engine()
    before = render_project(project, engine=engine)
    edit(tmp_path)
    incremental = render_project(project, engine=engine)
    clean = render_project(project)
    wrong = differing(incremental.files, clean.files)  # not in the assertion: no repr of sites
    assert wrong == []
    assert problems(incremental) == problems(clean)
    assert incremental.files != before.files
    article_body_only_again = STORY  # a second edit builds from the first edit's build
    replace(tmp_path, article_body_only_again, "paragraph about", "paragraph on")
    again = render_project(project, engine=engine)
    wrong = differing(again.files, render_project(project).files)
    assert wrong == []


@pytest.mark.parametrize("edit", [story_title, story_date, story_summary, story_link])
def test_a_front_matter_edit_computes_the_keys_of_few_node_pages(
    tmp_path: Path, monkeypatch, edit: Callable[[Path], None]
):
    many_articles(tmp_path)
    project = Project(tmp_path)
    engine = Engine()
    render_project(project, engine=engine)
    counted: list[str] = []
    real = pages.node_key
    monkeypatch.setattr(pages, "node_key", lambda *a: counted.append(a[0].url) or real(*a))
    edit(tmp_path)
    result = render_project(project, engine=engine)
    assert result.graph is not None
    nodes = len(list(result.graph.all_nodes()))
    assert "articles/story-07/" in counted and len(counted) < nodes // 2, (len(counted), nodes)


def test_a_date_edit_ranks_related_articles_again_from_the_last_and_keeps_the_associations(
    site_project: Path, monkeypatch
):
    """The associations count who is with whom, in no order of articles: a date moves one."""
    project = Project(site_project)
    engine = Engine()
    render_project(project, engine=engine)
    calls: list[str] = []
    for name in ("related_articles_since", "entity_associations"):
        real = getattr(build, name)
        monkeypatch.setattr(
            build, name, lambda *a, name=name, real=real: calls.append(name) or real(*a)
        )
    replace(site_project, ARTICLE, "date: 2024-03-05T09:30:00", "date: 2024-06-01T09:30:00")
    edited = render_project(project, engine=engine)  # now after the harbour audit, not before
    assert calls == ["related_articles_since"]
    assert edited.files == render_project(project).files


@pytest.fixture
def linked(monkeypatch) -> list[int]:
    """One item for each time a build links the site from the documents."""
    calls: list[int] = []
    real = build.link_site
    monkeypatch.setattr(build, "link_site", lambda *a: calls.append(1) or real(*a))
    return calls


@pytest.mark.parametrize(
    "edit, patched",
    [(story_date, True), (last_story_title, True), (story_title_breaking_links, False),
     (story_summary, False)],
    ids=lambda value: getattr(value, "__name__", str(value)),
)  # fmt: skip
def test_a_title_or_date_edit_is_patched_into_the_last_build(
    tmp_path: Path, edit: Callable[[Path], None], patched: bool, linked: list[int]
):
    """An article moved in its listings is put in place in the last build's graph, which
    is not linked again from the documents; unless a link found it, or could find it
    under its new title (the links' answers would change), or more than its title and
    date changed."""
    many_articles(tmp_path)
    project = Project(tmp_path)
    engine = Engine()
    render_project(project, engine=engine)
    linked.clear()
    edit(tmp_path)
    incremental = render_project(project, engine=engine)
    assert linked == ([] if patched else [1])
    assert differing(incremental.files, render_project(project).files) == []
    last = engine.shapes["preview"]  # its link index answers as one linked afresh
    fresh = build.link_site(last.config, last.documents).index
    names = [("name", n) for n in ("Story thirty-nine", "Story 39", "story-39", "Story 38")]
    names.append(("path", "content/articles/story-39.md"))
    assert last.site.index.answers(names) == fresh.answers(names)
    found = last.site.index.lookup_path("content/articles/story-39.md")
    assert found is not None and found.title in ("Story 39", "Story thirty-nine")


def test_a_date_edit_puts_a_speakers_quotations_in_order_again(tmp_path: Path):
    """Two articles quote one speaker; the older becomes the newer: the speaker's page
    lists its quotation first, as a clean build does."""
    (tmp_path / "content/articles").mkdir(parents=True)
    (tmp_path / "dossier.yml").write_text('title: "Said"\nbase_url: "http://127.0.0.1/"\n')
    for name, day, text in (("first", "01", "we will see"), ("second", "05", "not yet")):
        (tmp_path / f"content/articles/{name}.md").write_text(
            f"---\ntitle: The {name} story\ndate: 2024-03-{day}\n"
            "entities:\n  - {name: Ana Lima, type: person}\n"
            f"quotes: [{{speaker: Ana Lima, text: {text}, cue: said}}]\n---\n\n"
            f"Ana Lima said {text} in Porto.\n",
            encoding="utf-8",
        )
    project = Project(tmp_path)
    engine = Engine()
    before = render_project(project, engine=engine)
    replace(tmp_path, "content/articles/first.md", "date: 2024-03-01", "date: 2024-03-09")
    incremental = render_project(project, engine=engine)
    assert differing(incremental.files, render_project(project).files) == []
    speaker = "entities/ana-lima/index.html"
    page, old = incremental.files[speaker].decode(), before.files[speaker].decode()
    assert page.index("we will see") < page.index("not yet")
    assert old.index("not yet") < old.index("we will see")


def test_a_title_a_link_asked_for_is_not_patched_in(tmp_path: Path, linked: list[int]):
    """A broken link to a title that a page then takes leads to that page: the body
    that links is rendered again (the graph is linked again from the documents)."""
    many_articles(tmp_path)
    replace(tmp_path, "content/articles/story-20.md", "A second", "See [[Story forty]]. A second")
    project = Project(tmp_path)
    engine = Engine()
    render_project(project, engine=engine)
    linked.clear()
    replace(tmp_path, "content/articles/story-39.md", "title: Story 39\n", "title: Story forty\n")
    incremental = render_project(project, engine=engine)
    assert linked == [1]
    assert differing(incremental.files, render_project(project).files) == []
    page = incremental.files["articles/story-20/index.html"].decode()
    assert 'href="../../articles/story-39/" class="internal article-link">Story forty<' in page
