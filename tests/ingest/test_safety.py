"""Idempotence and the never-overwrite rule, through the real CLI."""

from __future__ import annotations

from pathlib import Path

from tests.ingest.conftest import INGEST_FIXTURES, NPR_SEED, WP_SEED, articles, ingest, meta_of

PAGE = INGEST_FIXTURES / "article_page.html"
PAGE_FILE = "port-deal-signed-after-night-of-talks.md"


def test_reingesting_the_same_source_does_nothing_and_says_so(project: Path) -> None:
    assert ingest(project, NPR_SEED, WP_SEED).returncode == 0
    before = articles(project)
    again = ingest(project, NPR_SEED, WP_SEED)
    assert again.returncode == 0
    assert articles(project) == before
    assert again.stdout.count("already ingested as content/articles/") == 2
    assert "(same source, by sha256)" in again.stdout
    assert "(same URL)" in again.stdout
    assert "2 already ingested" in again.stderr


def test_same_url_from_a_copy_is_recognised(project: Path, tmp_path: Path) -> None:
    ingest(project, PAGE)
    copy = tmp_path / "copy.html"
    copy.write_bytes(PAGE.read_bytes().replace(b"Not everyone", b"Not every person"))
    result = ingest(project, copy)
    assert "already ingested" in result.stdout and "(same URL)" in result.stdout
    assert list(articles(project)) == [PAGE_FILE]


def test_force_replaces_a_file_nobody_edited(project: Path) -> None:
    ingest(project, PAGE)
    result = ingest(project, PAGE, "--force", "--topic", "Extra")
    assert result.returncode == 0
    assert f"replaced content/articles/{PAGE_FILE}" in result.stdout
    files = articles(project)
    assert list(files) == [PAGE_FILE]
    assert "Extra" in meta_of(files[PAGE_FILE])[0]["topics"]


def test_a_hand_edited_file_is_never_overwritten_even_with_force(project: Path) -> None:
    ingest(project, PAGE)
    path = project / "content" / "articles" / PAGE_FILE
    edited = path.read_text(encoding="utf-8").replace("Not everyone was pleased.", "Fishers objected.")
    path.write_text(edited, encoding="utf-8")

    plain = ingest(project, PAGE)
    assert "already ingested" in plain.stdout
    forced = ingest(project, PAGE, "--force")
    assert forced.returncode == 0
    assert path.read_text(encoding="utf-8") == edited
    assert f"content/articles/{PAGE_FILE} was edited by hand" in forced.stderr
    assert "port-deal-signed-after-night-of-talks-2.md" in forced.stderr
    new = articles(project)["port-deal-signed-after-night-of-talks-2.md"]
    assert "Not everyone was pleased." in new


def test_a_file_without_an_ingest_digest_counts_as_hand_written(project: Path) -> None:
    ingest(project, PAGE)
    path = project / "content" / "articles" / PAGE_FILE
    text = "\n".join(line for line in path.read_text(encoding="utf-8").split("\n") if "ingest_digest" not in line)
    path.write_text(text, encoding="utf-8")
    ingest(project, PAGE, "--force")
    assert path.read_text(encoding="utf-8") == text
    assert len(articles(project)) == 2


def test_changing_only_ingested_at_is_not_an_edit(project: Path) -> None:
    ingest(project, PAGE)
    path = project / "content" / "articles" / PAGE_FILE
    text = path.read_text(encoding="utf-8")
    old_time = meta_of(text)[0]["ingested_at"]
    path.write_text(text.replace(old_time, "2000-01-01T00:00:00+00:00"), encoding="utf-8")
    result = ingest(project, PAGE, "--force")
    assert "replaced" in result.stdout
    assert list(articles(project)) == [PAGE_FILE]


def test_dry_run_and_stdout_write_nothing(project: Path) -> None:
    dry = ingest(project, NPR_SEED, PAGE, "--dry-run")
    assert dry.returncode == 0
    assert f"would write content/articles/{PAGE_FILE}" in dry.stdout
    assert articles(project) == {}
    shown = ingest(project, PAGE, "--stdout")
    assert shown.returncode == 0
    assert shown.stdout.startswith("---\ntitle: Port Deal Signed After Night of Talks\n")
    assert "would write" in shown.stderr
    assert articles(project) == {}
    assert not any(path.name.endswith(".tmp") for path in project.rglob("*"))


def test_same_title_from_two_sources_gets_a_suffix(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.txt"
    other.write_text(
        "Port Deal Signed After Night of Talks\n\nA short wire version: the two mayors signed a port deal.\n",
        encoding="utf-8",
    )
    ingest(project, PAGE)
    ingest(project, other)
    assert set(articles(project)) == {PAGE_FILE, "port-deal-signed-after-night-of-talks-2.md"}


def test_near_duplicate_text_is_flagged_not_merged(project: Path, tmp_path: Path) -> None:
    syndicated = tmp_path / "syndicated.txt"
    syndicated.write_text(
        "Cities Share Their Port at Last\n\nBy Rae Dunn\n\n"
        "The mayors of the two cities signed an agreement at dawn on Wednesday to share the deep-water "
        "port, ending a dispute that had lasted eleven years and stalled three shipping contracts.\n\n"
        "Under the deal, the port authority will be run by a joint board, with each city naming four "
        "members and a neutral chair chosen by both.\n\n"
        "Shipping companies said they expected the first new routes to open next spring, once the "
        "dredging of the eastern channel is finished.\n",
        encoding="utf-8",
    )
    ingest(project, PAGE)
    result = ingest(project, syndicated)
    assert result.returncode == 0
    assert f"looks like the same story as content/articles/{PAGE_FILE}" in result.stderr
    files = articles(project)
    assert len(files) == 2
    meta, _ = meta_of(files["cities-share-their-port-at-last.md"])
    assert meta["possible_duplicates"] == [PAGE_FILE.removesuffix(".md")]


def test_topics_come_from_flags_and_config_rules(project: Path) -> None:
    ingest(project, PAGE, "--topic", "Economy", "--topic", "Economy")
    meta, _ = meta_of(articles(project)[PAGE_FILE])
    assert meta["topics"] == ["Economy", "Ports"]


def test_not_a_project_is_refused(tmp_path: Path) -> None:
    result = ingest(tmp_path, PAGE)
    assert result.returncode == 1
    assert "not a dossier project" in result.stderr
    assert not (tmp_path / "content").exists()


def test_project_option_and_folder_source(project: Path, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "a.html").write_bytes(PAGE.read_bytes())
    (folder / "b.txt").write_bytes(NPR_SEED.read_bytes())
    (folder / ".hidden").write_text("ignored", encoding="utf-8")
    result = ingest(tmp_path, folder, "--project", project)
    assert result.returncode == 0, result.stderr
    assert len(articles(project)) == 2


def test_format_option_overrides_detection(project: Path) -> None:
    result = ingest(project, NPR_SEED, "--format", "feed")
    assert result.returncode == 1
    assert result.stderr.splitlines()[0].endswith(
        "000_0c7a59ec6d6fc239.txt: no entries in the feed (XML error at line 2: not well-formed (invalid token))"
    )
    assert articles(project) == {}


def test_help_names_every_option(project: Path) -> None:
    result = ingest(project, "--help")
    assert result.returncode == 0
    for option in ("--format", "--topic", "--force", "--dry-run", "--stdout", "--no-entities", "--project"):
        assert option in result.stdout
