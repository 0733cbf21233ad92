import pytest

from dossier.content.slugs import slugify, unique_slug


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("Kim Jong-un’s trip!!", "kim-jong-uns-trip"),
        ("?!*&^%", "untitled"),
        ("Straße in Gdańsk", "strasse-in-gdansk"),
        ("00042-already-a-slug", "00042-already-a-slug"),
        ("Almost_a-slug", "almost-a-slug"),
        ("double--dash-", "double-dash"),
    ],
)
def test_slugs_are_safe(title, slug):
    assert slugify(title) == slug


def test_long_titles_are_cut_on_a_word():
    for title in ("word " * 50, "-".join(["word"] * 50)):
        slug = slugify(title)
        assert len(slug) <= 80 and not slug.endswith("-")


def test_unique_slug_never_reuses():
    assert unique_slug("a", {"a", "a-2"}) == "a-3"
    assert unique_slug("b", {"a"}) == "b"
