"""Dates written in page text, in many languages: "3. März 2019", "March 3, 2019 5:42 PM", "03.03.2019".

Only dates that name a day, a month and a year count: "2 hours ago" or
"vor 2 Stunden" is no date. Month names come from dateparser's locale data,
read once; the dates themselves are matched with regular expressions, so a
page of thousands of lines costs no dateparser call (one can take a second).
"""

from __future__ import annotations

import datetime as dt
import functools
import re

_LOCALES = (
    "en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "sk",
    "sl", "hr", "hu", "ro", "ru", "uk", "el", "tr", "ca", "id",
)  # fmt: skip
_DAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
_WORD = r"[^\W\d_]{3,12}"
_DAY = r"(?P<day>[0-3]?\d)(?:\.|st|nd|rd|th|er|º|°)?"
# A year ends at a non-digit, or where a second date begins ("2. Mai 20193. Mai 2019": published, updated).
_YEAR_END = r"(?:(?!\d)|(?=[0-3]?\d[./\s]))"
_YEAR = rf"(?P<year>(?:19|20)\d\d){_YEAR_END}"
_TIME = re.compile(
    r"[\s,|·•–—-]*(?:(?:um|at|à|a las|alle|om|kl\.?|klo)\s+)?"
    r"(?P<hour>[0-2]?\d)[:h.](?P<minute>[0-5]\d)(?!\d)(?:\s*(?P<half>[ap])\.?\s?m\b\.?)?(?:\s*(?:uhr|h|hrs|horas|heures)\b)?",
    re.I,
)
_PATTERNS = [
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)-(?P<month>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"),
    re.compile(r"(?<!\d)(?P<year>(?:19|20)\d\d)/(?P<month>[01]?\d)/(?P<day>[0-3]?\d)(?!\d)"),
    re.compile(r"(?P<year>(?:19|20)\d\d)\s*年\s*(?P<month>[01]?\d)\s*月\s*(?P<day>[0-3]?\d)\s*日"),
    re.compile(
        r"(?<![\d.,/])(?P<first>[0-3]?\d)(?P<sep>[./-])\s?(?P<second>[0-3]?\d)(?P=sep)\s?"
        rf"(?P<year>(?:19|20)\d\d{_YEAR_END}|\d\d(?![\d/-]|\.\d))"
    ),
    re.compile(
        rf"(?<![\d.]){_DAY}\s*(?:(?P<weekday>{_WORD}),?\s+)?(?:de\s+|of\s+)?(?P<name>{_WORD})\.?,?\s*"
        rf"(?:de\s+|del\s+)?{_YEAR}",  # "31 Donnerstag Okt 2019": a date badge with its weekday inside
        re.I,
    ),
    re.compile(rf"(?<![\w.])(?P<name>{_WORD})\.?\s+{_DAY},?\s+{_YEAR}", re.I),
]


@functools.cache
def _names(keys: tuple[str, ...]) -> dict[str, int]:
    """Month or weekday names and abbreviations of many languages; a word two of them share is left out."""
    from dateparser.languages import default_loader  # only pages with dates need it

    found: dict[str, set[int]] = {}
    for code in _LOCALES:
        info = default_loader.get_locale(code).info
        for number, key in enumerate(keys, start=1):
            for name in info.get(key, []):
                found.setdefault(name.lower().rstrip("."), set()).add(number)
    return {name: numbers.pop() for name, numbers in found.items() if len(numbers) == 1}


def is_calendar_word(word: str) -> bool:
    """A month's or a weekday's name or abbreviation, in any of the languages read."""
    word = word.lower().rstrip(".,")
    return word in _names(_MONTH_KEYS) or word in _names(_DAY_KEYS)


def find(text: str, month_first: bool = False) -> tuple[str, int, int] | None:
    """The first whole date in ``text`` as ``(iso, start, end)``; a time just after it is kept.

    ``month_first`` reads "03/04/2019" as March 4 (American usage); otherwise
    as 3 April, which is what most of the world writes.
    """
    best: tuple[str, int, int] | None = None
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if best and match.start() >= best[1]:
                break
            day = _date(match, month_first)
            if day:
                iso, end = _with_time(day, text, match.end())
                best = (iso, _with_weekday(text, match.start()), end)
                break
    return best


def _date(match: re.Match[str], month_first: bool) -> dt.date | None:
    parts = match.groupdict()
    year = int(parts["year"])
    if year < 100:
        if parts.get("sep") != ".":
            return None  # "3/4/19" is too often a score or a fraction
        year += 2000
    if parts.get("weekday") and parts["weekday"].lower() not in _names(_DAY_KEYS):
        return None
    if parts.get("name") is not None:
        month = _names(_MONTH_KEYS).get(parts["name"].lower())
        day = int(parts["day"])
    elif parts.get("first") is not None:
        first, second = int(parts["first"]), int(parts["second"])
        use_month_first = (month_first and parts["sep"] == "/" and first <= 12) or second > 12
        day, month = (second, first) if use_month_first else (first, second)
    else:
        day, month = int(parts["day"]), int(parts["month"])
    if not month:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _with_weekday(text: str, start: int) -> int:
    """Where the date starts when a weekday ("Monday, ", "lundi ") comes just before it."""
    match = re.search(rf"({_WORD})\.?,?\s*$", text[:start])
    if match and match.group(1).lower() in _names(_DAY_KEYS):
        return match.start()
    return start


def _with_time(day: dt.date, text: str, end: int) -> tuple[str, int]:
    match = _TIME.match(text, end)
    if not match:
        return day.isoformat(), end
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    half = (match.group("half") or "").lower()
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23:
        return day.isoformat(), end
    moment = dt.datetime(day.year, day.month, day.day, hour, minute)
    return moment.isoformat(), match.end()
