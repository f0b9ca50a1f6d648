"""The straightforward projection, for comparison: one event at a time through eventsourcing's
``Projection.process_event``, one row insert (and one tracking update) per event, each in its
own DuckDB transaction, as the library's projection examples do.

It fills only the base tables (issuers, disclosures, series, fact_versions) and not the derived
ones (facts_current, restatements): its rate is an upper bound for that approach.
"""

from __future__ import annotations

from typing import Any

import duckdb
from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking, TrackingRecorder
from eventsourcing.projection import Projection

from ledger.domain.values import Dimensions, Period
from ledger.events import (
    DisclosureRegistered,
    FactDisclosed,
    FactSeriesOpened,
    IssuerRegistered,
)

POSITION = "INSERT OR REPLACE INTO ledger_position VALUES (?, ?)"


class DuckDBView(TrackingRecorder):
    """A materialised view in DuckDB whose tracking is the projection's position row."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def insert_tracking(self, tracking: Tracking) -> None:
        self.con.execute(POSITION, [tracking.application_name, tracking.notification_id])

    def max_tracking_id(self, application_name: str) -> int | None:
        row = self.con.execute(
            "SELECT notification_id FROM ledger_position WHERE projection = ?",
            [application_name],
        ).fetchone()
        return None if row is None else int(row[0])

    def write(self, sql: str, params: list[Any], tracking: Tracking) -> None:
        """One row and the tracking in one transaction."""
        self.con.execute("BEGIN TRANSACTION")
        self.con.execute(sql, params)
        self.insert_tracking(tracking)
        self.con.execute("COMMIT")


class StraightforwardProjection(Projection[DuckDBView]):
    """One handler per event class, one INSERT per event."""

    name = "ledger"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.con.execute("BEGIN TRANSACTION")
        self.view.insert_tracking(tracking)
        self.view.con.execute("COMMIT")

    @process_event.register
    def _(self, e: IssuerRegistered, tracking: Tracking) -> None:
        self.view.write(
            "INSERT OR IGNORE INTO issuers VALUES (?, ?, ?)",
            [e.issuer_id, e.name, list(e.aliases)],
            tracking,
        )

    @process_event.register
    def _(self, e: DisclosureRegistered, tracking: Tracking) -> None:
        self.view.write(
            "INSERT INTO disclosures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                str(e.originator_id),
                e.issuer,
                e.kind,
                e.title,
                e.period_end,
                e.published_on,
                e.source_file,
                e.sha256,
                e.language,
                e.currency,
                e.scale,
                e.fact_count,
                e.accepted_at,
            ],
            tracking,
        )

    @process_event.register
    def _(self, e: FactSeriesOpened, tracking: Tracking) -> None:
        period = Period(start=e.period_start, end=e.period_end)
        self.view.write(
            "INSERT INTO series VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                str(e.originator_id),
                e.issuer,
                e.concept,
                period.label,
                e.period_start,
                e.period_end,
                Dimensions(e.dimensions).key,
                e.unit,
            ],
            tracking,
        )

    @process_event.register
    def _(self, e: FactDisclosed, tracking: Tracking) -> None:
        self.view.write(
            "INSERT INTO fact_values SELECT ?, issuer, CAST(? AS DECIMAL(38, 10)), "
            "?, ?, ?, disclosure_id, ?, ?, ?, ?, ?, ?, accepted_at, ? "
            "FROM disclosures WHERE disclosure_id = ?",
            [
                str(e.originator_id),
                str(e.value),
                e.scale,
                e.decimals,
                e.published_on,
                e.document,
                e.line,
                e.label,
                e.raw,
                e.statement,
                list(e.also_on_lines),
                e.page,
                str(e.disclosure_id),
            ],
            tracking,
        )
