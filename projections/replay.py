"""``ledger replay``: the event log -> DuckDB tables, in batches, with columnar inserts.

Incremental by default: read the notifications after the stored position and write their rows,
the derived tables and the new position in one DuckDB transaction. ``rebuild`` builds a fresh
file next to the old one and swaps it in atomically, so readers never see a half-built
projection; since nobody reads the fresh file before the swap, a rebuild computes the derived
tables (``series_ends``, behind the views ``facts_current`` and ``facts_as_first_reported``,
``restatements``...) once at the end, side by side on three connections, instead of after every
batch.

Two decoders fill the same tables: the bulk decoder (``projections.bulk``, the default: JSON
parsed by DuckDB, a batch at a time) and the reference decoder (``reference=True``: every event
through ``app.mapper`` and ``projections.rows``, the derived tables refreshed after every
batch, as the first version of the replay did). ``tests/test_replay_equivalence.py`` checks that
both give the same tables; ``bench/replay.py`` measures both.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import os
import queue
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import attrs
import duckdb
import pyarrow as pa

from ledger.domain.application import Ledger
from ledger.domain.errors import LedgerError
from ledger.domain.settings import LOCK_TIMEOUT_ENV, lock_timeout

from . import catalog, restatements
from .bulk import SERIES_OPENED, BulkDecoder, Touched, read_batches
from .catalog import Stamp, check_store
from .concepts import write_concepts
from .rows import EventRows
from .sql import load_named, load_sql
from .staging import staged

PROJECTION_NAME = "ledger"
#: A second row of ``ledger_position``: a fingerprint of the event at the position, written
#: with it. A position edited by hand no longer matches it, and the replay refuses rather than
#: apply events the projection already holds a second time.
LAST_EVENT = "ledger:last-event"
#: Notifications per batch of the reference decoder (one Python object each).
BATCH_SIZE = 20_000
#: Notifications per batch of the bulk decoder: raw rows, about 0.5 kB each.
BULK_BATCH_SIZE = 100_000
#: DuckDB's buffer pool during a replay.
MEMORY_LIMIT = "768MB"


@attrs.frozen
class ReplayResult:
    """What a replay did."""

    events: int
    from_position: int
    to_position: int
    seconds: float
    rebuilt: bool

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


#: ``progress(done, total)``: notifications replayed so far and expected in all.
Progress = Callable[[int, int], None]


class ProjectionLockedError(LedgerError):
    """Another process held the DuckDB file for longer than we were willing to wait."""


class PositionEditedError(LedgerError):
    """The projection's position is not where its last replay left it."""


class ProjectionUnreadableError(LedgerError):
    """The projection file cannot be opened (damaged, truncated, or not a DuckDB file)."""


#: Pause between two attempts at opening a projection another process holds.
_LOCK_POLL = 0.05


def connect(
    path: Path,
    *,
    read_only: bool = False,
    external_access: bool = False,
    wait: float | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the projection file, waiting while another process holds it.

    DuckDB lets one process write a file, or several read it, never both: a reader waits for
    the writer (a replay) and the writer for the readers, polling, for ``wait`` seconds
    (default :func:`lock_timeout`), then fails in one line.

    Args:
        read_only: open for reading, without file or network access unless
            ``external_access`` (the export's ``COPY ... TO`` needs it; user SQL must not).

    Raises:
        ProjectionLockedError: another process held the file for ``wait`` seconds.
        ProjectionUnreadableError: the file is not a projection DuckDB can open.
    """
    # Readers get no file or network access and cannot change that setting: `ledger query`
    # runs user SQL, which must not write (COPY ... TO) or read anything outside the projection.
    config: dict[str, str | bool | int | float | list[str]] = {}
    if read_only and not external_access:
        config = {"enable_external_access": False, "lock_configuration": True}
    deadline = time.monotonic() + (lock_timeout() if wait is None else wait)
    while True:
        try:
            return duckdb.connect(str(path), read_only=read_only, config=config)
        except duckdb.IOException as exc:
            text = str(exc)
            if "lock" not in text.lower():
                msg = (
                    f"{path}: the projection cannot be opened ({_one_line(text)}); "
                    "`ledger replay --rebuild` rebuilds it from the event store"
                )
                raise ProjectionUnreadableError(msg) from None
            if time.monotonic() >= deadline:
                msg = (
                    f"{path}: another ledger process kept the projection busy for longer than "
                    f"{LOCK_TIMEOUT_ENV} allows; try again when it has finished"
                )
                raise ProjectionLockedError(msg) from None
            time.sleep(_LOCK_POLL)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def replay(
    app: Ledger,
    path: Path,
    *,
    rebuild: bool = False,
    batch_size: int | None = None,
    reference: bool = False,
    progress: Progress | None = None,
    store: str | None = None,
) -> ReplayResult:
    """Bring the DuckDB projection at ``path`` up to date with the event store.

    Args:
        rebuild: build the projection from the first event (into a new file, then swap).
        store: the event store's label (``Location.store_label``), recorded in the projection;
            an incremental replay refuses a projection built from another store.
        batch_size: notifications read per batch (default: per decoder).
        reference: use the straightforward per-event decoder (for comparisons).
        progress: called as ``progress(done, total)`` with notification counts after each
            batch (``total`` is an estimate from the store's last notification id).
    """
    started = time.perf_counter()
    size = batch_size or (BATCH_SIZE if reference else BULK_BATCH_SIZE)
    path.parent.mkdir(parents=True, exist_ok=True)
    rebuilding = rebuild or not path.exists()
    target = path.with_name(path.name + ".rebuild") if rebuilding else path
    if rebuilding:
        for leftover in (target, target.with_name(target.name + ".wal")):
            leftover.unlink(missing_ok=True)
    # Replaying makes and drops millions of objects, none in a cycle that must go before the
    # end: the cyclic collector would only walk them again and again. Reference counting still
    # frees them.
    with _cyclic_gc_paused(), _removed_on_failure(target if rebuilding else None):
        con = connect(target)
        try:
            # No progress bar: DuckDB would draw one on the terminal during a long replay.
            con.execute("SET enable_progress_bar = false")
            # DuckDB caches freely up to 80% of RAM by default; a replay streams, so a bounded
            # buffer pool (spilling to the home if ever needed) keeps a laptop responsive.
            con.execute("SET memory_limit = ?", [MEMORY_LIMIT])
            # Row order inside a table is not part of the projection's contract (queries order
            # what they return); letting DuckDB read and insert in any order parallelises both.
            con.execute("SET preserve_insertion_order = false")
            # A large insert writes its row groups to the file before the commit, compressed;
            # by default DuckDB buffers five and compresses them together, stalling the insert
            # that fills the fifth (and the last one). One at a time, the compression is spread
            # over the replay.
            con.execute("SET write_buffer_row_group_count = 1")
            # A rebuild's fresh file has no stamp: it takes the store it is built from.
            _create_schema(con, path, store)
            if not rebuilding:
                check_position(app, con, path)
            if reference:
                start, end, count = _apply_reference(app, con, size)
            else:
                start, end, count = _apply_bulk(
                    app, con, size, fresh=rebuilding, target=target, progress=progress
                )
            if rebuilding:
                con.execute("CHECKPOINT")
        finally:
            con.close()
    if rebuilding:
        # A WAL left beside the old file (a process killed after committing and before
        # closing) belongs to that file: DuckDB would refuse to open the new file with it
        # ("WAL does not match database file"). It goes first: killed between the two steps,
        # the old file is only behind by its last commits, which the next replay brings back.
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
        # The rename is the commit point of a rebuild: before it, readers see the old file.
        os.replace(target, path)
    return ReplayResult(count, start, end, time.perf_counter() - started, rebuilt=rebuilding)


@contextlib.contextmanager
def _removed_on_failure(side_file: Path | None) -> Iterator[None]:
    """Remove a rebuild's side file and its WAL when the rebuild fails (a full disk, a store
    that no longer replays): the next one would, but nothing half-written should stay."""
    try:
        yield
    except BaseException:
        if side_file is not None:
            for leftover in (side_file, side_file.with_name(side_file.name + ".wal")):
                leftover.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (it is process-wide: restored
    as it was, whatever the block raises)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def check_projection_store(path: Path, store: str) -> None:
    """Refuse, before anything is written, a projection built from another event store.

    Raises:
        ProjectionOfAnotherStoreError: ``path`` records another store than ``store``.
    """
    if not path.exists():
        return
    con = connect(path, read_only=True)
    try:
        check_store(str(path), Stamp.read(con).store, store)
    finally:
        con.close()


def position(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(
        "SELECT notification_id FROM ledger_position WHERE projection = ?", [PROJECTION_NAME]
    ).fetchone()
    return int(row[0]) if row else 0


#: The version of the projection's schema. Bump it with every change to ``sql/schema.sql``,
#: ``sql/macros.sql``, ``sql/upgrade.sql`` or ``_upgrade_schema``: a projection file recorded
#: under another version is upgraded at its next replay. ``tests/test_schema_version.py`` fails
#: when the schema's SQL changes and this number does not.
SCHEMA_VERSION = 5


def schema_label() -> str:
    """What the comment of ``ledger_position`` holds once the schema is applied."""
    return f"ledger schema version {SCHEMA_VERSION}"


def _create_schema(con: duckdb.DuckDBPyConnection, path: Path, store: str | None) -> None:
    # The schema's statements each commit on their own, and its CREATE OR REPLACE statements
    # write the catalog, which the checkpoint on close writes again: a cost every incremental
    # replay would pay. So it runs only when the version differs from the one applied, or when
    # its views and macros no longer are what it made (edited by hand): the stamp in the
    # comment of ledger_position says which schema version was applied and what it made (set
    # last, so an interrupted upgrade runs again), and which event store the rows come from.
    # Files of earlier versions hold no comment, a bare label or a digest of the code: they
    # are upgraded once.
    stamp = Stamp.read(con)
    if store is not None:
        check_store(str(path), stamp.store, store)
    label = schema_label()
    made = stamp.schema == label and stamp.catalog == catalog.digest(catalog.catalog(con))
    if not made:
        # Restatements judged before their original was traced to its first printing name
        # the latest repetition instead: judged again once the column exists.
        rejudge = _lacks_column(con, "restatements", "repeated_in")
        _upgrade_schema(con)
        con.execute(load_sql("schema.sql"))
        con.execute(load_sql("macros.sql"))
        if rejudge:
            con.execute(load_named("touch_restatements.sql")["all"])
            restatements.refresh_verdicts(con)
    if not made or (store is not None and stamp.store != store):
        definitions = catalog.digest(catalog.catalog(con))
        Stamp(label, definitions, store or stamp.store).write(con)
    write_concepts(con)


def _lacks_column(con: duckdb.DuckDBPyConnection, table: str, column: str) -> bool:
    """Whether ``table`` exists without ``column`` (a projection file of an earlier version)."""
    found = con.execute(
        "SELECT list(column_name) FROM duckdb_columns() WHERE database_name = current_database()"
        " AND schema_name = 'main' AND table_name = ?",
        [table],
    ).fetchone()
    names: list[str] = (found[0] if found else None) or []
    return bool(names) and column not in names


#: Tables of earlier projection files that are views now (schema.sql): the derived facts
#: tables, and fact_versions, whose rows are in fact_values without their series' columns.
_NOW_VIEWS = ("facts_current", "facts_as_first_reported", "fact_versions")


#: Columns added to tables after their first release, in the order the tables end with them
#: (rows are inserted by position): the acceptance time of SEC filings (schema version 2) and
#: the pages of PDF facts (version 4). An older file gets them, NULL in its rows, which is what a
#: rebuild writes for events recorded before either was kept.
_ADDED_COLUMNS = (
    ("fact_values", "accepted_at", "TIMESTAMP"),
    ("fact_values", "page", "INTEGER"),
    ("restatements", "original_page", "INTEGER"),
    ("restatements", "restated_page", "INTEGER"),
)


def _upgrade_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Upgrade a projection written when some of today's views were tables, or when
    ``fact_values`` stored the printed value, or before pages were kept, in one transaction:
    the rows of an old ``fact_versions`` table moved to ``fact_values``, the old derived tables
    dropped, ``series_ends`` computed for every series, the printed values dropped, the page
    columns added, the views created."""
    old = {
        name
        for (name,) in con.execute(
            "SELECT table_name FROM duckdb_tables()"
            " WHERE database_name = current_database() AND schema_name = 'main'"
            " AND NOT temporary AND list_contains(?, table_name)",
            [list(_NOW_VIEWS)],
        ).fetchall()
    }
    # fact_values stored the printed value too (the view fact_versions computes it now).
    stored_printed = bool(
        con.execute(
            "SELECT 1 FROM duckdb_columns() WHERE database_name = current_database()"
            " AND schema_name = 'main' AND table_name = 'fact_values'"
            " AND column_name = 'printed_value'"
        ).fetchall()
    )
    missing = _missing_columns(con)
    if not old and not stored_printed and not missing:
        return
    con.execute("BEGIN TRANSACTION")
    try:
        if stored_printed:
            con.execute("ALTER TABLE fact_values DROP COLUMN printed_value")
        for table, column, kind in missing:  # names of _ADDED_COLUMNS, not input
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {kind}")
        for name in old - {"fact_versions"}:
            con.execute(f"DROP TABLE {name}")  # a name of _NOW_VIEWS, from the catalog
        if "fact_versions" in old:
            # Views of the previous layout read the old table: they are made again below.
            con.execute("DROP VIEW IF EXISTS facts_current")
            con.execute("DROP VIEW IF EXISTS facts_as_first_reported")
            con.execute("ALTER TABLE fact_versions RENAME TO old_fact_versions")
        con.execute(load_sql("schema.sql"))
        if "fact_versions" in old:
            con.execute(load_named("upgrade.sql")["fact_values"])
            con.execute("DROP TABLE old_fact_versions")
        if old:
            con.execute("DELETE FROM series_ends")
            _refresh_facts(con, every=True)
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _missing_columns(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str, str]]:
    """The ``_ADDED_COLUMNS`` an existing table of the file lacks."""
    present = set(
        con.execute(
            "SELECT c.table_name, c.column_name FROM duckdb_columns() c"
            " JOIN duckdb_tables() t USING (database_name, schema_name, table_name)"
            " WHERE c.database_name = current_database() AND c.schema_name = 'main'"
            " AND NOT t.temporary"
        ).fetchall()
    )
    tables = {table for table, _ in present}
    return [(t, c, k) for t, c, k in _ADDED_COLUMNS if t in tables and (t, c) not in present]


def _set_position(con: duckdb.DuckDBPyConnection, app: Ledger, notification_id: int) -> None:
    con.execute(
        "INSERT OR REPLACE INTO ledger_position VALUES (?, ?), (?, ?)",
        [PROJECTION_NAME, notification_id, LAST_EVENT, event_mark(app, notification_id)],
    )


def event_mark(app: Ledger, notification_id: int) -> int | None:
    """A fingerprint of the event stored at ``notification_id`` (its aggregate and version,
    63 bits so that a BIGINT holds it); None when the store has no event there."""
    found = app.recorder.select_notifications(start=notification_id, limit=1)
    if not found or found[0].id != notification_id:
        return None
    event = found[0]
    digest = hashlib.sha256(f"{event.originator_id}/{event.originator_version}".encode())
    return int.from_bytes(digest.digest()[:8], "big") >> 1


def check_position(app: Ledger, con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Refuse a projection whose position was edited by hand (lowered, zeroed or deleted):
    replaying from it would apply events the projection already holds a second time, doubling
    its rows. Rebuilding it is the user's call: the edit is evidence worth a look first, and a
    rebuild of a large store takes a while.

    Raises:
        PositionEditedError: the position disagrees with the event recorded beside it, or is
            zero while the projection holds disclosures.
    """
    at = position(con)
    row = con.execute(
        "SELECT notification_id FROM ledger_position WHERE projection = ?", [LAST_EVENT]
    ).fetchone()
    if at == 0:
        # A fresh file holds nothing; one with rows lost or zeroed its position.
        held = con.execute("SELECT count(*) FROM (FROM disclosures LIMIT 1)").fetchone()
        edited = bool(held and held[0]) or row is not None
    elif at > (app.recorder.max_notification_id() or 0):
        # Past the store's end (a log truncated by hand): nothing would be applied, and
        # `ledger verify` finds the rows the log no longer has.
        edited = False
    else:
        # A file written before the fingerprint existed has none: the next replay writes it.
        edited = row is not None and row[0] != event_mark(app, at)
    if edited:
        raise PositionEditedError(
            f"{path}: its position (event {at}) is not where its last replay stopped (edited "
            "by hand?); replaying from it would apply events twice: run `ledger replay --rebuild`"
        )


def _apply_bulk(
    app: Ledger,
    con: duckdb.DuckDBPyConnection,
    batch_size: int,
    *,
    fresh: bool,
    target: Path,
    progress: Progress | None = None,
) -> tuple[int, int, int]:
    start = position(con)
    current, total = start, 0
    expected = max(0, (app.recorder.max_notification_id() or 0) - start)
    decoder = BulkDecoder(app)
    # One transaction, derived tables included, so readers of a live file see all of it or
    # none. A fresh file is invisible until swapped in, so its derived tables are computed once
    # at the end rather than for what each batch touched. (Committing per batch would write
    # every row twice, to the WAL and at the checkpoint.)
    touched = None if fresh else Touched()
    # Batch files live next to the projection (the home is writable; /tmp may be in memory).
    # We hold the DuckDB lock on `target`, so spool folders of its earlier replays are left
    # over from a killed process: remove them.
    prefix = f".{target.name}.spool-"
    for stale in target.parent.glob(prefix + "*"):
        shutil.rmtree(stale, ignore_errors=True)
    # A Python thread keeps a core busy beside DuckDB (the reader while batches are decoded,
    # the verdicts while a rebuild's derived tables are computed side by side): DuckDB gets the
    # other cores, which measured faster than competing with that thread for all of them.
    con.execute(f"SET threads = {max(1, (os.cpu_count() or 1) - 1)}")
    try:
        with tempfile.TemporaryDirectory(
            prefix=prefix, dir=target.parent, ignore_cleanup_errors=True
        ) as folder:
            # A fresh file's series go in on a connection and transaction of their own, beside
            # the values (no value joins them while decoding, and nobody reads the file before
            # the swap): their decoding fills the moments the reader and the values' thread
            # leave a core idle, instead of queueing behind the values on one thread.
            series = _SeriesWriter(app, con) if fresh else None
            con.execute("BEGIN TRANSACTION")
            try:
                batches = read_batches(
                    app,
                    start,
                    batch_size,
                    spool=Path(folder),
                    fast=decoder.fast,
                    originators=touched is not None,
                )
                for batch, last in _with_last(batches):
                    files = dict(batch.files)
                    if series is not None:
                        series.put(files.pop(SERIES_OPENED, None))
                        if last:
                            # The series commit while the last values are decoded.
                            series.close()
                    decoder.write(con, batch, touched, series=series is None)
                    for path in files.values():
                        path.unlink()
                    current = batch.last_id
                    total += batch.count
                    if progress is not None:
                        progress(total, max(total, expected))
                if total:
                    _set_position(con, app, current)
                if touched is not None:
                    # One connection, nothing beside it: every core.
                    con.execute("RESET threads")
                    _derive(con, touched)
                if series is not None:
                    series.finish()
                con.execute("COMMIT")
            except BaseException:
                if series is not None:
                    series.abandon()
                con.execute("ROLLBACK")
                raise
        if fresh:
            # Nobody reads the fresh file before the swap, so its derived tables need not
            # share the rows' transaction: they are computed after it, the series ends and the
            # verdicts side by side. (A failure leaves the fresh file unswapped.)
            _derive_all(con)
    finally:
        con.execute("RESET threads")
    return start, current, total


class _SeriesWriter:
    """A rebuild's series, written by a thread on a connection and transaction of its own.

    ``put`` hands over a batch file of FactSeriesOpened events (the thread deletes it once
    written); ``close`` says there are no more, and the thread commits as soon as it has
    written them (nobody reads a fresh file before the swap, so its series may commit before
    its values); ``finish`` waits for that, raising the thread's failure if any; ``abandon``
    rolls back what is not committed yet. A failure stops the writing but not the draining, so
    ``put`` never blocks on a dead thread: the next ``put`` or ``finish`` raises it instead.
    """

    def __init__(self, app: Ledger, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con.cursor()
        self.decoder = BulkDecoder(app)
        # Two batches ahead at most, like the reader.
        self.files: queue.Queue[Path | None] = queue.Queue(maxsize=2)
        self.failure: BaseException | None = None
        self.closed = self.abandoned = False
        self.thread = threading.Thread(target=self._run, name="ledger-replay-series")
        self.con.execute("BEGIN TRANSACTION")
        self.thread.start()

    def put(self, path: Path | None) -> None:
        if self.failure is not None:
            raise self.failure
        if path is not None:
            self.files.put(path)

    def close(self) -> None:
        if not self.closed:
            self.closed = True
            self.files.put(None)

    def finish(self) -> None:
        self.close()
        self._join()
        if self.failure is not None:
            raise self.failure

    def abandon(self) -> None:
        self.abandoned = True
        self.close()
        self._join()

    def _join(self) -> None:
        self.thread.join()
        self.con.close()

    def _run(self) -> None:
        while (path := self.files.get()) is not None:
            try:
                if self.failure is None:
                    self.decoder.write_series(self.con, path)
            except BaseException as exc:  # raised in the replay's thread (put, finish)
                self.failure = exc
            path.unlink(missing_ok=True)
        try:
            done = self.failure is None and not self.abandoned
            self.con.execute("COMMIT" if done else "ROLLBACK")
        except BaseException as exc:
            self.failure = self.failure or exc


T = TypeVar("T")


def _with_last(items: Iterator[T]) -> Iterator[tuple[T, bool]]:
    """Each item with whether it is the last (known one item ahead)."""
    previous = next(items, _NOTHING)
    while previous is not _NOTHING:
        item = next(items, _NOTHING)
        yield previous, item is _NOTHING  # type: ignore[misc]
        previous = item


_NOTHING: Any = object()


def _apply_reference(
    app: Ledger, con: duckdb.DuckDBPyConnection, batch_size: int
) -> tuple[int, int, int]:
    start = position(con)
    current = start
    total = 0
    while True:
        notifications = app.recorder.select_notifications(
            start=current, limit=batch_size, inclusive_of_start=False
        )
        if not notifications:
            break
        rows = EventRows()
        for notification in notifications:
            rows.add(app.mapper.to_domain_event(notification), notification.id)
        last = notifications[-1].id
        con.execute("BEGIN TRANSACTION")
        try:
            rows.write(con)
            _derive(
                con,
                Touched(rows.version_series, rows.touched_series, rows.touched_disclosures),
            )
            _set_position(con, app, last)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        total += len(notifications)
        current = last
        if len(notifications) < batch_size:
            break
    return start, current, total


def _derive(con: duckdb.DuckDBPyConnection, touched: Touched) -> None:
    """Refresh the derived tables for what a batch touched."""
    if touched.version_series:
        _ids_table(con, "touched_series", "series_id", touched.version_series)
        _refresh_facts(con, every=False)
    if touched.series or touched.disclosures:
        with staged(
            con,
            staged_series_ids=_ids(touched.series),
            staged_version_ids=_ids(touched.version_series),
            staged_disclosure_ids=_ids(touched.disclosures),
        ):
            sql = load_named("touch_restatements.sql")
            con.execute(sql["restating"])
            con.execute(sql["declaring"])
        restatements.refresh(con)


def _refresh_facts(con: duckdb.DuckDBPyConnection, *, every: bool) -> None:
    """Recompute ``series_ends``, behind the views ``facts_current`` and
    ``facts_as_first_reported``, for ``touched_series`` (``every``: all series of a projection
    that has none yet, read straight from ``fact_values``)."""
    sql = load_named("refresh_series.sql")
    if every:
        con.execute(sql["all_versions"])
    else:
        con.execute(sql["touched_versions"])
        con.execute(sql["forget"])
    con.execute(sql["ends"])
    con.execute(f"DROP {'VIEW' if every else 'TABLE'} touched_versions")


def _derive_all(con: duckdb.DuckDBPyConnection) -> None:
    """Compute the derived tables of every series and issuer (end of a rebuild).

    Three connections, three transactions, side by side: ``series_ends`` and
    ``fact_declarations`` are mostly SQL, while a thread judges the restatements (Python, which
    holds the GIL while DuckDB does not). Each writes its own tables.
    """
    everything = load_named("touch_restatements.sql")["all"]

    def facts(c: duckdb.DuckDBPyConnection) -> None:
        _refresh_facts(c, every=True)

    def verdicts(c: duckdb.DuckDBPyConnection) -> None:
        c.execute(everything)
        restatements.refresh_verdicts(c)

    def declarations(c: duckdb.DuckDBPyConnection) -> None:
        c.execute(everything)
        restatements.refresh_declarations(c)

    _side_by_side(con, [verdicts, declarations, facts])


#: Work on one connection, in a transaction of its own (see _side_by_side).
Task = Callable[[duckdb.DuckDBPyConnection], None]


def _side_by_side(con: duckdb.DuckDBPyConnection, tasks: list[Task]) -> None:
    """Run each task in its own transaction on its own connection to the same database, the
    last in this thread, the others in threads; raise the first failure once all have ended."""
    failures: list[BaseException] = []

    def run(task: Task, c: duckdb.DuckDBPyConnection) -> None:
        try:
            c.execute("BEGIN TRANSACTION")
            task(c)
            c.execute("COMMIT")
        except BaseException as exc:  # raised in the caller's thread below
            failures.append(exc)

    cursors = [con.cursor() for _ in tasks[:-1]]
    threads = [
        threading.Thread(target=run, args=(task, c), name=f"ledger-replay-{task.__name__}")
        for task, c in zip(tasks, cursors, strict=False)
    ]
    for thread in threads:
        thread.start()
    try:
        run(tasks[-1], con)
    finally:
        for thread in threads:
            thread.join()
        for c in cursors:
            c.close()
    if failures:
        raise failures[0]


def _ids(ids: set[str]) -> pa.Table:
    return pa.table({"id": pa.array(sorted(ids), pa.string())})


def _ids_table(con: duckdb.DuckDBPyConnection, table: str, column: str, ids: set[str]) -> None:
    with staged(con, staged_ids=_ids(ids)):
        con.execute(
            f"CREATE OR REPLACE TEMP TABLE {table} AS "
            f"SELECT DISTINCT CAST(id AS UUID) AS {column} FROM staged_ids"
        )
