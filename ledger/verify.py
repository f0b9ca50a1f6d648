"""``ledger verify``: walk the event log against its hash chain, and re-derive the projection.

Two independent checks:

1. The log. Every stored event is re-hashed from its stored bytes and compared with the seals
   (``ledger.domain.chain``): the first position where the log departs from what was sealed is
   named, with what happened there (changed, missing, moved, unsealed).
2. The projection. A copy of the live DuckDB file is brought up to date and compared, table by
   table, with a projection rebuilt from the first event into a temporary file. The live file is
   never written: verify holds the projection lock while copying, so no replay runs meanwhile.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import duckdb

from ledger.domain.application import Ledger
from ledger.domain.chain import CHAIN_TOPICS, GENESIS, Record, extend, short
from ledger.domain.errors import LedgerError
from ledger.events import ChainStarted, LedgerSealed
from ledger.projections.replay import replay
from ledger.store import Location

BATCH_SIZE = 5_000


@attrs.frozen
class LogReport:
    """What the walk over the event log found."""

    events: int
    seals: int
    head: str
    problem: str | None


@attrs.frozen
class ProjectionReport:
    """How the live projection compares with a rebuild (``compared`` False: no live file)."""

    compared: bool
    tables: int
    rows: int
    problems: tuple[str, ...] = ()


@attrs.frozen
class VerifyReport:
    """Both checks, and how long they took."""

    log: LogReport
    projection: ProjectionReport
    seconds: float

    @property
    def problems(self) -> list[str]:
        """Every problem found, the log's first."""
        found = [f"event log: {self.log.problem}"] if self.log.problem else []
        return found + [f"projection: {p}" for p in self.projection.problems]


def verify(loc: Location, app: Ledger) -> VerifyReport:
    """Check the event log's hash chain and the projection under ``loc``."""
    started = time.perf_counter()
    log_report = check_log(app)
    projection_report = check_projection(loc, app)
    return VerifyReport(log_report, projection_report, time.perf_counter() - started)


def notifications(app: Ledger, batch_size: int = BATCH_SIZE) -> Iterator[Any]:
    """Every stored event in log order, read in batches."""
    current = 0
    while True:
        batch = app.recorder.select_notifications(
            start=current, limit=batch_size, inclusive_of_start=False
        )
        yield from batch
        if len(batch) < batch_size:
            return
        current = batch[-1].id


def check_log(app: Ledger) -> LogReport:
    """Walk the log, recompute the chain, and report the first departure from the seals."""
    walker = _ChainWalk()
    for notification in notifications(app):
        record = Record.of(notification, position=notification.id)
        if record.is_chain or record.topic in CHAIN_TOPICS:
            walker.chain_event(record, _decode(app, notification, record))
        else:
            walker.event(record)
        if walker.problem:
            break
    else:
        walker.finish()
    return LogReport(walker.count, walker.seals, walker.head, walker.problem)


def _decode(app: Ledger, notification: Any, record: Record) -> Any:
    # A changed seal may not even decode; that is a finding, not a crash.
    try:
        return app.mapper.to_domain_event(notification)
    except Exception:
        return None


class _ChainWalk:
    """The running state of a walk over the log (see ``ledger.domain.chain`` for the rules)."""

    def __init__(self) -> None:
        self.head = GENESIS
        self.count = 0
        self.seals = 0
        self.version = 1  # the chain aggregate's next expected version
        self.chain_position = 0  # position of the last seal walked
        self.segment: list[tuple[Record, str]] = []  # unsealed events since the last seal
        self.problem: str | None = None

    def event(self, record: Record) -> None:
        self.segment.append((record, record.digest()))

    def chain_event(self, record: Record, decoded: Any) -> None:
        position = record.position
        expected_type = ChainStarted if self.version == 1 else LedgerSealed
        if not record.is_chain or not isinstance(decoded, expected_type):
            if record.originator_version > self.version and record.is_chain:
                self.problem = f"position {position}: a seal before this one is missing"
            elif record.originator_version < self.version and record.is_chain:
                self.problem = f"position {position}: seal out of order (moved)"
            else:
                self.problem = f"position {position}: chain event does not match (changed)"
            return
        if record.originator_version != self.version:
            self.problem = (
                f"position {position}: chain version {record.originator_version} where "
                f"{self.version} was expected (a seal was removed or moved)"
            )
            return
        self.version += 1
        if isinstance(decoded, LedgerSealed):
            self._seal(record, decoded)
            self.chain_position = position

    def _seal(self, record: Record, seal: LedgerSealed) -> None:
        sealed = list(seal.digests)
        actual = [short(d) for _, d in self.segment]
        # The position before the first event this seal covers: the previous seal's.
        previous = self.chain_position
        for i, (event, _) in enumerate(self.segment):
            if i < len(sealed) and actual[i] == sealed[i]:
                previous = event.position
                continue
            self.problem = _departure(event.position, previous, i, actual, sealed)
            return
        if len(sealed) > len(actual):
            self.problem = f"position {previous + 1}: sealed event missing (deleted)"
            return
        for _, digest in self.segment:
            self.head = extend(self.head, digest)
        self.count += len(self.segment)
        self.segment = []
        self.seals += 1
        if seal.head != self.head or seal.events != self.count:
            self.problem = f"position {record.position}: seal does not match the chain (changed)"

    def finish(self) -> None:
        if self.segment:
            first = self.segment[0][0].position
            self.problem = f"position {first}: event not covered by any seal (added)"


def _departure(position: int, previous: int, i: int, actual: list[str], sealed: list[str]) -> str:
    expected = sealed[i] if i < len(sealed) else None
    if expected is None:
        return f"position {position}: event not covered by its seal (added)"
    if expected in actual[i + 1 :]:
        return f"position {position}: event out of sealed order (moved)"
    if actual[i] in sealed[i + 1 :]:
        # The sealed event that belongs here is gone; ids within one save are consecutive.
        return f"position {previous + 1}: sealed event missing (deleted)"
    return f"position {position}: stored event does not match its seal (changed)"


def check_projection(loc: Location, app: Ledger) -> ProjectionReport:
    """Compare the live projection, brought up to date, with one rebuilt from the first event."""
    live = loc.projection_path
    if not live.exists():
        return ProjectionReport(compared=False, tables=0, rows=0)
    with tempfile.TemporaryDirectory(prefix="ledger-verify-") as tmp:
        copy, rebuilt = Path(tmp) / "live.duckdb", Path(tmp) / "rebuilt.duckdb"
        with loc.projection_writer():
            # Under the lock no replay is writing: the file and its WAL are consistent.
            for suffix in ("", ".wal"):
                source = live.with_name(live.name + suffix)
                if source.exists():
                    shutil.copyfile(source, copy.with_name(copy.name + suffix))
        try:
            replay(app, rebuilt, rebuild=True)
            # Both catch up until they stand at the same position (an ingest may run
            # meanwhile).
            for _ in range(5):
                a = replay(app, copy).to_position
                b = replay(app, rebuilt).to_position
                if a == b:
                    break
        except LedgerError as exc:
            # A log changed by hand may no longer replay (a value of a deleted disclosure):
            # a finding beside the log's, not a crash that hides it.
            return ProjectionReport(
                compared=False, tables=0, rows=0, problems=(f"the log does not replay: {exc}",)
            )
        return _compare(copy, rebuilt)


def _compare(live: Path, rebuilt: Path) -> ProjectionReport:
    con = duckdb.connect(str(rebuilt))
    try:
        con.execute(f"ATTACH '{live}' AS live (READ_ONLY)")  # a temp path we chose, not user text
        problems: list[str] = []
        mine = _tables(con, "rebuilt")
        theirs = _tables(con, "live")
        for name in sorted(mine ^ theirs):
            where = "live file" if name in theirs else "rebuild"
            problems.append(f"table {name} exists only in the {where}")
        rows = 0
        for name in sorted(mine & theirs):
            count = _count(con, f'rebuilt.main."{name}"')
            rows += count
            missing = _count(
                con, f'(FROM rebuilt.main."{name}" EXCEPT ALL FROM live.main."{name}")'
            )
            extra = _count(con, f'(FROM live.main."{name}" EXCEPT ALL FROM rebuilt.main."{name}")')
            if missing or extra:
                problems.append(
                    f"table {name} differs from a rebuild: {missing} rows missing, "
                    f"{extra} rows not derived from the event log"
                )
        return ProjectionReport(True, len(mine), rows, tuple(problems))
    finally:
        con.close()


def _tables(con: duckdb.DuckDBPyConnection, database: str) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = ? AND schema_name = 'main'",
        [database],
    ).fetchall()
    return {r[0] for r in rows}


def _count(con: duckdb.DuckDBPyConnection, relation: str) -> int:
    row = con.execute(f"SELECT count(*) FROM {relation}").fetchone()  # names from the catalog
    return int(row[0]) if row else 0
