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

import hmac
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import duckdb

from ledger.domain.application import Ledger
from ledger.domain.chain import CHAIN_TOPICS, GENESIS, Record, extend, seal_mac, short
from ledger.domain.errors import LedgerError
from ledger.events import ChainStarted, LedgerSealed
from ledger.projections.catalog import ProjectionOfAnotherStoreError, Stamp, catalog
from ledger.projections.leftovers import remove_leftovers, scratch_name
from ledger.projections.replay import PositionEditedError, replay, schema_label
from ledger.store import Location

BATCH_SIZE = 5_000


@attrs.frozen
class LogReport:
    """What the walk over the event log found (``signed``: seals whose key signature was
    checked; ``unchecked``: signed seals not checked, for want of the key)."""

    events: int
    seals: int
    head: str
    problem: str | None
    signed: int = 0
    unchecked: int = 0


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


def verify(
    loc: Location, app: Ledger, *, key: bytes | None = None, expect_head: str | None = None
) -> VerifyReport:
    """Check the event log's hash chain and the projection under ``loc``.

    Args:
        key: the seals' signing key (``LEDGER_SEAL_KEY``): every signed seal must match it,
            and the last seal must be signed.
        expect_head: a chain head noted earlier (at least 16 hex digits of it): the log must
            contain it as the head of one of its seals, or its current head must start with it.
    """
    started = time.perf_counter()
    log_report = check_log(app, key=key, expect_head=expect_head)
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


def check_log(
    app: Ledger, *, key: bytes | None = None, expect_head: str | None = None
) -> LogReport:
    """Walk the log, recompute the chain, and report the first departure from the seals
    (``key``, ``expect_head``: see :func:`verify`)."""
    walker = _ChainWalk(key, expect_head)
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
    return LogReport(
        walker.count, walker.seals, walker.head, walker.problem, walker.signed, walker.unchecked
    )


def _decode(app: Ledger, notification: Any, record: Record) -> Any:
    # A changed seal may not even decode; that is a finding, not a crash.
    try:
        return app.mapper.to_domain_event(notification)
    except Exception:
        return None


class _ChainWalk:
    """The running state of a walk over the log (see ``ledger.domain.chain`` for the rules)."""

    def __init__(self, key: bytes | None = None, expect_head: str | None = None) -> None:
        self.key = key
        self.expect_head = expect_head
        self.head_seen = expect_head is None
        self.signed = self.unchecked = 0
        self.last_signed = True  # an empty log has no seal to sign
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
            return
        self._signature(record, seal)
        if self.expect_head and self.head.startswith(self.expect_head):
            self.head_seen = True

    def _signature(self, record: Record, seal: LedgerSealed) -> None:
        self.last_signed = bool(seal.mac)
        if not seal.mac:
            return
        if self.key is None:
            self.unchecked += 1
            return
        if not hmac.compare_digest(seal.mac, seal_mac(self.key, seal.head, seal.events)):
            self.problem = (
                f"position {record.position}: seal signature does not match LEDGER_SEAL_KEY "
                "(forged, or signed with another key)"
            )
            return
        self.signed += 1

    def finish(self) -> None:
        if self.segment:
            first = self.segment[0][0].position
            self.problem = f"position {first}: event not covered by any seal (added)"
        elif self.key is not None and not self.last_signed:
            self.problem = (
                "the last seal is not signed, though LEDGER_SEAL_KEY is set "
                "(sealed without the key, or forged)"
            )
        elif not self.head_seen:
            self.problem = (
                f"chain head {self.expect_head} expected but no seal has it "
                f"(the head is {self.head}): the log was rewritten, or is another log"
            )


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
    # Scratch in the home (the projection's copies can be large; /tmp may be in memory),
    # named after this process: the next verify removes what a killed one left.
    remove_leftovers(loc.home, VERIFY_SCRATCH)
    scratch = loc.home / scratch_name(VERIFY_SCRATCH)
    scratch.mkdir()
    try:
        return _check_copy(loc, app, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


#: Prefix of ``ledger verify``'s scratch folder in the home.
VERIFY_SCRATCH = ".verify-"


def _check_copy(loc: Location, app: Ledger, tmp: Path) -> ProjectionReport:
    """Bring a copy of the live projection (in ``tmp``) up to date and compare it with one
    rebuilt there from the first event."""
    live = loc.projection_path
    copy, rebuilt = Path(tmp) / "live.duckdb", Path(tmp) / "rebuilt.duckdb"
    with loc.projection_writer():
        # Under the lock no replay is writing: the file and its WAL are consistent.
        for suffix in ("", ".wal"):
            source = live.with_name(live.name + suffix)
            if source.exists():
                shutil.copyfile(source, copy.with_name(copy.name + suffix))
    # Read before the replay of the copy, which makes edited views and macros again.
    stamp, definitions = _catalog_of(copy)
    store = loc.store_identity
    try:
        replay(app, rebuilt, rebuild=True, store=store)
        # Both catch up until they stand at the same position (an ingest may run
        # meanwhile).
        for _ in range(5):
            a = replay(app, copy, store=store).to_position
            b = replay(app, rebuilt, store=store).to_position
            if a == b:
                break
    except (ProjectionOfAnotherStoreError, PositionEditedError) as exc:
        # Named as the live file: the copy is gone once verify ends.
        problem = str(exc).replace(str(copy), str(live))
        return ProjectionReport(compared=False, tables=0, rows=0, problems=(problem,))
    except LedgerError as exc:
        # A log changed by hand may no longer replay (a value of a deleted disclosure):
        # a finding beside the log's, not a crash that hides it.
        return ProjectionReport(
            compared=False, tables=0, rows=0, problems=(f"the log does not replay: {exc}",)
        )
    report = _compare(copy, rebuilt)
    if stamp.schema != schema_label():
        return report  # made by another version: the replay of the copy upgraded it
    made = _catalog_of(rebuilt)[1]
    edited = tuple(
        f"{name} differs from the one the schema makes (edited by hand; "
        "`ledger replay` makes it again)"
        for name in sorted(made.keys() | definitions.keys())
        if made.get(name) != definitions.get(name)
    )
    return attrs.evolve(report, problems=edited + report.problems)


def _catalog_of(path: Path) -> tuple[Stamp, dict[str, str]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return Stamp.read(con), catalog(con)
    finally:
        con.close()


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
