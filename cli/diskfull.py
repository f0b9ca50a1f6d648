"""A full disk (or a file grown past its size limit), whoever found it, as one line naming the
file: the OS's ENOSPC, EFBIG and EDQUOT, SQLite's "database or disk is full" and failed
writes, DuckDB's failed writes and checkpoints, PostgreSQL's disk_full.

Each of them aborts its transaction, so the line can say that nothing was written: the event
store and the projection commit whole or not at all, and the files written for the user go to a
scratch name first.
"""

from __future__ import annotations

import errno
import re
import sqlite3
from collections.abc import Iterator

import duckdb

from ledger.projections.errors import NO_SPACE_WORDS
from ledger.store import Location

NO_SPACE = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT}
#: What SQLite reports when a write fails: SQLITE_FULL for ENOSPC, an I/O error for the rest
#: (EFBIG included), which on a write means the same to the user.
SQLITE_WRITE_FAILED = {
    "SQLITE_FULL",
    "SQLITE_IOERR_WRITE",
    "SQLITE_IOERR_FSYNC",
    "SQLITE_IOERR_TRUNCATE",
    "SQLITE_IOERR_SHMSIZE",
}
#: DuckDB names the file it failed to write: `Could not write file "PATH": File too large`.
DUCKDB_FILE = re.compile(r'file "([^"]+)"')
PG_DISK_FULL = "53100"


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and those it was raised from or while handling (libraries wrap them)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def disk_full_message(exc: BaseException, loc: Location | None) -> str | None:
    """One line naming the file a write failed on for lack of space, or None when ``exc`` is
    not such a failure."""
    for cause in _chain(exc):
        reason = _reason(cause, loc)
        if reason is not None:
            where, why = reason
            return f"{where}: cannot write: {why}; nothing was written (free some space and retry)"
    return None


def _reason(exc: BaseException, loc: Location | None) -> tuple[str, str] | None:
    if isinstance(exc, OSError) and exc.errno in NO_SPACE:
        # A write to an open file names none: the home holds everything a command writes
        # but the files it writes for the user, which name their own.
        where = exc.filename or (loc.home if loc is not None else "a file")
        return str(where), exc.strerror or "no space left"
    if (
        isinstance(exc, sqlite3.Error)
        and getattr(exc, "sqlite_errorname", "") in SQLITE_WRITE_FAILED
    ):
        where = loc.store_label if loc is not None else "the event store"
        return where, f"the disk is full or the file too large (SQLite: {exc})"
    if isinstance(exc, duckdb.Error):
        text = str(exc)
        words = next((w for w in NO_SPACE_WORDS if w in text), None)
        if words is not None:
            found = DUCKDB_FILE.search(text)
            return (found.group(1) if found else "the projection"), words
    if getattr(exc, "sqlstate", None) == PG_DISK_FULL:
        where = f"the event store at {loc.store_label}" if loc is not None else "the event store"
        return where, "the PostgreSQL server's disk is full"
    return None
