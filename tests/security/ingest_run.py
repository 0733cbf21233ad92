"""Run dossier's ingest on in-memory sources through its Python API, collecting every line.

The security tests feed thousands of generated sources; starting a process for
each would take hours, so they drive :class:`dossier.ingest.pipeline.Ingest`
directly, exactly as ``dossier ingest`` does, and look at what it printed and
wrote. A few tests also run the real command to check the two agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from dossier.config import load_config
from dossier.diagnostics import Diagnostics
from dossier.ingest.model import Source
from dossier.ingest.pipeline import Channels, Ingest, Options
from dossier.ingest.sources import Pending
from dossier.project import Project

CONFIG = "title: Security test dossier\nlanguage: en\n"


@dataclass
class IngestRun:
    """What one ingest run said: info lines, problem lines, and the runner for more sources."""

    project: Path
    info: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    ingest: Ingest | None = None

    def add(self, name: str, data: bytes, fmt: str | None = None) -> None:
        """Ingest one source named ``name``; an exception here is a bug (no traceback ever)."""
        assert self.ingest is not None
        if fmt is not None:
            self.ingest.options = Options(format=fmt, entities=False)
        source = Source(name=name, origin=name.rsplit("/", 1)[-1], data=data)
        self.ingest.source(Pending(name, lambda: source))
        if fmt is not None:
            self.ingest.options = Options(entities=False)

    @property
    def articles(self) -> dict[str, bytes]:
        folder = self.project / "content" / "articles"
        return {p.name: p.read_bytes() for p in sorted(folder.glob("*.md"))}


def make_project(root: Path) -> Path:
    """An empty dossier project at ``root``."""
    (root / "content" / "articles").mkdir(parents=True, exist_ok=True)
    (root / "dossier.yml").write_text(CONFIG, encoding="utf-8")
    return root


def start(root: Path, entities: bool = False) -> IngestRun:
    """An ingest run into a fresh project at ``root`` (entity extraction off unless asked)."""
    make_project(root)
    run = IngestRun(root)
    project = Project(root)
    config = load_config(root, Diagnostics())
    channels = Channels(info=run.info.append, problem=run.problems.append, article=lambda _: None)
    run.ingest = Ingest(project, config, Options(entities=entities), channels)
    return run
