"""Split, parse and write the YAML front matter of a Markdown file.

Parsing never raises anything but :class:`FrontMatterError`, which carries the
line in the *file* (not in the YAML block) so errors read ``path:line: message``.
Writing is deterministic: the same mapping always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import yaml

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_BaseDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

FENCE = "---"


class FrontMatterError(ValueError):
    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def split(text: str) -> tuple[str | None, str, int]:
    """Return ``(yaml_text or None, body, body_first_line)``; lines count from 1."""
    if text.startswith("\ufeff"):
        text = text[1:]
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != FENCE:
        return None, text, 1
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :]), index + 2
    raise FrontMatterError("front matter starts with '---' but is never closed", 1)


def parse(text: str) -> tuple[dict[str, Any], str, int]:
    """Parse a whole file into ``(meta, body, body_first_line)``."""
    raw, body, body_line = split(text)
    if raw is None:
        return {}, body, body_line
    try:
        meta = yaml.load(raw, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 2 if mark is not None else 1
        problem = exc.problem or exc.context or "invalid YAML"
        raise FrontMatterError(f"invalid YAML in front matter: {problem}", line) from None
    except yaml.reader.ReaderError as exc:
        line = raw[: exc.position].count("\n") + 2
        raise FrontMatterError(
            f"invalid YAML in front matter: control character {exc.character!r} is not allowed",
            line,
        ) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise FrontMatterError(f"invalid YAML in front matter: {message}", 1) from None
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise FrontMatterError(
            f"front matter must be a mapping of fields, not a {type(meta).__name__}", 2
        )
    return meta, body, body_line


def field_line(text: str, field: str) -> int | None:
    """Line of ``field:`` in the front matter of ``text``, for error messages."""
    for number, line in enumerate(text.split("\n")[1:], start=2):
        if line.rstrip() in (FENCE, "..."):
            return None
        if line.startswith(f"{field}:"):
            return number
    return None


class _FlowMap(dict):
    """A mapping written on one line, e.g. ``{name: Kim Jong Un, type: person}``."""


class _Dumper(_BaseDumper):
    pass


def _represent_flow_map(dumper: yaml.SafeDumper, data: _FlowMap) -> yaml.Node:
    return dumper.represent_mapping("tag:yaml.org,2002:map", data.items(), flow_style=True)


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.Node:
    style = "|" if "\n" in data else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_Dumper.add_representer(_FlowMap, _represent_flow_map)
_Dumper.add_representer(str, _represent_str)


def _prepare(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _prepare(item) for key, item in value.items()}
    if isinstance(value, list):
        return [
            _FlowMap({k: _prepare(v) for k, v in item.items()})
            if isinstance(item, dict)
            else _prepare(item)
            for item in value
        ]
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def dump(meta: dict[str, Any], body: str) -> str:
    """Render ``meta`` and ``body`` as a Markdown file with front matter."""
    block = yaml.dump(
        _prepare(meta),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
    )
    return f"{FENCE}\n{block}{FENCE}\n\n{body.strip()}\n"
