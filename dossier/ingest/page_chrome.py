"""Recognise the lines of a copied web page that are not the article: chrome, datelines, bylines.

Text copied from a browser carries the site's navigation, audio-player
residue, share buttons and copyright footers. These rules describe such lines
in general (any outlet), not the lines of one page.
"""

from __future__ import annotations

import re

from . import datelines

_UI_PHRASES = (
    r"play live radio", r"next up:?", r"available on air stations", r"listen(?: live| now)?",
    r"listen\s*[·•-]\s*\d{1,2}:\d{2}(?:\s*\d{1,2}:\d{2})?", r"download", r"embed", r"transcript",
    r"toggle (?:navigation|menu|caption)", r"hide caption", r"enlarge this image",
    r"skip to (?:main )?content", r"skip navigation", r"menu", r"search", r"close", r"open",
    r"sign in", r"sign up", r"log ?in", r"subscribe(?: now)?", r"donate", r"share(?: this)?(?: story| article)?",
    r"facebook", r"twitter", r"x", r"linkedin", r"whatsapp", r"e-?mail", r"print", r"copy link",
    r"advertisement", r"ad", r"sponsored", r"read more", r"related(?: stories| articles)?",
    r"loading\W*", r"continue reading", r"back to top", r"more from .{1,40}", r"heard on .{1,60}",
    r"image (?:source|caption|credit)[:,].{0,80}", r"photo(?:graph)?:? .{1,60}(?:/|via) .{1,40}",
    r"sign up(?: (?:to|for) (?:our |the )?(?:free )?newsletters?)?", r"newsletters?",
    r"learn more", r"click (?:here|to (?:copy|share|enlarge|play)\b.{0,20})", r"about us",
    r"contact(?: us)?", r"about (?:the )?authors?", r"privacy policy", r"terms of (?:use|service)", r"leave a (?:comment|reply)",
    r"comments?", r"reply", r"follow(?: us)?", r"tweet",
    # German, French, Spanish
    r"teilen", r"merken", r"drucken", r"kontakt(?: zu[mr]? .{1,30})?", r"über (?:den|die) autor(?:in|en)?", r"über (?:uns|mich)", r"impressum",
    r"datenschutz(?:erklärung)?", r"anmelden", r"abmelden", r"registrieren", r"weiterlesen",
    r"mehr lesen", r"zum vergrößern.{0,30}", r"kommentare?", r"antworten", r"suche", r"schließen",
    r"partager", r"lire la suite", r"s'abonner", r"se connecter", r"commentaires?", r"imprimer",
    r"fermer", r"rechercher", r"compartir", r"leer más", r"suscr[ií]bete", r"iniciar sesión",
    r"comentarios?", r"imprimir", r"cerrar", r"buscar",
    # a share link's label, a list's pager, a comment form's account line, a breadcrumb from the home page
    r".{0,80}\((?:opens|öffnet) in (?:a )?(?:new|neuem) (?:window|tab|fenster)\)",
    r".{0,30}\b(?:page|seite|página|pagina) \d+ (?:of|von|de|di) \d+\b.{0,30}",
    r".{0,80}\(\s*(?:log out|abmelden|déconnexion|cerrar sesión)\s*/\s*(?:change|ändern|modifier|cambiar)\s*\)",
    r".{0,40}\b(?:home|startseite|accueil|inicio)\s*[»>›/|].*",
    # like buttons, a post's category, a forum's thread header, an author's archive link
    r"(?:liken)+", r"like this:?", r"gefällt mir", r"thread starter .{1,40}",
    r"(?:autorenseite|author page|author archive)\b.{0,80}",
    r"(?:posted|filed|veröffentlicht|publié|publicado) (?:in|under|unter|dans|en) [^\d]{1,60}",
    # prompts to log in, to discover more, to update the browser; a shop's price note
    r"(?:sign|log) (?:in|up) (?:to|for) .{1,80}", r"(?:ingrese|regístrese|inicie sesión)\b.{1,80}",
    r"(?:melden sie sich|registrieren sie sich|jetzt anmelden|jetzt registrieren)\b.{0,80}",
    r"(?:entdecke|entdecken sie|discover|explore) (?:weitere|mehr|more|other) .{1,40}",
    r".{0,80}\b(?:browser|javascript)\b.{0,40}\b(?:update|upgrade|enable|aktivier|herunter|download|neuere"
    r"|newer|ausgeschaltet|deaktiviert|disabled|unterstützt|supported)\w*\b.{0,80}",
    r"(?:prices?|preise?) (?:includes?|inkl\.?|inklusive) (?:vat|mwst)\.?.{0,40}",
)  # fmt: skip
_UI_LINE = re.compile(rf"^(?:{'|'.join(_UI_PHRASES)})$", re.I)
# Links that skip the page's parts, in the languages of the sites a reporter reads.
_SKIP_LINK = re.compile(
    r"^(?:skip|jump) to\b|^accessibility links$|^(?:direkt )?zum (?:inhalt|hauptinhalt|content)\b"
    r"|^zu[mr] \w+ springen$|^aller au (?:contenu|menu)|^(?:saltar|ir) al contenido|^vai al contenuto",
    re.I,
)
_AD_MARKER = re.compile(
    r"^\W*(?:anzeige|werbung|advertisement|advertising|ad|sponsored|gesponsert|publicidad|publicité|"
    r"pubblicità|reklame|annonce|publicidade)\W*$",
    re.I,
)
# "Foto: Jane Doe/Agency", "Bildquelle: dpa", "Credit...", "Courtesy of X": a caption's credit line
_CREDIT = re.compile(
    r"^\(?(?:fotos?|bild|bilder|bildquelle|abb\.?|abbildung|photos?|image|credit|crédit|quelle|source|fuente"
    r"|foto\s?credit|kuva)"
    r"\s*(?::|\.\.\.$|…$)"  # "Credit..." alone: the credit itself is on the next line
    r"|^\(?(?:courtesy of|mit freundlicher genehmigung|cortesía de|avec l'aimable autorisation)\b",
    re.I,
)
# "Tags: Brexit, EU", "Filed under: Politics", "Schlagwörter: ...": the post's taxonomy
_TAXONOMY = re.compile(
    r"^(?:filed under|tags?|tagged|schlagw[öo]rter|stichw[öo]rter|kategorien?|categor(?:y|ies)|catégories?"
    r"|categorías?|etiquetas?|themen|rubrik)\s*:",
    re.I,
)
_READING_TIME = re.compile(
    r"^\W*(?:[\w ]{0,20}:\s*)?\d+\s*min(?:\.|utes?|uten|utos)?\b.{0,20}$", re.I
)
# "2 hours ago", "vor 3 Tagen", "1 Monat her", "il y a 2 jours", "hace 3 horas": a comment's or a teaser's age
_RELATIVE_TIME = re.compile(
    r"^\W*(?:vor|il y a|hace|há)?\s*(?:\d+|an?|one|eine[mn]?|einer|un[ae]?)\s+"
    r"(?:sec\w*|sek\w*|min\w*|h|hrs?|hours?|std\.?|stunden?|days?|tag(?:en)?|weeks?|wochen?|months?|monate?n?|"
    r"years?|jahre?n?|heures?|jours?|semaines?|mois|ans?|horas?|d[ií]as?|semanas?|meses?|años?)"
    r"\s*(?:ago|her|zuvor|atrás)?\W*$",
    re.I,
)
_ARROWS_BEFORE = "←‹<"  # "« Previous" reads as a quotation mark in German and French
_ARROWS_AFTER = "→›>»"
_MAX_CREDIT = 100
_WIDGET = re.compile(  # a text dump's form fields, buttons, check boxes and images: "[ ]", "____", "[logo.png]"
    r"\[\s*\]|_{4,}|\((?:BUTTON|IMAGE|INLINE)\)|^[□☐■◻]\s|^(?:\[[^\]]*\]\s*)+$"
)
# "A post shared by Jane (@jane) on Apr 21, 2019", "— Jane Doe (@janedoe) May 2, 2020": an embedded post's credit
_EMBED_CREDIT = re.compile(r"\(@[\w.]{1,30}\)")
_EMBED_CREDIT_WORDS = 20
_PAGER = re.compile(r"^(?:[←‹<«]{1,2}\s.*|.*\s[→›>»]{1,2})$")
_COMMENTS_ON = re.compile(  # "5 Kommentare zu „Title“": the head of the comments, naming the post
    r"^\d+\s+(?:comments?|responses?|replies|kommentare?|antworten|commentaires?|réponses?|comentarios?"
    r"|respuestas?)\s+(?:on|to|zu|auf|sur|à|en|a)\s+[\"“„«‚‘'].*$",
    re.I,
)
_PLAYER_TIME = re.compile(
    r"^(?:\d{1,2}:)?\d{1,2}:\d{2}(?:\s*[/·-]?\s*(?:\d{1,2}:)?\d{1,2}:\d{2})*$"
)
_COPYRIGHT = re.compile(r"^(?:©|\(c\)\s|copyright\b)", re.I)
_SEPARATORS = re.compile(r"\s*(?:[|·•~,]|//?|(?<![^\W\d_])[-–—](?![^\W\d_]))\s*")
# "By Jane Doe", "von Max Muster", "par Jeanne Roe", "Por Juan Pérez", "Veröffentlicht am ... von X",
# also glued to the name as some copies give it ("Veröffentlicht vonJane Doe", "AuthorJane Doe")
_BY = re.compile(
    r"(?:^|(?<=[\s|·•,(]))(?:(?i:by|von|vom|par|por|door|av|af|przez|escribe)\s*:?\s+(?=\S)"
    r"|(?:by|von|By|Von|Author|Autor)(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ]))"
)
_BY_LABEL = re.compile(
    r"(?:^|(?<=[\s|·•\d]))(?:authors?|autor/in|autor\*in|autoren|autor|autorin|auteurs?|autore|autora|text(?:\s*(?:&|und|and|/)\s*(?:fotos?|bilder|photos?))?|texto|texte|written by|verfasst von"
    r"|redaktion|redakteur|redakteurin|interview|reporter|reporting|rédaction|redacción|redazione)"
    r"\s*:\s*",
    re.I,
)
# Words that introduce a byline before its "by": "Posted by", "Geschrieben von", "Ein Artikel von",
# and an author's archive link: "View all posts by", "Zeige alle Beiträge von"
_BY_LEAD = re.compile(
    r"(?:posted|written|published|updated|post|author|article|story|report|blog|"
    r"geschrieben|veröffentlicht|verfasst|eingestellt|eingetragen|erstellt|gepostet|aktualisiert|"
    r"artikel|beitrag|bericht|text|ein|eine|publié|écrit|rédigé|article|publicado|escrito|"
    r"artículo|scritto|pubblicato|postato|articolo|geplaatst|geschreven|publicerad|skrevet|"
    r"view|all|posts|articles|stories|zeige|alle|beiträge|weitere|voir|tous|les|articles|ver|todos|los|autorenseite|"
    r"kommentar|analyse|analysis|interview|essay|kolumne|column|gastbeitrag|reportage|commentary|opinion|"
    r"review|rezension|chronique|tribune|análisis|opinión|crónica|columna)",
    re.I,
)
_HANDLE = re.compile(r"^[a-z0-9][\w./-]{2,30}(?=$|[\s|·•,])")
_NAME_TOKEN = re.compile(
    r"(?:[A-ZÀ-ÖØ-ÞĀ-Ž][\w'’-]*\.?|(?:von|van|de|da|del|der|den|di|du|la|le|al|bin|ter|zu))"
)
_CAPITAL = re.compile(r"[A-ZÀ-ÖØ-ÞĀ-Ž]")
_AUTHOR_JOIN = re.compile(r"\s*(?:,|;|&|/|\s(?:and|und|et|y|e|i|en|og|och)\s)\s*")
_OUTLET_WORD = re.compile(
    r"\b(?:News|Times|Post|Press|Journal|Agency|Service|Radio|Tribune|Herald|Guardian|Reuters|AP|AFP|BBC|NPR|CNN)\b"
)
_PARTICLE = re.compile(r"[^\W\d_A-ZÀ-ÖØ-Þ]{1,3}")  # "am", "on", "le", "el": a short lower-case word
_GLUED = re.compile(r"[^\W\d_](?=\d)|[^\W\d_A-ZÀ-ÖØ-Þ](?<=[^\W\d_]{4})(?=[A-ZÀ-ÖØ-Þ][a-zà-ÿ])")
_MAX_DATES = 3
_MAX_BYLINE = 150
_MAX_DATELINE = 120
_DATELINE_WORDS = 8  # besides the date: a label, a name, a byline; more is a sentence
_MAX_NAME_WORDS = 4
_WORDS_BEFORE_BY = 3  # "Ein Artikel von", "Posted in News by"; more is a sentence


def is_chrome(line: str) -> bool:
    """A line that belongs to the page around the article, never to the article."""
    line = line.strip()
    if _UI_LINE.match(line) or _PLAYER_TIME.match(line) or is_rights_line(line):
        return True
    if not any(character.isalpha() for character in line):
        return True  # counters, page numbers, separators
    if _SKIP_LINK.search(line) or _AD_MARKER.match(line) or _READING_TIME.match(line):
        return True
    if _RELATIVE_TIME.match(line):
        return True
    if _CREDIT.match(line) and len(line) <= _MAX_CREDIT or _TAXONOMY.match(line):
        return True
    if _COMMENTS_ON.match(line) or _WIDGET.search(line) or is_embed_credit(line):
        return True
    if "«" in line and "»" in line:
        return False  # «Gute Löhne reichen nicht», « Il y a … » : a quotation, not an arrow
    if _PAGER.match(line):
        return True  # "← Previous post title", "Next post title →": a link to another post
    return len(line.split()) <= 6 and (line[0] in _ARROWS_BEFORE or line[-1] in _ARROWS_AFTER)


def is_embed_credit(line: str) -> bool:
    """The credit line of an embedded social post: its author's handle and date, no sentence."""
    return bool(_EMBED_CREDIT.search(line)) and len(line.split()) <= _EMBED_CREDIT_WORDS


def is_rights_line(line: str) -> bool:
    """A copyright footer such as "© 2021 Example Wire. All rights reserved."."""
    return bool(_COPYRIGHT.match(line.strip())) and len(line) < 120


def date_of(line: str, month_first: bool = False) -> str:
    """The ISO date of a dateline such as "Updated April 25, 2019 4:05 PM ET", else "".

    A dateline is short and says little besides the date (a label, a byline);
    a sentence that mentions a date is not one.
    """
    if len(line) > _MAX_DATELINE:
        return ""
    found = datelines.find(line, month_first)
    if not found:
        return ""
    rest = [word for word in _without_dates(line, month_first).split() if word != "|"]
    return found[0] if len(rest) <= _DATELINE_WORDS else ""  # a second date is no word of a sentence


def has_date(line: str, month_first: bool = False) -> bool:
    return datelines.find(line, month_first) is not None


def byline(line: str, month_first: bool = False) -> tuple[list[str], str] | None:
    """``(authors, outlet)`` from "By Jane Doe and John Roe, Example News", "Von Max Muster | 3. März 2019"...

    Also a name that stands beside a date ("Jane Doe | 3 March 2019", "3. März
    2019 Jane Doe"). Names are runs of capitalised words; after an explicit
    "by" in a dated line, a user name ("von janedoe") counts too.
    """
    line = line.strip()
    if len(line) > _MAX_BYLINE:
        return None
    found = datelines.find(line, month_first)
    dated = _without_dates(line, month_first)
    marker = _BY_LABEL.search(dated) or _BY.search(dated)
    lead = re.findall(r"\w+", dated[: marker.start()]) if marker else []
    labelled = all(_BY_LEAD.fullmatch(word) for word in lead)
    # beside a date, "Veröffentlicht am ..., aktualisiert am ... von X": labels, particles, no sentence
    told = [
        word
        for word in lead
        if not (found and (_BY_LEAD.fullmatch(word) or _PARTICLE.fullmatch(word)))
    ]
    if marker and (
        len(told) > _WORDS_BEFORE_BY
        or (lead and not found and not labelled and ":" not in marker.group())
    ):
        marker = (
            None  # "Das Buch von Max Frisch" is a headline; "Ein Text von X, 3. Mai 2019" a byline
        )
    if marker:
        who = dated[marker.end() :]
        handle = _HANDLE.match(who)
        alone = handle and handle.end() == len(who.rstrip())  # "von janedoe" is the whole line
        if handle and (found or alone or marker.group().rstrip().endswith(":")):
            return [handle.group()], ""
        authors = _authors(who)
        if authors and not (found or lead) and _runs_on(who, authors[0]):
            return None  # "Vom Boden aus gedacht", "Von Kiew bis Moskau": a headline
        return authors
    if not found:
        return None
    parts = [part.strip() for part in _SEPARATORS.split(dated) if part.strip()]
    separated = _SEPARATORS.search(line[: found[1]] + " " + line[found[2] :]) is not None
    named = next((p for p in parts if _only_names(p) and " " in p), "")
    short = len(dated.split()) <= _DATELINE_WORDS  # else a sentence runs on beside the date
    if not named and short:  # "3. März 2019 Jane Doe": a name right after or before the date
        after = _name_at_start(dated.rsplit(" | ", 1)[-1])
        before = _name_at_end(line[: found[1]])
        named = after if len(after.split()) > 1 else before if len(before.split()) > 1 else ""
    if not named and separated:  # "Heiko | 3. März 2019": one name word set apart
        first = line[: found[1]] + " | " + line[found[2] :]
        named = next((p.strip() for p in _SEPARATORS.split(first) if _only_names(p.strip())), "")
    return _authors(named) if named else None


def _runs_on(who: str, authors: list[str]) -> bool:
    """One-word "names" that a sentence goes on after: the line was no byline."""
    if any(" " in name for name in authors):
        return False
    rest = who[who.find(authors[-1]) + len(authors[-1]) :].strip(" ,;|·•-–—")
    return (
        bool(rest)
        and (rest[0].islower() or rest[0] in "«»„“\"'‘")
        and not any(character.isdigit() for character in rest)  # "von X um 10:52" is a byline
    )


def _without_dates(line: str, month_first: bool) -> str:
    """``line`` with each date it gives replaced by a separator (a published and an updated date)."""
    for _ in range(_MAX_DATES):
        found = datelines.find(line, month_first)
        if not found:
            break
        line = line[: found[1]] + " | " + line[found[2] :]
    return line


def says_by(line: str) -> bool:
    """Does a line say "by" or "Author:" (not only a name beside a date)?"""
    return bool(_BY_LABEL.search(line) or _BY.search(line))


def _only_names(text: str) -> bool:
    words = text.split()
    return 1 <= len(words) <= _MAX_NAME_WORDS and all(
        _NAME_TOKEN.fullmatch(word) and not datelines.is_calendar_word(word) for word in words
    )


def names_an_outlet(text: str) -> bool:
    """Does a line name an outlet or a desk ("Example Public Radio, World Desk"), not people?"""
    return bool(_OUTLET_WORD.search(text))


def _authors(who: str) -> tuple[list[str], str] | None:
    """Names at the start of ``who``, up to the first word that is not part of a name."""
    authors, outlet = [], ""
    for part in _AUTHOR_JOIN.split(who.strip()):
        if not part:
            continue
        if _OUTLET_WORD.search(part) and authors:
            outlet = outlet or part.rstrip(". ")
            continue
        name = _name_at_start(part)
        if not name:
            break
        authors.append(name)
    return (authors, outlet) if authors else None


def _name_at_end(text: str) -> str:
    words = text.split()
    if words and _PARTICLE.fullmatch(words[-1]):
        words.pop()  # "Jane Doe am 3. März 2019", "Jane Doe on March 3, 2019"
    tokens = []
    for word in reversed(words[-_MAX_NAME_WORDS:]):
        if not _NAME_TOKEN.fullmatch(word) or not _CAPITAL.match(word):
            break
        tokens.insert(0, word)
    return " ".join(tokens)


def _name_at_start(text: str) -> str:
    tokens = []
    for word in text.split():
        # a copy glues the next element to a name: "Jane Doe4 Kommentare", "Jane DoeStaff Writer"
        glued = _GLUED.search(word) if tokens else None  # a user name alone: "Bo2man"
        word = word[: glued.start() + 1] if glued else word
        if not _NAME_TOKEN.fullmatch(word) or len(tokens) == _MAX_NAME_WORDS:
            break
        tokens.append(word)
        if glued:
            break
    while tokens and not _CAPITAL.match(tokens[-1]):
        tokens.pop()  # a particle ends no name
    return " ".join(tokens).rstrip(".") if tokens else ""
