"""Rows of the projection from decoded domain events, one event at a time.

This is the straightforward decoder: every stored event goes through ``app.mapper`` (upcasters,
compression, cipher) and one Python handler per event class. The bulk path
(``projections.bulk``) decodes the frequent event types in DuckDB instead and hands this module
every notification it does not fast-path, so both paths share the same handlers; the replay's
``reference`` mode uses it for everything, and the equivalence test compares the two.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import duckdb
import pyarrow as pa

from ledger.domain.drafts import MAX_LINE
from ledger.domain.values import Dimensions, Period

from .errors import execute
from .sql import load_named, load_sql
from .staging import staged

#: (series id, previous disclosure id, new disclosure id) of a detected restatement.
DetectedKey = tuple[str, str, str]


def _iso(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def _dec(value: Any) -> str | None:
    return None if value is None else str(value)


#: The event types the projection reads, and the EventRows method of each. Events of other types
#: (the chain's seals, for one) change no table, so replays never read or decode them.
HANDLERS: dict[str, str] = {
    "ledger:IssuerRegistered": "_issuer",
    "ledger:IssuerAliasAdded": "_issuer_aliases",
    "ledger:DisclosureRegistered": "_disclosure",
    "ledger:RestatementDeclared": "_restatement_declared",
    "ledger:OperationDiscontinued": "_discontinued",
    "ledger:FactConflictRecorded": "_conflict",
    "ledger:ArithmeticChecked": "_checks",
    "ledger:LinkbasesRecorded": "_linkbases",
    "ledger:FactSeriesOpened": "_series",
    "ledger:FactDisclosed": "_fact",
    "ledger:FactRestated": "_restated",
    "ledger:FactRestatementWithdrawn": "_withdrawn",
}


class EventRows:
    """Rows collected from decoded events, one handler per event class, for bulk inserts."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
        # (series, previous, new) -> still detected? The last event of a key wins.
        self.detected: dict[DetectedKey, bool] = {}
        # The notification id of the event that set each key (bulk replay merges by it).
        self.detected_at: dict[DetectedKey, int] = {}
        self._notification_id = 0
        self.touched_series: set[str] = set()
        self.touched_disclosures: set[str] = set()
        self._dispatch: dict[str, Callable[[Any], None]] = {
            topic: getattr(self, name) for topic, name in HANDLERS.items()
        }

    def add(self, event: Any, notification_id: int = 0) -> None:
        """Collect the rows of one decoded event (``notification_id``: where it was stored)."""
        self._notification_id = notification_id
        handler = self._dispatch.get(type(event).TOPIC)
        if handler is not None:
            handler(event)

    def _restated(self, e: Any) -> None:
        key = (str(e.originator_id), str(e.previous_disclosure_id), str(e.new_disclosure_id))
        self.detected[key] = True
        self.detected_at[key] = self._notification_id
        self.touched_series.add(key[0])

    def _withdrawn(self, e: Any) -> None:
        key = (str(e.originator_id), str(e.previous_disclosure_id), str(e.new_disclosure_id))
        self.detected[key] = False
        self.detected_at[key] = self._notification_id
        self.touched_series.add(key[0])

    def _issuer(self, e: Any) -> None:
        self.rows["issuers"].append(
            {"issuer": e.issuer_id, "name": e.name, "aliases": list(e.aliases)}
        )

    def _issuer_aliases(self, e: Any) -> None:
        self.rows["issuer_aliases"].append({"issuer": e.issuer_id, "aliases": list(e.aliases)})

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
                "accepted_at": e.accepted_at,
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

    def _linkbases(self, e: Any) -> None:
        # The restatements of this filing are judged again with its calculations.
        disclosure = str(e.originator_id)
        self.touched_disclosures.add(disclosure)
        for line in e.presentation:
            self.rows["presentations"].append(
                {
                    "disclosure_id": disclosure,
                    "statement": str(line["statement"]),
                    "concept": str(line["concept"]),
                    "position": int(line["order"]),
                    "depth": int(line["depth"]),
                }
            )
        for arc in e.calculations:
            self.rows["calculations"].append(
                {
                    "disclosure_id": disclosure,
                    "total": arc["total"],
                    "component": arc["component"],
                    "weight": arc["weight"],
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
                    # Ingest refuses other line numbers since checks' lines are validated;
                    # a store recorded before may hold any integer, which the INTEGER[]
                    # column could not take (and every replay would fail on it).
                    "lines": [x for x in lines if isinstance(x, int) and 1 <= x <= MAX_LINE],
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
                "scale": e.scale,
                "decimals": e.decimals,
                "published_on": _iso(e.published_on),
                "disclosure_id": str(e.disclosure_id),
                "document": e.document,
                "line": e.line,
                "page": e.page,
                "label": e.label,
                "raw": e.raw,
                "statement": e.statement,
                "also_on_lines": list(e.also_on_lines),
            }
        )

    def write(self, con: duckdb.DuckDBPyConnection) -> None:
        """Insert the collected rows (derived tables are refreshed by the caller)."""
        self.write_tables(con)
        self.write_versions(con)
        apply_detected(con, self.detected)

    def write_tables(self, con: duckdb.DuckDBPyConnection) -> None:
        """Insert everything but the fact values and detected restatements."""
        for table in (
            "issuers",
            "disclosures",
            "declared_restatements",
            "discontinued_operations",
            "conflicts",
            "checks",
            "presentations",
            "calculations",
            "series",
        ):
            rows = self.rows.get(table)
            if rows:
                insert_rows(con, table, rows)
        # After the issuers of the batch, which the aliases may belong to; in event order.
        for row in self.rows.get("issuer_aliases", ()):
            con.execute(load_named("issuers.sql")["add_aliases"], row)

    def write_versions(self, con: duckdb.DuckDBPyConnection) -> None:
        """Insert the fact values (``fact_versions`` shows them with their series)."""
        staged = self.rows.get("staged_versions")
        if staged:
            _insert_versions(con, staged)

    @property
    def version_series(self) -> set[str]:
        """Series that received a value in this batch (their current value may change)."""
        return {row["series_id"] for row in self.rows.get("staged_versions", ())}


def apply_detected(con: duckdb.DuckDBPyConnection, detected: dict[DetectedKey, bool]) -> None:
    """Apply FactRestated (True) / FactRestatementWithdrawn (False), the last event per key."""
    if not detected:
        return
    rows = [
        {"series_id": s, "previous_disclosure_id": p, "new_disclosure_id": n, "keep": keep}
        for (s, p, n), keep in detected.items()
    ]
    with staged(con, staged_detected=pa.Table.from_pylist(rows)):
        con.execute(load_sql("apply_detected.sql"))


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Insert dict rows into ``table`` through one Arrow table."""
    # Columnar: one Arrow table per batch; DuckDB casts strings to DATE/UUID/DECIMAL itself.
    arrow = pa.Table.from_pylist(list(rows))
    columns = ", ".join(arrow.column_names)
    with staged(con, staged_rows=arrow):
        if table == "issuers":
            con.execute(f"INSERT OR IGNORE INTO {table} ({columns}) SELECT * FROM staged_rows")
        else:
            con.execute(f"INSERT INTO {table} ({columns}) SELECT * FROM staged_rows")


def _insert_versions(con: duckdb.DuckDBPyConnection, rows: Sequence[dict[str, Any]]) -> None:
    with staged(con, staged_versions=pa.Table.from_pylist(list(rows))):
        execute(con, load_sql("insert_versions.sql"))
