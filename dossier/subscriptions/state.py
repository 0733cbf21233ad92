"""What ``pull`` remembers between runs: per feed, the entries seen and the validators.

One JSON file in the project (commit it beside ``content/`` when a scheduled
job pulls), replaced atomically after each feed: a run killed at any moment
leaves the previous state or the new one. An entry written but not yet
recorded is recognised on the next run by its ``entry_id`` and not written twice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..publish.atomic_write import write_atomic

STATE_NAME = "feeds-seen.json"


@dataclass
class FeedState:
    etag: str = ""
    last_modified: str = ""
    seen: set[str] = field(default_factory=set)


class State:
    def __init__(self, path: Path, feeds: dict[str, FeedState], problem: str = "") -> None:
        self.path = path
        self.feeds = feeds
        self.problem = problem  # why an unreadable file was set aside, for a warning

    @classmethod
    def load(cls, project_root: Path) -> State:
        path = project_root / STATE_NAME
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path, {})
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            return cls(path, {}, f"{STATE_NAME} is unreadable ({exc}); starting afresh")
        feeds = raw.get("feeds") if isinstance(raw, dict) else None
        if not isinstance(feeds, dict):
            return cls(path, {}, f"{STATE_NAME} has no 'feeds'; starting afresh")
        return cls(path, {url: _feed(value) for url, value in feeds.items()})

    def feed(self, url: str) -> FeedState:
        return self.feeds.setdefault(url, FeedState())

    def save(self) -> None:
        feeds = {
            url: {"etag": s.etag, "last_modified": s.last_modified, "seen": sorted(s.seen)}
            for url, s in sorted(self.feeds.items())
        }
        write_atomic(self.path, json.dumps({"feeds": feeds}, ensure_ascii=False, indent=1) + "\n")


def _feed(value: Any) -> FeedState:
    if not isinstance(value, dict):
        return FeedState()
    seen = value.get("seen")
    return FeedState(
        etag=str(value.get("etag") or ""),
        last_modified=str(value.get("last_modified") or ""),
        seen={str(item) for item in seen} if isinstance(seen, list) else set(),
    )
