"""A markdown-it inline rule for ``[[Target]]``, ``[[Target|label]]`` and ``[[Target#anchor]]``.

The rule only parses; it emits a ``wikilink`` token whose ``meta`` holds the
target, anchor and label. Resolution to a URL happens when rendering
(:mod:`dossier.markdown.body`), where the site's link index is known.

A wikilink nests the way a CommonMark link does. Its end is found the way
markdown-it finds a link label's, token by token, so a code span, an autolink
or raw HTML that starts inside it wins. Inside the text of a link (a link may
not hold a link) it is only its label; inside an image description the core
rule in :mod:`dossier.markdown.body` makes it text. While markdown-it measures a
link label (silent mode) the rule matches nothing, so ``[see [[X]] now](url)``
stays one link whose text says "see X now".
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

MAX_TARGET_LENGTH = 300


def parse_wikilink(inner: str) -> tuple[str, str, str]:
    """``"Kim Jong Un#early-life|Kim"`` -> ``("Kim Jong Un", "early-life", "Kim")``."""
    target, _, label = inner.partition("|")
    target, _, anchor = target.partition("#")
    target = " ".join(target.split())
    label = " ".join(label.split()) or target
    return target, anchor.strip(), label


def _closing(state: StateInline, start: int) -> int:
    """Where the ``]]`` that closes a wikilink whose inner text begins at ``start`` is, or -1.

    Every other inline construct on the way is skipped whole, as in markdown-it's
    ``parseLinkLabel``; a bracket or a lone ``]`` ends the search.
    """
    src, saved = state.src, state.pos
    limit = min(state.posMax, start + MAX_TARGET_LENGTH)
    state.pos = start
    found = -1
    while state.pos < limit:
        char = src[state.pos]
        if char == "[":
            break
        if char == "]":
            found = state.pos if src.startswith("]]", state.pos) else -1
            break
        state.md.inline.skipToken(state)
    state.pos = saved
    return found


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if silent or not src.startswith("[[", pos):
        return False
    end = _closing(state, pos + 2)
    if end < 0:
        return False
    inner = src[pos + 2 : end]
    if not inner.strip():
        return False
    target, anchor, label = parse_wikilink(inner)
    if state.linkLevel > 0:  # inside a link's text: the label, as text
        state.push("text", "", 0).content = label
    else:
        token = state.push("wikilink", "", 0)
        token.meta = {"target": target, "anchor": anchor, "label": label, "offset": pos}
        token.content = inner
    state.pos = end + 2
    return True


def wikilinks_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
