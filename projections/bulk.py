"""Bulk decoding of the event log: raw notification rows in batches, JSON parsed by DuckDB.

The straightforward replay decodes every stored event into a Python object through
``app.mapper`` and builds a dict per row; at a million events that is most of the time. Here the
frequent event types (series opened, facts disclosed, restatements detected, disclosures) are
handed to DuckDB as raw JSON text in one Arrow table per batch and decoded by one SQL statement
each (``sql/bulk_decode.sql``). Everything else, and any stored event whose class version differs
from the one the SQL was written for, goes through ``app.mapper`` and ``rows.EventRows`` exactly
as before, so upcasters, compression and ciphers keep working.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from pathlib import Path
from typing import Any
from uuid import UUID

import attrs
import duckdb
import pyarrow as pa
from eventsourcing.persistence import JSONTranscoder, Notification
from eventsourcing.sqlite import SQLiteApplicationRecorder
from eventsourcing.utils import resolve_topic

from ledger.domain.application import Ledger
from ledger.domain.values import Period

from .rows import DetectedKey, EventRows, apply_detected
from .sql import load_named

# {bulk-topics}: the event types sql/bulk_decode.sql decodes, with the class version its SQL
# reads. A class whose version moves on (a new field, an upcaster) silently falls back to the
# mapper until the SQL is updated and the version here with it.
BULK_TOPICS: dict[str, int] = {
    "ledger:DisclosureRegistered": 1,
    "ledger:FactSeriesOpened": 1,
    "ledger:FactDisclosed": 1,
    "ledger:FactRestated": 1,
    "ledger:FactRestatementWithdrawn": 1,
}


def fast_topics() -> list[str]:
    """The bulk topics whose event class is still at the version the SQL decodes."""
    return [
        topic
        for topic, version in BULK_TOPICS.items()
        if getattr(resolve_topic(topic), "class_version", 1) == version
    ]


@attrs.frozen
class RawBatch:
    """Stored events as read from the store, in notification order.

    In bulk mode the rows travel as a tab-separated file, a line per notification with
    ``id, originator id (hex), originator version, topic, state`` (JSON text escapes tabs and
    newlines, so neither occurs inside a state), which DuckDB's parallel CSV reader loads: the
    reader builds one Python string per batch instead of an object per field. Otherwise (states
    the SQL cannot read) the batch holds the library's notifications.
    """

    count: int
    last_id: int
    path: Path | None = None
    notifications: Sequence[Notification] = ()


def read_batches(
    app: Ledger, after: int, batch_size: int, *, spool: Path | None
) -> Iterator[RawBatch]:
    """Every notification after ``after``, in batches, read ahead in a thread.

    A file-backed SQLite store is read through a read-only connection of our own, streaming one
    query whose rows SQLite already formats as lines; other stores through the recorder's
    ``select_notifications``.

    Args:
        spool: a folder for the batch files (bulk mode), or None for notifications.
    """
    recorder = app.recorder
    if spool is not None and isinstance(recorder, SQLiteApplicationRecorder):
        pool = recorder.datastore.pool
        if not pool.is_sqlite_memory_mode:
            table = recorder.events_table_name
            yield from _read_ahead(_sqlite_lines(pool.db_name, table, after, batch_size, spool))
            return
    for number, notifications in enumerate(_recorder_batches(app, after, batch_size)):
        if spool is None:
            yield RawBatch(len(notifications), notifications[-1].id, notifications=notifications)
        else:
            path = _spool(spool, number, map(_line, notifications))
            yield RawBatch(len(notifications), notifications[-1].id, path=path)


def sqlite_lines_query(table: str) -> str:
    """The query the SQLite reader streams (also used by bench/replay.py's raw read)."""
    # The table name is the recorder's own (from its configuration, not user input).
    return (
        "SELECT rowid || char(9) || originator_id || char(9) || originator_version || char(9)"
        f" || topic || char(9) || CAST(state AS TEXT) FROM {table} WHERE rowid > ? ORDER BY rowid"
    )


def _sqlite_lines(
    db_name: str, table: str, after: int, batch_size: int, spool: Path
) -> Iterator[RawBatch]:
    # Read-only URI: the replay can never write the event store.
    path = db_name.removeprefix("file:").split("?", 1)[0]
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    try:
        cursor = con.execute(sqlite_lines_query(table), [after])
        number = 0
        while rows := cursor.fetchmany(batch_size):
            last = rows[-1][0]
            yield RawBatch(
                count=len(rows),
                last_id=int(last[: last.index("\t")]),
                path=_spool(spool, number, map(itemgetter(0), rows)),
            )
            number += 1
    finally:
        con.close()


def _spool(folder: Path, number: int, lines: Iterable[str]) -> Path:
    path = folder / f"batch-{number:06d}.tsv"
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def _recorder_batches(app: Ledger, after: int, batch_size: int) -> Iterator[Sequence[Notification]]:
    current = after
    while True:
        notifications = app.recorder.select_notifications(
            start=current, limit=batch_size, inclusive_of_start=False
        )
        if not notifications:
            return
        yield notifications
        current = notifications[-1].id
        if len(notifications) < batch_size:
            return


def _line(n: Notification) -> str:
    oid = n.originator_id
    hex_id = oid.hex if isinstance(oid, UUID) else UUID(str(oid)).hex
    return f"{n.id}\t{hex_id}\t{n.originator_version}\t{n.topic}\t{n.state.decode()}"


_DONE = object()


def _read_ahead(batches: Iterator[RawBatch], depth: int = 2) -> Iterator[RawBatch]:
    """Read the next batches in a thread while DuckDB decodes this one (2 cores: overlap)."""
    q: queue.Queue[Any] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def produce() -> None:
        try:
            for batch in batches:
                if stop.is_set():
                    break
                q.put(batch)
            q.put(_DONE)
        except BaseException as exc:  # handed to the consumer, raised there
            q.put(exc)

    thread = threading.Thread(target=produce, name="ledger-replay-reader", daemon=True)
    thread.start()
    try:
        while (item := q.get()) is not _DONE:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            try:
                q.get_nowait()
            except queue.Empty:
                thread.join(0.01)


@attrs.define
class Touched:
    """What a replay changed, for the derived tables (facts_current, restatements)."""

    version_series: set[str] = attrs.field(factory=set)
    series: set[str] = attrs.field(factory=set)
    disclosures: set[str] = attrs.field(factory=set)


class BulkDecoder:
    """Writes batches of raw notifications into the projection's tables."""

    def __init__(self, app: Ledger) -> None:
        self.app = app
        mapper = app.mapper
        # Compressed or enciphered states, or another transcoder's, are opaque to SQL: then the
        # mapper decodes everything.
        plain = (
            mapper.compressor is None
            and mapper.cipher is None
            and type(mapper.transcoder) is JSONTranscoder
        )
        self.fast = fast_topics() if plain else []
        #: Batches as text, decoded in DuckDB (else: notifications, decoded by the mapper).
        self.bulk = bool(self.fast)
        self.sql = load_named("bulk_decode.sql")
        self.period_labels: dict[tuple[Any, Any], str] = {}

    def write(
        self, con: duckdb.DuckDBPyConnection, batch: RawBatch, touched: Touched | None
    ) -> None:
        """Insert the rows of ``batch``; record what it touched unless ``touched`` is None."""
        slow = EventRows()
        if not self.bulk:
            for n in batch.notifications:
                slow.add(self.app.mapper.to_domain_event(n), n.id)
            slow.write(con)
            if touched is not None:
                _add_touched(touched, slow)
            return
        # One statement loads the batch file; a stored state carrying `class_version` was
        # written by another version of its class (the library stores it only when it is not
        # 1): such rows, and other topics, go to the mapper.
        con.execute(self.sql["stage_raw"], {"path": str(batch.path), "fast": self.fast})
        for nid, oid, version, topic, state in con.execute(self.sql["slow_rows"]).fetchall():
            notification = Notification(
                id=nid,
                originator_id=UUID(oid),
                originator_version=version,
                topic=topic,
                state=state.encode(),
            )
            slow.add(self.app.mapper.to_domain_event(notification), nid)
        # Series before the values that join them, from both decoders; detections are merged.
        slow.write_tables(con)
        con.execute(self.sql["disclosures"])
        con.execute(self.sql["stage_series"])
        self._insert_series(con)
        slow.write_versions(con)
        con.execute(self.sql["insert_versions"])
        apply_detected(con, self._detected(con, slow))
        if touched is not None:
            self._touched(con, slow, touched)

    def _insert_series(self, con: duckdb.DuckDBPyConnection) -> None:
        # Period labels (FY2023, H1 2024, ...) come from the domain's Period.label: a handful of
        # distinct periods per batch, so Python computes them once each.
        periods = con.execute(self.sql["series_periods"]).fetchall()
        if not periods:
            return
        rows = []
        for start, end in periods:
            label = self.period_labels.get((start, end))
            if label is None:
                label = self.period_labels[(start, end)] = Period(start=start, end=end).label
            rows.append({"period_start": start, "period_end": end, "period": label})
        con.register(
            "batch_periods",
            pa.Table.from_pylist(
                rows,
                schema=pa.schema(
                    [
                        ("period_start", pa.date32()),
                        ("period_end", pa.date32()),
                        ("period", pa.string()),
                    ]
                ),
            ),
        )
        try:
            con.execute(self.sql["insert_series"])
        finally:
            con.unregister("batch_periods")

    def _detected(self, con: duckdb.DuckDBPyConnection, slow: EventRows) -> dict[DetectedKey, bool]:
        # The last event of a key wins, across fast and slow rows: merge in notification order.
        fast = con.execute(self.sql["detected"]).fetchall()
        if not slow.detected:
            return {(s, p, n): keep for _, s, p, n, keep in fast}
        rows = [*fast, *((slow.detected_at[k], *k, keep) for k, keep in slow.detected.items())]
        merged: dict[DetectedKey, bool] = {}
        for _, s, p, n, keep in sorted(rows, key=lambda row: row[0]):
            merged[(s, p, n)] = keep
        return merged

    def _touched(self, con: duckdb.DuckDBPyConnection, slow: EventRows, touched: Touched) -> None:
        for kind, id_ in con.execute(self.sql["touched"]).fetchall():
            if kind == "version":
                touched.version_series.add(id_)
                touched.series.add(id_)
            elif kind == "series":
                touched.series.add(id_)
            else:
                touched.disclosures.add(id_)
        _add_touched(touched, slow)


def _add_touched(touched: Touched, rows: EventRows) -> None:
    touched.version_series |= rows.version_series
    touched.series |= rows.touched_series
    touched.disclosures |= rows.touched_disclosures


__all__ = ["BulkDecoder", "RawBatch", "Touched", "fast_topics", "read_batches"]
