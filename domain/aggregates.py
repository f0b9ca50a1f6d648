"""The ledger's aggregates: Issuer, Disclosure and FactSeries.

State changes only through the ``@event`` methods (whose bodies re-run on every replay, so they
only assign state); the public commands validate first, then trigger.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger import events as ev

from .detection import Change, Vintage, reconcile
from .drafts import (
    Conflict,
    DisclosureDraft,
    DisclosureMeta,
    Discontinuation,
    Restatement,
    disclosure_id,
    issuer_aggregate_id,
    series_id,
)
from .issuers import IssuerInfo
from .values import Dimensions, Fact, Period, SeriesKey


class Issuer(Aggregate):
    """A listed company, registered by ``ledger issuers add``, a manifest's ``[[issuer]]``
    table, or with the first of its documents that is recorded."""

    TOPIC = "ledger:Issuer"
    IssuerRegistered = ev.IssuerRegistered
    IssuerAliasAdded = ev.IssuerAliasAdded

    class Created(Aggregate.Created):
        TOPIC = "ledger:Issuer.Created"

    class Event(Aggregate.Event):
        TOPIC = "ledger:Issuer.Event"

    @staticmethod
    def create_id(issuer_id: str) -> UUID:  # type: ignore[override]
        return issuer_aggregate_id(issuer_id)

    @event(IssuerRegistered)
    def __init__(self, issuer_id: str, name: str, aliases: list[str], fiscal_year_end: str) -> None:
        self.issuer_id = issuer_id
        self.name = name
        self.aliases = aliases
        self.fiscal_year_end = fiscal_year_end

    @classmethod
    def register(cls, info: IssuerInfo) -> Issuer:
        return cls(
            issuer_id=info.id,
            name=info.name,
            aliases=list(info.aliases),
            fiscal_year_end=info.fiscal_year_end,
        )

    def add_aliases(self, aliases: list[str]) -> None:
        """Record more names of the issuer; the caller has checked that no other issuer has
        them (``IssuerDirectory.with_issuer``)."""
        new = [a for a in aliases if a not in self.aliases]
        if new:
            self._add_aliases(issuer_id=self.issuer_id, aliases=new)

    @event(IssuerAliasAdded)
    def _add_aliases(self, issuer_id: str, aliases: list[str]) -> None:
        self.aliases = [*self.aliases, *aliases]

    @property
    def info(self) -> IssuerInfo:
        """The issuer as a value."""
        return IssuerInfo(
            id=self.issuer_id,
            name=self.name,
            aliases=tuple(self.aliases),
            fiscal_year_end=self.fiscal_year_end,
        )


class Disclosure(Aggregate):
    """One public document: its metadata and what it declares about restatements."""

    TOPIC = "ledger:Disclosure"
    DisclosureRegistered = ev.DisclosureRegistered
    RestatementDeclared = ev.RestatementDeclared
    OperationDiscontinued = ev.OperationDiscontinued
    FactConflictRecorded = ev.FactConflictRecorded
    ArithmeticChecked = ev.ArithmeticChecked
    LinkbasesRecorded = ev.LinkbasesRecorded

    class Created(Aggregate.Created):
        TOPIC = "ledger:Disclosure.Created"

    class Event(Aggregate.Event):
        TOPIC = "ledger:Disclosure.Event"

    @staticmethod
    def create_id(issuer: str, sha256: str) -> UUID:  # type: ignore[override]
        return disclosure_id(issuer, sha256)

    @event(DisclosureRegistered)
    def __init__(
        self,
        issuer: str,
        kind: str,
        title: str,
        period_end: date,
        published_on: date,
        source_file: str,
        sha256: str,
        language: str,
        currency: str,
        scale: int,
        fact_count: int,
        accepted_at: datetime | None = None,
    ) -> None:
        self.issuer = issuer
        self.kind = kind
        self.title = title
        self.period_end = period_end
        self.published_on = published_on
        self.source_file = source_file
        self.sha256 = sha256
        self.language = language
        self.currency = currency
        self.scale = scale
        self.fact_count = fact_count
        self.accepted_at = accepted_at
        self.restatements: list[dict[str, Any]] = []
        self.discontinuations: list[dict[str, Any]] = []
        self.conflict_count = 0

    @classmethod
    def register(cls, meta: DisclosureMeta, fact_count: int) -> Disclosure:
        return cls(
            issuer=meta.issuer,
            kind=meta.kind,
            title=meta.title,
            period_end=meta.period_end,
            published_on=meta.published_on,
            source_file=meta.source_file,
            sha256=meta.sha256,
            language=meta.language,
            currency=meta.currency,
            scale=meta.scale,
            fact_count=fact_count,
            accepted_at=meta.accepted_at,
        )

    @classmethod
    def record(cls, draft: DisclosureDraft) -> Disclosure:
        """The disclosure of ``draft`` with everything it declares (restatements,
        discontinuations, conflicts, arithmetic checks)."""
        disclosure = cls.register(draft.meta, fact_count=len(draft.facts))
        for restatement in draft.restatements:
            disclosure.declare_restatement(restatement)
        for discontinuation in draft.discontinuations:
            disclosure.report_discontinuation(discontinuation)
        for conflict in draft.conflicts:
            disclosure.record_conflict(conflict)
        if draft.checks:
            disclosure.record_checks(checks=[dict(c) for c in draft.checks])
        if draft.presentation or draft.calculations:
            disclosure.record_linkbases(
                presentation=[
                    {
                        "statement": p.statement,
                        "concept": p.concept,
                        "order": p.order,
                        "depth": p.depth,
                    }
                    for p in draft.presentation
                ],
                calculations=[
                    {"total": c.total, "component": c.component, "weight": str(c.weight)}
                    for c in draft.calculations
                ],
            )
        return disclosure

    def declare_restatement(self, r: Restatement) -> None:
        self._declare_restatement(
            kind=r.kind,
            standard=r.standard,
            periods=list(r.periods),
            reason=r.reason,
            first_line=r.first_line,
            last_line=r.last_line,
            scope=r.scope,
            operation=r.operation,
            effective_from=r.effective_from,
        )

    @event(RestatementDeclared)
    def _declare_restatement(
        self,
        kind: str,
        standard: str,
        periods: list[str],
        reason: str,
        first_line: int,
        last_line: int,
        scope: str,
        operation: str,
        effective_from: date | None,
    ) -> None:
        self.restatements.append({"kind": kind, "standard": standard, "periods": periods})

    def report_discontinuation(self, d: Discontinuation) -> None:
        self._report_discontinuation(
            operation=d.operation,
            agreement_on=d.agreement_on,
            approved_on=d.approved_on,
            completed_on=d.completed_on,
            consideration=d.consideration,
            consideration_unit=d.consideration_unit,
            first_line=d.first_line,
            last_line=d.last_line,
        )

    @event(OperationDiscontinued)
    def _report_discontinuation(
        self,
        operation: str,
        agreement_on: date | None,
        approved_on: date | None,
        completed_on: date | None,
        consideration: Decimal | None,
        consideration_unit: str,
        first_line: int,
        last_line: int,
    ) -> None:
        self.discontinuations.append({"operation": operation, "completed_on": completed_on})

    def record_conflict(self, c: Conflict) -> None:
        self._record_conflict(
            concept=c.concept,
            period=c.period.label,
            dimensions=c.dimensions.as_dict(),
            kept_value=c.kept_value,
            kept_line=c.kept_line,
            rejected_value=c.rejected_value,
            rejected_line=c.rejected_line,
            rejected_label=c.rejected_label,
            rejected_raw=c.rejected_raw,
            decided_by=c.decided_by,
            resolved=c.resolved,
        )

    @event(FactConflictRecorded)
    def _record_conflict(
        self,
        concept: str,
        period: str,
        dimensions: dict[str, str],
        kept_value: Decimal | None,
        kept_line: int | None,
        rejected_value: Decimal | None,
        rejected_line: int,
        rejected_label: str,
        rejected_raw: str,
        decided_by: str,
        resolved: bool,
    ) -> None:
        self.conflict_count += 1

    @event(ArithmeticChecked)
    def record_checks(self, checks: list[dict[str, object]]) -> None:
        self.check_count = len(checks)

    @event(LinkbasesRecorded)
    def record_linkbases(
        self, presentation: list[dict[str, object]], calculations: list[dict[str, str]]
    ) -> None:
        self.presented_lines = len(presentation)


class FactSeries(Aggregate):
    """Every value ever disclosed for one (issuer, concept, period, dimensions, unit)."""

    TOPIC = "ledger:FactSeries"
    FactSeriesOpened = ev.FactSeriesOpened
    FactDisclosed = ev.FactDisclosed
    FactRestated = ev.FactRestated
    FactRestatementWithdrawn = ev.FactRestatementWithdrawn

    class Created(Aggregate.Created):
        TOPIC = "ledger:FactSeries.Created"

    class Event(Aggregate.Event):
        TOPIC = "ledger:FactSeries.Event"

    @staticmethod
    def create_id(  # type: ignore[override]
        issuer: str,
        concept: str,
        period_start: date | None,
        period_end: date,
        dimensions: dict[str, str],
        unit: str,
    ) -> UUID:
        key = SeriesKey(
            issuer,
            concept,
            Period(start=period_start, end=period_end),
            Dimensions(dimensions),
            unit,
        )
        return series_id(key)

    @event(FactSeriesOpened)
    def __init__(
        self,
        issuer: str,
        concept: str,
        period_start: date | None,
        period_end: date,
        dimensions: dict[str, str],
        unit: str,
    ) -> None:
        self.issuer = issuer
        self.concept = concept
        self.period_start = period_start
        self.period_end = period_end
        self.dimensions = dimensions
        self.unit = unit
        self.versions: list[Vintage] = []
        self.restatements: dict[tuple[UUID, UUID], Change] = {}

    @classmethod
    def open(cls, key: SeriesKey) -> FactSeries:
        return cls(
            issuer=key.issuer,
            concept=key.concept,
            period_start=key.period.start,
            period_end=key.period.end,
            dimensions=key.dimensions.as_dict(),
            unit=key.unit,
        )

    def has_value_from(self, disclosure: UUID) -> bool:
        return any(v.disclosure_id == disclosure for v in self.versions)

    def disclose(self, fact: Fact, meta: DisclosureMeta) -> None:
        """Record the value ``fact`` states (once per disclosure), then bring the recorded
        restatements in line with what the values now show."""
        if self.has_value_from(meta.id):
            return
        self._disclose(
            disclosure_id=meta.id,
            published_on=meta.published_on,
            value=fact.value,
            decimals=fact.decimals,
            scale=fact.scale,
            document=fact.source.document,
            line=fact.source.line,
            page=fact.source.page,
            label=fact.source.label,
            raw=fact.source.raw,
            statement=fact.statement,
            also_on_lines=list(fact.also_on_lines),
            accepted_at=meta.accepted_at,
        )
        self._reconcile_restatements()

    def _reconcile_restatements(self) -> None:
        # Detection is a pure function of the values (see detection.reconcile).
        withdrawn, added = reconcile(self.restatements, self.versions)
        for key in withdrawn:
            self._withdraw_restatement(previous_disclosure_id=key[0], new_disclosure_id=key[1])
        for change in added:
            self._restate(
                previous_disclosure_id=change.previous.disclosure_id,
                previous_published_on=change.previous.published_on,
                previous_value=change.previous.value,
                new_disclosure_id=change.new.disclosure_id,
                new_published_on=change.new.published_on,
                new_value=change.new.value,
                delta=change.delta,
            )

    @event(FactRestated)
    def _restate(
        self,
        previous_disclosure_id: UUID,
        previous_published_on: date,
        previous_value: Decimal,
        new_disclosure_id: UUID,
        new_published_on: date,
        new_value: Decimal,
        delta: Decimal,
    ) -> None:
        previous = self._vintage(previous_disclosure_id)
        new = self._vintage(new_disclosure_id)
        self.restatements[(previous_disclosure_id, new_disclosure_id)] = Change(previous, new)

    @event(FactRestatementWithdrawn)
    def _withdraw_restatement(self, previous_disclosure_id: UUID, new_disclosure_id: UUID) -> None:
        self.restatements.pop((previous_disclosure_id, new_disclosure_id), None)

    def _vintage(self, disclosure: UUID) -> Vintage:
        return next(v for v in self.versions if v.disclosure_id == disclosure)

    @event(FactDisclosed)
    def _disclose(
        self,
        disclosure_id: UUID,
        published_on: date,
        value: Decimal,
        decimals: int,
        scale: int,
        document: str,
        line: int,
        page: int | None,
        label: str,
        raw: str,
        statement: str,
        also_on_lines: list[int],
        accepted_at: datetime | None,
    ) -> None:
        self.versions.append(Vintage(disclosure_id, published_on, value, decimals, accepted_at))
