"""Bulk decoding of the event log: stored events in batches, their JSON parsed by DuckDB.

The straightforward replay decodes every stored event into a Python object through
``app.mapper`` and builds a dict per row; at a million events that is most of the time. Here the
frequent event types (series opened, facts disclosed, restatements detected, disclosures) are
handed to DuckDB as newline-delimited JSON, one file per event type and batch, each line the
stored state as it is, beside the originator id (and the notification id where the order of
events matters), and DuckDB's JSON reader decodes a file straight into typed columns in one
statement (``sql/bulk_decode.sql``). Everything else the projection reads, and every event of a
class whose version has moved on from the one the SQL was written for, goes through
``app.mapper`` and ``rows.EventRows`` exactly as before, so upcasters, compression and ciphers
keep working.
Event types no table reads (the chain's seals) are never read at all.
"""

from __future__ import annotations

import queue
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence, Set
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

from .errors import execute
from .rows import HANDLERS, DetectedKey, EventRows, apply_detected
from .sql import load_named
from .staging import staged

# {bulk-topics}: the event types sql/bulk_decode.sql decodes, with the class version its SQL
# reads. A class whose version moves on (a new field, an upcaster) silently falls back to the
# mapper until the SQL is updated and the version here with it.
BULK_TOPICS: dict[str, int] = {
    "ledger:DisclosureRegistered": 2,
    "ledger:FactSeriesOpened": 1,
    "ledger:FactDisclosed": 3,
    "ledger:FactRestated": 1,
    "ledger:FactRestatementWithdrawn": 1,
}

#: Rows of the first batch a SQLite store is read in; each next one is twice as large, up to
#: the batch size.
FIRST_BATCH = 12_500

#: The events that detect a restatement (True) or withdraw one (False).
_DETECTIONS = (("ledger:FactRestated", True), ("ledger:FactRestatementWithdrawn", False))

#: Fast topics whose lines carry their notification id: the last event of a key wins.
NUMBERED = frozenset(topic for topic, _ in _DETECTIONS)

#: The event type that opens a series (a rebuild writes its rows on a connection of their own).
SERIES_OPENED = "ledger:FactSeriesOpened"

#: The event types a replay reads: those some table is built from.
HANDLED_TOPICS: tuple[str, ...] = tuple(HANDLERS)


def fast_topics() -> list[str]:
    """The bulk topics whose event class is still at the version the SQL decodes."""
    return [
        topic
        for topic, version in BULK_TOPICS.items()
        if getattr(resolve_topic(topic), "class_version", 1) == version
    ]


@attrs.frozen
class RawBatch:
    """The stored events of one stretch of the notification log, as read from the store.

    ``files`` holds, per fast topic, a newline-delimited JSON file of its events: each line is
    ``{"@o": originator id (hex), "s": stored state}`` (the state is the JSON the library's
    transcoder wrote), with ``"@n"`` (notification id) in front for the ``NUMBERED`` topics.
    ``slow`` holds the events of the other read topics, for the mapper. ``count`` is every
    notification of the stretch, read or not. ``originators`` holds, per fast topic, the ids
    of the aggregates its events belong to (text DuckDB casts to UUID), when the reader was
    asked for them: what an incremental replay touched, known without parsing the files
    again.
    """

    count: int
    last_id: int
    files: Mapping[str, Path] = attrs.field(factory=dict)
    slow: Sequence[Notification] = ()
    originators: Mapping[str, Set[str]] = attrs.field(factory=dict)


def read_batches(
    app: Ledger,
    after: int,
    batch_size: int,
    *,
    spool: Path,
    fast: Sequence[str],
    originators: bool = False,
) -> Iterator[RawBatch]:
    """Every notification after ``after``, in batches of about ``batch_size``, read ahead in a
    thread while the caller decodes the previous batch (2 cores: overlap).

    A file-backed SQLite store is read through a read-only connection of our own: SQLite itself
    filters the topics and joins the rows of each frequent topic of a batch into one string, so
    no Python object is made for most events (the rarer ones are read by id). Other stores are
    read through the recorder's ``select_notifications`` and their rows joined in Python.

    Args:
        spool: a folder for the batch files.
        fast: the topics to hand over as JSON files (the others read go to ``slow``).
        originators: fill each batch's ``originators`` (an incremental replay's touched ids;
            a rebuild needs none, and SQLite would join a million ids for nothing).
    """
    recorder = app.recorder
    if isinstance(recorder, SQLiteApplicationRecorder):
        pool = recorder.datastore.pool
        if not pool.is_sqlite_memory_mode:
            table = recorder.events_table_name
            reader = _sqlite_batches(
                pool.db_name, table, after, batch_size, spool, fast, originators
            )
            yield from _read_ahead(reader)
            return
    yield from _read_ahead(_recorder_batches(app, after, batch_size, spool, fast, originators))


#: The topics that make most of a ledger's events, whose lines SQLite joins itself. Every
#: aggregate of the batch query costs the same per row read, whatever share of the rows it
#: takes, so the rarer topics are listed by id and their lines made in Python instead.
JOINED_IN_SQLITE = ("ledger:FactDisclosed", SERIES_OPENED)

#: Rows SQLite joins per query: a batch is read in chunks of this many and its files written
#: chunk by chunk. A chunk's text then stays under glibc's largest heap block (32 MB), whose
#: memory is used again, where a whole batch's text was mapped afresh and zeroed page by page
#: for every batch (docs/performance.md).
SQLITE_CHUNK = 50_000


def _sqlite_batches(
    db_name: str,
    table: str,
    after: int,
    batch_size: int,
    spool: Path,
    fast: Sequence[str],
    originators: bool,
) -> Iterator[RawBatch]:
    # Read-only URI: the replay can never write the event store. The table name is the
    # recorder's own (from its configuration, not user input).
    path = db_name.removeprefix("file:").split("?", 1)[0]
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    joined = [t for t in JOINED_IN_SQLITE if t in fast]
    listed = [t for t in HANDLED_TOPICS if t not in joined]

    batch_sql, first_sql = _batch_queries(table, joined, listed, originators)
    quick = frozenset(fast)
    try:
        # One read transaction: every query sees the same snapshot, so the last id read now is
        # the end of what this replay applies, whatever is written meanwhile.
        con.execute("BEGIN")
        last = con.execute(f"SELECT max(rowid) FROM {table}").fetchone()[0] or 0
        low, number = after, 0
        while low < last:
            # The first batches are small, so DuckDB starts decoding while SQLite reads on.
            high = min(low + min(batch_size, FIRST_BATCH << number), last)
            count, top = 0, low
            files: dict[str, Path] = {}
            ids: dict[str, set[str]] = defaultdict(set)
            lines: dict[str, list[bytes]] = defaultdict(list)
            slow: list[Notification] = []
            for start in range(low, high, SQLITE_CHUNK):
                end = min(start + SQLITE_CHUNK, high)
                found = con.execute(batch_sql, [*joined, *listed, start, end]).fetchone()
                count += found[0]
                top = max(top, found[1] or 0)
                texts, listed_rowids = found[2 : 2 + len(joined)], found[2 + len(joined)]
                for topic, text in zip(joined, texts, strict=True):
                    if text:
                        first = con.execute(first_sql, [start, end, topic])
                        files[topic] = _spool_joined(
                            spool, number, topic, text, first, more=topic in files
                        )
                # The originator columns follow (none unless asked).
                for topic, joined_ids in zip(joined, found[3 + len(joined) :], strict=False):
                    if joined_ids:
                        ids[topic].update(joined_ids.split(","))
                for nid, oid, version, topic, state in _listed(con, table, listed_rowids):
                    if topic in quick:
                        lines[topic].append(_json_line(topic, nid, oid, state))
                        if originators:
                            ids[topic].add(oid)
                    else:
                        slow.append(
                            Notification(
                                id=nid,
                                originator_id=UUID(oid),
                                originator_version=version,
                                topic=topic,
                                state=bytes(state),
                            )
                        )
            for topic, rows in lines.items():
                files[topic] = _spool(spool, number, topic, b"\n".join(rows))
            if count:
                yield RawBatch(count, top, files=files, slow=slow, originators=ids)
            low, number = high, number + 1
    finally:
        con.close()


def _batch_queries(
    table: str, joined: Sequence[str], listed: Sequence[str], originators: bool
) -> tuple[str, str]:
    """The query reading one chunk of a batch, and the one reading a topic's first row."""

    # One scan per batch makes the file contents of the frequent fast topics and lists the ids
    # of the other rows read (one scan per topic cost more than the strings themselves), and,
    # when asked, the originator ids of each frequent topic's rows. The inner query numbers
    # each row's topic once (k: its index in `joined`, -2 for a listed topic, -1 for the
    # others); its LIMIT keeps SQLite from flattening it into the outer query, which would
    # compare the topic text again in every aggregate.
    # The states are joined as they are stored, each row's head ('}', a newline, then
    # '{"@o":"9f0c...","s":') being the separator group_concat puts in front of the row: a
    # state is copied once, into the joined text (lines built with || copied it three times).
    # The first row of a topic gets no separator: `_spool_joined` writes its head and the
    # closing '}'.
    def separator(topic: str) -> str:
        numbered = """'"@n":' || rowid || ',' || """ if topic in NUMBERED else ""
        return f"""'}}' || char(10) || '{{' || {numbered}'"@o":"' || originator_id || '","s":'"""

    code = " ".join(
        [f"WHEN ? THEN {i}" for i in range(len(joined))] + ["WHEN ? THEN -2" for _ in listed]
    )
    # As a BLOB, the joined text reaches Python as bytes and goes to its file as they are: as a
    # str it would be decoded from UTF-8 and encoded again.
    columns = [
        f"CAST(group_concat(CASE WHEN k = {i} THEN state END,"
        f" CASE WHEN k = {i} THEN {separator(topic)} END) AS BLOB)"
        for i, topic in enumerate(joined)
    ]
    columns.append("group_concat(CASE WHEN k = -2 THEN rowid END, ',')")
    if originators:
        columns.extend(
            f"group_concat(DISTINCT CASE WHEN k = {i} THEN originator_id END)"
            for i in range(len(joined))
        )
    batch_sql = (
        f"SELECT count(*), max(rowid), {', '.join(columns)} FROM ("
        f" SELECT CASE topic {code} ELSE -1 END AS k, rowid, originator_id, state"
        f" FROM {table} WHERE rowid > ? AND rowid <= ? LIMIT -1)"
    )
    first_sql = (
        f"SELECT rowid, originator_id, state FROM {table}"
        " WHERE rowid > ? AND rowid <= ? AND topic = ? ORDER BY rowid LIMIT 1"
    )
    return batch_sql, first_sql


def _spool_joined(
    folder: Path, number: int, topic: str, text: bytes, first: sqlite3.Cursor, *, more: bool
) -> Path:
    """Write the states SQLite joined, with the head of the first line and the closing brace
    of the last, after the lines of the batch file's earlier chunks if ``more``. The first row
    is read again to check that the text starts with its state."""
    nid, oid, state = first.fetchone()
    if not text.startswith(state):
        # group_concat has no ORDER BY before SQLite 3.44; a rowid range is scanned in order.
        # Were it not, the first line would be given another row's id: refuse instead.
        raise RuntimeError(f"SQLite did not join the {topic} events from {nid} in order")
    head = _head(topic, nid, oid)
    return _spool(folder, number, topic, b"\n" + head if more else head, text, b"}")


def _listed(con: sqlite3.Connection, table: str, ids: str | None) -> list[tuple[Any, ...]]:
    """The rows SQLite listed by id (integers it joined itself: safe to put in the statement):
    notification id, originator id (32 hex digits), version, topic, state."""
    if not ids:
        return []
    return con.execute(
        "SELECT rowid, originator_id, originator_version, topic, state"
        f" FROM {table} WHERE rowid IN ({ids}) ORDER BY rowid"
    ).fetchall()


def _recorder_batches(
    app: Ledger,
    after: int,
    batch_size: int,
    spool: Path,
    fast: Sequence[str],
    originators: bool,
) -> Iterator[RawBatch]:
    current, number = after, 0
    handled, quick = frozenset(HANDLED_TOPICS), frozenset(fast)
    while True:
        notifications = app.recorder.select_notifications(
            start=current, limit=batch_size, inclusive_of_start=False
        )
        if not notifications:
            return
        lines: dict[str, list[bytes]] = defaultdict(list)
        ids: dict[str, set[str]] = defaultdict(set)
        slow = []
        for n in notifications:
            if n.topic in quick:
                oid = n.originator_id
                hex_id = oid.hex if isinstance(oid, UUID) else UUID(str(oid)).hex
                lines[n.topic].append(_json_line(n.topic, n.id, hex_id, n.state))
                if originators:
                    ids[n.topic].add(hex_id)
            elif n.topic in handled:
                slow.append(n)
        files = {
            topic: _spool(spool, number, topic, b"\n".join(rows)) for topic, rows in lines.items()
        }
        yield RawBatch(
            len(notifications),
            notifications[-1].id,
            files=files,
            slow=slow,
            originators=ids,
        )
        current, number = notifications[-1].id, number + 1
        if len(notifications) < batch_size:
            return


def _json_line(topic: str, notification_id: int, hex_id: str, state: bytes) -> bytes:
    """One line of a batch file, ``{"@o":"<hex id>","s":<state>}`` with ``"@n":<id>,`` in
    front of ``"@o"`` for the ``NUMBERED`` topics (bytes, like SQLite's: the state is never
    decoded and encoded again)."""
    return _head(topic, notification_id, hex_id) + state + b"}"


def _head(topic: str, notification_id: int, hex_id: str) -> bytes:
    """A line up to its state: ``{"@o":"<hex id>","s":``, or ``{"@n":<id>,"@o":...``."""
    numbered = f'"@n":{notification_id},' if topic in NUMBERED else ""
    return f'{{{numbered}"@o":"{hex_id}","s":'.encode()


def _spool(folder: Path, number: int, topic: str, *parts: bytes) -> Path:
    """Append ``parts`` to a batch file of newline-delimited JSON (UTF-8), made if need be."""
    path = folder / f"batch-{number:06d}-{topic.rsplit(':', 1)[-1]}.ndjson"
    try:
        with path.open("ab") as file:
            file.writelines(parts)
    except OSError as exc:
        # A write names no file: name it, for the message of a full disk.
        raise OSError(exc.errno, exc.strerror, str(path)) from None
    return path


_DONE = object()


def _read_ahead(batches: Iterator[RawBatch], depth: int = 2) -> Iterator[RawBatch]:
    """Run ``batches`` in a thread, ``depth`` batches ahead of the consumer."""
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
    """Writes batches of stored events into the projection's tables."""

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
        #: The topics whose JSON DuckDB decodes (none: the mapper decodes everything).
        self.fast = fast_topics() if plain else []
        self.sql = load_named("bulk_decode.sql")
        self.period_labels: dict[tuple[Any, Any], str] = {}
        self.guarded = False

    @property
    def bulk(self) -> bool:
        """Whether any event is decoded in bulk."""
        return bool(self.fast)

    def write(
        self,
        con: duckdb.DuckDBPyConnection,
        batch: RawBatch,
        touched: Touched | None,
        *,
        series: bool = True,
    ) -> None:
        """Insert the rows of ``batch``; record what it touched unless ``touched`` is None.

        Args:
            series: also the series of the batch file of FactSeriesOpened (False: the caller
                hands that file to ``write_series`` on another connection).
        """
        if batch.files:
            self._guard(con)
        slow = EventRows()
        for n in batch.slow:
            slow.add(self.app.mapper.to_domain_event(n), n.id)
        files = batch.files
        # The mapper's rows first, then the bulk ones: the values' disclosures must be there
        # (series may come in any order: no value joins them while decoding).
        slow.write_tables(con)
        self._run(con, "disclosures", files.get("ledger:DisclosureRegistered"))
        if series:
            self.write_series(con, files.get(SERIES_OPENED))
        slow.write_versions(con)
        self._insert_values(con, files.get("ledger:FactDisclosed"))
        apply_detected(con, self._detected(con, files, slow))
        if touched is not None:
            if batch.files and not batch.originators:
                # A reader not asked for the ids: what the batch touched would be lost.
                raise ValueError("a batch read without its originators cannot say what it touched")
            _add_originators(touched, batch.originators)
            _add_touched(touched, slow)

    def write_series(self, con: duckdb.DuckDBPyConnection, path: Path | None) -> None:
        """Insert the series of a batch file of FactSeriesOpened events (None: no file)."""
        if path is not None:
            self._guard(con)
            self._run(con, "stage_series", path)
            self._insert_series(con)

    def _guard(self, con: duckdb.DuckDBPyConnection) -> None:
        # The guard is a temporary macro: one per connection (and decoder).
        if not self.guarded:
            con.execute(self.sql["guard"])
            self.guarded = True

    def _run(self, con: duckdb.DuckDBPyConnection, name: str, path: Path | None) -> bool:
        if path is None:
            return False
        execute(con, self.sql[name], {"path": str(path)})
        return True

    def _insert_values(self, con: duckdb.DuckDBPyConnection, path: Path | None) -> None:
        if path is None:
            return
        # DuckDB cannot tell how many rows a JSON file holds (it guesses a handful), so it would
        # hash the batch's values and stream the disclosures past them: the values would be
        # stored in hash order. In the order of the file they are stored document by document,
        # which compresses better and lets a query for one issuer skip most of the table.
        # (After a failure the setting stays: the replay rolls back and closes its connection,
        # and a RESET in the aborted transaction would hide the error.)
        con.execute("SET disabled_optimizers = 'build_side_probe_side'")
        self._run(con, "insert_versions", path)
        con.execute("RESET disabled_optimizers")

    def _insert_series(self, con: duckdb.DuckDBPyConnection) -> None:
        # Period labels (FY2023, H1 2024, ...) come from the domain's Period.label: a handful of
        # distinct periods per batch, so Python computes them once each.
        rows = []
        for start, end in con.execute(self.sql["series_periods"]).fetchall():
            label = self.period_labels.get((start, end))
            if label is None:
                label = self.period_labels[(start, end)] = Period(start=start, end=end).label
            rows.append({"period_start": start, "period_end": end, "period": label})
        periods = pa.Table.from_pylist(
            rows,
            schema=pa.schema(
                [
                    ("period_start", pa.date32()),
                    ("period_end", pa.date32()),
                    ("period", pa.string()),
                ]
            ),
        )
        with staged(con, batch_periods=periods):
            con.execute(self.sql["insert_series"])

    def _detected(
        self, con: duckdb.DuckDBPyConnection, files: Mapping[str, Path], slow: EventRows
    ) -> dict[DetectedKey, bool]:
        # The last event of a key wins, across topics and decoders: merge in notification order.
        rows: list[tuple[int, str, str, str, bool]] = []
        for topic, keep in _DETECTIONS:
            path = files.get(topic)
            if path is not None:
                found = con.execute(self.sql["detected"], {"path": str(path)}).fetchall()
                rows.extend((nid, s, p, n, keep) for nid, s, p, n in found)
        rows.extend((slow.detected_at[k], *k, keep) for k, keep in slow.detected.items())
        merged: dict[DetectedKey, bool] = {}
        for _, s, p, n, keep in sorted(rows, key=lambda row: row[0]):
            merged[(s, p, n)] = keep
        return merged


def _add_originators(touched: Touched, originators: Mapping[str, Set[str]]) -> None:
    """Record what a batch's fast events touched, from the ids the reader listed."""
    for topic, ids in originators.items():
        if topic == "ledger:FactDisclosed":
            touched.version_series |= ids
            touched.series |= ids
        elif topic == "ledger:DisclosureRegistered":
            touched.disclosures |= ids
        elif topic != SERIES_OPENED:
            touched.series |= ids


def _add_touched(touched: Touched, rows: EventRows) -> None:
    touched.version_series |= rows.version_series
    touched.series |= rows.touched_series
    touched.disclosures |= rows.touched_disclosures


__all__ = ["SERIES_OPENED", "BulkDecoder", "RawBatch", "Touched", "fast_topics", "read_batches"]
