"""Bulk access to the event store for the fast recording path (``domain.recording``).

Per transaction: the state a document needs in one query, its rows in one bulk insert, all
inside the one transaction that also holds the other documents of a batch. Each backend keeps
the library recorder's own rules for the table it shares with it:

- SQLite: notification ids are the rowids, assigned in insert order. The transaction starts
  with ``BEGIN IMMEDIATE``: SQLite admits one writer at a time anyway, and a writer that read
  before taking the lock would find its snapshot stale at its first insert. The primary key
  (originator id, version) still refuses a version another writer took.
- PostgreSQL: the rows are read in the transaction, then the table is locked in EXCLUSIVE mode
  before the first insert (as the library does, so ids follow commit order) and streamed with
  COPY. A version another writer committed between the read and the lock fails the primary key:
  the library's ``IntegrityError``, and the application reads again and retries.
"""

from __future__ import annotations

import json
import operator
import queue
import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from eventsourcing.persistence import IntegrityError, OperationalError, Recorder

from ledger.domain.chain import CHAIN_ID
from ledger.domain.recording import EventStoreAccess, StoredRow

from .sql import store_sql

#: Sorts stored rows by aggregate, then version.
_AGGREGATE_VERSION = operator.itemgetter(0, 1)


def create_sqlite_store(path: Path) -> None:
    """Create the SQLite file ``path`` with the store's page size and journal, when it does not
    exist yet (``sqlite_create.sql``); an existing store is left as it is."""
    if path.exists():
        return
    con = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in _statements("sqlite_create.sql"):
            con.execute(statement)
    finally:
        con.close()


def configure_sqlite_writer(con: sqlite3.Connection | Any) -> None:
    """Give a connection (``sqlite3`` or a cursor of it) that records the writer's page cache
    (``sqlite_writer.sql``)."""
    for statement in _statements("sqlite_writer.sql"):
        con.execute(statement)


def _statements(name: str) -> list[str]:
    lines = [line for line in store_sql(name).splitlines() if not line.startswith("--")]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]


#: What COPY's text format escapes in a value.
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value: str) -> str:
    return value.translate(_COPY_ESCAPES)


def copy_lines(rows: Sequence[StoredRow]) -> str:
    """Stored rows in COPY's text format (``postgres_copy.sql``'s columns): the state as bytea
    in hex, the other columns escaped (ids are hex digits, topics plain names)."""
    return "".join(
        [f"{_copy_text(o)}\t{v}\t{_copy_text(t)}\t\\\\x{state.hex()}\n" for o, v, t, state in rows]
    )


def bulk_access(recorder: Recorder) -> EventStoreAccess | None:
    """The bulk access to the store behind ``recorder``, or None when there is none (the
    in-memory store of the tests)."""
    from eventsourcing.sqlite import SQLiteApplicationRecorder

    if isinstance(recorder, SQLiteApplicationRecorder):
        return SQLiteAccess(recorder)
    try:
        from eventsourcing.postgres import PostgresApplicationRecorder
    except ImportError:  # the postgres extra is not installed
        return None
    if isinstance(recorder, PostgresApplicationRecorder):
        return PostgresAccess(recorder)
    return None


#: Rows per INSERT statement on the inserting thread: the thread binds them all holding the
#: GIL, then SQLite inserts them without it, while the recording thread plans the next rows.
ROWS_PER_INSERT = 256


class _Inserter:
    """Inserts rows, in order, on a thread of its own.

    Python's sqlite3 releases the GIL while SQLite executes a statement, so the B-tree work of
    one document's insert overlaps with building the next document's rows. One thread writes
    through the connection at a time: the session waits for this thread before it reads,
    commits or rolls back.
    """

    def __init__(self, connection: sqlite3.Connection, insert: str) -> None:
        self.single = insert
        values = insert.rstrip().rpartition("VALUES")[2].strip()
        self.multi = insert.rstrip() + f", {values}" * (ROWS_PER_INSERT - 1)
        self.queue: queue.SimpleQueue[Sequence[StoredRow] | None] = queue.SimpleQueue()
        self.error: BaseException | None = None
        self.thread = threading.Thread(target=self._run, args=(connection.cursor(),), daemon=True)
        self.thread.start()

    def put(self, rows: Sequence[StoredRow]) -> None:
        """Queue ``rows`` after those queued before."""
        self.queue.put(rows)

    def finish(self) -> None:
        """Wait until every queued row is inserted; raises what the insert raised."""
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error

    def _run(self, cursor: sqlite3.Cursor) -> None:
        pending: list[StoredRow] = []
        try:
            while (rows := self.queue.get()) is not None:
                pending += rows
                whole = len(pending) - len(pending) % ROWS_PER_INSERT
                for start in range(0, whole, ROWS_PER_INSERT):
                    chunk = pending[start : start + ROWS_PER_INSERT]
                    cursor.execute(self.multi, [value for row in chunk for value in row])
                del pending[:whole]
            cursor.executemany(self.single, pending)
        except BaseException as exc:  # raised again by finish(), on the recording thread
            self.error = exc


class SQLiteSession:
    """One SQLite write transaction."""

    def __init__(self, cursor: Any, queries: dict[str, str]) -> None:
        self.cursor = cursor
        self.queries = queries
        # Plain tuples: the library's connections make sqlite3.Row objects, which cost a
        # conversion per row here.
        cursor.sqlite_cursor.row_factory = None
        self._inserter: _Inserter | None = None
        self._queued: list[StoredRow] = []

    def finish(self) -> None:
        """Wait for the inserts queued so far (raises what they raised)."""
        self._hand_over()
        inserter, self._inserter = self._inserter, None
        if inserter is not None:
            inserter.finish()

    def load(self, ids: Sequence[str]) -> list[StoredRow]:
        """Every stored event of ``ids`` by aggregate and version, then the chain's latest."""
        self.finish()
        wanted = json.dumps(list(ids))
        self.cursor.execute(self.queries["load"], (wanted, CHAIN_ID.hex))
        rows: list[StoredRow] = self.cursor.fetchall()
        rows.sort(key=_AGGREGATE_VERSION)
        return rows

    def insert(self, rows: Sequence[StoredRow]) -> None:
        """Queue ``rows`` for the inserting thread, after the rows queued before."""
        if not rows:
            return
        self._queued += rows
        # Handed over in chunks: each hand-over wakes the inserting thread, which then
        # competes for the GIL.
        if len(self._queued) >= 4 * ROWS_PER_INSERT:
            self._hand_over()

    def _hand_over(self) -> None:
        if not self._queued:
            return
        if self._inserter is None:
            connection = self.cursor.sqlite_cursor.connection
            self._inserter = _Inserter(connection, self.queries["insert"])
        self._inserter.put(self._queued)
        self._queued = []


class SQLiteAccess:
    """Bulk access to the library's SQLite store (its own connection pool)."""

    def __init__(self, recorder: Any) -> None:
        self.datastore = recorder.datastore
        # The table's name comes from the library's configuration, not from users; quoted as
        # an SQL identifier all the same.
        events = '"' + recorder.events_table_name.replace('"', '""') + '"'
        self.queries = {
            name: store_sql(f"sqlite_{name}.sql").format(events=events)
            for name in ("load", "insert")
        }

    @contextmanager
    def session(self) -> Iterator[SQLiteSession]:
        """A write transaction holding SQLite's write lock from its first statement."""
        with self.datastore.get_connection(commit=True) as conn:
            cursor = conn.cursor()
            try:
                configure_sqlite_writer(cursor)
                cursor.execute("BEGIN IMMEDIATE")
                session = SQLiteSession(cursor, self.queries)
                try:
                    yield session
                finally:
                    # Every queued row is in (or the insert failed) before the commit or the
                    # rollback: no statement of the transaction runs after it ends.
                    session.finish()
                conn.commit()
            except sqlite3.IntegrityError as exc:
                conn.rollback()
                raise IntegrityError(exc) from exc
            except sqlite3.OperationalError as exc:  # a lock not granted in time
                conn.rollback()
                raise OperationalError(exc) from exc
            except BaseException:
                conn.rollback()
                raise


class PostgresSession:
    """One PostgreSQL transaction."""

    def __init__(self, cursor: Any, queries: dict[str, Any], lock_timeout: int) -> None:
        self.cursor = cursor
        self.queries = queries
        self.lock_timeout = lock_timeout
        self.locked = False
        self._copy: Any = None
        self._open = ExitStack()

    def load(self, ids: Sequence[str]) -> list[StoredRow]:
        """Every stored event of ``ids`` by aggregate and version, then the chain's latest."""
        self.finish()
        from psycopg.rows import tuple_row

        # Plain tuples (the library's cursors make a dict per row).
        factory, self.cursor.row_factory = self.cursor.row_factory, tuple_row
        try:
            self.cursor.execute(
                self.queries["load"], {"ids": list(ids), "chain": CHAIN_ID}, binary=True
            )
            rows = self.cursor.fetchall()
        finally:
            self.cursor.row_factory = factory
        return [(o.hex, v, t, bytes(state)) for o, v, t, state in rows]

    def insert(self, rows: Sequence[StoredRow]) -> None:
        """Stream ``rows`` after those of the calls before: the table is locked at the first
        rows of the transaction, then one COPY stays open until the session reads again or
        ends, so the server stores a document's rows while the next one is built."""
        if not rows:
            return
        if self._copy is None:
            if not self.locked:
                timeout = f"{self.lock_timeout}s"
                self.cursor.execute(store_sql("postgres_lock_timeout.sql"), {"timeout": timeout})
                self.cursor.execute(self.queries["lock"])
                self.cursor.execute(self.queries["notify"])
                self.locked = True
            self._open = ExitStack()
            self._copy = self._open.enter_context(self.cursor.copy(self.queries["copy"]))
        # One write per call, not one per row.
        self._copy.write(copy_lines(rows))

    def finish(self, error: BaseException | None = None) -> None:
        """End the open COPY, if any (with ``error``, abort it: the transaction rolls back)."""
        if self._copy is None:
            return
        opened, self._copy = self._open, None
        if error is None:
            opened.close()
        else:
            opened.__exit__(type(error), error, error.__traceback__)


class PostgresAccess:
    """Bulk access to the library's PostgreSQL store (its own connection pool and schema)."""

    def __init__(self, recorder: Any) -> None:
        from psycopg.sql import SQL, Identifier

        self.datastore = recorder.datastore
        events = Identifier(self.datastore.schema, recorder.events_table_name)
        channel = Identifier(recorder.channel_name)
        self.queries = {
            "load": SQL(store_sql("postgres_load.sql")).format(events=events),
            "lock": SQL(store_sql("postgres_lock.sql")).format(events=events),
            "notify": SQL(store_sql("postgres_notify.sql")).format(channel=channel),
            "copy": SQL(store_sql("postgres_copy.sql")).format(events=events),
        }

    @contextmanager
    def session(self) -> Iterator[PostgresSession]:
        """A transaction; the library's datastore translates driver errors to its own."""
        with self.datastore.transaction(commit=True) as cursor:
            session = PostgresSession(cursor, self.queries, self.datastore.lock_timeout)
            try:
                yield session
            except BaseException as exc:
                session.finish(exc)
                raise
            session.finish()
