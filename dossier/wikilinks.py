"""A markdown-it inline rule for ``[[Target]]``, ``[[Target|label]]`` and ``[[Target#anchor]]``.

The rule only parses; it emits a ``wikilink`` token whose ``meta`` holds the
target, anchor and label. Resolution to a URL happens when rendering
(:mod:`dossier.markdown`), where the site's link index is known.
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


def _wikilink_rule(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("[[", pos):
        return False
    end = src.find("]]", pos + 2)
    if end < 0 or end - pos > MAX_TARGET_LENGTH:
        return False
    inner = src[pos + 2 : end]
    if not inner.strip() or "[" in inner or "\n\n" in inner:
        return False
    if not silent:
        target, anchor, label = parse_wikilink(inner)
        token = state.push("wikilink", "", 0)
        token.meta = {"target": target, "anchor": anchor, "label": label, "offset": pos}
        token.content = inner
    state.pos = end + 2
    return True


def wikilinks_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "wikilink", _wikilink_rule)
