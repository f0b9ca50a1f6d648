"""Events of the FactSeries aggregate: one series per (issuer, concept, period, dims, unit)."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate


class FactSeriesOpened(Aggregate.Created):
    """A line item was disclosed for the first time; the key never changes."""

    TOPIC = "ledger:FactSeriesOpened"
    class_version = 1

    issuer: str
    concept: str
    period_start: date | None
    period_end: date
    dimensions: dict[str, str]
    unit: str


class FactDisclosed(Aggregate.Event):
    """A disclosure stated a value for the series (one event per fact, with provenance).

    ``value`` is in ``unit`` (not in thousands); ``scale`` is the power of ten it was printed in
    and ``decimals`` its precision in the XBRL sense. ``published_on`` is copied from the
    disclosure because every as-at answer orders by it, never by recording time. ``page`` is
    the printed page of a PDF document (``line`` still counts the document's lines from the
    start), None for a text document (version 2; version 1 events had no page).
    ``accepted_at`` is the disclosure's acceptance time (EDGAR's), which orders values
    published the same day; None when the channel gives none (version 3; copied from the
    disclosure, like ``published_on``, so a series' own events order its values).
    """

    TOPIC = "ledger:FactDisclosed"
    class_version = 3

    disclosure_id: UUID
    published_on: date
    value: Decimal
    decimals: int
    scale: int
    document: str
    line: int
    page: int | None
    label: str
    raw: str
    statement: str
    also_on_lines: list[int]
    accepted_at: datetime | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        # Stores recorded before pages were kept hold text documents' facts only.
        state["page"] = None

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        # Values recorded before acceptance times were copied: their same-day order was the
        # disclosure id's, and stays so (the projection orders by the disclosure's own time).
        state["accepted_at"] = None


class FactRestated(Aggregate.Event):
    """A later-published disclosure gave the series a value that differs, beyond the precision
    of the two figures, from the value as known the day before it was published.

    Detection only: what kind of restatement it is and whether it is explained are derived by
    the domain's rules from everything the ledger knows (see domain.restatements), so they can
    improve when more documents arrive without rewriting history.
    """

    TOPIC = "ledger:FactRestated"
    class_version = 1

    previous_disclosure_id: UUID
    previous_published_on: date
    previous_value: Decimal
    new_disclosure_id: UUID
    new_published_on: date
    new_value: Decimal
    delta: Decimal


class FactRestatementWithdrawn(Aggregate.Event):
    """A recorded restatement no longer holds: a back-filled document published in between
    changed which disclosure restated which (the replacement is recorded alongside)."""

    TOPIC = "ledger:FactRestatementWithdrawn"
    class_version = 1

    previous_disclosure_id: UUID
    new_disclosure_id: UUID
