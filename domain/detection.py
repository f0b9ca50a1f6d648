"""Restatement detection: which later disclosures changed a series' value.

A pure function of the set of values a series has received, so the answer is the same whatever
order the documents were recorded in. A disclosure restates a series when its value differs,
beyond the precision of the two figures, from the value as known the day before it was published
(the latest value among disclosures published strictly earlier). Equal values re-disclosed are
reaffirmations.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

import attrs


@attrs.frozen
class Vintage:
    """One value of a series, as stated by one disclosure."""

    disclosure_id: UUID
    published_on: date
    value: Decimal
    decimals: int
    #: When the disclosure was accepted (EDGAR), if known: it orders same-day values.
    accepted_at: datetime | None = None

    @property
    def order(self) -> tuple[date, bool, datetime | None, UUID]:
        # Same-day disclosures are ordered by acceptance time (those without one first), as
        # the projection orders them, then by id: arbitrary, but the same in every replay.
        # (UUIDs order as their text does; comparing them skips formatting the text.)
        accepted = self.accepted_at
        return (self.published_on, accepted is not None, accepted, self.disclosure_id)


@attrs.frozen
class Change:
    """A restatement: ``new`` changed the value known from ``previous``."""

    previous: Vintage
    new: Vintage

    @property
    def delta(self) -> Decimal:
        return self.new.value - self.previous.value

    @property
    def key(self) -> tuple[UUID, UUID]:
        return (self.previous.disclosure_id, self.new.disclosure_id)


def tolerance(a: int, b: int) -> Decimal:
    """Half a unit in the last place of the less precise of two figures (XBRL decimals)."""
    return Decimal(5).scaleb(-min(a, b) - 1)


def differs(a: Vintage, b: Vintage) -> bool:
    """True when two values differ by more than their rounding can explain."""
    # Most values re-disclosed are equal: no tolerance to compute for them.
    return a.value != b.value and abs(a.value - b.value) > tolerance(a.decimals, b.decimals)


def detect_changes(vintages: Iterable[Vintage]) -> list[Change]:
    """Every restatement in a series, in publication order.

    Disclosures published on the same day that give different values contradict each other:
    which one is current is then a guess (they are ordered by acceptance time where the channel
    gives one, by id otherwise), so each is also recorded as
    a change of the one before it that day, never left silent. Nothing can explain such a
    change, so it is flagged for the auditor like any unexplained restatement.
    """
    ordered = sorted(vintages, key=lambda v: v.order)
    changes: list[Change] = []
    day_start = 0
    for i, vintage in enumerate(ordered):
        if i and vintage.published_on != ordered[i - 1].published_on:
            day_start = i
        # The value as known the day before: the last one published on an earlier day.
        baseline = ordered[day_start - 1] if day_start else None
        if baseline is not None and differs(baseline, vintage):
            changes.append(Change(previous=baseline, new=vintage))
        same_day = ordered[i - 1] if i > day_start else None
        if same_day is not None and differs(same_day, vintage):
            changes.append(Change(previous=same_day, new=vintage))
    return changes


def reconcile(
    recorded: Collection[tuple[UUID, UUID]], vintages: Sequence[Vintage]
) -> tuple[list[tuple[UUID, UUID]], list[Change]]:
    """What a series must record so its restatements match its values again.

    Recording only the difference keeps the events minimal, and the final set the same for
    every ingestion order.

    Args:
        recorded: the keys (previous, new disclosure) of the restatements recorded so far.
        vintages: every value the series has received.

    Returns:
        The keys of recorded restatements that no longer hold (to withdraw, in a stable order),
        and the restatements not recorded yet (in publication order).
    """
    if len(vintages) < 2 and not recorded:  # a single value restates nothing
        return [], []
    wanted = {c.key: c for c in detect_changes(vintages)}
    withdrawn = sorted(set(recorded) - set(wanted), key=str)
    return withdrawn, [c for key, c in wanted.items() if key not in recorded]


def extend(
    recorded: Collection[tuple[UUID, UUID]], vintages: Sequence[Vintage]
) -> tuple[list[tuple[UUID, UUID]], list[Change]]:
    """``reconcile`` after ``vintages[-1]`` was added to a series whose ``recorded``
    restatements matched its other values (as every series' do after each disclosure).

    A value published after every other one changes nothing recorded before: it restates the
    value known the day before it or it does not. That case, the usual one when documents are
    recorded in publication order, is answered without sorting and comparing the whole
    history; any other goes through ``reconcile``.
    """
    if len(vintages) < 2:
        return reconcile(recorded, vintages)
    new = vintages[-1]
    day = new.published_on
    baseline = vintages[0]
    for v in vintages[:-1]:
        if v.published_on >= day:
            return reconcile(recorded, vintages)
        if v.order > baseline.order:
            baseline = v
    return [], [Change(previous=baseline, new=new)] if differs(baseline, new) else []
