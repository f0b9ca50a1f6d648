"""``ledger replay``: the event log -> DuckDB tables, in batches, with columnar inserts.

Incremental by default: read notifications after the stored position, write their rows and the
new position in one DuckDB transaction per batch. ``rebuild`` builds a fresh file next to the old
one and swaps it in atomically, so readers never see a half-built projection.
"""

from __future__ import annotations

import os
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import attrs
import duckdb
import pyarrow as pa

from ledger.domain.application import Ledger
from ledger.domain.values import Dimensions, Period

from . import restatements
from .sql import load_sql

PROJECTION_NAME = "ledger"
BATCH_SIZE = 20_000


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


class ProjectionLockedError(Exception):
    """Another process holds the DuckDB file for writing."""


def connect(path: Path, *, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open the projection file, translating DuckDB's lock error into one clear message."""
    # Readers get no file or network access and cannot change that setting: `ledger query`
    # runs user SQL, which must not write (COPY ... TO) or read anything outside the projection.
    config = {"enable_external_access": False, "lock_configuration": True} if read_only else {}
    try:
        return duckdb.connect(str(path), read_only=read_only, config=config)
    except duckdb.IOException as exc:
        if "lock" in str(exc).lower():
            msg = f"{path}: another ledger process is writing the projection; try again shortly"
            raise ProjectionLockedError(msg) from None
        raise


def replay(
    app: Ledger, path: Path, *, rebuild: bool = False, batch_size: int = BATCH_SIZE
) -> ReplayResult:
    """Bring the DuckDB projection at ``path`` up to date with the event store."""
    started = time.perf_counter()
    path.parent.mkdir(parents=True, exist_ok=True)
    if rebuild or not path.exists():
        tmp = path.with_name(path.name + ".rebuild")
        for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
            leftover.unlink(missing_ok=True)
        con = connect(tmp)
        try:
            _create_schema(con)
            start, end, count = _apply(app, con, batch_size)
            con.execute("CHECKPOINT")
        finally:
            con.close()
        # The rename is the commit point of a rebuild: before it, readers see the old file.
        os.replace(tmp, path)
        return ReplayResult(count, start, end, time.perf_counter() - started, rebuilt=True)
    con = connect(path)
    try:
        _create_schema(con)
        start, end, count = _apply(app, con, batch_size)
    finally:
        con.close()
    return ReplayResult(count, start, end, time.perf_counter() - started, rebuilt=False)


def position(con: duckdb.DuckDBPyConnection) -> int:
    row = con.execute(
        "SELECT notification_id FROM ledger_position WHERE projection = ?", [PROJECTION_NAME]
    ).fetchone()
    return int(row[0]) if row else 0


def _create_schema(con: duckdb.DuckDBPyConnection) -> None:
    con.execute(load_sql("schema.sql"))
    con.execute(load_sql("macros.sql"))


def _apply(app: Ledger, con: duckdb.DuckDBPyConnection, batch_size: int) -> tuple[int, int, int]:
    start = position(con)
    current = start
    total = 0
    while True:
        notifications = app.recorder.select_notifications(
            start=current, limit=batch_size, inclusive_of_start=False
        )
        if not notifications:
            break
        batch = _Batch()
        for notification in notifications:
            batch.add(app.mapper.to_domain_event(notification))
        last = notifications[-1].id
        con.execute("BEGIN TRANSACTION")
        try:
            batch.write(con)
            con.execute(
                "INSERT OR REPLACE INTO ledger_position VALUES (?, ?)", [PROJECTION_NAME, last]
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        total += len(notifications)
        current = last
        if len(notifications) < batch_size:
            break
    return start, current, total


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _dec(value: Any) -> str | None:
    return None if value is None else str(value)


class _Batch:
    """Rows collected from one batch of events, column by column, for bulk inserts."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        # (series, previous, new) -> still detected? The last event of a key wins.
        self.detected: dict[tuple[str, str, str], bool] = {}
        self.touched_series: set[str] = set()
        self.touched_disclosures: set[str] = set()
        self._dispatch: dict[str, Callable[[Any], None]] = {
            "ledger:IssuerRegistered": self._issuer,
            "ledger:DisclosureRegistered": self._disclosure,
            "ledger:RestatementDeclared": self._restatement_declared,
            "ledger:OperationDiscontinued": self._discontinued,
            "ledger:FactConflictRecorded": self._conflict,
            "ledger:ArithmeticChecked": self._checks,
            "ledger:FactSeriesOpened": self._series,
            "ledger:FactDisclosed": self._fact,
            "ledger:FactRestated": self._restated,
            "ledger:FactRestatementWithdrawn": self._withdrawn,
        }

    def add(self, event: Any) -> None:
        handler = self._dispatch.get(type(event).TOPIC)
        if handler is not None:
            handler(event)

    def _restated(self, e: Any) -> None:
        key = (str(e.originator_id), str(e.previous_disclosure_id), str(e.new_disclosure_id))
        self.detected[key] = True
        self.touched_series.add(key[0])

    def _withdrawn(self, e: Any) -> None:
        key = (str(e.originator_id), str(e.previous_disclosure_id), str(e.new_disclosure_id))
        self.detected[key] = False
        self.touched_series.add(key[0])

    def _issuer(self, e: Any) -> None:
        self.rows["issuers"].append(
            {"issuer": e.issuer_id, "name": e.name, "aliases": list(e.aliases)}
        )

    def _disclosure(self, e: Any) -> None:
        self.touched_disclosures.add(str(e.originator_id))
        self.rows["disclosures"].append(
            {
                "disclosure_id": str(e.originator_id),
                "issuer": e.issuer,
                "kind": e.kind,
                "title": e.title,
                "period_end": _iso(e.period_end),
                "published_on": _iso(e.published_on),
                "source_file": e.source_file,
                "sha256": e.sha256,
                "language": e.language,
                "currency": e.currency,
                "scale": e.scale,
                "fact_count": e.fact_count,
            }
        )

    def _restatement_declared(self, e: Any) -> None:
        self.touched_disclosures.add(str(e.originator_id))
        self.rows["declared_restatements"].append(
            {
                "disclosure_id": str(e.originator_id),
                "kind": e.kind,
                "standard": e.standard,
                "periods": list(e.periods),
                "reason": e.reason,
                "first_line": e.first_line,
                "last_line": e.last_line,
                "scope": e.scope,
                "operation": e.operation,
                "effective_from": _iso(e.effective_from),
            }
        )

    def _discontinued(self, e: Any) -> None:
        self.touched_disclosures.add(str(e.originator_id))
        self.rows["discontinued_operations"].append(
            {
                "disclosure_id": str(e.originator_id),
                "operation": e.operation,
                "agreement_on": _iso(e.agreement_on),
                "approved_on": _iso(e.approved_on),
                "completed_on": _iso(e.completed_on),
                "consideration": _dec(e.consideration),
                "consideration_unit": e.consideration_unit,
                "first_line": e.first_line,
                "last_line": e.last_line,
            }
        )

    def _conflict(self, e: Any) -> None:
        self.rows["conflicts"].append(
            {
                "disclosure_id": str(e.originator_id),
                "concept": e.concept,
                "period": e.period,
                "dimensions": Dimensions(e.dimensions).key,
                "kept_value": _dec(e.kept_value),
                "kept_line": e.kept_line,
                "rejected_value": _dec(e.rejected_value),
                "rejected_line": e.rejected_line,
                "rejected_label": e.rejected_label,
                "rejected_raw": e.rejected_raw,
                "decided_by": e.decided_by,
                "resolved": e.resolved,
            }
        )

    def _checks(self, e: Any) -> None:
        for check in e.checks:
            lines = check.get("lines") or []
            self.rows["checks"].append(
                {
                    "disclosure_id": str(e.originator_id),
                    "rule": str(check.get("rule", "")),
                    "description": str(check.get("description", "")),
                    "period": str(check.get("period", "")),
                    "lines": [int(x) for x in lines if isinstance(x, int)],
                    "expected": str(check.get("expected", "")),
                    "actual": str(check.get("actual", "")),
                    "passed": bool(check.get("passed", False)),
                }
            )

    def _series(self, e: Any) -> None:
        period = Period(start=e.period_start, end=e.period_end)
        self.rows["series"].append(
            {
                "series_id": str(e.originator_id),
                "issuer": e.issuer,
                "concept": e.concept,
                "period": period.label,
                "period_start": _iso(e.period_start),
                "period_end": _iso(e.period_end),
                "dimensions": Dimensions(e.dimensions).key,
                "unit": e.unit,
            }
        )

    def _fact(self, e: Any) -> None:
        self.touched_series.add(str(e.originator_id))
        self.rows["staged_versions"].append(
            {
                "series_id": str(e.originator_id),
                "value": str(e.value),
                "printed_value": str(e.value.scaleb(-e.scale)),
                "scale": e.scale,
                "decimals": e.decimals,
                "published_on": _iso(e.published_on),
                "disclosure_id": str(e.disclosure_id),
                "document": e.document,
                "line": e.line,
                "label": e.label,
                "raw": e.raw,
                "statement": e.statement,
                "also_on_lines": list(e.also_on_lines),
            }
        )

    def write(self, con: duckdb.DuckDBPyConnection) -> None:
        for table in (
            "issuers",
            "disclosures",
            "declared_restatements",
            "discontinued_operations",
            "conflicts",
            "checks",
            "series",
        ):
            rows = self.rows.get(table)
            if rows:
                _insert(con, table, rows)
        staged = self.rows.get("staged_versions")
        if staged:
            _insert_versions(con, staged)
        self._write_detected(con)
        if self.touched_series or self.touched_disclosures:
            _touch_issuers(con, self.touched_series, self.touched_disclosures)
            restatements.refresh(con)

    def _write_detected(self, con: duckdb.DuckDBPyConnection) -> None:
        if not self.detected:
            return
        rows = [
            {"series_id": s, "previous_disclosure_id": p, "new_disclosure_id": n, "keep": keep}
            for (s, p, n), keep in self.detected.items()
        ]
        con.register("staged_detected", pa.Table.from_pylist(rows))
        try:
            con.execute(load_sql("apply_detected.sql"))
        finally:
            con.unregister("staged_detected")


def _touch_issuers(con: duckdb.DuckDBPyConnection, series: set[str], disclosures: set[str]) -> None:
    con.register("staged_series_ids", pa.table({"id": pa.array(sorted(series), pa.string())}))
    con.register(
        "staged_disclosure_ids", pa.table({"id": pa.array(sorted(disclosures), pa.string())})
    )
    try:
        con.execute(load_sql("touch_issuers.sql"))
    finally:
        con.unregister("staged_series_ids")
        con.unregister("staged_disclosure_ids")


def _insert(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    # Columnar: one Arrow table per batch; DuckDB casts strings to DATE/UUID/DECIMAL itself.
    staged = pa.Table.from_pylist(list(rows))
    columns = ", ".join(staged.column_names)
    con.register("staged_rows", staged)
    try:
        if table == "issuers":
            con.execute(f"INSERT OR IGNORE INTO {table} ({columns}) SELECT * FROM staged_rows")
        else:
            con.execute(f"INSERT INTO {table} ({columns}) SELECT * FROM staged_rows")
    finally:
        con.unregister("staged_rows")


def _insert_versions(con: duckdb.DuckDBPyConnection, rows: Sequence[dict[str, Any]]) -> None:
    staged = pa.Table.from_pylist(list(rows))
    con.register("staged_versions", staged)
    try:
        con.execute(load_sql("insert_versions.sql"))
        con.execute(
            "CREATE OR REPLACE TEMP TABLE touched_series AS "
            "SELECT DISTINCT CAST(series_id AS UUID) AS series_id FROM staged_versions"
        )
        con.execute(load_sql("refresh_series.sql"))
    finally:
        con.unregister("staged_versions")
