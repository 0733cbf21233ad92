"""The language of an article whose source does not say it (text copies, most JSON).

Entity extraction needs it: a model must only read the language it was
trained on. Detection is by character n-grams (py3langid), on the headline and
the start of the body; an unsure guess is no answer.
"""

from __future__ import annotations

import functools
from typing import Any

from .. import blas

SAMPLE = 4000  # characters: plenty for a confident guess, cheap on a huge text
CONFIDENCE = 0.9


@functools.cache
def _identifier() -> Any:
    blas.one_thread()  # py3langid imports numpy
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> str:
    """ISO 639-1 code of the language ``text`` is written in, or "" when unsure."""
    sample = text[:SAMPLE]
    if sum(char.isalpha() for char in sample) < 40:
        return ""
    code, probability = _identifier().classify(sample)
    return str(code) if probability >= CONFIDENCE else ""
