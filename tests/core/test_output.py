from pathlib import Path

import pytest

from dossier.output import MARKER, OutputError, publish, safe_relative


def test_publish_replaces_whole_site(tmp_path: Path):
    out = tmp_path / "build"
    publish({"index.html": b"one", "old.html": b"x"}, out)
    publish({"index.html": b"two", "a/b/index.html": b"b"}, out)
    assert (out / "index.html").read_bytes() == b"two"
    assert not (out / "old.html").exists()
    assert (out / MARKER).exists()
    # no temporary folders left; the lock file of publishing stays (it is never stale)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".build.lock", "build"]


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
