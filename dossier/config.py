"""``dossier.yml``: the site settings, validated with errors that name the line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .content.front_matter import FrontMatterError, load_yaml
from .diagnostics import Diagnostics

CONFIG_NAME = "dossier.yml"

_LABEL = r"[a-z0-9_](?:[a-z0-9_-]*[a-z0-9_])?"
_HOST = re.compile(rf"(?:\[[0-9a-f:.]+\]|{_LABEL}(?:\.{_LABEL})*)(?::(?P<port>\d{{1,5}}))?")
HOST_FORM = "a host name or address, optionally with :port (as example.org or mybox.local:8000)"


def host_name(text: str) -> str | None:
    """``text`` as a ``Host`` value the preview may answer to (lower-case), or None."""
    name = text.strip().lower()
    match = _HOST.fullmatch(name)
    if match is None or (match["port"] is not None and not 0 < int(match["port"]) < 65536):
        return None
    return name


@dataclass(frozen=True)
class TopicRule:
    """Assigns ``topic`` at ingest to articles naming any of these entities or keywords."""

    topic: str
    entities: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    title: str = "A dossier"
    description: str = ""
    base_url: str = "http://localhost:8000/"
    language: str = "en"
    author: str = ""
    allow_html: bool = False
    use_directory_urls: bool = True  # false: links name .../index.html (for opening from files)
    feed_items: int = 50
    home_articles: int = 10
    home_entities: int = 12
    topic_rules: tuple[TopicRule, ...] = ()
    entity_types: tuple[str, ...] = ("person", "organization", "place", "other")
    preview_hosts: tuple[str, ...] = ()  # more names ``dossier serve`` answers to
    extra: dict[str, Any] = field(default_factory=dict)


_STRING_FIELDS = ("title", "description", "base_url", "language", "author")
_BOOL_FIELDS = ("allow_html", "use_directory_urls")
_INT_FIELDS = ("feed_items", "home_articles", "home_entities")
_KNOWN = set(_STRING_FIELDS + _BOOL_FIELDS + _INT_FIELDS) | {
    "topic_rules",
    "entities",
    "preview_hosts",
    "deploy",  # read by dossier.deploy.settings
    "feeds",  # read by dossier.subscriptions.settings, with allow_networks
    "allow_networks",
}


def _key_lines(text: str) -> dict[str, int]:
    return {
        line.split(":", 1)[0]: number
        for number, line in enumerate(text.splitlines(), start=1)
        if line and not line[0].isspace() and ":" in line
    }


def load_config(project_dir: Path, diagnostics: Diagnostics) -> Config:
    """Read ``dossier.yml``; a missing file gives the defaults, a bad field its default."""
    path = project_dir / CONFIG_NAME
    if not path.exists():
        return Config()
    shown = CONFIG_NAME
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        diagnostics.error(shown, f"cannot read config: {exc}")
        return Config()
    try:
        raw, duplicates = load_yaml(text, 1, "invalid YAML")
    except FrontMatterError as exc:
        diagnostics.error(shown, exc.message, exc.line)
        return Config()
    for message, line in duplicates:
        diagnostics.error(shown, message, line)
    raw = raw or {}
    if not isinstance(raw, dict):
        diagnostics.error(shown, "config must be a mapping of settings", 1)
        return Config()

    lines = _key_lines(text)
    values: dict[str, Any] = {}
    for key, value in raw.items():
        line = lines.get(str(key))
        if key in _STRING_FIELDS:
            if not isinstance(value, str | int | float) or isinstance(value, bool):
                diagnostics.error(shown, f"'{key}' must be text", line)
                continue
            values[key] = str(value)
        elif key in _BOOL_FIELDS:
            if not isinstance(value, bool):
                diagnostics.error(shown, f"'{key}' must be true or false", line)
                continue
            values[key] = value
        elif key in _INT_FIELDS:
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                diagnostics.error(shown, f"'{key}' must be a whole number >= 0", line)
                continue
            values[key] = value
        elif key == "topic_rules":
            values["topic_rules"] = _topic_rules(value, shown, line, diagnostics)
        elif key == "preview_hosts":
            values["preview_hosts"] = _preview_hosts(value, shown, line, diagnostics)
        elif key not in _KNOWN:
            diagnostics.warning(shown, f"unknown setting '{key}' is ignored", line)
    if "base_url" in values and not values["base_url"].endswith("/"):
        values["base_url"] += "/"
    extra = {key: raw[key] for key in ("entities",) if key in raw}
    return Config(**values, extra=extra)


def _topic_rules(
    value: Any, shown: str, line: int | None, diagnostics: Diagnostics
) -> tuple[TopicRule, ...]:
    if not isinstance(value, list):
        diagnostics.error(
            shown, "'topic_rules' must be a list of {topic, entities, keywords}", line
        )
        return ()
    rules = []
    for index, item in enumerate(value):
        if not isinstance(item, dict) or not isinstance(item.get("topic"), str):
            diagnostics.error(shown, f"topic_rules[{index}] needs a 'topic' name", line)
            continue
        entities = item.get("entities") or []
        keywords = item.get("keywords") or []
        if not all(isinstance(x, str) for x in [*entities, *keywords]):
            diagnostics.error(
                shown, f"topic_rules[{index}]: entities and keywords must be lists of text", line
            )
            continue
        rules.append(TopicRule(item["topic"], tuple(entities), tuple(keywords)))
    return tuple(rules)


def _preview_hosts(
    value: Any, shown: str, line: int | None, diagnostics: Diagnostics
) -> tuple[str, ...]:
    if not isinstance(value, list):
        diagnostics.error(shown, "'preview_hosts' must be a list of host names", line)
        return ()
    hosts = []
    for item in value:
        host = host_name(item) if isinstance(item, str) else None
        if host is None:
            diagnostics.error(shown, f"preview_hosts: {item!r} is not {HOST_FORM}", line)
            continue
        hosts.append(host)
    return tuple(hosts)
