"""Restatement detection is a pure function of a series' values (domain.detection)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from uuid import UUID

import attrs
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain.detection import Vintage, detect_changes, extend, reconcile, tolerance


def vintage(n: int, day: int, value: str, decimals: int = -3) -> Vintage:
    return Vintage(UUID(int=n), date(2024, 1, 1) + timedelta(days=day), Decimal(value), decimals)


def test_detect__first_value_is_not_a_restatement() -> None:
    assert detect_changes([vintage(1, 0, "3667508000")]) == []


def test_detect__later_different_value_restates_the_earlier_one() -> None:
    (change,) = detect_changes([vintage(2, 400, "3521591000"), vintage(1, 0, "3667508000")])
    assert change.delta == Decimal("-145917000")
    assert change.previous.disclosure_id == UUID(int=1)


def test_detect__same_day_values_are_compared_with_the_day_before_and_each_other() -> None:
    changes = detect_changes(
        [vintage(1, 0, "100000"), vintage(2, 5, "120000"), vintage(3, 5, "130000")]
    )
    # 2 and 3 contradict each other on day 5: that is recorded too, never silent.
    assert {(c.previous.disclosure_id.int, c.new.disclosure_id.int) for c in changes} == {
        (1, 2),
        (1, 3),
        (2, 3),
    }


def test_tolerance__is_half_a_unit_of_the_coarser_figure() -> None:
    assert tolerance(-3, -5) == Decimal("5E+4")
    assert tolerance(2, 1) == Decimal("0.05")


values = st.lists(
    st.tuples(st.integers(0, 30), st.integers(0, 5), st.sampled_from([-3, -6])),
    min_size=1,
    max_size=8,
)


@given(values, st.randoms(use_true_random=False))
def test_detect__same_changes_for_every_order(items, rng) -> None:  # type: ignore[no-untyped-def]
    vintages = [vintage(i, day, str(v * 1_000_000), dec) for i, (day, v, dec) in enumerate(items)]
    shuffled = list(vintages)
    rng.shuffle(shuffled)
    assert detect_changes(vintages) == detect_changes(shuffled)


@given(values)
def test_extend__adds_what_reconcile_adds_after_each_new_value(items) -> None:  # type: ignore[no-untyped-def]
    # Values arrive in any order; after each, the shortcut for a value newer than all the
    # others must record what the whole reconciliation records.
    vintages = [vintage(i, day, str(v * 1_000_000), dec) for i, (day, v, dec) in enumerate(items)]
    recorded: set[tuple[UUID, UUID]] = set()
    for n in range(1, len(vintages) + 1):
        seen = vintages[:n]
        withdrawn, added = extend(recorded, seen)
        assert (withdrawn, added) == reconcile(recorded, seen)
        recorded -= set(withdrawn)
        recorded |= {c.key for c in added}


def test_detect__same_day_values_are_ordered_by_acceptance_time_before_id() -> None:
    # Two filings of one day: the one with the higher id was accepted first, so the other
    # changed its value (a value without an acceptance time comes before both).
    early = attrs.evolve(vintage(2, 5, "120000"), accepted_at=datetime(2024, 1, 6, 9, 5))
    late = attrs.evolve(vintage(1, 5, "130000"), accepted_at=datetime(2024, 1, 6, 16, 40))
    changes = detect_changes([vintage(3, 0, "100000"), late, early])
    assert {(c.previous.disclosure_id.int, c.new.disclosure_id.int) for c in changes} == {
        (3, 2),
        (3, 1),
        (2, 1),
    }
