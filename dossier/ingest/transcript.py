"""Broadcast transcripts in Markdown: speaker labels in bold, sound cues on their own line.

Radio and TV transcripts (NPR, PBS, CNN...) mark each turn with an upper-case
label such as ``ARI SHAPIRO, HOST:`` or ``L. KIM:`` and each clip with a cue
such as ``(SOUNDBITE OF ARCHIVED RECORDING)``.
"""

from __future__ import annotations

import re

from .markdown_text import escape

# Upper case only (initials, spaces, hyphens, apostrophes), an optional ", ROLE", then a colon.
_LABEL = re.compile(
    r"^(?P<label>(?P<speaker>[A-Z][A-Z.'’ -]{0,50}[A-Z.])(?:,\s*(?P<role>[A-Z][A-Z'’ -]{0,30}[A-Z]))?):(?:\s+(?P<rest>.*))?$",
    re.S,
)
_CUE = re.compile(r"^\((?=[^)]*[A-Z]{3})[A-Z0-9][A-Z0-9 ,.'’:;&/-]*\)$")
_REPORTER_ROLES = re.compile(r"\b(?:BYLINE|CORRESPONDENT|REPORTER)\b")
MIN_LABELS = 2  # one upper-case "WORD:" is no transcript


def split_label(paragraph: str) -> tuple[str, str, str] | None:
    """``(label, role, rest)`` for a paragraph that opens with a speaker label, else None."""
    match = _LABEL.match(paragraph)
    if not match or not re.search(r"[A-Z]{2}", match.group("speaker")):
        return None
    return match.group("label"), match.group("role") or "", (match.group("rest") or "").strip()


def is_transcript(paragraphs: list[str]) -> bool:
    return sum(1 for paragraph in paragraphs if split_label(paragraph)) >= MIN_LABELS


def is_cue(paragraph: str) -> bool:
    return bool(_CUE.match(paragraph.strip()))


def render(paragraphs: list[str]) -> list[str]:
    """Markdown blocks for transcript paragraphs; a label alone joins the paragraph after it."""
    blocks: list[str] = []
    pending = ""
    for paragraph in paragraphs:
        parts = split_label(paragraph)
        if parts and not parts[2]:
            pending = f"**{parts[0]}:**"
            continue
        if is_cue(paragraph):
            block = f"*{paragraph.strip()}*"
        elif parts:
            block = f"**{parts[0]}:** {escape(parts[2])}"
        else:
            block = escape(paragraph)
        blocks.append(f"{pending} {block}" if pending else block)
        pending = ""
    if pending:
        blocks.append(pending)
    return blocks


def reporters(paragraphs: list[str]) -> list[str]:
    """Speakers labelled as the story's reporter ("LUCIAN KIM, BYLINE:"), in upper case."""
    found: list[str] = []
    for paragraph in paragraphs:
        parts = split_label(paragraph)
        if parts and _REPORTER_ROLES.search(parts[1]):
            speaker = parts[0].split(",")[0].strip()
            if speaker not in found:
                found.append(speaker)
    return found
