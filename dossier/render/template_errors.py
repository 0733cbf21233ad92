"""Where a template went wrong, as ``templates/NAME:LINE: message`` in the template's own terms.

Jinja reports a syntax error at its line, but an unclosed ``{% if %}`` where it
noticed (the end of the file, or the next end tag): :func:`template_location`
names the line that opened it instead. An
exception raised while a template renders (``{{ 1 // 0 }}``) is a Python error
with the template's line only in its traceback: :func:`rendering` turns it into a
:class:`TemplateFailed` that carries that line, and travels back from a render
worker with it.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from jinja2 import Environment, TemplateError, TemplateNotFound, TemplateSyntaxError

from ..project import Project

_TEMPLATE_FILES = (".html", ".xml")
# Tags that open a block closed by "end<tag>" ("set" only in its block form).
_BLOCKS = frozenset("if for block macro call filter with autoescape trans set".split())


class TemplateFailed(TemplateError):
    """An error raised by the code of a template while it rendered, with its place."""

    def __init__(self, message: str, filename: str | None, lineno: int | None) -> None:
        super().__init__(message)
        self.filename = filename
        self.lineno = lineno

    def __reduce__(self) -> tuple:
        return (TemplateFailed, (self.message, self.filename, self.lineno))


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    """The innermost frame of a template in ``exc``'s traceback (Jinja puts them there)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(_TEMPLATE_FILES):
            return frame.filename, frame.lineno
    return None, None


@contextmanager
def rendering() -> Iterator[None]:
    """Turn an exception raised inside a template into a :class:`TemplateFailed`; any
    other exception is dossier's own bug and goes on as it is."""
    try:
        yield
    except TemplateError:
        raise
    except Exception as exc:
        filename, line = _template_frame(exc)
        if filename is None:
            raise
        raise TemplateFailed(f"{type(exc).__name__}: {exc}", filename, line) from None


def _unclosed_block(source: str) -> tuple[str, int] | None:
    """The innermost block tag of ``source`` never closed, and its line."""
    tags: list[list[tuple[int, str]]] = []  # the tokens of each {% ... %}
    for line, kind, value in Environment().lex(source):
        if kind == "block_begin":
            tags.append([])
        elif tags and kind not in ("whitespace", "block_end"):
            tags[-1].append((line, value))
    open_blocks: list[tuple[str, int]] = []
    for tag in filter(None, tags):
        line, name = tag[0]
        if name == "set" and any(value == "=" for _, value in tag):
            continue  # {% set x = 1 %} needs no {% endset %}
        if name in _BLOCKS:
            open_blocks.append((name, line))
        elif name.startswith("end") and open_blocks and open_blocks[-1][0] == name[3:]:
            open_blocks.pop()
    return open_blocks[-1] if open_blocks else None


def template_location(exc: TemplateError, project: Project) -> tuple[str, int | None, str]:
    """``(file, line, message)`` of a Jinja error as the user should see them."""
    filename, line = getattr(exc, "filename", None), getattr(exc, "lineno", None)
    if not filename:
        filename, line = _template_frame(exc)
    message = (
        f"template '{exc.name}' not found"
        if isinstance(exc, TemplateNotFound)
        else (exc.message or type(exc).__name__)
    )
    source = getattr(exc, "source", None)
    if isinstance(exc, TemplateSyntaxError) and source and "needs to be closed" in message:
        try:
            unclosed = _unclosed_block(source)
        except TemplateSyntaxError:
            unclosed = None
        if unclosed is not None:  # the fix is where the block opens, not where Jinja noticed
            tag, opened = unclosed
            message = f"'{{% {tag} %}}' is never closed: no '{{% end{tag} %}}' for it"
            line = opened
    shown = project.relative(Path(filename)) if filename else "templates"
    return shown, line, message
