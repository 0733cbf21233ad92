"""axe-core on every page type, in light and dark colour schemes: no serious or critical violation."""

from __future__ import annotations

import pytest

from tests.browser.conftest import AXE

PAGE_TYPES = {
    "home": "",
    "article": "articles/kim-jong-un-and-putin-plan-to-meet-in-russia-to-discuss-weapons/",
    "entity": "entities/kim-jong-un/",
    "entities": "entities/",
    "topic": "topics/north-korea-russia-relations/",
    "topics": "topics/",
    "timeline": "timeline/",
    "graph": "graph/",
    "search": "search/?q=Putin",
    "page": "pages/about/",
    "404": "404.html",
    "quotations": "quotes/",
    "speaker": "entities/adrienne-watson/",
}

RUN_AXE = """async () => {
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 4).map(n => n.target.join(" ")),
  }));
}"""


@pytest.fixture(scope="module")
def axe_source() -> str:
    if not AXE.is_file():
        pytest.fail("axe-core is missing: run npm install --prefix tests/browser")
    return AXE.read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_serious_accessibility_violations(tab, site_url, axe_source, kind):
    page = tab.page
    page.goto(site_url + PAGE_TYPES[kind])
    if kind == "search":
        page.wait_for_selector("#search-results li")
    page.add_script_tag(content=axe_source)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        violations = page.evaluate(RUN_AXE)
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        assert serious == [], (scheme, serious)
