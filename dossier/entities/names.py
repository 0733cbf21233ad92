"""Name normalisation shared by extraction, resolution and mention matching.

Sources write one name many ways ("Kim Jong-un", "KIM JONG UN", "Mr. Kim's",
"Supreme Leader Kim Jong Un"). Everything that compares names goes through
:func:`match_key`, so the same rules decide equality everywhere.
"""

from __future__ import annotations

import functools
import re
import unicodedata

# Honorifics and offices that precede a person's name. Stripped for matching
# ("President Vladimir Putin" is Vladimir Putin); kept only in display text.
_TITLE_PHRASES = """
    mr, mrs, ms, miss, mx, dr, prof, professor, sir, dame, rev, president, vice president,
    prime minister, deputy prime minister, premier, chancellor, supreme leader, leader,
    chairman, chairwoman, chair, secretary, secretary of state, secretary of defense,
    defense secretary, secretary general, secretary-general, foreign minister,
    defense minister, minister, deputy minister, ambassador, envoy, senator, sen, rep,
    representative, congressman, congresswoman, governor, gov, mayor, general, gen, lt,
    col, colonel, major, maj, capt, captain, admiral, adm, sgt, sergeant, marshal,
    commander, director, spokesman, spokeswoman, spokesperson, correspondent, reporter,
    host, anchor, judge, justice, attorney general, first lady, dictator, comrade,
    mme, mlle, pr, herr, frau, sr, sra
"""
_TITLES = {tuple(p.replace("-", " ").split()) for p in _TITLE_PHRASES.split(",") if p.strip()}
_LONGEST_TITLE = max(len(title) for title in _TITLES)

# Family names that come first in Chinese, Korean and Vietnamese names, so the
# short form of "Kim Jong Un" is "Kim" and of "Xi Jinping" is "Xi" (not "Un").
EAST_ASIAN_SURNAMES = frozenset(
    """
    kim lee yi park pak choi choe jung jeong chung kang cho jo yoon yun jang chang lim im
    han oh shin sin seo suh kwon hwang ahn an song ryu yoo hong jeon jun ko moon mun
    son yang bae baek paek heo ho nam roh noh ri rhee
    li wang zhang liu chen yang huang zhao wu zhou xu sun ma zhu hu guo he gao lin luo
    zheng liang xie song tang han feng deng cao peng zeng xiao tian dong pan yuan cai
    jiang yu du ye cheng wei su lu ding ren shen yao zhong qian jin wen mao xi bo
    nguyen tran le pham hoang phan vu vo dang bui do ngo duong ly
    """.split()
)

# News writes some places several ways: AP's state abbreviations, a country's short names.
_SAME_PLACE = {
    **{
        abbreviation: state
        for state, forms in {
            "alabama": "ala", "arizona": "ariz", "arkansas": "ark", "california": "calif",
            "colorado": "colo", "connecticut": "conn", "delaware": "del", "florida": "fla",
            "georgia": "ga", "illinois": "ill", "indiana": "ind", "kansas": "kan",
            "kentucky": "ky", "louisiana": "la", "maryland": "md", "massachusetts": "mass",
            "michigan": "mich", "minnesota": "minn", "mississippi": "miss", "missouri": "mo",
            "montana": "mont", "nebraska": "neb", "nevada": "nev", "new hampshire": "n h",
            "new jersey": "n j", "new mexico": "n m", "new york": "n y", "north carolina": "n c",
            "north dakota": "n d", "oklahoma": "okla", "oregon": "ore", "pennsylvania": "pa",
            "rhode island": "r i", "south carolina": "s c", "south dakota": "s d",
            "tennessee": "tenn", "vermont": "vt", "virginia": "va",
            "west virginia": "w va", "wisconsin": "wis", "wyoming": "wyo",
        }.items()
        for abbreviation in [forms]
    },
    "uk": "united kingdom", "u k": "united kingdom", "britain": "united kingdom",
    "great britain": "united kingdom", "us": "united states", "u s": "united states",
    "usa": "united states", "u s a": "united states", "united states of america": "united states",
}  # fmt: skip
_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u02bc\u0060\u00b4"), "'")
_POSSESSIVE = re.compile(r"'s$", re.IGNORECASE)
_INITIAL = re.compile(r"^[A-Za-z]\.?$")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}  # "Kelly Oubre Jr.": the surname is Oubre
_EDGE_JUNK = " \t\n\"'()[]{}*_,;:!?-\\\u201c\u201d\u00ab\u00bb"


@functools.lru_cache(maxsize=1 << 16)
def clean(name: str) -> str:
    """Tidy a surface form: unicode, dashes, quotes, spacing, edge punctuation, possessive."""
    text = unicodedata.normalize("NFKC", name).translate(_DASHES).translate(_QUOTES)
    text = " ".join(text.replace("\u00ad", "").split()).strip(_EDGE_JUNK)
    text = re.sub(r"\s[a-z]'?$", "", text)  # "Monsanto n'est": an elided word, not the name
    if len(text) > 3 and _POSSESSIVE.search(text):
        text = text[:-2]
    return text.strip(_EDGE_JUNK)


def _words(text: str) -> list[str]:
    return re.sub(r"[.\-]", " ", text.lower()).split()


@functools.lru_cache(maxsize=1 << 16)
def strip_titles(name: str) -> str:
    """Drop leading honorifics and offices: "Supreme Leader Kim Jong Un" -> "Kim Jong Un".

    A nationality before an office goes too ("Russian President Vladimir Putin").
    A name is never stripped to nothing.
    """
    tokens = clean(name).split()
    changed = True
    while changed and len(tokens) > 1:
        changed = False
        for start in (0, 1):  # 1: a qualifier such as "Russian" before the office
            for size in range(min(_LONGEST_TITLE, len(tokens) - 1 - start), 0, -1):
                if tuple(_words(" ".join(tokens[start : start + size]))) in _TITLES:
                    if start == 1 and not tokens[0][:1].isupper():
                        continue
                    tokens = tokens[start + size :]
                    changed = True
                    break
            if changed:
                break
    return " ".join(tokens)


def us_state(abbreviation: str) -> str:
    """The state an AP abbreviation stands for ("N.C." -> "North Carolina"), or ""."""
    state = _SAME_PLACE.get(re.sub(r"[.\s]+", " ", abbreviation.lower()).strip(), "")
    return state.title() if state and not state.startswith("united") else ""


@functools.lru_cache(maxsize=1 << 16)
def match_key(name: str) -> str:
    """Comparison key: case, hyphens, periods, quotes, possessives and a leading "the" don't
    matter, nor which of the usual names of a country or US state is used ("Calif.", "UK")."""
    text = re.sub(r"[.\-'/]", " ", clean(name).lower())
    words = text.split()
    if len(words) > 1 and words[0] == "the":  # "The Times" is "the Times"
        words = words[1:]
    key = " ".join(words)
    return _SAME_PLACE.get(key, key)


@functools.lru_cache(maxsize=1 << 16)
def person_key(name: str) -> str:
    """:func:`match_key` of a person's name without titles."""
    return match_key(strip_titles(name))


def is_initial(token: str) -> bool:
    return bool(_INITIAL.match(token))


@functools.lru_cache(maxsize=1 << 16)
def person_tokens(name: str) -> tuple[str, ...]:
    """Name parts with titles and suffixes stripped, hyphens split: "Kim Jong-un" -> kim jong un."""
    tokens = person_key(name).split()
    while len(tokens) > 1 and tokens[-1] in _SUFFIXES:
        tokens.pop()
    return tuple(tokens)


@functools.lru_cache(maxsize=1 << 16)
def surname(name: str) -> str:
    """The family name, by position: first for East Asian names, else last."""
    tokens = person_tokens(name)
    if not tokens:
        return ""
    if len(tokens) > 1 and tokens[0] in EAST_ASIAN_SURNAMES and len(tokens) <= 3:
        if not any(len(token) == 1 for token in tokens):
            return tokens[0]
    return tokens[-1]


@functools.lru_cache(maxsize=1 << 16)
def abbreviates(short: str, full: str) -> bool:
    """True if ``short`` is a shorter way to write the person ``full``.

    "Putin", "Vladimir Putin" and "V. Putin" abbreviate "Vladimir V. Putin";
    "L. Kim" abbreviates "Lucian Kim" but not "Kim Jong Un"; "Kim Jong-il" does
    not abbreviate "Kim Jong Un". The short form must end with the surname.
    """
    small, large = person_tokens(short), person_tokens(full)
    if not small or len(small) > len(large) or small == large:
        return False
    family = surname(full)
    if len(small) == 1:  # "Jo Grady" is Grady, though Jo is a Korean surname
        return small[0] == family or len(large) == 2 and small[0] == large[-1]
    if small[-1] not in (family, large[-1]):  # "X. Zhang" for "Xu Zhang" whichever is the surname
        return False
    position = 0
    for token in small:
        while position < len(large):
            candidate = large[position]
            position += 1
            if token == candidate or (len(token) == 1 and candidate.startswith(token)):
                break
        else:
            return False
    return True


_ACRONYM_SKIP = {"of", "the", "and", "for", "on", "in", "de", "du", "la", "&"}


def acronym(name: str) -> str:
    """Initials of a multi-word name: "Korean Central News Agency" -> "KCNA"."""
    words = [word for word in re.split(r"[\s\-]+", clean(name)) if word]
    significant = [word for word in words if word.lower() not in _ACRONYM_SKIP]
    if len(significant) < 2:
        return ""
    return "".join(word[0] for word in significant).upper()


def as_acronym(name: str) -> str:
    """ "U.S." -> "US", "KCNA" -> "KCNA"; "" if ``name`` is not written as an acronym."""
    letters = re.sub(r"[.\s]", "", clean(name))
    if 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper():
        return letters
    return ""
