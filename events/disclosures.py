"""Events of the Disclosure aggregate: one aggregate per public document."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from eventsourcing.domain import Aggregate


class DisclosureRegistered(Aggregate.Created):
    """A document was recorded: who published it, what it is and when it became public.

    ``accepted_at`` is the moment the publisher's channel accepted it (EDGAR's acceptance time),
    when the source gives one: it orders the documents published on one day (version 2;
    version 1 had none).
    """

    TOPIC = "ledger:DisclosureRegistered"
    class_version = 2

    issuer: str
    kind: str
    title: str
    period_end: date
    published_on: date
    source_file: str
    sha256: str
    language: str
    currency: str
    scale: int
    fact_count: int
    accepted_at: datetime | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        state["accepted_at"] = None


class RestatementDeclared(Aggregate.Event):
    """The document says comparatives were (or will be) restated or re-presented."""

    TOPIC = "ledger:RestatementDeclared"
    class_version = 1

    kind: str
    standard: str
    periods: list[str]
    reason: str
    first_line: int
    last_line: int
    scope: str
    operation: str
    effective_from: date | None


class OperationDiscontinued(Aggregate.Event):
    """The document reports the disposal of an operation (IFRS 5)."""

    TOPIC = "ledger:OperationDiscontinued"
    class_version = 1

    operation: str
    agreement_on: date | None
    approved_on: date | None
    completed_on: date | None
    consideration: Decimal | None
    consideration_unit: str
    first_line: int
    last_line: int


class FactConflictRecorded(Aggregate.Event):
    """One document printed two values for one fact; which was kept and why."""

    TOPIC = "ledger:FactConflictRecorded"
    class_version = 1

    concept: str
    period: str
    dimensions: dict[str, str]
    kept_value: Decimal | None
    kept_line: int | None
    rejected_value: Decimal | None
    rejected_line: int
    rejected_label: str
    rejected_raw: str
    decided_by: str
    resolved: bool


class ArithmeticChecked(Aggregate.Event):
    """The arithmetic checks run on the document at extraction, with their results."""

    TOPIC = "ledger:ArithmeticChecked"
    class_version = 1

    checks: list[dict[str, object]]


class LinkbasesRecorded(Aggregate.Event):
    """What the filer's own linkbases say of its statements, as far as the ledger uses them.

    ``presentation``: the lines of each primary statement in the filing's order, each
    ``{"statement", "concept", "order", "depth"}`` (order from 1 per statement, depth from 0 at
    the statement's root). ``calculations``: each total's components,
    ``{"total", "component", "weight"}`` (the weight as a decimal string, "1" or "-1").
    """

    TOPIC = "ledger:LinkbasesRecorded"
    class_version = 1

    presentation: list[dict[str, object]]
    calculations: list[dict[str, str]]
