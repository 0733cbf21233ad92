"""Which entries of a feed belong in the dossier: its include and exclude rules.

A rule names keywords and curated entities; an entity counts under its name
or any alias of its file in ``content/entities`` ("DPRK" for North Korea).
"""

from __future__ import annotations

import re
from pathlib import Path

from ..content import front_matter
from .settings import Rule, Subscription


def curated_aliases(entities_dir: Path) -> dict[str, tuple[str, ...]]:
    """Every curated entity's name, casefolded -> the name and its aliases."""
    found: dict[str, tuple[str, ...]] = {}
    for path in sorted(entities_dir.glob("*.md")) if entities_dir.is_dir() else ():
        try:
            meta, _, _ = front_matter.parse(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, front_matter.FrontMatterError):
            continue
        name = str(meta.get("name") or "").strip()
        aliases = meta.get("aliases") if isinstance(meta.get("aliases"), list) else []
        if name:
            found[name.casefold()] = (name, *(str(alias) for alias in aliases))
    return found


def skip_reason(subscription: Subscription, text: str, aliases: dict[str, tuple[str, ...]]) -> str:
    """Why the entry with ``text`` (title and body) is left out, or "" when it belongs."""
    if subscription.include and not _matches(subscription.include, text, aliases):
        return "matches no include rule"
    hit = _matches(subscription.exclude, text, aliases)
    return f"matches the exclude rule {hit!r}" if hit else ""


def _matches(rule: Rule, text: str, aliases: dict[str, tuple[str, ...]]) -> str:
    """The first keyword or entity of ``rule`` written in ``text``, or ""."""
    for keyword in rule.keywords:
        if _written(text, keyword):
            return keyword
    for entity in rule.entities:
        if any(_written(text, name) for name in aliases.get(entity.casefold(), (entity,))):
            return entity
    return ""


def _written(text: str, term: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.I) is not None
