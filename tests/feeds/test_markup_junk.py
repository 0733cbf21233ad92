"""Formatting junk that feeds carry: runs of ``<br>`` and nested bold must not show as markup."""

from __future__ import annotations

from dossier.ingest.html_markdown import to_markdown


def test_runs_of_line_breaks_become_paragraph_breaks() -> None:
    """A line holding only ``\\`` was shown as a literal backslash on the built page."""
    markdown = to_markdown("<div>one<br><br><br>two<br/>\n<br/>\nthree<br></div>")
    assert markdown == "one\n\ntwo\n\nthree"


def test_a_single_line_break_and_a_literal_backslash_stay() -> None:
    assert to_markdown("<p>line<br>next</p>") == "line\\\nnext"
    assert to_markdown("<p>C:\\</p>") == "C:\\\\"


def test_nested_bold_and_italic_are_marked_once() -> None:
    """``<b><b>Title</b></b>`` became ``****Title**``."""
    assert to_markdown("<p><b><b>Title</b></b> and <strong>x<b>y</b></strong></p>") == (
        "**Title** and **xy**"
    )
    assert to_markdown("<p><i><em>aside</em></i></p>") == "*aside*"


def test_bold_around_a_line_break_leaves_no_stars() -> None:
    """``<b><br /></b>`` after a bold title gave ``**Title****\\**`` in a real Atom feed."""
    html = "<span><b>PowerMP3 v.1.15 Beta</b></span><div><b><br /></b>Next</div><p><b>x</b> <i> </i>y</p>"
    assert to_markdown(html) == "**PowerMP3 v.1.15 Beta**\\\nNext\n\n**x** y"
