"""Resolve every entity name known to a dossier into one canonical entity each.

Names come from two places: curated files (``content/entities/*.md``), which
always win, and the ``entities`` front matter of articles (written by NER at
ingest or by hand). Names that are the same after normalisation are one
entity; a person's shorter name ("Putin", "Vladimir Putin") joins the one
fuller name it abbreviates ("Vladimir V. Putin"); an acronym ("U.S.") joins
the one name it abbreviates ("United States"). Types are decided by a vote
over all mentions. The result is deterministic for the same content.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from ..content.documents import ENTITY_TYPES, Document, normalise_entity_type
from ..content.slugs import slugify, unique_slug
from . import names
from .grouping import TYPE_PRIORITY


@dataclass
class Entity:
    slug: str
    name: str
    type: str
    aliases: list[str]
    hidden: bool
    document: Document | None


class Origin(NamedTuple):
    """One surface name and why it belongs to its entity (for ``dossier entities explain``)."""

    name: str
    type: str
    source: str  # path of the article or curated file
    reason: str


@dataclass
class _Group:
    """Names being gathered into one entity."""

    key: str
    document: Document | None = None
    votes: Counter[str] = field(default_factory=Counter)
    forms: Counter[str] = field(default_factory=Counter)
    origins: list[Origin] = field(default_factory=list)

    @property
    def type(self) -> str:
        if self.document is not None:
            return str(self.document.meta.get("type", "other"))
        if not self.votes:
            return "other"
        return min(self.votes, key=lambda kind: (-self.votes[kind], TYPE_PRIORITY[kind]))

    def display_name(self) -> str:
        if self.document is not None:
            return self.document.title
        expanded = {names.acronym(form) for form in self.forms} - {""}
        full = [
            form
            for form in self.forms
            if names.as_acronym(form) not in expanded
            and (len(names.person_tokens(form)) > 1 or self.type != "person")
        ]
        pool = full or list(self.forms)
        # the most used full name; on a tie the plainer one ("Vladimir Putin"
        # over "Vladimir V. Putin"), then the first seen
        return max(pool, key=lambda form: (self.forms[form], -len(names.person_tokens(form))))

    def absorb(self, other: _Group, reason: str) -> None:
        self.votes.update(other.votes)
        self.forms.update(other.forms)
        self.origins.extend(Origin(o.name, o.type, o.source, reason) for o in other.origins)


def _key(name: str, kind: str) -> str:
    return names.person_key(name) if kind == "person" else names.match_key(name)


class EntityRegistry:
    """Canonical entities of a dossier, and the lookups the build needs."""

    def __init__(self, entities: list[Entity], origins: dict[str, list[Origin]]) -> None:
        self.entities = sorted(entities, key=lambda entity: entity.slug)
        self.origins = origins
        self.by_slug = {entity.slug: entity for entity in self.entities}
        self._by_key: dict[str, list[Entity]] = {}
        self._resolved: dict[tuple[str, str | None], Entity | None] = {}
        for entity in self.entities:
            keys = {names.match_key(alias) for alias in [entity.name, *entity.aliases]}
            if entity.type == "person":
                keys |= {names.person_key(alias) for alias in [entity.name, *entity.aliases]}
            for key in sorted(keys):
                self._by_key.setdefault(key, []).append(entity)

    def resolve(self, name: str, type: str | None = None) -> Entity | None:
        """The entity a name refers to, or None; ``type`` breaks ties between namesakes."""
        query = (name, type)
        if query not in self._resolved:  # every article asks about the same few names
            self._resolved[query] = self._resolve(name, type)
        return self._resolved[query]

    def _resolve(self, name: str, type: str | None) -> Entity | None:
        candidates = self._by_key.get(names.match_key(name)) or self._by_key.get(
            names.person_key(name)
        )
        if not candidates and (type in (None, "person")):
            candidates = [
                entity
                for entity in self.entities
                if entity.type == "person" and names.abbreviates(name, entity.name)
            ]
            if len(candidates) != 1:
                return None
        if not candidates:
            return None
        if type is not None:
            typed = [entity for entity in candidates if entity.type == type]
            if typed:
                return typed[0]
        return candidates[0]

    def article_entities(self, article: Document) -> list[Entity]:
        """The article's front-matter entities: resolved, once each, hidden ones dropped."""
        found: list[Entity] = []
        seen: set[str] = set()
        for ref in article.meta.get("entities") or []:
            entity = self.resolve(ref["name"], ref.get("type"))
            if entity is None or entity.hidden or entity.slug in seen:
                continue
            seen.add(entity.slug)
            found.append(entity)
        return found


def _curated_groups(curated: list[Document]) -> tuple[list[_Group], dict[str, _Group]]:
    groups: list[_Group] = []
    by_key: dict[str, _Group] = {}
    for document in sorted(curated, key=lambda doc: doc.slug):
        kind = normalise_entity_type(document.meta.get("type"))
        group = _Group(key=_key(document.title, kind), document=document)
        for index, alias in enumerate([document.title, *document.aliases]):
            reason = "curated name" if index == 0 else "curated alias"
            group.origins.append(Origin(alias, kind, document.path, reason))
            for key in {_key(alias, kind), names.match_key(alias)}:
                if key and key not in by_key:
                    by_key[key] = group
        groups.append(group)
    return groups, by_key


def build_registry(curated: list[Document], articles: list[Document]) -> EntityRegistry:
    """Merge curated entity files and article front matter into canonical entities."""
    groups, by_key = _curated_groups(curated)
    curated_groups = set(map(id, groups))
    surfaces: dict[tuple[str, str], tuple[str, str]] = {}  # the same names recur in every article
    for article in articles:
        for ref in article.meta.get("entities") or []:
            name, kind = ref["name"], ref.get("type")
            if kind not in ENTITY_TYPES:
                kind = normalise_entity_type(kind)
            known = surfaces.get((name, kind))
            if known is None:
                surface = names.strip_titles(name) if kind == "person" else names.clean(name)
                known = surfaces[(name, kind)] = (surface, _key(surface, kind))
            surface, key = known
            if not key:
                continue
            group = by_key.get(key) or by_key.get(names.match_key(name))
            if group is None:
                group = _Group(key=key)
                by_key[key] = group
                groups.append(group)
                reason = "found in article"
            elif id(group) in curated_groups:
                reason = "matches a curated name or alias"
            else:
                reason = "same name after normalising case, hyphens and titles"
            group.votes[kind] += 1
            group.forms[surface] += 1
            group.origins.append(Origin(name, kind, article.path, reason))
    groups = _merge_short_names(groups, curated_groups)
    return _finish(groups)


class _Roots:
    """Entities formed so far, indexed by surname and by acronym for the short-name merge."""

    def __init__(self) -> None:
        self.groups: list[_Group] = []
        self.by_token: dict[str, dict[int, _Group]] = defaultdict(dict)
        self.by_acronym: dict[str, dict[int, _Group]] = defaultdict(dict)

    def add(self, group: _Group) -> None:
        self.groups.append(group)
        self.index(group)

    def index(self, group: _Group) -> None:
        for name in _all_names(group):
            tokens = names.person_tokens(name)
            for token in {tokens[-1] if tokens else "", names.surname(name)} - {""}:
                self.by_token[token][id(group)] = group
            letters = names.acronym(name)
            if letters:
                self.by_acronym[letters][id(group)] = group

    def abbreviated(self, group: _Group) -> tuple[_Group | None, str]:
        """The one entity that ``group``'s names abbreviate, with the reason, or (None, "")."""
        forms = list(group.forms)
        if group.type == "person":
            candidates: dict[int, _Group] = {}
            for form in forms:
                tokens = names.person_tokens(form)
                if tokens:
                    candidates.update(self.by_token.get(tokens[-1], {}))
            matches = [
                root
                for root in candidates.values()
                if root.type == "person"
                and any(
                    names.abbreviates(form, full) for form in forms for full in _all_names(root)
                )
            ]
            if len(matches) == 1:
                return matches[0], f"shorter form of {matches[0].display_name()}"
            return None, ""
        candidates = {}
        for form in forms:
            letters = names.as_acronym(form)
            if letters:
                candidates.update(self.by_acronym.get(letters, {}))
        matches = [root for root in candidates.values() if root.type != "person"]
        if len(matches) == 1:
            return matches[0], f"acronym of {matches[0].display_name()}"
        return None, ""


def _merge_short_names(groups: list[_Group], curated_groups: set[int]) -> list[_Group]:
    """Join abbreviations and acronyms to the one fuller name they stand for."""
    by_size = sorted(groups, key=lambda g: (-len(g.key.split()), -len(g.key), g.key))
    roots = _Roots()
    for group in by_size:
        target, reason = (None, "") if id(group) in curated_groups else roots.abbreviated(group)
        if target is None:
            roots.add(group)
        else:
            target.absorb(group, reason)
            roots.index(target)
    order = {id(group): index for index, group in enumerate(groups)}
    return sorted(roots.groups, key=lambda group: order[id(group)])


def _curated_names(group: _Group) -> list[str]:
    if group.document is None:
        return []
    return [group.document.title, *group.document.aliases]


def _all_names(group: _Group) -> list[str]:
    return [*_curated_names(group), *group.forms]


def _finish(groups: list[_Group]) -> EntityRegistry:
    entities: list[Entity] = []
    origins: dict[str, list[Origin]] = {}
    taken: set[str] = set()
    for group in groups:
        if group.document is not None:
            taken.add(group.document.slug)
    for group in groups:
        name = group.display_name()
        if group.document is not None:
            slug = group.document.slug
        else:
            slug = unique_slug(slugify(name, fallback="entity"), taken)
            taken.add(slug)
        aliases = []
        for alias in [*_curated_names(group), *group.forms]:
            if alias != name and alias not in aliases:
                aliases.append(alias)
        hidden = bool(group.document.meta.get("hidden", False)) if group.document else False
        entities.append(Entity(slug, name, group.type, aliases, hidden, group.document))
        origins[slug] = group.origins
    return EntityRegistry(entities, origins)
