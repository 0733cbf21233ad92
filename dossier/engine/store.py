"""The engine's store: each derived value under its kind and name, with the digest of its inputs.

One SQLite file, ``.dossier-cache/engine.sqlite`` (the standard library's ``sqlite3``). A
build reads only the rows it asks for, and writes the values it recomputed in one
transaction at its end, so a build killed half-way leaves the previous store whole.
Values are pickled: a type serialises itself. A store written by other code (another
version of dossier) is emptied when opened, so an upgrade never reuses old output. A
store that cannot be opened, read or written only makes a build slower: what it does
not give back is computed.
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .inputs import code_fingerprint

FILE = "engine.sqlite"
Row = tuple[str, Any]  # digest of the inputs, value
_BATCH = 500  # names per query: SQLite takes at most 32,766 parameters


class Store:
    """Rows ``(kind, name) -> (inputs, value)`` on disk; without a path, nothing is kept."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self._db: sqlite3.Connection | None = None
        self._opened = path is None
        self._names: dict[str, set[str]] = {}  # kind -> names stored, once asked for

    def _connection(self) -> sqlite3.Connection | None:
        if not self._opened:
            self._opened = True
            try:
                self._db = self._open()
            except (OSError, sqlite3.Error):
                self._db = None
        return self._db

    def _open(self) -> sqlite3.Connection:
        assert self.path is not None
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = self._connect()
        except sqlite3.DatabaseError:  # not a database (damaged): start a new one
            self.path.unlink(missing_ok=True)
            db = self._connect()
        return db

    def _connect(self) -> sqlite3.Connection:
        assert self.path is not None
        db = sqlite3.connect(self.path, timeout=10, check_same_thread=False)
        db.execute(
            "CREATE TABLE IF NOT EXISTS memo (kind TEXT, name TEXT, inputs TEXT, value BLOB,"
            " PRIMARY KEY (kind, name)) WITHOUT ROWID"
        )
        db.execute("CREATE TABLE IF NOT EXISTS about (code TEXT)")
        code = db.execute("SELECT code FROM about").fetchone()
        if code != (code_fingerprint(),):
            with db:
                db.execute("DELETE FROM memo")
                db.execute("DELETE FROM about")
                db.execute("INSERT INTO about VALUES (?)", (code_fingerprint(),))
        return db

    def get(self, kind: str, names: Sequence[str]) -> dict[str, Row]:
        """The rows of ``names`` that the store holds and can read back."""
        db = self._connection()
        found: dict[str, Row] = {}
        if db is None:
            return found
        for start in range(0, len(names), _BATCH):
            batch = names[start : start + _BATCH]
            marks = ",".join("?" * len(batch))
            try:
                rows = db.execute(
                    f"SELECT name, inputs, value FROM memo WHERE kind = ? AND name IN ({marks})",
                    (kind, *batch),
                ).fetchall()
            except sqlite3.Error:
                return found
            for name, inputs, value in rows:
                try:
                    found[name] = (inputs, pickle.loads(value))
                except Exception:  # a damaged row: computed again
                    continue
        return found

    def inputs(self, kind: str) -> dict[str, str]:
        """The inputs of every row of ``kind``, by name (none when the store cannot be read)."""
        db = self._connection()
        if db is None:
            return {}
        try:
            query = db.execute("SELECT name, inputs FROM memo WHERE kind = ?", (kind,))
            return dict(query.fetchall())
        except sqlite3.Error:
            return {}

    def write(self, rows: Iterable[tuple[str, str, str, Any]], gone: dict[str, set[str]]) -> None:
        """Store ``(kind, name, inputs, value)`` rows and forget every name in ``gone[kind]``
        but those, in one transaction."""
        db = self._connection()
        if db is None:
            return
        # in the table's key order: rows are kept in a tree by (kind, name) (WITHOUT
        # ROWID) and many are large (pages, bodies); put in key order they are appended,
        # in any other order SQLite rebalances pages that hold them (a cold build of
        # 10,000 articles: 4.0 -> 0.8 s). The sort is stable: of two rows of one name,
        # the later still wins.
        rows = sorted(rows, key=lambda row: (row[0], row[1]))
        try:
            with db:
                db.executemany(
                    "INSERT OR REPLACE INTO memo VALUES (?, ?, ?, ?)",
                    ((k, n, i, pickle.dumps(v, protocol=5)) for k, n, i, v in rows),
                )
                for kind, kept in gone.items():
                    stored = self._stored(db, kind)
                    db.executemany(
                        "DELETE FROM memo WHERE kind = ? AND name = ?",
                        ((kind, name) for name in stored - kept),
                    )
                    stored &= kept
                for kind, name, _, _ in rows:  # the names of the kinds listed, kept up to date
                    if kind in self._names:
                        self._names[kind].add(name)
        except (sqlite3.Error, pickle.PicklingError, TypeError, AttributeError):
            self._names.clear()  # not written: the next build computes it again

    def _stored(self, db: sqlite3.Connection, kind: str) -> set[str]:
        """The names of ``kind`` in the store: read once, then kept up to date by this
        store's writes (a resident engine writes after every rebuild)."""
        if kind not in self._names:
            query = db.execute("SELECT name FROM memo WHERE kind = ?", (kind,))
            self._names[kind] = {name for (name,) in query}
        return self._names[kind]
