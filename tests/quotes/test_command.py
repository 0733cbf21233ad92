"""``dossier quotes extract`` on hand-written articles: writes 'quotes', never replaces hand edits silently."""

from __future__ import annotations

from pathlib import Path

from dossier.content import front_matter
from tests.conftest import run_dossier

ARTICLE = """---
title: Harbour plan
date: 2024-05-02
entities:
- {name: Maria Costa, type: person}
---

Maria Costa, the harbour master, spoke on Tuesday.

“We will open the new quay in June,” she said. “Nobody will lose a berth.”

“It is too late for the fishermen,” said one trader at the market.
"""

HAND_EDITED = """---
title: Edited
entities:
- {name: Maria Costa, type: person}
quotes:
- {speaker: Maria Costa, text: We will open the new quay in June, cue: said}
---

“We will open the new quay in June,” she said. “Nobody will lose a berth,” said Maria Costa.
"""


def _project(tmp_path: Path) -> Path:
    articles = tmp_path / "content" / "articles"
    articles.mkdir(parents=True)
    (tmp_path / "dossier.yml").write_text("title: Test\n", encoding="utf-8")
    (articles / "plan.md").write_text(ARTICLE, encoding="utf-8")
    (articles / "edited.md").write_text(HAND_EDITED, encoding="utf-8")
    return tmp_path


def meta(path: Path) -> dict:
    return front_matter.parse(path.read_text(encoding="utf-8"))[0]


def test_extract_writes_quotes_and_flags_unresolved_speakers(tmp_path):
    project = _project(tmp_path)
    done = run_dossier("quotes", "-C", str(project), "extract")
    assert done.returncode == 0, done.stderr
    assert "1 file written, 1 skipped" in done.stdout + done.stderr
    plan = meta(project / "content" / "articles" / "plan.md")
    assert plan["quotes"] == [
        {"speaker": "Maria Costa", "text": "We will open the new quay in June", "cue": "said"},
        {"speaker": "Maria Costa", "text": "Nobody will lose a berth.", "cue": "said"},
        {"speaker": "one trader", "text": "It is too late for the fishermen", "cue": "said"},
    ]
    assert plan["needs_review"] == ["quotes"]
    body = (project / "content" / "articles" / "plan.md").read_text(encoding="utf-8")
    assert body.endswith(ARTICLE.split("---\n", 2)[2])  # the body is left as it was


def test_hand_edited_quotes_are_kept_unless_forced(tmp_path):
    project = _project(tmp_path)
    edited = project / "content" / "articles" / "edited.md"
    before = edited.read_text(encoding="utf-8")
    run_dossier("quotes", "-C", str(project), "extract", str(edited))
    assert edited.read_text(encoding="utf-8") == before
    dry = run_dossier("quotes", "-C", str(project), "extract", "--force", "--dry-run", str(edited))
    assert '"Nobody will lose a berth"' in dry.stdout
    assert edited.read_text(encoding="utf-8") == before
    forced = run_dossier("quotes", "-C", str(project), "extract", "--force", str(edited))
    assert forced.returncode == 0, forced.stderr
    assert [q["text"] for q in meta(edited)["quotes"]] == [
        "We will open the new quay in June",
        "Nobody will lose a berth",
    ]


def test_a_broken_front_matter_is_reported_with_its_file_not_a_traceback(tmp_path):
    project = _project(tmp_path)
    bad = project / "content" / "articles" / "bad.md"
    bad.write_text("---\ntitle: [unclosed\n---\nText.\n", encoding="utf-8")
    done = run_dossier("quotes", "-C", str(project), "extract", str(bad))
    assert done.returncode != 0
    assert "bad.md" in done.stderr and "Traceback" not in done.stderr


def test_a_bad_quotes_field_is_an_error_with_its_file_line_and_field(tmp_path):
    project = _project(tmp_path)
    bad = project / "content" / "articles" / "bad-quote.md"
    bad.write_text(
        "---\ntitle: Bad\nquotes:\n- {speaker: Maria Costa}\n---\n\nText.\n", encoding="utf-8"
    )
    done = run_dossier("check", "-C", str(project))
    assert done.returncode != 0
    assert (
        "content/articles/bad-quote.md:3: quotes[0] must be {speaker, text, cue}"
        in done.stdout + done.stderr
    )
    assert "Traceback" not in done.stderr
