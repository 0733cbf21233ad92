"""Quotations of a broadcast transcript: each speaker label's turn is what that speaker said.

``PRESIDENT VLADIMIR PUTIN: (Speaking Russian).`` is a turn too: the parenthesis
marks speech the transcript did not write down, and stays as the quotation's text.
A sound cue (``(SOUNDBITE OF ARCHIVED RECORDING)``) ends a turn; a paragraph
without a label goes on the turn before it.
"""

from __future__ import annotations

from ..ingest import transcript as labels
from . import extract
from .speakers import Entity, resolve_name

CUE = "transcript"


def is_transcript(texts: list[str]) -> bool:
    return labels.is_transcript(texts)


def turns(texts: list[str], people: list[Entity]) -> list[extract.Quote]:
    """One quotation per labelled turn, its speaker resolved from the label."""
    found: list[extract.Quote] = []
    speaker: tuple[str, bool] | None = None
    said: list[str] = []

    def close() -> None:
        if speaker is not None and any(c.isalpha() for c in " ".join(said)):
            text = " ".join(" ".join(said).split())
            if text.startswith("(") and text.endswith(")."):
                text = text[:-1]  # "(Speaking Russian)."
            found.append(extract.Quote(speaker[0], text, CUE, speaker[1]))

    pending_label = False
    for text in texts:
        parts = labels.split_label(text)
        if parts:
            close()
            speaker, said = _speaker(parts[0], people), [parts[2]]
            pending_label = not parts[2]
        elif labels.is_cue(text):
            close()
            speaker, said = None, []
        elif speaker is not None and (pending_label or said):
            said.append(text)
            pending_label = False
    close()
    return found


def _speaker(label: str, people: list[Entity]) -> tuple[str, bool]:
    """The entity a label names ("L. KIM" -> Lucian Kim), else the label in title case."""
    written = label.split(",")[0].strip()
    entity = resolve_name(written, people)
    if entity is not None:
        return entity.name, True
    return " ".join(word.capitalize() for word in written.split()), False
