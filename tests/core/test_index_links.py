"""``use_directory_urls: false``: which links gain ``index.html`` and which stay as written."""

import pytest

from dossier.render.index_links import index_link, with_index_links


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("./", "./index.html"),
        ("../../", "../../index.html"),
        (".", "./index.html"),
        ("..", "../index.html"),
        ("../entities/kim-jong-un/", "../entities/kim-jong-un/index.html"),
        ("entities/x/#mention-1", "entities/x/index.html#mention-1"),
        ("search/?q=port", "search/index.html?q=port"),
        ("../static/style.css", "../static/style.css"),
        ("../feed.xml", "../feed.xml"),
        ("x/index.html", "x/index.html"),
        ("https://example.org/dossier/", "https://example.org/dossier/"),
        ("//example.org/", "//example.org/"),
        ("/dossiers/harbour/", "/dossiers/harbour/"),
        ("mailto:desk@example.org", "mailto:desk@example.org"),
        ("#top", "#top"),
        ("", ""),
    ],
)
def test_index_link(url: str, expected: str):
    assert index_link(url) == expected


def test_only_href_and_action_are_rewritten():
    page = (
        '<a href="../topics/">T</a> <form action="./search/"></form> '
        '<img src="pics/" alt="../x/"> <p>see ../entities/ here</p>'
    )
    assert with_index_links(page) == (
        '<a href="../topics/index.html">T</a> <form action="./search/index.html"></form> '
        '<img src="pics/" alt="../x/"> <p>see ../entities/ here</p>'
    )
