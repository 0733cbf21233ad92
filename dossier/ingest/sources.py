"""Turn the SOURCE arguments (files, folders, URLs) into sources to read, in a stable order."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import fetch
from .model import Source, SourceError


@dataclass(frozen=True)
class Pending:
    """A source named on the command line, read only when its turn comes."""

    name: str
    read: Callable[[], Source]


def expand(arguments: list[str], timeout: float) -> Iterator[Pending]:
    """One :class:`Pending` per file, folder entry or URL; one that fails for a name that is none."""
    for argument in arguments:
        if fetch.is_url(argument):
            yield Pending(argument, lambda url=argument: fetch.fetch(url, timeout=timeout))
            continue
        path = Path(argument)
        if path.is_dir():
            files = sorted(
                p for p in path.rglob("*") if p.is_file() and not _hidden(p.relative_to(path))
            )
            if not files:
                yield Pending(argument, _failing("folder has no files"))
            for file in files:
                yield Pending(str(file), lambda file=file: read_file(file))
        elif path.is_file():
            yield Pending(argument, lambda path=path: read_file(path))
        elif path.exists():
            yield Pending(argument, _failing("not a regular file or folder"))
        else:
            yield Pending(argument, _failing("no such file, folder or URL"))


def read_file(path: Path) -> Source:
    try:
        size = path.stat().st_size
        if size > fetch.MAX_BYTES:
            raise SourceError(f"larger than {fetch.MAX_BYTES // (1024 * 1024)} MB; not an article")
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read: {exc.strerror or exc}") from None
    return Source(name=str(path), origin=path.name, data=data)


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def _failing(message: str) -> Callable[[], Source]:
    def read() -> Source:
        raise SourceError(message)

    return read
