import shutil
from pathlib import Path

import pytest

from dossier.publish import output
from dossier.publish.output import MARKER, OutputError, publish, safe_relative


def test_publish_replaces_whole_site(tmp_path: Path):
    out = tmp_path / "build"
    publish({"index.html": b"one", "old.html": b"x"}, out)
    publish({"index.html": b"two", "a/b/index.html": b"b"}, out)
    assert (out / "index.html").read_bytes() == b"two"
    assert not (out / "old.html").exists()
    assert (out / MARKER).exists()
    # no temporary folders left; the lock file of publishing stays (it is never stale), and
    # the site replaced is kept as the back buffer the next publish brings up to date
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.back", ".build.lock", "build"]
    back = tmp_path / ".build.back"
    assert (back / "index.html").read_bytes() == b"one" and (back / "old.html").exists()


def test_publish_brings_the_back_buffer_up_to_date_without_touching_the_live_site(
    tmp_path: Path,
):
    out, back = tmp_path / "build", tmp_path / ".build.back"
    publish({"same.html": b"same", "a/index.html": b"1", "gone.html": b"x"}, out)
    publish({"same.html": b"same", "a/index.html": b"2", "gone.html": b"x"}, out)
    # the back buffer's unchanged files are the live site's (hard links), so a new version
    # must never be written into them
    assert (back / "same.html").stat().st_ino == (out / "same.html").stat().st_ino
    written = publish({"same.html": b"SAME", "a/index.html": b"2", "new/index.html": b"n"}, out)
    assert written == ["new/index.html", "same.html"]
    site = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert site == {
        "same.html": b"SAME", "a/index.html": b"2", "new/index.html": b"n", MARKER: site[MARKER]
    }  # fmt: skip
    # the site just replaced is intact in the back buffer, and nothing else is there
    old = {p.relative_to(back).as_posix(): p.read_bytes() for p in back.rglob("*") if p.is_file()}
    assert old == {"same.html": b"same", "a/index.html": b"2", "gone.html": b"x", MARKER: site[MARKER]}
    (back / MARKER).unlink()  # not ours any more: it is left alone, and a fresh one is not made
    publish({"same.html": b"again"}, out)
    assert sorted(p.name for p in back.iterdir()) == ["a", "gone.html", "same.html"]


def test_publish_refuses_a_folder_not_made_by_dossier(tmp_path: Path):
    precious = tmp_path / "notes"
    precious.mkdir()
    (precious / "mine.txt").write_text("keep me")
    with pytest.raises(OutputError):
        publish({"index.html": b"x"}, precious)
    assert (precious / "mine.txt").read_text() == "keep me"


@pytest.mark.parametrize("bad", ["../x.html", "/etc/passwd", "a/../../b", "..", "a\\..\\b"])
def test_no_path_escapes_the_output(bad):
    with pytest.raises(OutputError):
        safe_relative(bad)


def test_failed_write_keeps_previous_site(tmp_path: Path):
    out = tmp_path / "build"
    publish({"index.html": b"good"}, out)
    with pytest.raises(OutputError):
        publish({"index.html": b"new", "../evil": b"x"}, out)
    assert (out / "index.html").read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", "build"]


def test_a_staged_site_that_does_not_go_live_is_removed_and_the_live_one_kept(tmp_path: Path):
    out = tmp_path / "build"
    publish({"index.html": b"good"}, out)  # no back buffer yet: the next is staged anew
    with pytest.raises(KeyboardInterrupt), output.publishing(out):
        staged = output.stage({"index.html": b"new"}, out)
        assert staged.folder.name.startswith(".build.tmp-")
        raise KeyboardInterrupt  # say, while Pagefind indexes the staged folder
    assert (out / "index.html").read_bytes() == b"good"
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", "build"]


def test_a_symlink_planted_in_the_back_buffer_is_never_followed(tmp_path: Path):
    out, back, elsewhere = tmp_path / "build", tmp_path / ".build.back", tmp_path / "elsewhere"
    elsewhere.mkdir()
    publish({"a/index.html": b"1", "b.html": b"1"}, out)
    publish({"a/index.html": b"2", "b.html": b"2"}, out)
    shutil.rmtree(back / "a")
    (back / "a").symlink_to(elsewhere)  # a folder of the old site now points outside
    (back / "b.html").unlink()
    (back / "b.html").symlink_to(elsewhere / "b.html")
    publish({"a/index.html": b"3", "b.html": b"3"}, out)
    assert list(elsewhere.iterdir()) == []
    assert (out / "a" / "index.html").read_bytes() == b"3" and not (out / "a").is_symlink()
    assert (out / "b.html").read_bytes() == b"3" and not (out / "b.html").is_symlink()


def test_publish_without_an_atomic_exchange_still_keeps_a_back_buffer(tmp_path: Path, monkeypatch):
    """Where renameat2 is missing (macOS), the swap is two renames; the result is the same."""
    monkeypatch.setattr(output, "exchange_folders", lambda a, b: False)
    out, back = tmp_path / "build", tmp_path / ".build.back"
    for version in (b"1", b"2", b"3"):
        publish({"index.html": version, "a/index.html": b"same"}, out)
        assert (out / "index.html").read_bytes() == version
    assert (back / "index.html").read_bytes() == b"2"
    assert (back / "a" / "index.html").stat().st_ino == (out / "a" / "index.html").stat().st_ino
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.back", ".build.lock", "build"]


def test_an_unchanged_page_that_is_already_the_live_file_is_not_looked_at(
    tmp_path: Path, monkeypatch
):
    """Publishing 10,000 pages after a one-word edit reads two directory trees, not 10,000 files."""
    out, back = tmp_path / "build", tmp_path / ".build.back"
    pages = {"same.html": b"same", "a/index.html": b"1"}
    publish(pages, out)
    publish(pages, out)  # the back buffer's pages become links to the live ones
    looked_at = []
    checked = output._same_file
    monkeypatch.setattr(
        output, "_same_file", lambda path, *rest: looked_at.append(path.name) or checked(path, *rest)
    )
    publish({"same.html": b"same", "a/index.html": b"2"}, out, unchanged={"same.html"})
    assert looked_at == ["index.html"]
    assert (out / "a" / "index.html").read_bytes() == b"2"
    assert (back / "same.html").stat().st_ino == (out / "same.html").stat().st_ino
    # a back buffer's page that is not the live file any more is checked and linked again
    (back / "same.html").unlink()
    (back / "same.html").write_bytes(b"same")
    looked_at.clear()
    publish({"same.html": b"same", "a/index.html": b"3"}, out, unchanged={"same.html"})
    assert sorted(looked_at) == ["index.html", "same.html"]
    assert (out / "same.html").read_bytes() == b"same"


class _AskedFor(dict):
    """Pages that note each one asked for (a patched build reads them from its store)."""

    def __init__(self, pages: dict[str, bytes]) -> None:
        super().__init__(pages)
        self.asked: list[str] = []

    def __getitem__(self, name: str) -> bytes:
        self.asked.append(name)
        return super().__getitem__(name)


def test_a_page_known_unchanged_is_linked_without_its_bytes_being_asked_for(tmp_path: Path):
    """The first publish after a build from nothing has no back buffer: each page is
    linked from the live site, and those known unchanged are not asked for."""
    out = tmp_path / "build"
    publish({"same.html": b"same", "a/index.html": b"1"}, out)
    assert not (tmp_path / ".build.back").exists()
    live = (out / "same.html").stat().st_ino
    pages = _AskedFor({"same.html": b"same", "a/index.html": b"2"})
    publish(pages, out, unchanged={"same.html"})
    assert set(pages.asked) == {"a/index.html"}
    assert (out / "same.html").stat().st_ino == live
    assert (out / "a" / "index.html").read_bytes() == b"2"
    pages = _AskedFor({"same.html": b"same", "a/index.html": b"3"})
    publish(pages, out, unchanged={"same.html"})  # through the back buffer now
    assert set(pages.asked) == {"a/index.html"}
