"""Source bytes to text: refuse empty and binary files, guess the encoding of non-UTF-8 text.

Real sources arrive in cp1252, Latin-1 or UTF-16 as often as in UTF-8; a wrong
guess is less harmful than refusing them, so a guessed encoding is a warning.
"""

from __future__ import annotations

import codecs
import re

from .model import SourceError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = {
    b"%PDF": "a PDF document",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"PK\x03\x04": "a ZIP archive (or a Word/ODF document)",
    b"\x1f\x8b": "a gzip archive",
}
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)|encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.I,
)
_PREFERRED = ("cp1252", "latin_1", "iso8859_15")
# Control characters that never occur in text (tab, newlines and form feed do).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f]")


def decode(data: bytes, declared: str = "") -> tuple[str, str | None]:
    """Return ``(text, warning or None)``; raise SourceError for empty or binary data."""
    if not data.strip():
        raise SourceError("empty file, nothing to ingest")
    for magic, kind in _MAGIC.items():
        if data.startswith(magic):
            raise SourceError(f"binary file ({kind}), not a text source")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _checked(data.decode(encoding, errors="replace")), None
    if b"\x00" in data[:8192]:
        wide = _wide_encoding(data)
        if wide is None:
            raise SourceError("binary file (contains NUL bytes), not a text source")
        return _checked(data.decode(wide)), f"no byte-order mark; read as {wide} (detected)"
    try:
        return _checked(data.decode("utf-8")), None
    except UnicodeDecodeError as exc:
        bad_line = data[: exc.start].count(b"\n") + 1
    encoding = _declared_encoding(data, declared)
    if encoding is None:
        encoding = _detected_encoding(data)
        if encoding is None:
            raise SourceError(
                f"not UTF-8 (line {bad_line}) and no text encoding fits; binary file?"
            )
        how = "detected"
    else:
        how = "declared"
    text = _checked(data.decode(encoding, errors="replace"))
    return text, f"not UTF-8 (line {bad_line}); read as {encoding} ({how})"


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 without a byte-order mark, told by where the zero bytes of ASCII fall.

    XML allows it (the declaration's ``<?`` shows the order); binary data never
    decodes cleanly into text without control characters.
    """
    head = data[:8192]
    quarter = max(len(head) // 4, 1)
    zeros = [head[offset::4].count(0) / quarter for offset in range(4)]
    if zeros[2] > 0.9 and zeros[3] > 0.9:
        candidates = ["utf-32-le", "utf-16-le"]
    elif zeros[0] > 0.9 and zeros[1] > 0.9:
        candidates = ["utf-32-be", "utf-16-be"]
    elif zeros[1] + zeros[3] > 0.6 and zeros[0] + zeros[2] < 0.1:
        candidates = ["utf-16-le"]
    elif zeros[0] + zeros[2] > 0.6 and zeros[1] + zeros[3] < 0.1:
        candidates = ["utf-16-be"]
    else:
        return None
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text and len(_CONTROL.findall(text[:4096])) <= 8:
            return encoding
    return None


def _declared_encoding(data: bytes, declared: str) -> str | None:
    """The encoding named by the HTTP header or by the document itself, if Python knows it."""
    names = [declared] if declared else []
    match = _DECLARED.search(data[:4096])
    if match:
        names.append((match.group(1) or match.group(2)).decode("ascii"))
    for name in names:
        try:
            codec = codecs.lookup(name).name
        except LookupError:
            continue
        if codec != "utf-8":
            try:
                data.decode(codec)
            except UnicodeDecodeError:
                continue
            return codec
    return None


def _detected_encoding(data: bytes) -> str | None:
    """charset-normalizer's least chaotic guess; on a tie, windows-1252, the web's legacy default.

    On short Western text many code pages decode equally cleanly, and the
    detector's first pick (say cp775) is then an arbitrary one.
    """
    from charset_normalizer import from_bytes

    results = list(from_bytes(data))
    if not results:
        return None
    least = min(result.chaos for result in results)
    tied = [result.encoding for result in results if result.chaos == least]
    return next((name for name in _PREFERRED if name in tied), tied[0])


def _checked(text: str) -> str:
    if len(_CONTROL.findall(text[:8192])) > 8:
        raise SourceError("binary file (control characters), not a text source")
    return text.replace("\r\n", "\n").replace("\r", "\n")
