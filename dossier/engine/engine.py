"""One engine for every incremental decision: which derived value can be reused.

Each derived value (a parsed document, a rendered body, the groupings, an output page,
the whole published build) is a *memo*: it is kept under its kind and name with the
digest of what it was computed from, a verifying trace in the vocabulary of "Build
systems à la carte". A build asks the engine for a value with the digest of its inputs
now; the engine gives back the kept value when the digests are equal and computes it
(in one batch with the others missing, across the cores) when they are not. Digests are
taken over a value's dependencies as the stage that reads them sees them, so a
recomputed value equal to the old one (an edited body that renders to the same HTML)
stops the wave there: a page's key digests bodies, not files (early cutoff).

The stages themselves are pure functions of their inputs; only the pipeline
(:mod:`dossier.build`) asks the engine. ``dossier serve`` keeps one engine resident,
so its rebuilds read nothing back from disk; ``dossier build`` opens the store
(:mod:`dossier.engine.store`) and reads only the rows it asks for.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from .store import FILE, Row, Store

V = TypeVar("V")


class Engine:
    """Memos of recent builds, kept in memory and (with a store on disk) across runs."""

    def __init__(self, store: Store | None = None) -> None:
        self.store = store or Store()
        self._memory: dict[str, dict[str, Row]] = defaultdict(dict)  # kind -> name -> row
        self._used: dict[str, set[str]] = defaultdict(set)  # names asked for by this build
        self._whole: set[str] = set()  # kinds this build keeps whole (see touch)
        self._fresh: dict[tuple[str, str], Row] = {}  # computed, not yet stored
        self.computed: Counter[str] = Counter()  # values computed by the last finished build
        self._computing: Counter[str] = Counter()
        # the last build of each target (in memory only): see dossier.engine.resident
        self.shapes: dict[str, Any] = {}
        self._last: dict[str, tuple[Any, Any]] = {}  # kind -> (inputs, value), see reuse()

    @classmethod
    def open(cls, folder: Path) -> Engine:
        """The engine with the store kept in ``folder``."""
        return cls(Store(folder / FILE))

    def _rows(self, kind: str, names: Sequence[str]) -> dict[str, Row]:
        memory = self._memory[kind]
        missing = [name for name in names if name not in memory]
        if missing:
            memory.update(self.store.get(kind, missing))
        return memory

    def recall(
        self,
        kind: str,
        wanted: Sequence[tuple[str, str]],
        compute: Callable[[list[int]], list[V]],
        reads: Callable[[V], str] | None = None,
    ) -> list[V]:
        """The value of each ``(name, inputs)``: the kept one where ``inputs`` are the same
        as when it was computed; the others from ``compute(indices)``, in one call.

        ``reads(value)`` is a digest of what ``value`` read while it was computed, asked
        again now (dynamic dependencies: the pages a body links to): a value is kept
        only while that digest is the same too.
        """
        rows = self._rows(kind, [name for name, _ in wanted])
        self._used[kind].update(name for name, _ in wanted)

        def kept(name: str, inputs: str) -> bool:
            row = rows.get(name)
            return row is not None and row[0] == inputs + (reads(row[1]) if reads else "")

        stale = [i for i, (name, inputs) in enumerate(wanted) if not kept(name, inputs)]
        values = dict(zip(stale, compute(stale) if stale else [], strict=True))
        for i, value in values.items():
            name, inputs = wanted[i]
            inputs += reads(value) if reads else ""
            rows[name] = self._fresh[(kind, name)] = (inputs, value)
        self._computing[kind] += len(stale)
        return [values[i] if i in values else rows[name][1] for i, (name, _) in enumerate(wanted)]

    def reuse(self, kind: str, inputs: Any, compute: Callable[[], V]) -> V:
        """The value last computed for ``kind`` while its ``inputs`` are equal to the ones
        it was computed from (compared whole, not by digest; kept in memory only: for a
        value made again on every build of a resident engine, such as the registry)."""
        last = self._last.get(kind)
        if last is not None and last[0] == inputs:
            return last[1]
        value = compute()
        self._last[kind] = (inputs, value)
        return value

    def memo(self, kind: str, name: str, inputs: str, compute: Callable[[], V]) -> V:
        """One value: :meth:`recall` of a single name."""
        return self.recall(kind, [(name, inputs)], lambda _: [compute()])[0]

    def remembers(self, kind: str, name: str, inputs: str) -> bool:
        """Whether ``name`` was last computed from ``inputs`` (and so need not be again)."""
        self._used[kind].add(name)
        return self._rows(kind, [name]).get(name, ("",))[0] == inputs

    def touch(self, kind: str, names: Iterable[str] | None = None) -> None:
        """Keep ``names`` as this build's without asking for them (a patched build: their
        values are the last build's); without ``names``, every value of ``kind`` (a build
        that removes none: the names in the store need not be listed to find those gone)."""
        if names is None:
            self._whole.add(kind)
        else:
            self._used[kind].update(names)

    def keep(self, kind: str, name: str, inputs: str, value: Any) -> None:
        """Record a value computed outside :meth:`recall` (a page, a build just published)."""
        self._used[kind].add(name)
        self._computing[kind] += 1
        self._memory[kind][name] = self._fresh[(kind, name)] = (inputs, value)

    def values(self, kind: str, names: Sequence[str]) -> dict[str, Row]:
        """The kept rows of ``names`` (used: they are not forgotten at :meth:`finish`)."""
        self._used[kind].update(names)
        rows = self._rows(kind, names)
        return {name: rows[name] for name in names if name in rows}

    def stored_inputs(self, kind: str) -> dict[str, str]:
        """The inputs of every row of ``kind`` in the store, without reading the values."""
        return self.store.inputs(kind)

    def finish(self) -> None:
        """End a build: forget what it did not ask for (of the kinds it asked for), store
        what it computed, and count afresh."""
        gone = {kind: used for kind, used in self._used.items() if kind not in self._whole}
        for kind, used in gone.items():
            memory = self._memory[kind]
            for name in [name for name in memory if name not in used]:
                del memory[name]
        rows = [
            (kind, name, inputs, value) for (kind, name), (inputs, value) in self._fresh.items()
        ]
        self.store.write(rows, gone)
        self._fresh.clear()
        self._used.clear()
        self._whole.clear()
        self.computed, self._computing = self._computing, Counter()
