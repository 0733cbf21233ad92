"""Choose a saved page's title and authors among what its markup and trafilatura say.

Each rule is a general property of article pages, not of a site: structured
data is written for machines and beats guesses from layout; a byline names
people, not the site, an organisation or "View all posts by"; the headline a
reader sees is the page's <h1>, not the ``<title>`` with the site's name.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from .structured_data import PageData, Stated

# Where each source's authors come from, most trustworthy first.
_AUTHOR_SOURCES = (
    "jsonld", "vcard", "hentry", "itemprop", "rel", "webpage", "meta", "article", "byline",
)  # fmt: skip
_LEAD = re.compile(
    r"^(?:(?:view|show|see)\s+all\s+(?:posts|articles|stories)\s+(?:by|of|from)|"
    r"(?:all\s+|more\s+)?(?:posts|articles|stories|beiträge|artikel)\s+(?:by|von|from|de)|"
    r"(?:zeige\s+)?alle\s+beiträge\s+von|more\s+(?:by|from)|"
    r"(?:written|posted|published|geschrieben|erstellt|verfasst|veröffentlicht|publié)\s+(?:by|von)|"
    r"(?:post\s+)?author|autor(?:in)?|auteur|text|by|von|par|por|de|door|av|af|di)\b[\s:]*",
    re.I,
)
_TRAIL = re.compile(r"\s*(?:→|»|›|\||·|•|,?\s+(?:on|am|le|el)\s+\d).*$")
# Never a byline: addresses, years, form labels ("Name *"), picture credits.
_NOT_NAME = re.compile(
    r"https?:|www\.|@|\[at\]|[<>{}=*]|\d{4}|^(?:photo|foto|bild|image|credit)s?\b", re.I
)
_MAX_WORDS = 5
# A CMS's default account names: they name nobody.
_ACCOUNTS = {"admin", "administrator", "webmaster", "wordpressadmin", "null", "none"}
_DEGREE = re.compile(r"^(?:Ph\.?\s?D|M\.?D|MBA|MSc|MA|BA|RN|RD|Jr|Sr)\.?$")
# Between the segments of a <title>: "Headline | Section - Site".
_SEGMENT = re.compile(r"\s+(?:[|·•»›~]|[-–—]{1,2})\s+")
# Between the names of co-authors: "Jane Doe, John Roe", "Jane Doe und John Roe".
_SEPARATOR = re.compile(r"\s*(?:[,;&]|\s(?:and|und|y|et|e)\s)\s*", re.I)
# Lower-case words a person's name may hold.
_PARTICLES = set(
    "von van de da der den del della di du la le al bin ibn y e zu ten ter dos das".split()
)


def authors(data: PageData, fallback: list[str], site_names: list[str]) -> list[str]:
    """The people who wrote the article.

    The first source, in :data:`_AUTHOR_SOURCES` order, that names a person wins;
    a site or organisation named as author only when no source names a person;
    trafilatura's ``fallback`` when the markup names nobody.
    """
    sites = [_key(name) for name in site_names if name]
    found = {source: _candidates(data.authors.get(source, [])) for source in _AUTHOR_SOURCES}
    for source in _AUTHOR_SOURCES:
        people = [item.name for item in found[source] if not _organisation(item, sites)]
        if people:
            return [_written_out(name, found) for name in _unique(people)]
    for source in _AUTHOR_SOURCES:
        if found[source]:
            return [found[source][0].name]
    return [name for name in fallback if name.casefold() not in _ACCOUNTS]


def _written_out(name: str, found: dict[str, list[Stated]]) -> str:
    """A login name ("arianschlichenmayer") as another source writes it ("Arian Schlichenmayer")."""
    if " " in name:
        return name
    key = _key(name)
    spelled = (item.name for items in found.values() for item in items if " " in item.name)
    return next((other for other in spelled if _key(other) == key), name)


def _candidates(stated: list[Stated]) -> list[Stated]:
    """The names a source gives, cleaned; link labels beside them dropped."""
    names = [item._replace(name=_name(part)) for item in stated for part in _names_in(item.name)]
    names = [item for item in names if item.name]
    shaped = [item for item in names if _person_shaped(item.name)]
    return shaped or names  # "View author archive" is a link label beside the name


def _names_in(value: str) -> list[str]:
    """The names a byline lists ("Jane Doe, John Roe und Ann Poe"); a phrase stays whole."""
    if _NOT_NAME.search(value) or len(value.split()) > 3 * _MAX_WORDS:
        return [value]
    parts = [_name(part) for part in _SEPARATOR.split(value) if not _DEGREE.match(part)]
    return parts if all(part and _person_shaped(part) for part in parts) else [value]


def _person_shaped(name: str) -> bool:
    """One user name ("c1ph4"), or capitalised words and name particles without digits."""
    words = name.split()
    if len(words) == 1:
        return True
    return not any(ch.isdigit() or ch in "()[]" for ch in name) and all(
        word[0].isupper() or word in _PARTICLES for word in words
    )


def _unique(names: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for name in names:
        seen.setdefault(_key(name), name)
    return list(seen.values())


def _name(value: str) -> str:
    """``value`` cut to the name it gives, or "" when it is no name at all (a phrase, a URL)."""
    name = value.strip(" \t\n-–—:,.;|'\"‘’“”„")
    for _ in range(2):
        name = _LEAD.sub("", name).strip()
    name = _TRAIL.sub("", name).strip(" -–—:,;|'\"‘’“”„")
    if not name or _NOT_NAME.search(name) or len(name.split()) > _MAX_WORDS:
        return ""
    if name.casefold() in _ACCOUNTS:
        return ""
    return name if any(ch.isalpha() for ch in name) else ""


def _organisation(item: Stated, sites: list[str]) -> bool:
    """Whether ``item`` names an organisation or the site rather than a person."""
    if item.kind == "Organization":
        return True
    return _is_site(_key(item.name), sites)


def _is_site(key: str, sites: list[str]) -> bool:
    return any(
        key == site or (len(key) > 3 and key in site) or (len(site) > 3 and site in key)
        for site in sites
    )


def _key(text: str) -> str:
    """Letters and digits only, case-folded: "Die FURCHE" and "diefurche.at" compare alike."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalnum())


def title(data: PageData, fallback: str, site_names: list[str]) -> str:
    """The headline as the reader sees it.

    The JSON-LD article's headline when it states one; else the one <h1> that is
    not the site's name and tells the same story as ``fallback`` (the
    ``<title>``/og:title that trafilatura read, which often carries the site's
    name or an SEO rewording).
    """
    if data.titles.get("jsonld"):
        return data.titles["jsonld"]
    sites = [_key(name) for name in [*site_names, *_title_segments(data.titles.get("title", ""))]]
    similar = [
        text
        for text in data.headings
        if _token_f1(text, fallback) >= 0.5 and _key(text) not in sites
    ]
    return similar[0] if len(similar) == 1 else _without_site(fallback, site_names)


def _without_site(title: str, site_names: list[str]) -> str:
    """``title`` without a trailing " | Site" or " - Site" that names the site."""
    sites = [_key(name) for name in site_names if name]
    while True:
        cuts = list(_SEGMENT.finditer(title))
        if not cuts or not _is_site(_key(title[cuts[-1].end() :]), sites):
            return title
        title = title[: cuts[-1].start()]


def _title_segments(text: str) -> list[str]:
    """All but the first segment of a ``<title>`` such as "Headline | Section | Site"."""
    return _SEGMENT.split(text)[1:]


def _token_f1(a: str, b: str) -> float:
    words_a, words_b = _words(a), _words(b)
    common = sum((Counter(words_a) & Counter(words_b)).values())
    if not common:
        return 0.0
    precision, recall = common / len(words_a), common / len(words_b)
    return 2 * precision * recall / (precision + recall)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", unicodedata.normalize("NFKC", text).casefold())
