"""Plain-text copies of web pages: find the headline among the chrome, keep the story, read byline and date.

A copied page (select all and copy, or a text browser's dump) holds the
article between menus, teasers, share buttons, cookie notices, comments and
footers, one block per line. The rules are general properties of news pages:

- a line is *text* when it is long and a fair share of its words are the
  stopwords of the page's language (:mod:`stopwords`, justext's lists);
  short lines, chrome (:mod:`page_chrome`) and short lines with a date cost
  a little, text gains its length;
- text lines form stretches, cut by a gap of several lines without text or
  by a short dated line (a comment's or a teaser's header);
- a headline is a headline-shaped line up to a few dozen lines above a
  stretch, scored by a dateline or byline under it, repetition on the page
  (breadcrumbs), its words coming back in the story, a standfirst under it;
  a line right under a paragraph is a caption or a box, seldom the headline;
  the story is the stretch that, with its headline, scores best, without a
  block of one to three text lines set apart at its foot (a bio, a newsletter
  box, a teaser);
- the date and byline nearest the headline are read (:mod:`datelines`);
- a transcript is rendered by :mod:`transcript`; bios and rights lines at the
  end move to front matter (:mod:`bios`); a sign-off such as "Jane Doe,
  Example News, Paris." names the reporter and outlet when nothing else did.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from . import article_body, datelines, page_chrome, stopwords, transcript
from .bios import PERSON_NAME
from .markdown_text import escape
from .model import Article, Parsed, SourceError

_EMBED_OR_CAPTION = re.compile(r"pic\.twitter\.com/|https?://|\(?\b(?:bild|foto|photo|image|credit|quelle|source)\s*:[^():]{1,60}\)?$", re.I)
_ADDRESS = r"\((?:[^()\s]|\n|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"  # may be wrapped, may have a title
_MARKDOWN_LINK = re.compile(rf"\[([^\[\]]*)\]{_ADDRESS}")
_MARKDOWN_IMAGE = re.compile(rf"!\[[^\[\]]*\]{_ADDRESS}")
_MARKDOWN_HEADING = re.compile(r"^#{1,6}[ \t]+", re.M)
_MARKDOWN_TOP_HEADING = re.compile(r"^#[ \t]+(.+?)(?:\n[ \t]*\n|\Z)", re.M | re.S)
_MARKDOWN_STRONG = re.compile(r"\*\*(\S(?:[^*]{0,300}?\S)?)\s*\*\*")
_MARKDOWN_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!])")
_MARKDOWN_LINKS = 5  # "[words](address)" in a copy: it was converted to Markdown
_REFERENCES = re.compile(r"^References\n\n\s+(?:Visible links:?\n\s*)?1\. \S", re.M)
_LINK_NUMBER = re.compile(r"\[\d+\]")
_LINK_NUMBERS = 3  # "[12]" marks that show a dump numbered its links
_LIST_ITEM = re.compile(r"^(?:[-*+•◦▪]|\d{1,3}[.)])\s+")  # "+" and "◦": a dump's nested items
_SIGN_OFF = re.compile(
    rf"(?:^|(?<=[.!?]\s))(?P<name>{PERSON_NAME}), (?P<outlet>[A-Z][\w&'’ ]{{1,40}}?), (?P<place>[A-Z][\w .'’-]{{1,40}})\.$"
)
_CRUMB = re.compile(r"\s(?:/|›+|»|>+|\|)\s")  # "Home / News / Story", "Start » Rezepte"
_NAME_WORD = re.compile(r"[^\W\d_][\w'’-]*\.?")
# "Von" alone on its line, the name on the next: pages that link the name split the byline
# also after a label ("Published by", "Geschrieben von"), or a label alone ("Autor", "AUTOR/IN")
_LONE_BY = re.compile(
    r"^(?:[^\W\d_]+\s+){0,2}(?:by|von|vom|par|por|door|av|af|durch)\s*:?$"
    r"|^(?:autor|autorin|autoren|autor/in|autor\*in|author|authors|auteur|auteurs|autore|autora|text|texto)"
    r"\s*:?$",
    re.I,
)
_LONE_BY_NAME_WORDS = 6  # the line after a lone "By" that is taken for its name
_BY_WORDS = frozenset(("by", "von", "vom", "par", "por", "door", "av", "af", "durch"))
_NAMES_SPLIT = re.compile(r",\s*|\s+[/&]\s+")
_NAME_TRAIL = " ,;|·•"
_NAME_PARTICLE = re.compile(r"von|van|de|da|del|der|den|di|du|la|le|al|bin|ter|zu")
_SENTENCE_END = re.compile(r"[.!?…:;]['\"’”»)]*$")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[^\W\d_A-ZÀ-ÖØ-Þ][^\W\d_]*")
_ABBREVIATION_END = re.compile(r"\b(?:[^\W\d_]\.){2,}$")
_FULL_STOP = re.compile(r"[.!?…]['\"’”»)]*$")
_HEADLINE_WORDS = range(1, 31)
_TEXT_LENGTH = 60  # characters: shorter lines are menus, labels and captions
_UNENDED_TEXT_LENGTH = 150  # a shorter line that ends without a full stop is a teaser or a label
_MIN_DENSITY = 0.12  # share of stopwords below which a long line is a list of names or tags
_GAP = 6  # lines without text that end a stretch of text
_SHORT_COST = 20
_CHROME_COST = 30
_DATED_COST = 60  # a teaser or comment header: a short line with a date in it
_NO_HEADLINE = -5.0
_HEADLINE_WEIGHT = 0.5  # a point of headline score is worth this many doublings of text
_PLACE_WEIGHT = 2.0  # doublings of text a stretch at the page's foot loses: comments and teasers come after
_LONG_HEADLINE = 150
_FULL_HEADLINE = 4  # words: fewer is a kicker or a section name
_STANDFIRST_WORDS = 10
_SUBHEAD_GAP = 12  # lines between two stretches of one story
_SENTENCE_WORDS = 3
_TAIL_GAP = 2  # more short lines than this set a block of text apart at the story's foot
_TAIL_LINES = 3  # text lines in such a block: a bio, a newsletter box, a teaser
_TAIL_SHARE = 0.15  # of the story's text, at most
_REPEAT_LENGTH = 20  # shorter lines repeat by chance (menus)
_HEADLINE_REACH = 25
_LIGHT_TEXT = 80  # characters of text at a stretch's top that may still be above its headline
_INDENTED_SHARE = 0.7  # of the text lines: a dump that indents paragraphs, not headings (lynx)
_FLUSH_HEADING = 2.5  # headline score of a line such a dump does not indent
_TOP_HEADING = 4.0  # headline score a Markdown copy's only "# Heading" gains: the page's h1
_WRAPPED_LINES = 8  # lines that end near one width: a dump wrapped at that width
_WRAP_SLACK = 12  # characters short of the width a wrapped line may end
_WRAP_WIDTHS = (40, 160)  # the widths dumps wrap at; a longer "width" is a browser copy's paragraph
_RIVAL_HEADLINE = 1.0  # headline score by which an earlier headline may trail the chosen one
_TWICE_REACH = 3  # lines apart: a headline the page shows twice at once
_TWICE = 1.0
_TOLD_LINES = 12  # lines at the start of the story whose words a headline repeats
_TOLD_WEIGHT = 2.0
_META_REACH = 30  # lines around the headline, and below the story, read for a date and a byline
_NAME_REACH = 6  # lines around the headline and below the story: farther, headings pass for names
_LONE_NAME_WORDS = (2, 3)
_MAX_NAME_WORDS = 4
_META_WINDOW = 4  # lines around the headline that may hold its byline and dateline


@dataclass
class _Line:
    text: str
    blank_before: bool = False  # a blank line above it: a new block
    score: float = 0.0
    date: str = ""  # the ISO date the line gives, if it is a dateline
    byline: tuple[list[str], str] | None = None
    chrome: bool = False
    dated: bool = False  # a short line with a date in it
    name_like: bool = False  # "Jane Doe": a byline or a caption credit, not a headline
    keywords: frozenset[str] = frozenset()  # its words that are not stopwords
    heading: bool = False  # the only top heading of a copy in Markdown
    flush: bool = True  # not indented: in a dump that indents its paragraphs, a heading


def parse(text: str) -> Parsed:
    """Turn a plain-text page copy into one article."""
    text, soft_breaks, heading = _without_markdown(text)
    text, link_numbers = _without_references(text)
    lines = _lines(text, link_numbers, soft_breaks)
    if not lines:
        raise SourceError("no text found")
    month_first = _classify(lines)
    text_lines = [line for line in lines if line.score > 0]
    indents = sum(not line.flush for line in text_lines) >= _INDENTED_SHARE * len(text_lines) > 0
    for line in lines:
        line.heading = line.text == heading
        line.flush = indents and line.flush
    article = Article(title="", body="")
    head, start, end = _story(lines)
    article.title = lines[head].text if head >= 0 else ""
    _read_meta(lines, (head, start, end), article, month_first)
    paragraphs, rights = _body_paragraphs(lines[start:end], article)
    if not paragraphs:  # no line long enough to be sure of: keep what there is
        paragraphs, rights = _body_paragraphs(lines[start:], article, from_text=False)
    if not paragraphs:
        raise SourceError(f"no article text after the headline {article.title!r}")
    if not article.title:
        article.title = _title_from(paragraphs[0])
    article.rights = " ".join(rights)
    if transcript.is_transcript(paragraphs):
        article.authors = article.authors or [
            _proper_case(name, text) for name in transcript.reporters(paragraphs)
        ]
        rendered = transcript.render(paragraphs)
    else:
        rendered = [_paragraph_markdown(paragraph) for paragraph in paragraphs]
    article.body = "\n\n".join(rendered)
    article_body.finish(article)
    _read_sign_off(article)
    if not article.date:
        article.needs_review.append("date")
    return Parsed([article])


def _without_markdown(text: str) -> tuple[str, bool, str]:
    """A copy converted to Markdown (html2text, a reader view) as plain text, True, and the
    words of its only top heading (the page's headline, as a rule); else as it is.

    Links and images become their words, headings and emphasis lose their marks;
    the lines of a paragraph are to be joined, as Markdown joins them.
    """
    if len(_MARKDOWN_LINK.findall(text)) < _MARKDOWN_LINKS:
        return text, False, ""
    text = _MARKDOWN_IMAGE.sub("", text)
    text = _MARKDOWN_LINK.sub(lambda link: link.group(1), text)
    text = _MARKDOWN_STRONG.sub(r"\1", text)
    text = _MARKDOWN_ESCAPE.sub(r"\1", text)
    top = _MARKDOWN_TOP_HEADING.findall(text)
    return _MARKDOWN_HEADING.sub("", text), True, " ".join(top[0].split()) if len(top) == 1 else ""


def _without_references(text: str) -> tuple[str, bool]:
    """The text without a dump's closing list of link addresses; True if its "[12]" marks were found.

    ``lynx -dump`` numbers every link in the text ("[12]Politics") and lists
    their addresses under "References" at the end.
    """
    found = list(_REFERENCES.finditer(text))
    if found and len(_LINK_NUMBER.findall(text, 0, found[-1].start())) >= _LINK_NUMBERS:
        return text[: found[-1].start()], True
    return text, False


def _lines(text: str, link_numbers: bool = False, soft_breaks: bool = False) -> list[_Line]:
    """Non-blank lines; a line cut mid-sentence (hard wrapping) is joined to the next.

    With ``soft_breaks`` (Markdown) every line of a block but a list's items is joined.
    """
    lines: list[_Line] = []
    width = 1 if soft_breaks else _wrap_width(text)
    for block in re.split(r"\n\s*\n", text):
        previous, previous_width = "", 0
        for raw in block.split("\n"):
            line = " ".join((_LINK_NUMBER.sub("", raw) if link_numbers else raw).split())
            if not line:
                continue
            full = previous and width and previous_width + 1 + len(line.split()[0]) > width
            previous_width = len(raw.rstrip())
            if full and not _LIST_ITEM.match(line):
                previous = f"{previous} {line}"  # a paragraph wrapped at the page's width
                lines[-1].text = previous
                continue
            after_by = lines and _LONE_BY.match(lines[-1].text) and _names_after_by(line)
            if after_by and (not previous or previous == lines[-1].text):
                lines[-1].text = _by_and_name(
                    lines[-1].text, line
                )  # "By", perhaps a blank, the name
                previous = lines[-1].text
                continue
            if previous and _continues(previous, line):
                previous = f"{previous} {line}"
                lines[-1].text = previous
                continue
            lines.append(_Line(line, blank_before=not previous, flush=not raw[:1].isspace()))
            previous = line
    return lines


def _wrap_width(text: str) -> int:
    """The width at which a text dump (``lynx -dump``, ``w3m -dump``) wrapped its paragraphs; 0 if none.

    A copy from a browser keeps a paragraph on one line; a dump breaks it where the
    next word would pass the width, so many lines end just short of one same length.
    """
    lengths = sorted((len(raw.rstrip()) for raw in text.split("\n") if raw.strip()), reverse=True)
    if len(lengths) < _WRAPPED_LINES:
        return 0
    width = lengths[max(3, len(lengths) // 100)]  # a few longer lines: links, words too long to wrap
    near = [length for length in lengths if width - _WRAP_SLACK <= length <= width]
    shorter = sum(1 for length in lengths if width - 2 * _WRAP_SLACK <= length < width - _WRAP_SLACK)
    # a peak of lengths just short of the width, spread as word lengths spread them
    # (a list of items of one length is no wrapping)
    wrapped = len(near) >= max(_WRAPPED_LINES, 2 * shorter) and len(set(near)) > _WRAP_SLACK // 3
    return width if wrapped and _WRAP_WIDTHS[0] <= width <= _WRAP_WIDTHS[1] else 0


def _names_after_by(line: str) -> bool:
    return len(line.split()) <= _LONE_BY_NAME_WORDS and not line.endswith((".", ":"))


def _by_and_name(label: str, name: str) -> str:
    """ "Autor" and "Jane Doe" make "Autor: Jane Doe"; "Published by" and "Jane Doe", one line."""
    if label.rstrip(" :").split()[-1].casefold() in _BY_WORDS:
        return f"{label} {name}"
    return f"{label.rstrip(' :')}: {name}"


def _continues(previous: str, line: str) -> bool:
    """A line that goes on with the sentence the previous line left open, unless it is a byline."""
    return (
        line[0].islower()
        and len(previous) >= 30
        and not _SENTENCE_END.search(previous)
        and not _LIST_ITEM.match(line)
        and not (page_chrome.byline(line) and not _FULL_STOP.search(line))  # "by Jane Doe"
    )


def _classify(lines: list[_Line]) -> bool:
    """Score every line; True when the page's language writes the month first (03/04 = March 4)."""
    stoplist = stopwords.stoplist_for([line.text for line in lines])
    month_first = "the" in stoplist
    # a stopword the page never writes in lower case is a name there ("Thomas", "Will")
    lowered = frozenset(word for line in lines for word in _LOWER_WORD.findall(line.text))
    for line in lines:
        embedded = page_chrome.is_embed_credit(line.text)  # dated, but no dateline of the page
        line.date = "" if embedded else page_chrome.date_of(line.text, month_first)
        line.chrome = embedded or not line.date and page_chrome.is_chrome(line.text)
        line.byline = page_chrome.byline(line.text)
        words = stopwords.words(line.text)
        line.name_like = _name_like(line.text, words, stoplist & lowered)
        line.keywords = frozenset(word for word in words if word not in stoplist and len(word) > 2)
        spaced = (
            len(words) > 2 or len(line.text) < 20
        )  # a script without spaces counts by characters
        length = len(line.text) if spaced else 3 * len(line.text)
        is_text = (
            length >= (_TEXT_LENGTH if _SENTENCE_END.search(line.text) else _UNENDED_TEXT_LENGTH)
            and (not stoplist or not spaced or stopwords.density(words, stoplist) >= _MIN_DENSITY)
            and not line.chrome
        )
        if is_text:
            line.score = len(line.text)
        elif not embedded and (line.date or page_chrome.has_date(line.text, month_first)):
            line.score = -_DATED_COST
            line.dated = True
        elif line.chrome:
            line.score = -_CHROME_COST
        else:
            line.score = -_SHORT_COST
    return month_first


def _name_like(text: str, words: list[str], stoplist: frozenset[str]) -> bool:
    """ "Jane Doe", "JANE DOE, JOHN ROE", "NPR News, Colorado Stories": names, none of them a stopword."""
    names = [name.split() for name in _NAMES_SPLIT.split(text.strip(_NAME_TRAIL))]
    return (
        all(1 <= len(tokens) <= 4 for tokens in names)
        and all(
            _NAME_PARTICLE.fullmatch(token) or (token[0].isupper() and _NAME_WORD.fullmatch(token))
            for tokens in names
            for token in tokens
        )
        and all(tokens[0][0].isupper() for tokens in names)
        and not any(word in stoplist for word in words if not _NAME_PARTICLE.fullmatch(word))
    )


def _is_meta(line: _Line) -> bool:
    return bool(line.date or line.byline or line.chrome)


def _story(lines: list[_Line]) -> tuple[int, int, int]:
    """``(headline, start, end)``: the headline's index (-1 if none) and the story's lines.

    The story is a stretch of text lines (:func:`_stretches`) and the headline
    the best headline-shaped line just before it; the pair is chosen by the
    amount of text and how much the headline looks like one.
    """
    repeated = _repeated(lines)
    stretches = _stretches(lines)
    choices = []  # (value, head) per stretch
    titles = []  # the headline's score per stretch
    places: list[float] = []  # what its place on the page costs it
    for mass, first, end in stretches:
        low = _reach(lines, first)
        scored = [
            (
                _headline_score(lines, index, first, repeated) + _told_score(lines, index, first),
                index,
            )
            for index in range(low, min(_past_light_text(lines, first, end) + 2, end))
            if _headline_shaped(lines[index])
        ]
        title_score, head = max(scored) if scored else (_NO_HEADLINE, -1)
        choices.append((math.log2(max(mass, 1.0)) + _HEADLINE_WEIGHT * title_score, head))
        titles.append(title_score)
        places.append(_PLACE_WEIGHT * first / len(lines))
    chosen = max(range(len(stretches)), key=lambda k: choices[k][0])
    # between stories under different headlines, the later one weighs less: comments, teasers
    # and other posts follow the story (under one headline, the larger part holds the story)
    earlier = max(range(len(stretches)), key=lambda k: choices[k][0] - places[k])
    if choices[earlier][1] != choices[chosen][1]:
        chosen = earlier
    end = stretches[chosen][2]
    # text above the chosen headline, under a headline nearly as good: that one heads the story
    # and the chosen line is a subheading inside it
    if (
        chosen > 0
        and choices[chosen - 1][1] >= 0
        and stretches[chosen - 1][1] < choices[chosen][1]
        and titles[chosen - 1] >= titles[chosen] - _RIVAL_HEADLINE
    ):
        chosen -= 1
    # a heading right above the text, with text just above it, is a subheading inside the story
    # (a box, a gallery or a list of links split it): the story began a stretch earlier
    while (
        chosen > 0
        and choices[chosen][1] >= stretches[chosen][1] - 1
        and stretches[chosen][1] - stretches[chosen - 1][2] <= _SUBHEAD_GAP
        and choices[chosen - 1][1] >= 0
    ):
        chosen -= 1
    head = choices[chosen][1]
    first = stretches[chosen][1]
    end = _without_tail(lines, first, end)
    if end < len(lines) and _closing(lines[end]):
        end += 1
    if head < 0:
        return -1, first, end
    return head, head + 1, end


def _past_light_text(lines: list[_Line], first: int, end: int) -> int:
    """The text line at which a stretch holds ``_LIGHT_TEXT`` characters: a shorter line of
    text at its top (a prompt to subscribe, a caption) may stand above the headline."""
    mass = 0.0
    for index in range(first, end):
        mass += max(lines[index].score, 0.0)
        if mass >= _LIGHT_TEXT:
            return index
    return first


def _reach(lines: list[_Line], first: int) -> int:
    """The first line a headline of the text at ``first`` may be on: so many lines up, chrome not counted."""
    counted = 0
    for index in range(first - 1, -1, -1):
        counted += not lines[index].chrome
        if counted > _HEADLINE_REACH:
            return index + 1
    return 0


def _without_tail(lines: list[_Line], first: int, end: int) -> int:
    """The story's end without the small blocks of text set apart at its foot.

    An author's bio, a newsletter box or a "read next" teaser is a line or
    three of text after a few short lines; the story itself is far longer.
    """
    text = [k for k in range(first, end) if lines[k].score > 0]
    total = sum(lines[k].score for k in text)
    while text:
        cut = max((k for k in range(1, len(text)) if text[k] - text[k - 1] > _TAIL_GAP), default=0)
        tail = text[cut:]
        if (
            not cut
            or len(tail) > _TAIL_LINES
            or sum(lines[k].score for k in tail) > _TAIL_SHARE * total
        ):
            break
        text = text[:cut]
        end = text[-1] + 1
    return end


def _closing(line: _Line) -> bool:
    """A short sentence right after the story's last long line closes it; a label ends in ':'."""
    return (
        bool(_FULL_STOP.search(line.text))
        and not (line.chrome or line.dated or line.name_like or line.byline)
        and len(line.text.split()) >= 2
    )


def _told_score(lines: list[_Line], index: int, first: int) -> float:
    """A headline's words come back in the story; a share button's or a menu's do not."""
    keywords = lines[index].keywords
    if not keywords:
        return 0.0
    story = lines[max(first, index + 1) : first + _TOLD_LINES]
    told = frozenset().union(*(line.keywords for line in story))
    return _TOLD_WEIGHT * len(keywords & told) / len(keywords)


def _stretches(lines: list[_Line]) -> list[tuple[float, int, int]]:
    """``(mass, start, end)`` of each stretch of text lines; mass is the sum of line scores.

    Stretches end at a gap of several lines without text, or at a short line
    with a date in it: a comment's or a teaser's header. Costs of the short
    lines inside a stretch are counted, so a list of links does not win.
    """
    stretches: list[tuple[float, int, int]] = []
    first, last, total, gap = -1, -1, 0.0, 0
    for index, line in enumerate(lines):
        breaks = gap >= _GAP or (line.dated and first >= 0)
        if breaks and first >= 0:
            stretches.append((total, first, last + 1))
            first, total = -1, 0.0
        if line.score > 0:
            if first < 0:
                first, total = index, 0.0
            total += line.score
            last, gap = index, 0
        else:
            gap += 1
            total += line.score if first >= 0 else 0.0
    if first >= 0:
        stretches.append((total, first, last + 1))
    return stretches or [(0.0, 0, len(lines))]


def _headline_score(lines: list[_Line], index: int, first: int, repeated: set[str]) -> float:
    """How much a line looks like the headline of the story that starts at ``first``."""
    line = lines[index]
    words = len(line.text.split())
    after = [other for other in lines[index + 1 : index + 1 + _META_WINDOW] if not other.chrome]
    before = lines[max(0, index - 2) : index]
    score = 0.0
    meta_after = [k for k, other in enumerate(after) if other.date or other.byline]
    meta_before = any(other.date or other.byline for other in before)
    if meta_after and meta_before and lines[index - 1].dated:
        score -= 1  # dates above and below: an item in a list of teasers
    elif meta_after:
        # a standfirst between the headline and its byline is no distance
        short = sum(
            1 for other in after[: meta_after[0]] if len(other.text.split()) < _FULL_HEADLINE
        )
        score += 3 - 0.5 * short
    if meta_after and _standfirst_of(line, after[0]):
        score += 1
    elif meta_before:
        score += 2
    if line.text.casefold() in repeated and words >= _FULL_HEADLINE:
        score += 1.5  # a page title repeated; a short repeated line is a menu item or a section
        if any(
            other is not line and other.text.casefold() == line.text.casefold()
            for other in lines[max(0, index - _TWICE_REACH) : index + _TWICE_REACH + 1]
        ):
            score += _TWICE  # shown twice at once: above and below a picture, in a print header
    score -= {1: 4, 2: 2, 3: 0.5}.get(words, 0 if words <= 20 else 1)  # a label, a kicker
    if line.text.isupper() and 1 < words <= _FULL_HEADLINE:
        score -= 2
    if line.text[0].islower():
        score -= 1
    if line.name_like and words > 1:
        score -= 2
    if line.text.endswith(".") and not _ABBREVIATION_END.search(line.text):
        score -= 3.5  # a caption or a sentence; "U.S." ends a headline too
    if len(line.text) > _LONG_HEADLINE:
        score -= 1
    if line.heading:
        score += _TOP_HEADING
    if line.flush:
        score += _FLUSH_HEADING
    if " | " in line.text:
        score -= 2  # "Section | Site", "Page | Site": a label or a window title, not the headline
    if index > 0 and lines[index - 1].score > 0:
        score -= 2  # right under a paragraph: a caption, a share bar, a box inside the text
    between = sum(1 for other in lines[index + 1 : first] if not _is_meta(other))
    return score - 0.15 * between


def _standfirst_of(line: _Line, below: _Line) -> bool:
    """A longer line right under a headline, that is neither byline nor dateline: its standfirst."""
    return (
        len(below.text.split()) >= max(_STANDFIRST_WORDS, len(line.text.split()) + 1)
        and len(line.text.split()) >= _FULL_HEADLINE
        and not _is_meta(below)
        and not below.name_like
    )


def _headline_shaped(line: _Line) -> bool:
    text = line.text
    return (
        len(text.split()) in _HEADLINE_WORDS
        and 3 <= len(text) <= 200
        and not _is_meta(line)
        and not text.endswith((":", ",", ";"))
        and not text.startswith("(")
        and any(character.isalpha() for character in text)
        and not _speaker_turn(text)
        and not _LIST_ITEM.match(text)  # an item of a list: a menu, a teaser, a point in the story
        and not _EMBED_OR_CAPTION.search(text)
        and len(_CRUMB.findall(text)) < 2
    )


def _speaker_turn(text: str) -> bool:
    """A transcript's "INSKEEP: Good morning." or a label such as "PDF: file-name"; not "VIDEO: Voting on X"."""
    parts = transcript.split_label(text)
    return parts is not None and (len(parts[2].split()) < 2 or bool(_SENTENCE_END.search(parts[2])))


def _repeated(lines: list[_Line]) -> set[str]:
    """Lines (case-folded) that appear again, alone or at the end of a longer line (a breadcrumb)."""
    texts = [line.text.casefold() for line in lines]
    seen: set[str] = set()
    again: set[str] = set()
    for text in texts:
        if text in seen:
            again.add(text)
        seen.add(text)
    candidates = {text for text, line in zip(texts, lines, strict=True) if _headline_shaped(line)}
    candidates = {text for text in candidates - again if len(text) >= _REPEAT_LENGTH}
    lengths = {len(candidate) for candidate in candidates}  # few: one lookup per length, per line
    for text in texts:
        for length in lengths:
            for end in (text[:length], text[-length:]):
                if len(text) > length and end in candidates:
                    again.add(end)
    return again


def _read_meta(
    lines: list[_Line], story: tuple[int, int, int], article: Article, month_first: bool
) -> None:
    """Date and byline from the lines nearest the headline: below it first, then above it.

    A page that gives neither there may give them just below the story
    ("Posted on 3 March 2019 by Jane Doe").
    """
    head, start, end = story
    top = head if head >= 0 else start
    below = lines[top + 1 : min(max(start, top + 1) + _META_REACH, end)]
    above = lines[max(0, top - _META_REACH) : top][::-1]
    after = lines[end : end + _META_REACH]
    dateline = None
    for line in [*below, *above, *after]:
        if not article.date:
            article.date = line.date or _date_in(line, month_first)
            dateline = line if article.date else None
    near = below[:_META_WINDOW] + above[:_META_WINDOW]
    # a byline near the headline, else one farther, people before an outlet ("By The Example Press");
    # a name alone on its line only when none says "by"
    bylines = sorted((line for line in near if line.byline), key=lambda line: not _says_by(line)) + [
        line for line in [*below, *above, *after] if line.byline and page_chrome.says_by(line.text)
    ]
    bylined = next((line for line in bylines if not _outlet_only(line)), None) or next(
        iter(bylines), None
    )
    named = next((line for line in near if _names_people(line) and " " in line.text), None)
    beside = _name_beside(lines, dateline) if dateline else None
    if bylined and bylined.byline:
        article.authors, article.source = bylined.byline
    elif named:
        article.authors = _NAMES_SPLIT.split(named.text.strip(_NAME_TRAIL))
    elif beside:
        article.authors = _NAMES_SPLIT.split(beside.text.strip(_NAME_TRAIL))
    else:
        # farther from the headline, a name alone on its line when the page has no byline at all
        named = next(
            (
                line
                for line in below[:_NAME_REACH] + above[:_NAME_REACH] + after[:_NAME_REACH]
                if _lone_name(line)
            ),
            None,
        )
        bylined = next((line for line in [*below, *above, *after] if line.byline), None)
        if bylined and bylined.byline:
            article.authors, article.source = bylined.byline
        elif named:  # a guess: the reader is asked to confirm it
            article.authors = [named.text.strip(_NAME_TRAIL)]
            article.needs_review.append("authors")


def _says_by(line: _Line) -> bool:
    return page_chrome.says_by(line.text)


def _outlet_only(line: _Line) -> bool:
    return bool(line.byline) and all(page_chrome.names_an_outlet(name) for name in line.byline[0])


def _name_beside(lines: list[_Line], dateline: _Line) -> _Line | None:
    """A line of names right above or below the article's dateline: the rest of its byline."""
    index = next(k for k, line in enumerate(lines) if line is dateline)
    for other in (index - 1, index + 1, index - 2, index + 2):
        if 0 <= other < len(lines) and _names_people(lines[other]) and not lines[other].chrome:
            if 2 <= len(lines[other].text.split()) <= _MAX_NAME_WORDS:
                return lines[other]
    return None


def _lone_name(line: _Line) -> bool:
    """A line of two or three name words ("Jane Doe"): an author's name where no byline says so."""
    return _names_people(line) and not line.chrome and len(line.text.split()) in _LONE_NAME_WORDS


def _names_people(line: _Line) -> bool:
    """A line of names that are people's, not a station's or a list of sections ("Natur, Umwelt")."""
    names = _NAMES_SPLIT.split(line.text.strip(_NAME_TRAIL))
    return (
        line.name_like
        and not page_chrome.names_an_outlet(line.text)
        and (len(names) == 1 or all(" " in name.strip() for name in names))
    )


def _date_in(line: _Line, month_first: bool) -> str:
    """The date in a short line that is not article text ("3. März 2019 @ 18:13 // Autor: X")."""
    if line.score > 0 or len(line.text) > _LONG_HEADLINE:
        return ""
    found = datelines.find(line.text, month_first)
    return found[0] if found else ""


def _body_paragraphs(
    lines: list[_Line], article: Article, from_text: bool = True
) -> tuple[list[str], list[str]]:
    """Paragraphs of the story and the rights lines found in it.

    With ``from_text``, labels and share buttons between the headline and
    the text are dropped (a full sentence there stays, a standfirst, unless a
    picture credit follows it: a caption), and so are the labels of boxes inside
    the story (:func:`_box_label`). Runs of two or more list-item lines in
    one block stay a list (joined by newlines).
    """
    kept: list[_Line] = []
    rights = []
    in_text = not from_text
    for k, line in enumerate(lines):
        in_text = in_text or line.score > 0
        below = lines[k + 1] if k + 1 < len(lines) else None
        if from_text and _box_label(line, below):
            continue
        if page_chrome.is_rights_line(line.text):
            rights.append(line.text)
        elif line.chrome or line.date or line.byline or line.text == article.title:
            continue
        elif (
            in_text or line.text.endswith(":") or (_sentence(line) and not (below and below.chrome))
        ):
            kept.append(line)  # above the text, a speaker's label or a sentence (a standfirst)
    return _runs(kept), rights


def _sentence(line: _Line) -> bool:
    """A short full sentence ("This post first appeared on Example."): text, not a label."""
    return bool(_FULL_STOP.search(line.text)) and len(line.text.split()) >= _SENTENCE_WORDS


def _box_label(line: _Line, below: _Line | None) -> bool:
    """A short line that is no sentence and no list item, over another short line or the story's end.

    Inside a story such lines label a box ("Mehr zum Thema", "Related
    Coverage") or are its teasers and buttons; a subheading stands over text.
    """
    return (
        line.score <= 0
        and (below is None or below.score <= 0)
        and not _SENTENCE_END.search(line.text)
        and not _LIST_ITEM.match(line.text)
        and not line.text.startswith(("(", "["))  # a stage direction: "(SOUNDBITE OF MUSIC)"
    )


def _runs(lines: list[_Line]) -> list[str]:
    runs: list[tuple[bool, list[str]]] = []
    for line in lines:
        is_item = bool(_LIST_ITEM.match(line.text))
        if is_item and runs and runs[-1][0] and not line.blank_before:
            runs[-1][1].append(line.text)
        else:
            runs.append((is_item, [line.text]))
    return ["\n".join(run) for _, run in runs]


def _title_from(paragraph: str) -> str:
    """A title for a copy without a headline: the start of its first paragraph."""
    first = re.split(r"(?<=[.!?])\s", paragraph, maxsplit=1)[0]
    return first if len(first) <= 120 else first[:120].rsplit(" ", 1)[0] + "…"


def _paragraph_markdown(paragraph: str) -> str:
    if "\n" in paragraph:  # a list kept from the source
        return "\n".join(f"- {escape(_LIST_ITEM.sub('', line))}" for line in paragraph.split("\n"))
    return escape(paragraph)


def _read_sign_off(article: Article) -> None:
    """ "Jane Doe, Example News, Paris." closing the story names its reporter and outlet."""
    last = article.body.rsplit("\n\n", 1)[-1].replace("\\", "")
    match = _SIGN_OFF.search(last)
    if not match:
        return
    if not article.authors:
        article.authors = [match.group("name")]
    if not article.source:
        article.source = re.sub(r"\s+News$", "", match.group("outlet"))


def _proper_case(upper_name: str, text: str) -> str:
    """How the text itself writes an upper-case name ("LUCIAN KIM" -> "Lucian Kim")."""
    pattern = r"\b" + r"\s+".join(re.escape(word) for word in upper_name.split()) + r"\b"
    for match in re.finditer(pattern, text, re.I):
        if not match.group().isupper():
            return re.sub(r"\s+", " ", match.group())
    return upper_name.title()
