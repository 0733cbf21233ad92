"""Problems found in user input, reported as ``path:line: message``.

Every stage reports into a :class:`Diagnostics` collector instead of raising, so
one bad file never stops the work on the others; the CLI turns the collected
errors into the exit status.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO


def counted(number: int, noun: str, nouns: str = "") -> str:
    """``"1 error"``, ``"2 errors"`` (``nouns`` for a plural not made with "s")."""
    return f"{number} {noun if number == 1 else nouns or noun + 's'}"


@dataclass(frozen=True, order=True)
class Diagnostic:
    path: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


@dataclass
class Diagnostics:
    items: list[Diagnostic] = field(default_factory=list)

    def error(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.items.append(Diagnostic(str(path), line, message, "error"))

    def warning(self, path: str | Path, message: str, line: int | None = None) -> None:
        self.items.append(Diagnostic(str(path), line, message, "warning"))

    def extend(self, other: Diagnostics) -> None:
        self.items.extend(other.items)

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.items if d.severity == "warning"]

    def print(self, stream: TextIO = sys.stderr) -> None:
        for item in sorted(set(self.items)):
            print(item, file=stream)
