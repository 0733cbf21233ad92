"""Read as much as possible of broken JSON: raw newlines in strings, a cut-off end, a bad byte.

Real exports are saved from browsers and truncated by tools; the standard parser
rejects the whole file for one fault. This scanner keeps every value read before
the fault, including the part of the string it stopped in, and says where it stopped.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

_MISSING = object()
_MAX_DEPTH = 200
_PLAIN = re.compile(r'[^"\\]+')
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_WORDS = {"true": True, "false": False, "null": None}
_ESCAPES = {'"': '"', "\\": "\\", "/": "/", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}


@dataclass(frozen=True)
class Scan:
    """What could be read: ``value`` is complete unless ``problem`` says where it stopped."""

    value: Any
    problem: str = ""  # "" when the JSON was read whole
    stopped_in: str = (
        ""  # dotted path of the value being read when it stopped, e.g. content.rendered
    )

    @property
    def complete(self) -> bool:
        return not self.problem


class _Stop(Exception):
    def __init__(self, reason: str, path: str, partial: Any = _MISSING) -> None:
        super().__init__(reason)
        self.reason = reason
        self.path = path
        self.partial = partial


def scan(text: str) -> Scan:
    """Parse ``text`` as JSON, salvaging what precedes any fault instead of failing."""
    try:
        return Scan(json.loads(text, strict=False))
    except (json.JSONDecodeError, RecursionError):
        pass
    scanner = _Scanner(text)
    try:
        value = scanner.value((), 0)
    except _Stop as stop:
        value = None if stop.partial is _MISSING else stop.partial
        return Scan(value, stop.reason, stop.path)
    scanner.skip_space()
    if scanner.pos < len(text):
        return Scan(value, f"unexpected text after the JSON value at {scanner.where()}")
    return Scan(value)


class _Scanner:
    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0

    def where(self, pos: int | None = None) -> str:
        pos = self.pos if pos is None else pos
        line = self.text.count("\n", 0, pos) + 1
        column = pos - (self.text.rfind("\n", 0, pos) + 1) + 1
        return f"line {line}, column {column}"

    def skip_space(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos] in " \t\r\n":
            self.pos += 1

    def _fail(self, path: tuple[str, ...], expected: str) -> _Stop:
        if self.pos >= len(self.text):
            return _Stop(f"cut off inside {_dotted(path) or 'the top-level value'}", _dotted(path))
        found = self.text[self.pos]
        return _Stop(
            f"syntax error at {self.where()}: expected {expected}, found {found!r}", _dotted(path)
        )

    def value(self, path: tuple[str, ...], depth: int) -> Any:
        if depth > _MAX_DEPTH:
            raise _Stop(
                f"nested more than {_MAX_DEPTH} levels deep at {self.where()}", _dotted(path)
            )
        self.skip_space()
        char = self.text[self.pos : self.pos + 1]
        if char == "{":
            return self._object(path, depth)
        if char == "[":
            return self._array(path, depth)
        if char == '"':
            return self._string(path)
        match = _NUMBER.match(self.text, self.pos)
        if match:
            self.pos = match.end()
            number = match.group()
            return float(number) if any(c in number for c in ".eE") else int(number)
        for word, result in _WORDS.items():
            if self.text.startswith(word, self.pos):
                self.pos += len(word)
                return result
        raise self._fail(path, "a value")

    def _object(self, path: tuple[str, ...], depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        self.pos += 1
        try:
            while True:
                self.skip_space()
                if self.text.startswith("}", self.pos):
                    self.pos += 1
                    return result
                if not self.text.startswith('"', self.pos):
                    raise self._fail(path, "a quoted key or '}'")
                try:
                    key = self._string(path)
                except _Stop as stop:
                    stop.partial = _MISSING  # half a key names nothing
                    raise
                self.skip_space()
                if not self.text.startswith(":", self.pos):
                    raise self._fail((*path, key), "':'")
                self.pos += 1
                try:
                    result[key] = self.value((*path, key), depth + 1)
                except _Stop as stop:
                    if stop.partial is not _MISSING:
                        result[key] = stop.partial
                    raise
                self.skip_space()
                if self.text.startswith(",", self.pos):
                    self.pos += 1
                elif not self.text.startswith("}", self.pos):
                    raise self._fail(path, "',' or '}'")
        except _Stop as stop:
            stop.partial = result
            raise

    def _array(self, path: tuple[str, ...], depth: int) -> list[Any]:
        result: list[Any] = []
        self.pos += 1
        try:
            while True:
                self.skip_space()
                if self.text.startswith("]", self.pos):
                    self.pos += 1
                    return result
                try:
                    result.append(self.value((*path, f"[{len(result)}]"), depth + 1))
                except _Stop as stop:
                    if stop.partial is not _MISSING:
                        result.append(stop.partial)
                    raise
                self.skip_space()
                if self.text.startswith(",", self.pos):
                    self.pos += 1
                elif not self.text.startswith("]", self.pos):
                    raise self._fail(path, "',' or ']'")
        except _Stop as stop:
            stop.partial = result
            raise

    def _string(self, path: tuple[str, ...]) -> str:
        """Read a string; raw control characters are kept and unknown escapes taken literally."""
        self.pos += 1
        parts: list[str] = []
        text = self.text
        while True:
            match = _PLAIN.match(text, self.pos)
            if match:
                parts.append(match.group())
                self.pos = match.end()
            if self.pos >= len(text):
                raise _Stop(
                    f"cut off inside {_dotted(path) or 'a string'}", _dotted(path), "".join(parts)
                )
            char = text[self.pos]
            if char == '"':
                self.pos += 1
                return "".join(parts)
            parts.append(self._escape())

    def _escape(self) -> str:
        code = self.text[self.pos + 1 : self.pos + 2]
        if code in _ESCAPES:
            self.pos += 2
            return _ESCAPES[code]
        if code == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", self.text[self.pos + 2 : self.pos + 6]):
            unit = int(self.text[self.pos + 2 : self.pos + 6], 16)
            self.pos += 6
            low = self.text[self.pos : self.pos + 6]
            if 0xD800 <= unit < 0xDC00 and re.fullmatch(r"\\u[dD][c-fC-F][0-9a-fA-F]{2}", low):
                self.pos += 6
                return chr(0x10000 + ((unit - 0xD800) << 10) + (int(low[2:], 16) - 0xDC00))
            return chr(unit) if not 0xD800 <= unit < 0xE000 else "\ufffd"
        self.pos += 1
        return "\\"


def _dotted(path: tuple[str, ...]) -> str:
    """``content.rendered``; a key with a line break or control character is shown escaped."""
    dotted = ".".join(path).replace(".[", "[")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in dotted)
