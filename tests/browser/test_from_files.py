"""A site built with ``use_directory_urls: false`` navigates in Chromium opened from files.

From ``file://`` a link to a folder (``../entities/``) shows a folder listing, not its
``index.html``: the README tells users to build with this setting to open the site from
disk, and this is what they then do. Also here: the hover preview of an entity, which
loads from files too.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.browser.conftest import screenshot
from tests.conftest import FIXTURES, run_dossier


@pytest.fixture(scope="module")
def file_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture dossier built for opening from files; the site folder."""
    project = tmp_path_factory.mktemp("from-files") / "site"
    shutil.copytree(FIXTURES / "site", project)
    with (project / "dossier.yml").open("a") as config:
        config.write("use_directory_urls: false\n")
    built = run_dossier("build", "--no-search", cwd=project)
    assert built.returncode == 0, built.stderr
    return project / "build"


def test_clicking_through_the_site_opened_from_files(tab, file_site: Path):
    page = tab.page
    page.goto((file_site / "index.html").as_uri())
    page.locator("nav[aria-label=Main] a", has_text="Entities").click()
    page.wait_for_url("**/entities/index.html")
    assert page.locator("h1").inner_text() == "Entities"
    page.locator("main a", has_text="Maria Costa").first.click()
    page.wait_for_url("**/entities/maria-costa/index.html")
    assert page.locator("h1").inner_text() == "Maria Costa"
    page.locator(".mentions > li > a", has_text="Port deal signed in Lisbon").first.click()
    page.wait_for_url("**/articles/port-deal-signed/index.html")
    page.locator("a.mention", has_text="Meridian Logistics").first.click()
    page.wait_for_url("**/entities/meridian-logistics/index.html")
    page.locator(".site-title").click()
    page.wait_for_url((file_site / "index.html").as_uri())
    assert page.locator("h1").inner_text() == "Harbour Inquiry"
    screenshot(page, "from-files-home")
    assert tab.errors == []


def test_no_link_from_files_leads_to_a_folder(tab, file_site: Path):
    """Every link of every page, as Chromium resolves it, names a file that exists."""
    page = tab.page
    pages = sorted(file_site.rglob("*.html"))
    assert len(pages) > 10
    for html in pages:
        if html.name == "404.html":  # served by a host at any depth: links from the site root
            continue
        page.goto(html.as_uri())
        targets = page.eval_on_selector_all(
            "a[href], form[action]",
            "els => els.map(e => new URL(e.getAttribute('href') || e.getAttribute('action'),"
            " location.href).href)",
        )
        for target in targets:
            if not target.startswith("file://"):
                continue
            path = Path(target.split("#")[0].split("?")[0].removeprefix("file://"))
            assert path.is_file(), f"{html.relative_to(file_site)} links to {target}"


def test_the_preview_of_an_entity_named_on_one_day_gives_that_day(tab, file_site: Path):
    page = tab.page
    page.goto((file_site / "articles" / "port-deal-signed" / "index.html").as_uri())
    page.locator(".article-aside a.chip", has_text="Lisbon").first.hover()
    preview = page.locator("#dossier-preview")
    preview.wait_for(state="visible", timeout=3000)
    assert preview.locator(".preview-title").inner_text() == "Lisbon"
    summary = preview.locator(".preview-summary").inner_text()
    assert summary.startswith("Mentioned in 1 article, on 5 March 2024."), summary
    page.locator(".article-aside a.chip", has_text="Meridian Logistics").first.hover()
    preview.locator(".preview-title", has_text="Meridian Logistics").wait_for(timeout=3000)
    summary = preview.locator(".preview-summary").inner_text()
    assert summary == "A port operator. See Port deal signed in Lisbon.", summary
    screenshot(page, "from-files-preview")
