"""The text of an ingested article file, and how to tell later whether a person edited it.

Each generated file carries ``ingest_digest``: the SHA-256 of its own text
without the ``ingest_digest`` and ``ingested_at`` lines. If the text no longer
matches its digest, a person changed it, and ingest will never replace it.
A file without a digest was not written by ingest and counts as edited too.
Leaving ``ingested_at`` out keeps re-ingesting the same source byte-stable
apart from that one line.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any

from ..content import front_matter

DIGEST_FIELD = "ingest_digest"
_UNHASHED = (f"{DIGEST_FIELD}:", "ingested_at:")
_DIGEST_LINE = re.compile(rf"^{DIGEST_FIELD}: ['\"]?([0-9a-f]{{64}})['\"]?$", re.M)


def render(meta: dict[str, Any], body: str) -> str:
    """The file for ``meta`` and ``body``, with its digest as the last front matter field."""
    meta = {key: value for key, value in meta.items() if key != DIGEST_FIELD}
    digest = _digest(front_matter.dump(meta, body))
    return front_matter.dump({**meta, DIGEST_FIELD: digest}, body)


def edited_by_hand(text: str) -> bool:
    """True unless ``text`` is exactly what ingest wrote (``ingested_at`` aside)."""
    match = _DIGEST_LINE.search(text)
    return match is None or match.group(1) != _digest(text)


def _digest(text: str) -> str:
    kept = [line for line in text.split("\n") if not line.startswith(_UNHASHED)]
    return hashlib.sha256("\n".join(kept).encode("utf-8")).hexdigest()
