"""Generate the synthetic ledger through the real ingest path (drafts -> Ledger.ingest_disclosures).

Run by hand; prints its figures. The store is cached under ``bench/out/<name>/events.sqlite``
and reused by ``bench/replay.py`` and ``bench/queries.py``.

    .venv/bin/python bench/generate.py                     # 500 issuers x 20 years: ~1.5M events
    .venv/bin/python bench/generate.py --batch 100         # 100 documents per transaction
    .venv/bin/python bench/generate.py --issuers 20 --years 5 --name small
    .venv/bin/python bench/generate.py --issuers 50 --store postgresql://postgres@127.0.0.1/test?schema=bench

The recording rate counts the time spent in ``ingest_disclosures`` only: the synthetic drafts
are built a year at a time beforehand (building them is the generator's cost, not the
ledger's), and that time is printed apart. On SQLite the bench then inserts the same stored
rows, in the same transactions, into a fresh file with the library's table and settings: the
raw insert rate, the ceiling any recording path has on the machine it runs on, printed beside the
ingest's.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synth import Generator, Shape, to_draft  # noqa: E402

from ledger.domain.chain import CHAIN_ID  # noqa: E402
from ledger.eventstore import (  # noqa: E402
    configure_sqlite_writer,
    copy_lines,
    create_sqlite_store,
)
from ledger.sql import store_sql  # noqa: E402
from ledger.store import Location  # noqa: E402

OUT = Path(__file__).resolve().parent / "out"


def home_for(name: str) -> Path:
    """The cached ledger home of a named synthetic ledger."""
    return OUT / name


def generate(
    shape: Shape,
    home: Path,
    *,
    years: range | None = None,
    quiet: bool = False,
    batch: int = 1,
    store_url: str | None = None,
) -> tuple[int, float, float]:
    """Ingest the documents of ``shape`` (optionally only some years) into ``home``.

    Returns:
        The number of events written, the seconds spent recording them, and the seconds spent
        building the drafts.
    """
    gen = Generator(shape)
    app = Location(home=home, store_url=store_url).open_ledger()
    events = docs = 0
    recording = building = 0.0
    last = time.perf_counter()
    try:
        for doc_year in years or range(shape.first_year, shape.first_year + shape.years):
            started = time.perf_counter()
            drafts = [to_draft(gen.document(i, doc_year)) for i in range(shape.issuers)]
            building += time.perf_counter() - started
            started = time.perf_counter()
            for outcome in app.ingest_disclosures(drafts, batch=batch):
                events += outcome.events
                docs += 1
            now = time.perf_counter()
            recording += now - started
            if not quiet and now - last > 10:
                rate = events / recording
                print(f"  {docs:>6} documents, {events:>9,} events, {rate:,.0f} events/s")
                last = now
    finally:
        app.close()
    return events, recording, building


def transactions(events_path: Path, batch: int) -> Iterator[list[tuple[str, int, str, bytes]]]:
    """The stored rows of ``events_path`` in log order, grouped as the ingest committed them:
    a document ends with its seal, and ``batch`` documents made a transaction."""
    con = sqlite3.connect(events_path)
    try:
        query = "SELECT originator_id, originator_version, topic, state FROM stored_events"
        yield from _by_transaction(con.execute(query + " ORDER BY rowid"), batch)
    finally:
        con.close()


def raw_insert_rate(events_path: Path, batch: int) -> tuple[int, float]:
    """Insert the stored rows again into a fresh SQLite file, with the library's table and
    statement and the store's settings (``ledger.eventstore``), one ``executemany`` per
    transaction of the ingest.

    Returns:
        The rows inserted and the seconds the inserts and commits took.
    """
    groups = list(transactions(events_path, batch))
    with tempfile.TemporaryDirectory(dir=events_path.parent) as tmp:
        # The store's own file settings (page size, journal) and writer's page cache: the
        # ceiling of the store as the ledger configures it, not of SQLite's defaults.
        raw = Path(tmp) / "raw.sqlite"
        create_sqlite_store(raw)
        con = sqlite3.connect(raw, isolation_level=None)
        configure_sqlite_writer(con)
        con.execute(
            "CREATE TABLE stored_events (originator_id TEXT, originator_version INTEGER, "
            "topic TEXT, state BLOB, PRIMARY KEY (originator_id, originator_version))"
        )
        started = time.perf_counter()
        for group in groups:
            con.execute("BEGIN IMMEDIATE")
            con.executemany("INSERT INTO stored_events VALUES (?, ?, ?, ?)", group)
            con.execute("COMMIT")
        seconds = time.perf_counter() - started
        con.close()
    return sum(len(g) for g in groups), seconds


def raw_copy_rate(store_url: str, batch: int) -> tuple[int, float]:
    """Copy the stored rows of the PostgreSQL ledger at ``store_url`` again into a fresh table
    of the same columns and indexes, in the same transactions, each locking the table and
    streaming one text-format ``COPY`` with the statements and the formatting the ledger's
    recording uses (``ledger.eventstore``).

    Returns:
        The rows copied and the seconds the copies and commits took.
    """
    from psycopg.sql import SQL, Identifier

    app = Location(home=OUT / "postgresql", store_url=store_url).open_ledger()
    try:
        recorder: Any = app.recorder
        datastore = recorder.datastore
        events = Identifier(datastore.schema, recorder.events_table_name)
        raw = Identifier(datastore.schema, "raw_copy_bench")
        with datastore.transaction(commit=True) as cursor:
            cursor.execute(SQL("DROP TABLE IF EXISTS {raw}").format(raw=raw))
            cursor.execute(
                SQL("CREATE TABLE {raw} (LIKE {e} INCLUDING INDEXES)").format(raw=raw, e=events)
            )
            cursor.execute(SQL("ALTER TABLE {raw} DROP COLUMN notification_id").format(raw=raw))
            cursor.execute(
                SQL("ALTER TABLE {raw} ADD COLUMN notification_id BIGSERIAL UNIQUE").format(raw=raw)
            )
            cursor.execute(
                SQL(
                    "SELECT originator_id, originator_version, topic, state FROM {e}"
                    " ORDER BY notification_id"
                ).format(e=events)
            )
            rows = [
                (r["originator_id"].hex, r["originator_version"], r["topic"], bytes(r["state"]))
                for r in cursor.fetchall()
            ]
        groups = list(_by_transaction(rows, batch))
        lock = SQL(store_sql("postgres_lock.sql")).format(events=raw)
        copy = SQL(store_sql("postgres_copy.sql")).format(events=raw)
        started = time.perf_counter()
        for group in groups:
            with datastore.transaction(commit=True) as cursor:
                cursor.execute(lock)
                with cursor.copy(copy) as stream:
                    stream.write(copy_lines(group))
        seconds = time.perf_counter() - started
        with datastore.transaction(commit=True) as cursor:
            cursor.execute(SQL("DROP TABLE {raw}").format(raw=raw))
    finally:
        app.close()
    return len(rows), seconds


def _by_transaction(
    rows: Iterable[tuple[str, int, str, bytes]], batch: int
) -> Iterator[list[tuple[str, int, str, bytes]]]:
    # A document ends with its seal, and ``batch`` documents made a transaction.
    group: list[tuple[str, int, str, bytes]] = []
    seals = 0
    for row in rows:
        group.append(row)
        if row[0] == CHAIN_ID.hex and row[2] == "ledger:LedgerSealed":
            seals += 1
            if seals % batch == 0:
                yield group
                group = []
    if group:
        yield group


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issuers", type=int, default=500)
    parser.add_argument("--years", type=int, default=20)
    parser.add_argument("--name", default="full")
    parser.add_argument("--batch", type=int, default=1, help="documents per transaction")
    parser.add_argument("--store", help="a postgresql:// URL instead of the SQLite file")
    parser.add_argument("--force", action="store_true", help="regenerate an existing ledger")
    args = parser.parse_args()
    shape = Shape(issuers=args.issuers, years=args.years)
    home = home_for(args.name)
    if args.store is None and (home / "events.sqlite").exists() and not args.force:
        print(f"{home}/events.sqlite exists (use --force to regenerate)")
        return
    shutil.rmtree(home, ignore_errors=True)
    where = "PostgreSQL" if args.store else "SQLite"
    print(
        f"generating {shape.documents:,} documents ({shape.issuers} issuers x {shape.years} "
        f"years x {shape.facts_per_document} facts) into {where}, {args.batch} per transaction; "
        f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores"
    )
    events, seconds, building = generate(shape, home, batch=args.batch, store_url=args.store)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rate = events / seconds
    print(
        f"ingest (drafts -> Ledger.ingest_disclosures, {where}, batch {args.batch}): "
        f"{events:,} events in {seconds:.1f}s = {rate:,.0f} events/s, "
        f"{shape.documents / seconds:,.1f} documents/s, peak RSS {peak:,.0f} MB "
        f"(building the drafts took another {building:.1f}s); "
        f"load average {os.getloadavg()[0]:.2f}"
    )
    if args.store is None:
        what = "SQLite insert"
        rows, raw = raw_insert_rate(home / "events.sqlite", args.batch)
    else:
        what = "PostgreSQL COPY"
        rows, raw = raw_copy_rate(args.store, args.batch)
    raw_rate = rows / raw
    print(
        f"raw {what} of the same {rows:,} stored rows, same transactions and indexes: "
        f"{raw:.1f}s = {raw_rate:,.0f} rows/s; ingest / raw = {rate / raw_rate:.2f}"
    )


if __name__ == "__main__":
    main()
