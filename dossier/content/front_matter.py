"""Split, parse and write the YAML front matter of a Markdown file.

Parsing never raises anything but :class:`FrontMatterError`, which carries the
line in the *file* (not in the YAML block) so errors read ``path:line: message``.
The YAML is read strictly (:func:`load_yaml`, also used for ``dossier.yml``): a
key given twice is a problem, and an impossible date (``2024-02-30``) stays the
text it is, for the field's own check to report, instead of crashing PyYAML.
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


class _StrictLoader(_Loader):
    """Safe YAML that notes repeated keys in ``duplicates`` and keeps impossible dates as text."""

    duplicates: list[tuple[str, int]]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        """PyYAML's, with a value its explicit tag cannot read (``!!int abc``) an error at its
        line rather than a bare ValueError."""
        try:
            return super().construct_object(node, deep)
        except (ValueError, TypeError, AttributeError, LookupError):  # "!!bool maybe": KeyError
            tag = node.tag.rsplit(":", 1)[-1]
            problem = f"{node.value!r} is not a valid {tag}"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None


def _timestamp(loader: _StrictLoader, node: yaml.ScalarNode) -> Any:
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:  # "2024-13-45" looks like a date and is none
        return node.value


def _mapping(loader: _StrictLoader, node: yaml.MappingNode) -> Any:
    seen: dict[str, int] = {}
    for key_node, _ in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
            continue
        line = key_node.start_mark.line
        if key_node.value in seen:
            loader.duplicates.append((key_node.value, seen[key_node.value], line))
        seen[key_node.value] = line
    yield from loader.construct_yaml_map(node)


_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)
_StrictLoader.add_constructor("tag:yaml.org,2002:map", _mapping)


def load_yaml(text: str, first_line: int, what: str) -> tuple[Any, list[tuple[str, int]]]:
    """Parse ``text``, whose first line is line ``first_line`` of its file, into its value and
    one ``(message, line)`` per repeated key; a syntax error raises :class:`FrontMatterError`
    that starts with ``what``."""
    loader = _StrictLoader(text)
    loader.duplicates = []
    try:
        value = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else first_line
        problem = exc.problem or exc.context or "invalid YAML"
        raise FrontMatterError(f"{what}: {problem}", line) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + first_line
        raise FrontMatterError(
            f"{what}: control character {exc.character!r} is not allowed", line
        ) from None
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise FrontMatterError(f"{what}: {message}", first_line) from None
    finally:
        loader.dispose()
    duplicates = [
        (f"'{key}' is given twice, on lines {first + first_line} and {again + first_line}",
         again + first_line)
        for key, first, again in loader.duplicates
    ]  # fmt: skip
    return value, duplicates


def split(text: str) -> tuple[str | None, str, int]:
    """Return ``(yaml_text or None, body, body_first_line)``; lines count from 1.

    Lines are found one by one up to the closing fence: the body is never split."""
    if text.startswith("\ufeff"):
        text = text[1:]
    end = text.find("\n")
    if (text if end < 0 else text[:end]).rstrip() != FENCE:
        return None, text, 1
    start = end + 1
    line = 2
    while end >= 0:
        begin = end + 1
        end = text.find("\n", begin)
        if (text[begin:] if end < 0 else text[begin:end]).rstrip() in (FENCE, "..."):
            return text[start : begin - 1], "" if end < 0 else text[end + 1 :], line + 1
        line += 1
    raise FrontMatterError("front matter starts with '---' but is never closed", 1)


def parse(text: str) -> tuple[dict[str, Any], str, int]:
    """Parse a whole file into ``(meta, body, body_first_line)``."""
    raw, body, body_line = split(text)
    if raw is None:
        return {}, body, body_line
    meta, duplicates = load_yaml(raw, 2, "invalid YAML in front matter")
    if duplicates:
        raise FrontMatterError(*duplicates[0])
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
