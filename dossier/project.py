"""Where a dossier project keeps its files."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .config import CONFIG_NAME

PACKAGE_DIR = Path(__file__).resolve().parent


def default_theme_dir() -> Path:
    """The default theme: inside the wheel, or at the repository root in a development install."""
    installed = PACKAGE_DIR / "templates"
    return installed if installed.is_dir() else PACKAGE_DIR.parent / "templates"


@dataclass(frozen=True)
class Project:
    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def content_dir(self) -> Path:
        return self.root / "content"

    @property
    def articles_dir(self) -> Path:
        return self.content_dir / "articles"

    @property
    def entities_dir(self) -> Path:
        return self.content_dir / "entities"

    @property
    def topics_dir(self) -> Path:
        return self.content_dir / "topics"

    @property
    def pages_dir(self) -> Path:
        return self.content_dir / "pages"

    @property
    def templates_dir(self) -> Path:
        return self.root / "templates"

    @property
    def build_dir(self) -> Path:
        return self.root / "build"

    @property
    def cache_dir(self) -> Path:
        return self.root / ".dossier-cache"

    def relative(self, path: Path) -> str:
        """A path as the user should see it in messages: relative to the project."""
        if path.is_absolute() == self.root.is_absolute() and ".." not in path.parts:
            try:  # a path found under the root (most are) needs no trip to the file system
                return str(path.relative_to(self.root))
            except ValueError:
                pass
        try:
            return str(path.resolve().relative_to(self.root.resolve()))
        except ValueError:
            return str(path)
