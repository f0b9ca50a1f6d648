"""Replay benchmark: full rebuild, incremental update, raw read ceiling, straightforward approach.

Run by hand on the generated ledger (``bench/generate.py``); prints its figures:

    .venv/bin/python bench/replay.py                      # the 1.5M-event ledger in bench/out/full
    .venv/bin/python bench/replay.py --name small --slice 5000
    .venv/bin/python bench/replay.py --reference          # also the reference (per-event) replay

The cached store is copied to ``bench/out/<name>-work/`` first, because the incremental step
adds documents to it.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import duckdb  # noqa: E402
from eventsourcing.persistence import Tracking  # noqa: E402
from generate import OUT, home_for  # noqa: E402
from straightforward import DuckDBView, StraightforwardProjection  # noqa: E402
from synth import Generator, Shape, to_draft  # noqa: E402

from ledger.projections import bulk  # noqa: E402
from ledger.projections import replay as replay_module  # noqa: E402
from ledger.projections.replay import BULK_BATCH_SIZE, replay  # noqa: E402
from ledger.projections.sql import load_sql  # noqa: E402
from ledger.store import Location  # noqa: E402


def peak_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def raw_read(loc: Location, query: str) -> tuple[int, float]:
    """Read every notification row with one streamed query and nothing else (the ceiling)."""
    db = loc.events_path
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        started = time.perf_counter()
        cursor = con.execute(query, [0])
        count = 0
        while rows := cursor.fetchmany(BULK_BATCH_SIZE):
            count += len(rows)
        return count, time.perf_counter() - started
    finally:
        con.close()


def apsw_read(loc: Location, query: str) -> tuple[int, float] | None:
    """The same rows through apsw, another SQLite driver (its own SQLite, no per-call mutex),
    if it is installed (``pip install -e '.[bench]'``): the ceiling depends on the driver."""
    try:
        import apsw  # type: ignore[import-not-found]
    except ImportError:
        return None
    flags = apsw.SQLITE_OPEN_READONLY | apsw.SQLITE_OPEN_NOMUTEX
    con = apsw.Connection(str(loc.events_path), flags=flags)
    try:
        started = time.perf_counter()
        count = sum(1 for _ in con.execute(query, (0,)))
        return count, time.perf_counter() - started
    finally:
        con.close()


#: The plain DB-API read of the rows, every column of the notification.
PLAIN_ROWS = (
    "SELECT rowid, originator_id, originator_version, topic, state FROM stored_events "
    "WHERE rowid > ? ORDER BY rowid"
)


def reader_only(loc: Location) -> tuple[int, float]:
    """The replay's reader with nothing downstream: every batch file written, then deleted."""
    app = loc.open_ledger(create=False)
    try:
        with tempfile.TemporaryDirectory(dir=loc.home) as folder:
            started = time.perf_counter()
            count = 0
            batches = bulk.read_batches(
                app, 0, BULK_BATCH_SIZE, spool=Path(folder), fast=bulk.fast_topics()
            )
            for batch in batches:
                count += batch.count
                for path in batch.files.values():
                    path.unlink()
            return count, time.perf_counter() - started
    finally:
        app.close()


def library_read(loc: Location, limit: int) -> tuple[int, float]:
    """Read notifications through the library's ``select_notifications`` (no decoding)."""
    app = loc.open_ledger(create=False)
    try:
        started = time.perf_counter()
        count, current = 0, 0
        while count < limit:
            batch = app.recorder.select_notifications(
                start=current, limit=BULK_BATCH_SIZE, inclusive_of_start=False
            )
            if not batch:
                break
            count += len(batch)
            current = batch[-1].id
        return count, time.perf_counter() - started
    finally:
        app.close()


def straightforward(loc: Location, limit: int, path: Path) -> tuple[int, float]:
    """One event at a time through Projection.process_event, one insert per event."""
    path.unlink(missing_ok=True)
    con = duckdb.connect(str(path))
    con.execute(load_sql("schema.sql"))
    app = loc.open_ledger(create=False)
    projection = StraightforwardProjection(view=DuckDBView(con))
    try:
        started = time.perf_counter()
        count = 0
        for notification in app.recorder.select_notifications(start=1, limit=limit):
            event = app.mapper.to_domain_event(notification)
            projection.process_event(event, Tracking(app.name, notification.id))
            count += 1
        return count, time.perf_counter() - started
    finally:
        app.close()
        con.close()


class Phases:
    """Wall time per phase of a replay, by wrapping the replay's own functions (bench only)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def wrap(self, owner: object, name: str, label: str) -> None:
        inner = getattr(owner, name)

        def timed(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return inner(*args, **kwargs)
            finally:
                self.seconds[label] = self.seconds.get(label, 0.0) + time.perf_counter() - started

        setattr(owner, name, timed)

    def wrap_reader(self) -> None:
        inner = replay_module.read_batches

        def timed(*args: object, **kwargs: object) -> object:
            batches = inner(*args, **kwargs)
            while True:
                started = time.perf_counter()
                batch = next(batches, None)
                self.seconds["waiting for the reader"] = (
                    self.seconds.get("waiting for the reader", 0.0) + time.perf_counter() - started
                )
                if batch is None:
                    return
                yield batch

        replay_module.read_batches = timed  # type: ignore[assignment]

    def install(self) -> None:
        self.wrap_reader()
        self.wrap(bulk.BulkDecoder, "write", "decoding batches (DuckDB)")
        self.wrap(replay_module.restatements, "refresh", "restatement verdicts")
        self.wrap(replay_module, "_derive_all", "derived tables (incl. verdicts)")
        self.wrap(replay_module, "_derive", "derived tables (incl. verdicts)")

    def report(self, total: float) -> None:
        for label, seconds in self.seconds.items():
            print(f"    {label:34s} {seconds:6.2f}s")
        derived = self.seconds.get("derived tables (incl. verdicts)", 0.0)
        accounted = derived + sum(
            s
            for label, s in self.seconds.items()
            if label in ("waiting for the reader", "decoding batches (DuckDB)")
        )
        print(f"    {'schema, commit, checkpoint, swap':34s} {total - accounted:6.2f}s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--name", default="full", help="the generated ledger (bench/out/NAME)")
    parser.add_argument("--slice", type=int, default=50_000, help="events for the per-event run")
    parser.add_argument("--new-events", type=int, default=10_000)
    parser.add_argument("--reference", action="store_true", help="also time the reference replay")
    parser.add_argument("--phases", action="store_true", help="time the rebuild's phases")
    parser.add_argument("--rebuild-only", action="store_true", help="stop after the rebuild")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="rebuilds and raw reads (alternately), and incremental replays: medians",
    )
    args = parser.parse_args()

    source = home_for(args.name)
    if not (source / "events.sqlite").exists():
        sys.exit(
            f"{source}/events.sqlite: generate it first (bench/generate.py --name {args.name})"
        )
    work = OUT / f"{args.name}-work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy2(source / "events.sqlite", work / "events.sqlite")
    loc = Location(home=work)

    # 1. Full rebuild first, so the process's peak memory is the replay's; 2. the ceiling: the
    # same rows merely read, in the same process. A shared 2-core machine's speed drifts by
    # 10-20 % from minute to minute, so each is run --repeat times, alternately, and the
    # medians are compared.
    phases = Phases()
    if args.phases:
        phases.install()
    runs: list[tuple[float, float, float]] = []  # (rebuild seconds, CPU seconds, raw seconds)
    for attempt in range(1, args.repeat + 1):
        phases.seconds.clear()
        app = loc.open_ledger(create=False)
        cpu = time.process_time()
        try:
            full = replay(app, loc.projection_path, rebuild=True)
        finally:
            app.close()
        cpu = time.process_time() - cpu
        count, seconds = raw_read(loc, PLAIN_ROWS)
        runs.append((full.seconds, cpu, seconds))
        print(
            f"run {attempt}: full replay (--rebuild) {full.events:,} events in "
            f"{full.seconds:.2f}s = {full.events_per_second:,.0f} events/s, {cpu:.1f} CPU-s; "
            f"raw read {count:,} rows in {seconds:.2f}s = {count / seconds:,.0f} rows/s; "
            f"ratio {seconds / full.seconds:.2f}"
        )
        if args.phases:
            phases.report(full.seconds)
    rebuild_s = statistics.median(r[0] for r in runs)
    raw_s = statistics.median(r[2] for r in runs)
    replay_rate, raw_rate = full.events / rebuild_s, count / raw_s
    print(
        f"full replay (--rebuild), median of {len(runs)}: {full.events:,} events in "
        f"{rebuild_s:.2f}s = {replay_rate:,.0f} events/s (best {min(r[0] for r in runs):.2f}s); "
        f"{statistics.median(r[1] for r in runs):.1f} CPU-seconds; peak RSS {peak_mb():,.0f} MB"
    )
    print(
        f"raw read of the notification rows (sqlite3 fetchmany, all columns), median: "
        f"{count:,} rows in {raw_s:.2f}s = {raw_rate:,.0f} rows/s; "
        f"replay / raw read = {replay_rate / raw_rate:.2f}"
    )
    other = apsw_read(loc, PLAIN_ROWS)
    if other is not None:
        print(
            f"  (the same rows through apsw, one row at a time: {other[0] / other[1]:,.0f} rows/s;"
            f" replay / that = {replay_rate * other[1] / other[0]:.2f})"
        )
    if args.rebuild_only:
        return
    count, seconds = reader_only(loc)
    print(
        f"  (the replay's own reader alone, SQLite joining the frequent topics' states: "
        f"{count / seconds:,.0f} rows/s; replay / that = {replay_rate * seconds / count:.2f})"
    )
    count, seconds = library_read(loc, 500_000)
    print(f"  (library select_notifications, {count:,} rows: {count / seconds:,.0f} rows/s)")

    # 3. Incremental: new documents (a new year for the first issuers) on top, replayed
    # --repeat times onto copies of the rebuilt file (the speed drifts: medians again).
    shape = Shape()
    docs, _ = add_documents(loc, shape, shape.first_year + shape.years, args.new_events)
    rebuilt = work / "rebuilt.duckdb"
    shutil.copy2(loc.projection_path, rebuilt)
    times = []
    for attempt in range(1, args.repeat + 1):
        shutil.copy2(rebuilt, loc.projection_path)
        # A replay checkpoints on close; a WAL left over would not belong to the copy.
        loc.projection_path.with_name(loc.projection_path.name + ".wal").unlink(missing_ok=True)
        phases.seconds.clear()
        app = loc.open_ledger(create=False)
        try:
            inc = replay(app, loc.projection_path)
        finally:
            app.close()
        times.append(inc.seconds)
        print(
            f"incremental run {attempt}: {inc.events:,} new events ({docs} documents) on top of "
            f"{full.events:,} in {inc.seconds:.3f}s"
        )
        if args.phases:
            phases.report(inc.seconds)
    rebuilt.unlink()
    print(
        f"incremental replay, median of {len(times)}: {inc.events:,} new events in "
        f"{statistics.median(times):.3f}s (best {min(times):.3f}s)"
    )

    # 4. The straightforward approach on a slice, side by side.
    count, seconds = straightforward(loc, args.slice, work / "straightforward.duckdb")
    rate = count / seconds
    print(
        f"straightforward (Projection.process_event, one insert per event): {count:,} events "
        f"in {seconds:.2f}s = {rate:,.0f} events/s (base tables only)"
    )
    print(f"bulk replay (median) / straightforward = {replay_rate / rate:,.1f}x")

    if args.reference:
        app = loc.open_ledger(create=False)
        try:
            ref = replay(app, work / "reference.duckdb", rebuild=True, reference=True)
        finally:
            app.close()
        print(
            f"reference replay (mapper per event, refresh per batch): {ref.events:,} events in "
            f"{ref.seconds:.1f}s = {ref.events_per_second:,.0f} events/s"
        )


def add_documents(loc: Location, shape: Shape, year: int, events: int) -> tuple[int, int]:
    """Ingest next year's documents, issuer after issuer, until ``events`` events are written.

    Returns:
        The documents and events written.
    """
    gen = Generator(shape)
    app = loc.open_ledger(create=False)
    written = docs = 0
    try:
        while written < events:
            written += app.ingest_disclosure(to_draft(gen.document(docs, year))).events
            docs += 1
    finally:
        app.close()
    return docs, written


if __name__ == "__main__":
    main()
