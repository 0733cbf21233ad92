"""The test suite itself: a test of what a browser does fails without the browser, never skips.

Otherwise a machine without Chromium would report the XSS and navigation claims as passed
or skipped while nothing checked them.
"""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO

BROWSER_TESTS = (
    "tests/browser/test_navigation.py::test_article_to_entity_and_back_through_backlink",
    "tests/serve/test_browser.py::test_the_default_theme_loads_with_no_csp_violation",
    "tests/security/test_xss_ingest.py::test_chromium_runs_no_vector_on_any_page",
)


def test_browser_tests_fail_when_chromium_is_missing(tmp_path):
    env_missing = {"DOSSIER_CHROMIUM": str(tmp_path / "no-chromium")}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *BROWSER_TESTS],
        cwd=REPO, capture_output=True, text=True, timeout=600,
        env={**os.environ, **env_missing},
    )  # fmt: skip
    summary = done.stdout.strip().splitlines()[-1]
    assert done.returncode == 1, done.stdout
    assert "skipped" not in summary, summary
    assert summary.startswith(f"{len(BROWSER_TESTS)} "), summary  # "3 failed" or "3 errors"
    assert done.stdout.count("no-chromium is missing") >= len(BROWSER_TESTS), done.stdout
