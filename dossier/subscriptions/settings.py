"""The ``feeds:`` and ``allow_networks:`` settings of ``dossier.yml``.

Read here, not in :mod:`dossier.config`, as :mod:`dossier.deploy.settings` is:
only ``pull`` needs them, and each bad item is reported at its own line.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

import yaml

from ..config import CONFIG_NAME
from ..diagnostics import Diagnostics
from ..ingest.metadata import web_url
from ..project import Project

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class Rule:
    """Matches an entry that names any of these keywords or curated entities (with their aliases)."""

    keywords: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.keywords or self.entities)


@dataclass(frozen=True)
class Subscription:
    url: str
    topic: str = ""
    include: Rule = field(default_factory=Rule)  # empty: every entry
    exclude: Rule = field(default_factory=Rule)


@dataclass(frozen=True)
class PullSettings:
    feeds: tuple[Subscription, ...] = ()
    # private networks that links in feeds may reach after all (a newsroom's intranet)
    allow_networks: tuple[Network, ...] = ()


def load(project: Project, diagnostics: Diagnostics) -> PullSettings:
    """The subscriptions; a bad one is reported (``dossier.yml:LINE: ...``) and left out."""
    try:
        root = yaml.compose(project.config_path.read_text(encoding="utf-8"), yaml.SafeLoader)
    except FileNotFoundError:
        root = None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return PullSettings()  # load_config reports why the file cannot be read
    sections = {}
    if isinstance(root, yaml.MappingNode):
        sections = {key.value: value for key, value in root.value}
    feeds_node = sections.get("feeds")
    if feeds_node is None:
        diagnostics.error(
            CONFIG_NAME,
            "no 'feeds:' list says what to pull; add one, e.g. "
            "'feeds: [{url: https://example.org/feed.xml}]' (README, Feeds and pull)",
        )
        return PullSettings()
    feeds = []
    items = feeds_node.value if isinstance(feeds_node, yaml.SequenceNode) else None
    if items is None:
        diagnostics.error(CONFIG_NAME, "'feeds' must be a list of feeds", _line(feeds_node))
        items = []
    for index, item in enumerate(items):
        subscription = _subscription(_python(item), f"feeds[{index}]", _line(item), diagnostics)
        if subscription is not None:
            feeds.append(subscription)
    networks_node = sections.get("allow_networks")
    networks = _networks(networks_node, diagnostics) if networks_node is not None else ()
    return PullSettings(tuple(feeds), networks)


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 1


def _python(node: yaml.Node) -> Any:
    return yaml.SafeLoader(yaml.serialize(node)).get_single_data()


def _subscription(
    value: Any, name: str, line: int, diagnostics: Diagnostics
) -> Subscription | None:
    if isinstance(value, str):
        value = {"url": value}
    if not isinstance(value, dict):
        diagnostics.error(CONFIG_NAME, f"{name}: a feed is a URL or a mapping with 'url'", line)
        return None
    problems = []
    unknown = sorted(set(map(str, value)) - {"url", "topic", "include", "exclude"})
    if unknown:
        problems.append(f"unknown setting '{unknown[0]}' (known: url, topic, include, exclude)")
    url = web_url(value.get("url")) if isinstance(value.get("url"), str) else ""
    if not url:
        problems.append("'url' must be an http(s) address")
    topic = value.get("topic", "")
    if not isinstance(topic, str):
        problems.append("'topic' must be text")
    rules = {}
    for kind in ("include", "exclude"):
        rule = _rule(value.get(kind))
        if rule is None:
            problems.append(f"'{kind}' must be a list of keywords or {{keywords, entities}}")
        rules[kind] = rule or Rule()
    for problem in problems:
        diagnostics.error(CONFIG_NAME, f"{name}: {problem}", line)
    if problems:
        return None
    return Subscription(url, topic.strip(), rules["include"], rules["exclude"])


def _rule(value: Any) -> Rule | None:
    """``[words]`` or ``{keywords: [...], entities: [...]}``; None when it is neither."""
    if value is None:
        return Rule()
    if isinstance(value, list):
        value = {"keywords": value}
    if not isinstance(value, dict) or set(value) - {"keywords", "entities"}:
        return None
    lists = [value.get("keywords") or [], value.get("entities") or []]
    if not all(
        isinstance(items, list) and all(isinstance(x, str) for x in items) for items in lists
    ):
        return None
    keywords, entities = ([x.strip() for x in items if x.strip()] for items in lists)
    return Rule(tuple(keywords), tuple(entities))


def _networks(node: yaml.Node, diagnostics: Diagnostics) -> tuple[Network, ...]:
    value = _python(node)
    if not isinstance(value, list):
        diagnostics.error(
            CONFIG_NAME, "'allow_networks' must be a list like [10.1.0.0/16]", _line(node)
        )
        return ()
    networks = []
    for item in value:
        try:
            networks.append(ipaddress.ip_network(str(item), strict=False))
        except ValueError:
            diagnostics.error(
                CONFIG_NAME,
                f"allow_networks: {item!r} is not a network (as 10.1.0.0/16)",
                _line(node),
            )
    return tuple(networks)
