"""Change one front-matter field of a Markdown file without touching anything else.

The curation commands write into files people edit by hand. Re-dumping the
whole file would drop their YAML comments and reflow their body, so only the
lines of the changed field are replaced (or appended); the result is parsed
again and must equal the old fields plus the change, or nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..content import front_matter
from ..publish.atomic_write import write_atomic

FENCE = front_matter.FENCE


class EditError(ValueError):
    """The file could not be changed safely; it was left as it was."""


def _field_lines(key: str, value: Any) -> list[str]:
    dumped = front_matter.dump({key: value}, "")
    return dumped.split("\n")[1 : dumped.split("\n").index(FENCE, 1)]


def set_field(text: str, key: str, value: Any) -> str:
    """``text`` with front-matter field ``key`` set to ``value``; everything else byte-identical."""
    try:
        old_meta, _, _ = front_matter.parse(text)
    except front_matter.FrontMatterError as exc:
        raise EditError(exc.message) from None
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    lines = text[len(bom) :].split("\n")
    new_lines = _field_lines(key, value)
    if not lines or lines[0].rstrip() != FENCE:
        result = bom + "\n".join([FENCE, *new_lines, FENCE, "", text[len(bom) :]])
    else:
        close = next(i for i in range(1, len(lines)) if lines[i].rstrip() in (FENCE, "..."))
        start = next((i for i in range(1, close) if lines[i].startswith(f"{key}:")), None)
        if start is None:
            lines[close:close] = new_lines
        else:
            end = start + 1
            while end < close and (lines[end][:1] in (" ", "\t", "-") or not lines[end].strip()):
                end += 1
            while end - 1 > start and not lines[end - 1].strip():
                end -= 1  # keep blank lines that separate the next field
            lines[start:end] = new_lines
        result = bom + "\n".join(lines)
    meta, _, _ = front_matter.parse(result)
    if meta != {**old_meta, key: value}:
        raise EditError(f"could not change '{key}' without changing other fields")
    return result


def update_file(path: Path, key: str, value: Any) -> bool:
    """Set one field of the file at ``path`` atomically; False if it already had that value."""
    text = path.read_text(encoding="utf-8")
    meta, _, _ = front_matter.parse(text)
    if key in meta and meta[key] == value:
        return False
    write_atomic(path, set_field(text, key, value))
    return True
